/* Max unpooling kernels for one scalar type (included by THNNPoolingUnpool.c with scalar_t and SUF
 * defined): a scatter into zeroed planes and its adjoint, a gather. Each returns 0, or 1 with
 * *badIndex set to an index outside [0, outPlane). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* y[p][ind[p][j]] = x[p][j] (y zeroed first; the last of repeated indices wins, as in PyTorch) */
static int FN(unpoolPlanes)(const scalar_t *x, const int64_t *ind, scalar_t *y, int64_t planes, int64_t inPlane,
                            int64_t outPlane, int64_t *badIndex) {
  int bad = 0;
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * (inPlane + outPlane) > THNN_POOL_GRAIN)
  for (p = 0; p < planes; p++) {
    const scalar_t *xp = x + p * inPlane;
    const int64_t *ip = ind + p * inPlane;
    scalar_t *yp = y + p * outPlane;
    if (outPlane > 0) memset(yp, 0, (size_t)outPlane * sizeof(scalar_t));
    for (int64_t j = 0; j < inPlane; j++) {
      int64_t i = ip[j];
      if (i < 0 || i >= outPlane) {
#pragma omp critical(thnn_unpool_bad_index)
        if (!bad) bad = 1, *badIndex = i;
        break;
      }
      yp[i] = xp[j];
    }
  }
  return bad;
}

/* gi[p][j] = go[p][ind[p][j]] */
static int FN(unpoolBackwardPlanes)(const scalar_t *go, const int64_t *ind, scalar_t *gi, int64_t planes,
                                    int64_t inPlane, int64_t outPlane, int64_t *badIndex) {
  int bad = 0;
  int64_t p;
#pragma omp parallel for if (planes > 1 && planes * inPlane > THNN_POOL_GRAIN)
  for (p = 0; p < planes; p++) {
    const scalar_t *gop = go + p * outPlane;
    const int64_t *ip = ind + p * inPlane;
    scalar_t *gp = gi + p * inPlane;
    for (int64_t j = 0; j < inPlane; j++) {
      int64_t i = ip[j];
      if (i < 0 || i >= outPlane) {
#pragma omp critical(thnn_unpool_bad_index)
        if (!bad) bad = 1, *badIndex = i;
        break;
      }
      gp[j] = gop[i];
    }
  }
  return bad;
}

#undef FN
