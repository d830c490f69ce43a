/* Convolutions and transposed convolutions (THNNConvolution.h).
 *
 * Both are built from three products between an "image" X and "vectors" Y, with the weight W seen
 * as [cY, (cX / groups) * kernel volume] and columns(X) the im2col matrices of THNNColumns.h:
 *   imageToVector   Y[n] (+)= W @ columns(X[n])          per group
 *   vectorToImage   X[n] (+)= col2im(W^T @ Y[n])         per group (the adjoint)
 *   accWeight       dW += scale * Y[n] @ columns(X[n])^T  summed over n, per group
 * A convolution has X = input, Y = output: its forward is imageToVector, its gradInput
 * vectorToImage, its gradWeight accWeight. A transposed convolution swaps the roles (X = output,
 * Y = input): forward vectorToImage, gradInput imageToVector, gradWeight accWeight(gradOutput,
 * input). Each product has three paths: depthwise (direct kernels), identity columns (1x1 kernel,
 * stride 1, no padding: columns(X) is X itself) and im2col + GEMM, where the GEMMs are libTH's
 * batched matrix products on views of the tensors, several samples per call. */
#include <stdio.h>
#include <string.h>

#include "THNNColumns.h"
#include "THNNConvolutionDepthwise.h"

/* elements below which one thread fills or sums the bias. Only the depthwise path splits any work
 * over OpenMP threads: the others call the BLAS, whose own threads would compete with OpenMP
 * workers still spinning after a parallel region (measured: 4-10x slower GEMMs on 2 cores). */
#define THNN_CONV_GRAIN 65536
/* im2col elements per chunk of samples: samples whose columns are small share one batched GEMM
 * call (and one parallel im2col), up to this many elements of the column buffer */
#define THNN_CONV_COLUMNS_BUDGET ((int64_t)1 << 21)

#define scalar_t float
#define SUF Float
#include "generic/THNNConvolution.c"
#undef scalar_t
#undef SUF

#define scalar_t double
#define SUF Double
#include "generic/THNNConvolution.c"
#undef scalar_t
#undef SUF

/* ---- the checked geometry of one call ---- */

typedef struct Conv {
  char op[40]; /* "conv2d", "convTranspose3dBackward", ... */
  int nDims, transposed;
  THDType dtype;
  int64_t batch, groups, inC, outC;
  int outNdim;
  int64_t outSizes[5];
  THNNColShape col; /* the image side (the input of a convolution, the output of a transposed one) */
  int64_t cY;       /* channels of the vector side */
  int identity;     /* columns(X) == X */
  int depthwise;    /* one image channel per group */
} Conv;

/* "(2 x 3)" or "[2, 3]" into buf. */
static const char *dimsStr(char *buf, size_t n, int nDims, const int64_t *v, const char *open, const char *sep,
                           const char *close) {
  size_t used = (size_t)snprintf(buf, n, "%s", open);
  for (int d = 0; d < nDims && used < n; d++) used += (size_t)snprintf(buf + used, n - used, "%s%lld", d ? sep : "", (long long)v[d]);
  if (used < n) snprintf(buf + used, n - used, "%s", close);
  return buf;
}
#define TUPLE(buf, n, v) dimsStr(buf, sizeof buf, n, v, "(", " x ", ")")
#define LIST(buf, n, v) dimsStr(buf, sizeof buf, n, v, "[", ", ", "]")

