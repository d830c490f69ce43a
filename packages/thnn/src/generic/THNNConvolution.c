/* The bias kernels of the convolutions for one scalar type (included by THNNConvolution.c with
 * scalar_t and SUF defined). Tensors are contiguous [n, channels, plane]. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* y[i, c, :] = bias[c] */
static void FN(fillBias)(scalar_t *y, const scalar_t *bias, int64_t n, int64_t channels, int64_t plane) {
  const int64_t tasks = n * channels;
  for (int64_t t = 0; t < tasks; t++) {
    const scalar_t v = bias[t % channels];
    scalar_t *p = y + t * plane;
    for (int64_t k = 0; k < plane; k++) p[k] = v;
  }
}

THNN_CLONES static double FN(sumPlane)(const scalar_t *p, int64_t n) {
  double sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t k = 0; k < n; k++) sum += p[k];
  return sum;
}

/* gradBias[c] += scale * sum of g[:, c, :], summed in double; parallel: over OpenMP threads (see
 * THNN_CONV_GRAIN). */
static void FN(accBiasGrad)(const scalar_t *g, scalar_t *gradBias, int64_t n, int64_t channels, int64_t plane,
                            double scale, int parallel) {
  int64_t c;
#pragma omp parallel for if (parallel && channels > 1 && n * channels * plane > THNN_CONV_GRAIN)
  for (c = 0; c < channels; c++) {
    double sum = 0;
    for (int64_t i = 0; i < n; i++) sum += FN(sumPlane)(g + (i * channels + c) * plane, plane);
    gradBias[c] += (scalar_t)(scale * sum);
  }
}

/* dst[i] += scale * the sum of parts[k * n + i] over the parts, summed in double. */
static void FN(addParts)(scalar_t *dst, const scalar_t *parts, int64_t n, int count, double scale) {
  for (int64_t i = 0; i < n; i++) {
    double sum = 0;
    for (int k = 0; k < count; k++) sum += parts[k * n + i];
    dst[i] += (scalar_t)(scale * sum);
  }
}

#undef FN
