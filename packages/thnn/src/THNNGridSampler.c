/* Grid sampling (F.grid_sample): PyTorch's argument checks, then the kernels of
 * generic/THNNGridSampler.c on contiguous copies. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define THNN_GRID_GRAIN 16384
#define THNN_GRID_MAX_TAPS 16 /* bicubic: 4 x 4 */
#define THNN_GRID_FAR 1e9     /* pixels: a bicubic position this far out reads only the padding */

typedef struct GridGeom {
  int nd; /* spatial dims: 2 or 3 */
  int64_t N, C;
  int64_t in[3]; /* input spatial sizes, outermost first (H, W or D, H, W) */
  int64_t inSpatial, outSpatial;
  THNNGridSamplerInterpolation mode;
  THNNGridSamplerPadding padding;
  int align;
} GridGeom;

#define THNN_GENERIC_FILE "generic/THNNGridSampler.c"
#include "THNNGenerateFloatTypes.h"

/* PyTorch's check_grid_sampler_common / _2d / _3d, and the geometry. */
static int check(const char *op, const THTensor *input, const THTensor *grid, THNNGridSamplerInterpolation mode,
                 THNNGridSamplerPadding padding, int alignCorners, GridGeom *g) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  if ((int)mode < 0 || mode >= THNN_NumGridSamplerInterpolations)
    return THError("%s: invalid interpolation mode %d (0: bilinear, 1: nearest, 2: bicubic)", op, (int)mode);
  if ((int)padding < 0 || padding >= THNN_NumGridSamplerPaddings)
    return THError("%s: invalid padding mode %d (0: zeros, 1: border, 2: reflection)", op, (int)padding);
  if (THNN_checkFloating(op, "input", input) || THNN_checkFloating(op, "grid", grid)) return TH_ERR;
  if (THTensor_dtype(input) != THTensor_dtype(grid))
    return THError("%s: expected input and grid to have same dtype, but input has %s and grid has %s", op,
                   THDType_name(THTensor_dtype(input)), THDType_name(THTensor_dtype(grid)));
  const int ndim = THTensor_ndim(input);
  if ((ndim != 4 && ndim != 5) || THTensor_ndim(grid) != ndim)
    return THError("%s: expected 4D or 5D input and grid with same number of dimensions, but got input with sizes %s "
                   "and grid with sizes %s", op, THNN_shapeStr(a, sizeof a, input), THNN_shapeStr(b, sizeof b, grid));
  if (THTensor_size(input, 0) != THTensor_size(grid, 0))
    return THError("%s: expected grid and input to have same batch size, but got input with sizes %s and grid with "
                   "sizes %s", op, THNN_shapeStr(a, sizeof a, input), THNN_shapeStr(b, sizeof b, grid));
  if (THTensor_size(grid, ndim - 1) != ndim - 2)
    return THError("%s: expected grid to have size %d in last dimension, but got grid with sizes %s", op, ndim - 2,
                   THNN_shapeStr(b, sizeof b, grid));
  for (int d = 2; d < ndim; d++)
    if (THTensor_size(input, d) <= 0)
      return THError("%s: expected input to have non-empty spatial dimensions, but input has sizes %s with dimension "
                     "%d being empty", op, THNN_shapeStr(a, sizeof a, input), d);
  if (ndim == 5 && mode == THNN_GridSamplerBicubic) return THError("%s: bicubic interpolation only supports 4D input", op);
  g->nd = ndim - 2, g->N = THTensor_size(input, 0), g->C = THTensor_size(input, 1);
  g->inSpatial = 1, g->outSpatial = 1;
  for (int d = 0; d < g->nd; d++) {
    g->in[d] = THTensor_size(input, 2 + d), g->inSpatial *= g->in[d];
    g->outSpatial *= THTensor_size(grid, 1 + d);
  }
  g->mode = mode, g->padding = padding, g->align = alignCorners != 0;
  return TH_OK;
}