/* Checks the arguments every pass shares and fills cv. weight is the weight (or gradWeight). */
static int setup(Conv *cv, int transposed, int backward, int nDims, const THTensor *input, const THTensor *weight,
                 const char *weightName, const int64_t *stride, const int64_t *padding, const int64_t *paddingEnd,
                 const int64_t *outputPadding, const int64_t *dilation, int64_t groups) {
  char a[THNN_SHAPE_BUF], b[THNN_SHAPE_BUF], c[THNN_SHAPE_BUF];
  memset(cv, 0, sizeof *cv);
  snprintf(cv->op, sizeof cv->op, "%s%dd%s", transposed ? "convTranspose" : "conv", nDims, backward ? "Backward" : "");
  const char *op = cv->op;
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (!input || !weight) return THError("%s: a tensor argument is NULL", op);
  if (!stride || !padding || !dilation || (transposed && !outputPadding))
    return THError("%s: stride, padding, dilation%s must be given", op, transposed ? " and outputPadding" : "");
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, weightName, weight, "input", input)) return TH_ERR;
  cv->nDims = nDims;
  cv->transposed = transposed;
  cv->dtype = THTensor_dtype(input);

  int inNdim = THTensor_ndim(input);
  if (inNdim != nDims + 1 && inNdim != nDims + 2)
    return THError("%s: Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s", op, nDims + 1,
                   nDims + 2, op, THNN_shapeStr(a, sizeof a, input));
  if (THTensor_ndim(weight) != nDims + 2)
    return THError("%s: expected %s to be %d-dimensional, but got %s of size %s", op, weightName, nDims + 2, weightName,
                   THNN_shapeStr(a, sizeof a, weight));
  for (int d = 0; d < nDims; d++)
    if (stride[d] <= 0) return THError("%s: non-positive stride is not supported", op);
  for (int d = 0; d < nDims; d++)
    if (padding[d] < 0 || (paddingEnd && paddingEnd[d] < 0)) return THError("%s: negative padding is not supported", op);
  for (int d = 0; d < nDims; d++)
    if (dilation[d] <= 0)
      return THError("%s: dilation should be greater than zero, but got %s", op, LIST(a, nDims, dilation));
  if (transposed)
    for (int d = 0; d < nDims; d++) {
      if (outputPadding[d] < 0) return THError("%s: negative output padding is not supported", op);
      if (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d])
        return THError("%s: output padding must be smaller than either stride or dilation, but got outputPadding=%s, "
                       "stride=%s, dilation=%s",
                       op, LIST(a, nDims, outputPadding), LIST(b, nDims, stride), LIST(c, nDims, dilation));
    }
  if (groups <= 0) return THError("%s: non-positive groups is not supported", op);

  const int64_t *ws = THTensor_sizes(weight), *kernel = ws + 2;
  if (ws[0] < 1)
    return THError("%s: Given groups=%lld, expected %s to be at least 1 at dimension 0, but got %s of size %s instead", op,
                   (long long)groups, weightName, weightName, THNN_shapeStr(a, sizeof a, weight));
  if (ws[0] % groups != 0)
    return THError("%s: Given groups=%lld, expected %s to be divisible by %lld at dimension 0, but got %s of size %s instead",
                   op, (long long)groups, weightName, (long long)groups, weightName, THNN_shapeStr(a, sizeof a, weight));
  for (int d = 0; d < nDims; d++)
    if (kernel[d] <= 0) return THError("%s: kernel size should be greater than zero, but got %s", op, TUPLE(a, nDims, kernel));

  /* the input as a batch; PyTorch names an unbatched input by its batched shape */
  int batched = inNdim == nDims + 2;
  int64_t in[5];
  in[0] = 1;
  memcpy(in + !batched, THTensor_sizes(input), sizeof(int64_t) * (size_t)inNdim);
  cv->batch = in[0];
  cv->inC = in[1];
  cv->groups = groups;
  const int64_t *S = in + 2;
  if (!transposed && in[1] != ws[1] * groups)
    return THError("%s: Given groups=%lld, weight of size %s, expected input%s to have %lld channels, but got %lld channels "
                   "instead",
                   op, (long long)groups, THNN_shapeStr(a, sizeof a, weight), LIST(b, nDims + 2, in),
                   (long long)(ws[1] * groups), (long long)in[1]);
  if (transposed && in[1] != ws[0])
    return THError("%s: Given transposed=1, weight of size %s, expected input%s to have %lld channels, but got %lld "
                   "channels instead",
                   op, THNN_shapeStr(a, sizeof a, weight), LIST(b, nDims + 2, in), (long long)ws[0], (long long)in[1]);
  cv->outC = transposed ? ws[1] * groups : ws[0];

  int64_t O[3];
  if (!transposed) {
    int64_t padded[3], dilated[3];
    int tooSmall = 0;
    for (int d = 0; d < nDims; d++) {
      padded[d] = S[d] + padding[d] + (paddingEnd ? paddingEnd[d] : padding[d]);
      dilated[d] = dilation[d] * (kernel[d] - 1) + 1;
      tooSmall |= padded[d] < dilated[d];
      O[d] = (padded[d] - dilated[d]) / stride[d] + 1;
    }
    if (tooSmall)
      return THError("%s: Calculated padded input size per channel: %s. Kernel size: %s. Kernel size can't be greater "
                     "than actual input size",
                     op, TUPLE(a, nDims, padded), TUPLE(b, nDims, dilated));
  } else {
    int tooSmall = 0;
    for (int d = 0; d < nDims; d++) {
      O[d] = (S[d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernel[d] - 1) + outputPadding[d] + 1;
      tooSmall |= O[d] <= 0;
    }
    if (tooSmall)
      return THError("%s: Given input size per channel: %s. Calculated output size per channel: %s. Output size is too "
                     "small",
                     op, TUPLE(a, nDims, S), TUPLE(b, nDims, O));
  }
  cv->outNdim = inNdim;
  int64_t *os = cv->outSizes;
  if (batched) *os++ = cv->batch;
  *os++ = cv->outC;
  memcpy(os, O, sizeof(int64_t) * (size_t)nDims);

  THNNColShape *s = &cv->col;
  s->channels = transposed ? cv->outC : cv->inC;
  cv->cY = transposed ? cv->inC : cv->outC;
  THNN_lift3(nDims, transposed ? O : S, s->image, 1);
  THNN_lift3(nDims, transposed ? S : O, s->blocks, 1);
  THNN_lift3(nDims, kernel, s->kernel, 1);
  THNN_lift3(nDims, stride, s->stride, 1);
  THNN_lift3(nDims, padding, s->padding, 0);
  THNN_lift3(nDims, dilation, s->dilation, 1);
  cv->identity = 1;
  for (int d = 0; d < 3; d++)
    cv->identity &= s->kernel[d] == 1 && s->stride[d] == 1 && s->padding[d] == 0 && s->blocks[d] == s->image[d];
  cv->depthwise = groups > 1 && s->channels == groups;
  return TH_OK;
}

