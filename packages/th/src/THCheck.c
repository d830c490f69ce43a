/* PyTorch's argument checks that need only metadata (THCheck.h): libTH's ops call them, and so do
 * the other backends', so that every device refuses the same arguments with the same message. */
#include "THInternal.h"

#include <math.h>
#include <string.h>

int THCheckDimsOnce(const THTensor *t, int n, const int64_t *dims, int *flags) {
  memset(flags, 0, sizeof(int) * TH_MAX_DIMS);
  for (int i = 0; i < n; i++) {
    int d;
    if (THTensor_wrapDim(t, dims[i], &d)) return TH_ERR;
    if (flags[d]) return THError("dim %d appears multiple times in the list of dims", d);
    flags[d] = 1;
  }
  return TH_OK;
}

int THCheckReduceNonEmpty(const char *name, const THTensor *a, int ndim, const uint8_t *mask, int all) {
  if (THTensor_numel(a) != 0) return TH_OK;
  if (all || ndim == 0)
    return THError("%s(): Expected reduction dim to be specified for input.numel() == 0.%s", name,
                   strcmp(name, "max") == 0 || strcmp(name, "min") == 0
                       ? " Specify the reduction dim with the 'dim' argument."
                       : "");
  for (int d = 0; d < a->ndim; d++)
    if (mask[d] && a->sizes[d] == 0) return THError("%s(): Expected reduction dim %d to have non-zero size.", name, d);
  return TH_OK;
}

int THCheckPut(const THTensor *self, const THTensor *index, const THTensor *source) {
  if (index->dtype != TH_Int64) return THError("put_(): Expected a long tensor for index, but got %s", THDType_name(index->dtype));
  if (source->dtype != self->dtype)
    return THError("put_(): self and source expected to have the same dtype, but got self.dtype = %s and source.dtype = %s",
                   THDType_name(self->dtype), THDType_name(source->dtype));
  int64_t n = THTensor_numel(index);
  if (THTensor_numel(source) != n)
    return THError("put_(): Expected source and index to have the same number of elements, but got source.numel() = %lld, "
                   "index.numel() = %lld",
                   (long long)THTensor_numel(source), (long long)n);
  if (THTensor_numel(self) == 0 && n > 0) return THError("put_(): Tried to put elements into an empty tensor");
  return TH_OK;
}

int THCheckArange(THDType t, double *start, double end, double *step, int64_t *size) {
  double s = *start, st = *step;
  if (!isfinite(s) || !isfinite(end) || !isfinite(st))
    return THError("arange: unsupported range: %g -> %g (step %g); values must be finite", s, end, st);
  if (st == 0) return THError("arange: step must be nonzero");
  if ((st > 0 && end < s) || (st < 0 && end > s))
    return THError("arange: upper bound and larger bound inconsistent with step sign (start=%g, end=%g, step=%g)", s, end, st);
  double n = ceil((end - s) / st);
  if (n > 9.0e15) return THError("arange: too many elements (%g)", n);
  if (THDType_isIntegral(t, 1)) { /* computed in int64: start and step are truncated first */
    *start = (double)(int64_t)s;
    *step = (double)(int64_t)st;
    if (*step == 0) return THError("arange: step must be nonzero (the step converts to 0 in %s)", THDType_name(t));
  }
  *size = (int64_t)n;
  return TH_OK;
}

int THCheckUniform(THDType t, double from, double to) {
  double max = THDType_maxFinite(t);
  if (!(from >= -max && from <= max)) return THError("uniform_: from is out of bounds for %s (got from=%g)", THDType_name(t), from);
  if (!(to >= -max && to <= max)) return THError("uniform_: to is out of bounds for %s (got to=%g)", THDType_name(t), to);
  if (!(from <= to)) return THError("uniform_ expects to return a [from, to) range, but found from=%g > to=%g", from, to);
  if (!(to - from <= max))
    return THError("uniform_ expects to-from <= the largest %s (%g), but found to=%g and from=%g which result in to-from to exceed "
                   "the limit",
                   THDType_name(t), max, to, from);
  return TH_OK;
}