int THNN_GridSampler_updateOutput(const THTensor *input, const THTensor *grid, THTensor *output,
                                  THNNGridSamplerInterpolation mode, THNNGridSamplerPadding padding, int alignCorners) {
  const char *op = "gridSampler";
  if (!input || !grid || !output) return THError("%s: a tensor argument is NULL", op);
  GridGeom g;
  if (check(op, input, grid, mode, padding, alignCorners, &g) ||
      THNN_checkSameDType(op, "output", output, "input", input))
    return TH_ERR;
  int64_t outSizes[5] = {g.N, g.C};
  for (int d = 0; d < g.nd; d++) outSizes[2 + d] = THTensor_size(grid, 1 + d);
  THTensor *x = THTensor_newContiguous(input), *gr = x ? THTensor_newContiguous(grid) : NULL, *tmp = NULL;
  THTensor *y = gr ? THNN_resultTarget(output, g.nd + 2, outSizes, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    if (g.N * g.C * g.outSpatial > 0) {
      if (THTensor_dtype(input) == TH_Float32)
        gridSampleForward_Float(&g, THTensor_data(x), THTensor_data(gr), THTensor_data(y));
      else
        gridSampleForward_Double(&g, THTensor_data(x), THTensor_data(gr), THTensor_data(y));
    }
    status = THNN_resultFinish(output, tmp);
  }
  if (x) THTensor_free(x);
  if (gr) THTensor_free(gr);
  return status;
}

int THNN_GridSampler_updateGradInput(const THTensor *input, const THTensor *grid, const THTensor *gradOutput,
                                     THTensor *gradInput, THTensor *gradGrid, THNNGridSamplerInterpolation mode,
                                     THNNGridSamplerPadding padding, int alignCorners) {
  const char *op = "gridSamplerBackward";
  if (!input || !grid || !gradOutput || !gradGrid) return THError("%s: a tensor argument is NULL", op);
  GridGeom g;
  if (check(op, input, grid, mode, padding, alignCorners, &g) ||
      THNN_checkSameDType(op, "gradOutput", gradOutput, "input", input) ||
      THNN_checkSameDType(op, "gradGrid", gradGrid, "input", input) ||
      (gradInput && THNN_checkSameDType(op, "gradInput", gradInput, "input", input)))
    return TH_ERR;
  int64_t outSizes[5] = {g.N, g.C};
  for (int d = 0; d < g.nd; d++) outSizes[2 + d] = THTensor_size(grid, 1 + d);
  int same = THTensor_ndim(gradOutput) == g.nd + 2;
  for (int k = 0; same && k < g.nd + 2; k++) same = THTensor_size(gradOutput, k) == outSizes[k];
  if (!same) {
    char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
    return THError("%s: expected gradOutput to have sizes %s (the output's), but got %s", op,
                   THShapeStr(a, sizeof a, g.nd + 2, outSizes), THNN_shapeStr(b, sizeof b, gradOutput));
  }
  THTensor *x = THTensor_newContiguous(input), *gr = x ? THTensor_newContiguous(grid) : NULL;
  THTensor *go = gr ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *giTmp = NULL, *ggTmp = NULL, *gi = NULL, *gg = NULL;
  int status = TH_ERR;
  if (go && (!gradInput || (gi = THNN_resultTarget(gradInput, g.nd + 2, THTensor_sizes(input), &giTmp))) &&
      (gg = THNN_resultTarget(gradGrid, g.nd + 2, THTensor_sizes(grid), &ggTmp)) && (!gi || THTensor_zero(gi) == TH_OK)) {
    if (THTensor_numel(grid) > 0 || (gi && THTensor_numel(gi) > 0)) {
      if (THTensor_dtype(input) == TH_Float32)
        gridSampleBackward_Float(&g, THTensor_data(x), THTensor_data(gr), THTensor_data(go), gi ? THTensor_data(gi) : NULL,
                                 THTensor_data(gg));
      else
        gridSampleBackward_Double(&g, THTensor_data(x), THTensor_data(gr), THTensor_data(go), gi ? THTensor_data(gi) : NULL,
                                  THTensor_data(gg));
    }
    status = gi ? THNN_resultFinish(gradInput, giTmp) : TH_OK;
    giTmp = NULL;
    if (status == TH_OK) status = THNN_resultFinish(gradGrid, ggTmp);
    else THTensor_free(ggTmp);
    ggTmp = NULL;
  }
  if (giTmp) THTensor_free(giTmp);
  if (ggTmp) THTensor_free(ggTmp);
  if (x) THTensor_free(x);
  if (gr) THTensor_free(gr);
  if (go) THTensor_free(go);
  return status;
}