static int checkDType(const Conv *cv, const char *what, const THTensor *t) {
  if (THTensor_dtype(t) == cv->dtype) return TH_OK;
  return THError("%s: expected %s to have the dtype of input (%s), but got %s", cv->op, what, THDType_name(cv->dtype),
                 THDType_name(THTensor_dtype(t)));
}

/* bias (or gradBias) is [outC] of the input's dtype. */
static int checkBias(const Conv *cv, const THTensor *bias, const char *what, const THTensor *weight) {
  char a[THNN_SHAPE_BUF], b[THNN_SHAPE_BUF];
  if (checkDType(cv, what, bias)) return TH_ERR;
  if (THTensor_ndim(bias) != 1 || THTensor_size(bias, 0) != cv->outC)
    return THError("%s: Given %sweight of size %s, expected %s to be 1-dimensional with %lld elements, but got %s of size %s "
                   "instead",
                   cv->op, cv->transposed ? "transposed=1, " : "", THNN_shapeStr(a, sizeof a, weight), what,
                   (long long)cv->outC, what, THNN_shapeStr(b, sizeof b, bias));
  return TH_OK;
}

/* gradOutput has the output's shape and the input's dtype. */
static int checkGradOutput(const Conv *cv, const THTensor *gradOutput) {
  char a[THNN_SHAPE_BUF], b[THNN_SHAPE_BUF];
  if (checkDType(cv, "gradOutput", gradOutput)) return TH_ERR;
  int same = THTensor_ndim(gradOutput) == cv->outNdim;
  for (int d = 0; same && d < cv->outNdim; d++) same = THTensor_size(gradOutput, d) == cv->outSizes[d];
  if (!same)
    return THError("%s: expected gradOutput to have the output's shape %s, but got %s", cv->op,
                   LIST(a, cv->outNdim, cv->outSizes), THNN_shapeStr(b, sizeof b, gradOutput));
  return TH_OK;
}

/* ---- GEMMs on views ---- */

/* A batch of matrices inside t's storage: element (b, i, j) at offset + b * batchStride +
 * i * rowStride + j * colStride (in elements, from t's first element). */
typedef struct Operand {
  const THTensor *t;
  int64_t offset, batchStride, rowStride, colStride;
} Operand;

static THTensor *viewOf(Operand o, int ndim, int64_t nb, int64_t rows, int64_t cols) {
  int64_t sizes[3] = {nb, rows, cols}, strides[3] = {o.batchStride, o.rowStride, o.colStride};
  int skip = 3 - ndim;
  return THTensor_newAsStrided(o.t, ndim, sizes + skip, strides + skip, THTensor_storageOffset(o.t) + o.offset);
}

