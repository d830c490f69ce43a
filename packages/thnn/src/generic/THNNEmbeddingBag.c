/* Embedding-bag kernels for one scalar type (included by THNNEmbeddingBag.c with scalar_t and
 * SUF defined). Indices, bounds and results are contiguous; the table goes by its strides. Bag b
 * holds the positions bounds[b] .. bounds[b + 1]; each bag is reduced by one thread, in order. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* output rows (and offset2bag, bagSize, maxIdx where not NULL) of B bags. */
static void FN(bagForward)(const int64_t *idx, const int64_t *bounds, int64_t B, const scalar_t *w, int64_t ws0,
                           int64_t ws1, int64_t D, const scalar_t *sampleWeights, THNNEmbeddingBagMode mode,
                           int64_t paddingRow, scalar_t *out, int64_t *offset2bag, int64_t *bagSize, int64_t *maxIdx,
                           double *buffers) {
  int64_t b;
#pragma omp parallel for schedule(dynamic, 16) if (B > 1 && bounds[B] * D > THNN_EMBEDDING_GRAIN)
  for (b = 0; b < B; b++) {
    scalar_t *o = out + b * D;
    int64_t *mi = maxIdx ? maxIdx + b * D : NULL;
    int64_t count = 0;
    if (mode == THNN_EmbeddingBagMax) {
      for (int64_t d = 0; d < D; d++) o[d] = 0;
      if (mi)
        for (int64_t d = 0; d < D; d++) mi[d] = 0;
      for (int64_t j = bounds[b]; j < bounds[b + 1]; j++) {
        if (idx[j] == paddingRow) continue;
        const scalar_t *row = w + idx[j] * ws0;
        /* the first row sets the maxima; later ones replace them only when strictly greater */
        for (int64_t d = 0; d < D; d++) {
          scalar_t v = row[d * ws1];
          if (count == 0 || v > o[d]) {
            o[d] = v;
            if (mi) mi[d] = idx[j];
          }
        }
        count++;
      }
    } else {
      double *acc = THNN_embeddingThreadBuffer(buffers, D);
      for (int64_t d = 0; d < D; d++) acc[d] = 0;
      for (int64_t j = bounds[b]; j < bounds[b + 1]; j++) {
        if (idx[j] == paddingRow) continue;
        const scalar_t *row = w + idx[j] * ws0;
        double s = sampleWeights ? (double)sampleWeights[j] : 1.0;
        for (int64_t d = 0; d < D; d++) acc[d] += s * (double)row[d * ws1];
        count++;
      }
      double div = mode == THNN_EmbeddingBagMean && count > 1 ? (double)count : 1.0;
      for (int64_t d = 0; d < D; d++) o[d] = (scalar_t)(acc[d] / div);
    }
    if (bagSize) bagSize[b] = count;
    if (offset2bag)
      for (int64_t j = bounds[b]; j < bounds[b + 1]; j++) offset2bag[j] = b;
  }
}

/* gw[maxIdx[b, d], d] += scale * grad[b, d] over the non-empty bags. Each thread owns a set of
 * columns d, so no two threads write one element and bags are added in order. */
static void FN(bagMaxBackward)(const scalar_t *grad, const int64_t *maxIdx, const int64_t *bagSize, int64_t B,
                               int64_t D, double scale, scalar_t *gw, int64_t gs0, int64_t gs1) {
  int64_t d;
#pragma omp parallel for if (D > 1 && B * D > THNN_EMBEDDING_GRAIN)
  for (d = 0; d < D; d++)
    for (int64_t b = 0; b < B; b++)
      if (bagSize[b] != 0) gw[maxIdx[b * D + d] * gs0 + d * gs1] += (scalar_t)(scale * (double)grad[b * D + d]);
}

/* out[j] = <grad[offset2bag[j]], w[idx[j]]> (0 for padding): the gradient of a per-sample weight. */
static void FN(bagSampleWeightGrad)(const scalar_t *grad, const int64_t *idx, const int64_t *offset2bag, int64_t n,
                                    const scalar_t *w, int64_t ws0, int64_t ws1, int64_t D, int64_t paddingRow,
                                    scalar_t *out) {
  int64_t j;
#pragma omp parallel for if (n > 1 && n * D > THNN_EMBEDDING_GRAIN)
  for (j = 0; j < n; j++) {
    double dot = 0;
    if (idx[j] != paddingRow) {
      const scalar_t *g = grad + offset2bag[j] * D, *row = w + idx[j] * ws0;
      for (int64_t d = 0; d < D; d++) dot += (double)g[d] * (double)row[d * ws1];
    }
    out[j] = (scalar_t)dot;
  }
}

#undef FN