/* C[b] = beta * C[b] + alpha * A[b] @ B[b] for b < nb, with A [M, K] and B [K, N]; sumBatch:
 * C = beta * C + alpha * sum_b A[b] @ B[b] for one C. */
static int gemmBatch(int64_t nb, int64_t M, int64_t N, int64_t K, double alpha, Operand A, Operand B, double beta,
                     Operand C, int sumBatch) {
  if (nb == 0 || M == 0 || N == 0) return TH_OK;
  THTensor *a = viewOf(A, 3, nb, M, K), *b = a ? viewOf(B, 3, nb, K, N) : NULL;
  THTensor *c = b ? viewOf(C, sumBatch ? 2 : 3, nb, M, N) : NULL;
  int status = !c ? TH_ERR
               : sumBatch ? THTensor_addbmm(c, c, a, b, beta, alpha)
                          : THTensor_baddbmm(c, c, a, b, beta, alpha);
  if (a) THTensor_free(a);
  if (b) THTensor_free(b);
  if (c) THTensor_free(c);
  return status;
}

/* ---- the column buffer ---- */

/* At least `elems` contiguous elements of scratch: columns itself (grown when too small, never
 * shrunk), or a temporary when the caller gave none. Release with THTensor_free. */
static THTensor *columnsBuffer(const Conv *cv, THTensor *columns, int64_t elems) {
  if (!columns) return THTensor_newWithSize(cv->dtype, 1, &elems);
  if (checkDType(cv, "columns", columns)) return NULL;
  if (!THTensor_isContiguous(columns) || THTensor_numel(columns) < elems)
    if (THTensor_resize(columns, 1, &elems)) return NULL;
  THTensor_retain(columns);
  return columns;
}

/* Samples per chunk: as many as fit the column budget, at least one. */
static int64_t chunkSamples(int64_t batch, int64_t perSample) {
  int64_t n = perSample > 0 ? THNN_CONV_COLUMNS_BUDGET / perSample : batch;
  return n < 1 ? 1 : n > batch ? batch : n;
}

static char *at(const THTensor *t, int64_t elems) {
  return (char *)THTensor_data(t) + elems * (int64_t)THDType_size(THTensor_dtype(t));
}

/* ---- the three products ---- */

typedef struct Dims {
  int64_t cX, cY, cXg, cYg, kVol, Kg, blocks, imageVol, colsPerSample;
} Dims;

static Dims dimsOf(const Conv *cv) {
  Dims d;
  d.cX = cv->col.channels;
  d.cY = cv->cY;
  d.cXg = d.cX / cv->groups;
  d.cYg = d.cY / cv->groups;
  d.kVol = THNN_volume3(cv->col.kernel);
  d.Kg = d.cXg * d.kVol;
  d.blocks = THNN_volume3(cv->col.blocks);
  d.imageVol = THNN_volume3(cv->col.image);
  d.colsPerSample = d.cX * d.kVol * d.blocks;
  return d;
}

/* Group g's weight rows [cYg, Kg], or their transpose. */
static Operand weightOf(const THTensor *W, const Dims *d, int64_t g, int transpose) {
  return transpose ? (Operand){W, g * d->cYg * d->Kg, 0, 1, d->Kg} : (Operand){W, g * d->cYg * d->Kg, 0, d->Kg, 1};
}
/* Group g's rows of samples n0.. of Y [cYg, blocks]. */
static Operand vectorsOf(const THTensor *Y, const Dims *d, int64_t n0, int64_t g) {
  return (Operand){Y, (n0 * d->cY + g * d->cYg) * d->blocks, d->cY * d->blocks, d->blocks, 1};
}
/* Group g's rows of the columns [Kg, blocks] (or their transpose) of samples n0..: the image
 * itself when the columns are the identity, else the column buffer (whose first sample is n0). */
static Operand columnsOf(const Conv *cv, const THTensor *X, const THTensor *cols, const Dims *d, int64_t n0, int64_t g,
                         int transpose) {
  if (cv->identity)
    return transpose ? (Operand){X, (n0 * d->cX + g * d->cXg) * d->blocks, d->cX * d->blocks, 1, d->blocks}
                     : (Operand){X, (n0 * d->cX + g * d->cXg) * d->blocks, d->cX * d->blocks, d->blocks, 1};
  return transpose ? (Operand){cols, g * d->Kg * d->blocks, d->colsPerSample, 1, d->blocks}
                   : (Operand){cols, g * d->Kg * d->blocks, d->colsPerSample, d->blocks, 1};
}

/* Y[n] (+)= W @ columns(X[n]). */
static int imageToVector(const Conv *cv, const THTensor *X, const THTensor *W, THTensor *Y, THTensor *columns,
                         int accumulate) {
  Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.blocks == 0) return TH_OK;
  if (d.Kg == 0) return accumulate ? TH_OK : THTensor_zero(Y);
  if (cv->depthwise) {
    THNN_depthwiseImageToVector(cv->dtype, &cv->col, d.cYg, N, THTensor_data(X), THTensor_data(W), THTensor_data(Y),
                                accumulate);
    return TH_OK;
  }
  const double beta = accumulate ? 1 : 0;
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (gemmBatch(N, d.cYg, d.blocks, d.Kg, 1, weightOf(W, &d, g, 0), columnsOf(cv, X, NULL, &d, 0, g, 0), beta,
                    vectorsOf(Y, &d, 0, g), 0))
        return TH_ERR;
    return TH_OK;
  }
  const int64_t chunk = chunkSamples(N, d.colsPerSample);
  THTensor *cols = columnsBuffer(cv, columns, chunk * d.colsPerSample);
  if (!cols) return TH_ERR;
  int status = TH_OK;
  for (int64_t n0 = 0; n0 < N && status == TH_OK; n0 += chunk) {
    const int64_t nb = N - n0 < chunk ? N - n0 : chunk;
    THNN_im2colBatch(cv->dtype, &cv->col, at(X, n0 * d.cX * d.imageVol), THTensor_data(cols), nb, 0);
    for (int64_t g = 0; g < cv->groups && status == TH_OK; g++)
      status = gemmBatch(nb, d.cYg, d.blocks, d.Kg, 1, weightOf(W, &d, g, 0), columnsOf(cv, X, cols, &d, n0, g, 0), beta,
                         vectorsOf(Y, &d, n0, g), 0);
  }
  THTensor_free(cols);
  return status;
}

/* X[n] (+)= col2im(W^T @ Y[n]). */
static int vectorToImage(const Conv *cv, const THTensor *Y, const THTensor *W, THTensor *X, THTensor *columns,
                         int accumulate) {
  Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.imageVol == 0 || d.cX == 0) return TH_OK;
  if (d.blocks == 0) return accumulate ? TH_OK : THTensor_zero(X);
  if (cv->depthwise) {
    THNN_depthwiseVectorToImage(cv->dtype, &cv->col, d.cYg, N, THTensor_data(Y), THTensor_data(W), THTensor_data(X),
                                accumulate);
    return TH_OK;
  }
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (gemmBatch(N, d.Kg, d.blocks, d.cYg, 1, weightOf(W, &d, g, 1), vectorsOf(Y, &d, 0, g), accumulate ? 1 : 0,
                    columnsOf(cv, X, NULL, &d, 0, g, 0), 0))
        return TH_ERR;
    return TH_OK;
  }
  const int64_t chunk = chunkSamples(N, d.colsPerSample);
  THTensor *cols = columnsBuffer(cv, columns, chunk * d.colsPerSample);
  if (!cols) return TH_ERR;
  int status = TH_OK;
  for (int64_t n0 = 0; n0 < N && status == TH_OK; n0 += chunk) {
    const int64_t nb = N - n0 < chunk ? N - n0 : chunk;
    for (int64_t g = 0; g < cv->groups && status == TH_OK; g++)
      status = gemmBatch(nb, d.Kg, d.blocks, d.cYg, 1, weightOf(W, &d, g, 1), vectorsOf(Y, &d, n0, g), 0,
                         columnsOf(cv, X, cols, &d, n0, g, 0), 0);
    if (status == TH_OK)
      THNN_col2imBatch(cv->dtype, &cv->col, THTensor_data(cols), at(X, n0 * d.cX * d.imageVol), nb, !accumulate, 0);
  }
  THTensor_free(cols);
  return status;
}

/* dW += scale * sum_n Y[n] @ columns(X[n])^T. */
static int accWeight(const Conv *cv, const THTensor *X, const THTensor *Y, THTensor *dW, THTensor *columns,
                     double scale) {
  Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.blocks == 0 || d.Kg == 0) return TH_OK;
  if (cv->depthwise)
    return THNN_depthwiseAccWeight(cv->dtype, &cv->col, d.cYg, N, THTensor_data(X), THTensor_data(Y), THTensor_data(dW),
                                   scale);
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (gemmBatch(N, d.cYg, d.Kg, d.blocks, scale, vectorsOf(Y, &d, 0, g), columnsOf(cv, X, NULL, &d, 0, g, 1), 1,
                    weightOf(dW, &d, g, 0), 1))
        return TH_ERR;
    return TH_OK;
  }
  const int64_t chunk = chunkSamples(N, d.colsPerSample);
  THTensor *cols = columnsBuffer(cv, columns, chunk * d.colsPerSample);
  if (!cols) return TH_ERR;
  int status = TH_OK;
  for (int64_t n0 = 0; n0 < N && status == TH_OK; n0 += chunk) {
    const int64_t nb = N - n0 < chunk ? N - n0 : chunk;
    THNN_im2colBatch(cv->dtype, &cv->col, at(X, n0 * d.cX * d.imageVol), THTensor_data(cols), nb, 0);
    for (int64_t g = 0; g < cv->groups && status == TH_OK; g++)
      status = gemmBatch(nb, d.cYg, d.Kg, d.blocks, scale, vectorsOf(Y, &d, n0, g), columnsOf(cv, X, cols, &d, n0, g, 1),
                         1, weightOf(dW, &d, g, 0), 1);
  }
  THTensor_free(cols);
  return status;
}

/* ---- the passes ---- */

static int forward(const Conv *cv, const THTensor *input, THTensor *output, const THTensor *weight, const THTensor *bias,
                   THTensor *columns) {
  THTensor *x = THTensor_newContiguous(input), *w = x ? THTensor_newContiguous(weight) : NULL;
  THTensor *b = w && bias ? THTensor_newContiguous(bias) : NULL;
  THTensor *tmp = NULL, *y = w && (b || !bias) ? THNN_resultTarget(output, cv->outNdim, cv->outSizes, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    if (b) {
      const int64_t plane = THTensor_numel(y) / (cv->batch * cv->outC > 0 ? cv->batch * cv->outC : 1);
      if (cv->dtype == TH_Float32)
        fillBias_Float(THTensor_data(y), THTensor_data(b), cv->batch, cv->outC, plane, cv->depthwise);
      else
        fillBias_Double(THTensor_data(y), THTensor_data(b), cv->batch, cv->outC, plane, cv->depthwise);
    }
    status = cv->transposed ? vectorToImage(cv, x, w, y, columns, b != NULL) : imageToVector(cv, x, w, y, columns, b != NULL);
    int finished = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = finished;
  }
  if (x) THTensor_free(x);
  if (w) THTensor_free(w);
  if (b) THTensor_free(b);
  return status;
}

static int gradInputPass(const Conv *cv, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                         const THTensor *weight, THTensor *columns) {
  if (checkGradOutput(cv, gradOutput) || checkDType(cv, "gradInput", gradInput))
    return TH_ERR;
  THTensor *g = THTensor_newContiguous(gradOutput), *w = g ? THTensor_newContiguous(weight) : NULL;
  THTensor *tmp = NULL, *gi = w ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    status = cv->transposed ? imageToVector(cv, g, w, gi, columns, 0) : vectorToImage(cv, g, w, gi, columns, 0);
    int finished = THNN_resultFinish(gradInput, tmp);
    if (status == TH_OK) status = finished;
  }
  if (g) THTensor_free(g);
  if (w) THTensor_free(w);
  return status;
}

/* Accumulating into t: t itself when contiguous, else a contiguous copy that accFinish copies back. */
static int accFinish(THTensor *t, THTensor *c, int status) {
  if (status == TH_OK && c != t) status = THTensor_copy(t, c);
  if (status == TH_OK) THTensor_bumpVersion(t);
  THTensor_free(c);
  return status;
}

static int gradParamsPass(const Conv *cv, const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                          THTensor *gradBias, THTensor *columns, double scale) {
  if (checkGradOutput(cv, gradOutput) || (gradBias && checkBias(cv, gradBias, "gradBias", gradWeight)))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *gw = g ? THTensor_newContiguous(gradWeight) : NULL;
  int status = gw ? TH_OK : TH_ERR;
  if (gw) {
    /* a convolution's image is its input, a transposed one's its output (whose gradient is g) */
    status = cv->transposed ? accWeight(cv, g, x, gw, columns, scale) : accWeight(cv, x, g, gw, columns, scale);
    status = accFinish(gradWeight, gw, status);
  }
  if (status == TH_OK && gradBias) {
    THTensor *gb = THTensor_newContiguous(gradBias);
    if (!gb) status = TH_ERR;
    else {
      const int64_t plane = THTensor_numel(g) / (cv->batch * cv->outC > 0 ? cv->batch * cv->outC : 1);
      if (cv->dtype == TH_Float32)
        accBiasGrad_Float(THTensor_data(g), THTensor_data(gb), cv->batch, cv->outC, plane, scale, cv->depthwise);
      else
        accBiasGrad_Double(THTensor_data(g), THTensor_data(gb), cv->batch, cv->outC, plane, scale, cv->depthwise);
      status = accFinish(gradBias, gb, status);
    }
  }
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  return status;
}

/* ---- the API ---- */

int THNN_Convolution_updateOutput(int nDims, const THTensor *input, THTensor *output, const THTensor *weight,
                                  const THTensor *bias, THTensor *columns, const int64_t *stride, const int64_t *padding,
                                  const int64_t *paddingEnd, const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 0, 0, nDims, input, weight, "weight", stride, padding, paddingEnd, NULL, dilation, groups)) return TH_ERR;
  if (!output) return THError("%s: output is NULL", cv.op);
  if (checkDType(&cv, "output", output) || (bias && checkBias(&cv, bias, "bias", weight)))
    return TH_ERR;
  return forward(&cv, input, output, weight, bias, columns);
}

int THNN_Convolution_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     const THTensor *weight, THTensor *columns, const int64_t *stride,
                                     const int64_t *padding, const int64_t *paddingEnd, const int64_t *dilation,
                                     int64_t groups) {
  Conv cv;
  if (setup(&cv, 0, 1, nDims, input, weight, "weight", stride, padding, paddingEnd, NULL, dilation, groups)) return TH_ERR;
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradInputPass(&cv, input, gradOutput, gradInput, weight, columns);
}

int THNN_Convolution_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                       THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                       const int64_t *stride, const int64_t *padding, const int64_t *paddingEnd,
                                       const int64_t *dilation, int64_t groups, double scale) {
  Conv cv;
  if (setup(&cv, 0, 1, nDims, input, gradWeight, "gradWeight", stride, padding, paddingEnd, NULL, dilation, groups))
    return TH_ERR;
  if (!gradOutput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradParamsPass(&cv, input, gradOutput, gradWeight, gradBias, columns, scale);
}

int THNN_ConvolutionTranspose_updateOutput(int nDims, const THTensor *input, THTensor *output, const THTensor *weight,
                                           const THTensor *bias, THTensor *columns, const int64_t *stride,
                                           const int64_t *padding, const int64_t *outputPadding,
                                           const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 1, 0, nDims, input, weight, "weight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!output) return THError("%s: output is NULL", cv.op);
  if (checkDType(&cv, "output", output) || (bias && checkBias(&cv, bias, "bias", weight)))
    return TH_ERR;
  return forward(&cv, input, output, weight, bias, columns);
}

int THNN_ConvolutionTranspose_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                              THTensor *gradInput, const THTensor *weight, THTensor *columns,
                                              const int64_t *stride, const int64_t *padding,
                                              const int64_t *outputPadding, const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 1, 1, nDims, input, weight, "weight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradInputPass(&cv, input, gradOutput, gradInput, weight, columns);
}

int THNN_ConvolutionTranspose_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                                const int64_t *stride, const int64_t *padding,
                                                const int64_t *outputPadding, const int64_t *dilation, int64_t groups,
                                                double scale) {
  Conv cv;
  if (setup(&cv, 1, 1, nDims, input, gradWeight, "gradWeight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!gradOutput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradParamsPass(&cv, input, gradOutput, gradWeight, gradBias, columns, scale);
}
