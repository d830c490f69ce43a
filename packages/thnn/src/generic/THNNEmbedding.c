/* Embedding kernels for one scalar type (included by THNNEmbedding.c with scalar_t and SUF
 * defined). Indices are contiguous int64 and already checked; the table (weight, gradWeight) is
 * addressed through its strides, so a non-contiguous table is never copied. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* out[i] = w[idx[i]] for n rows of D; out is contiguous. */
static void FN(gatherRows)(const int64_t *idx, int64_t n, const scalar_t *w, int64_t ws0, int64_t ws1, int64_t D,
                           scalar_t *out) {
  int64_t i;
#pragma omp parallel for if (n > 1 && n * D > THNN_EMBEDDING_GRAIN)
  for (i = 0; i < n; i++) {
    const scalar_t *row = w + idx[i] * ws0;
    scalar_t *o = out + i * D;
    if (ws1 == 1) {
      memcpy(o, row, (size_t)D * sizeof(scalar_t));
    } else {
      for (int64_t d = 0; d < D; d++) o[d] = row[d * ws1];
    }
  }
}

/* The p-norm of a row, in double (p = 0 counts non-zeros; +-inf: the largest / smallest |x|). */
static double FN(rowNorm)(const scalar_t *row, int64_t stride, int64_t D, double p) {
  double acc = isinf(p) ? (p > 0 ? 0 : INFINITY) : 0;
  for (int64_t d = 0; d < D; d++) {
    double a = fabs((double)row[d * stride]);
    if (p == 2) acc += a * a;
    else if (p == 1) acc += a;
    else if (p == 0) acc += a != 0;
    else if (isinf(p)) acc = p > 0 ? (a > acc || a != a ? a : acc) : (a < acc || a != a ? a : acc);
    else acc += pow(a, p);
  }
  if (p == 2) return sqrt(acc);
  if (p == 1 || p == 0 || isinf(p)) return acc;
  return pow(acc, 1.0 / p);
}

/* Every referenced row whose norm exceeds maxNorm is scaled by maxNorm / (norm + 1e-7). */
static void FN(renormRows)(scalar_t *w, int64_t ws0, int64_t ws1, int64_t numRows, int64_t D,
                           const unsigned char *referenced, double maxNorm, double p) {
  int64_t k;
#pragma omp parallel for schedule(dynamic, 64) if (numRows * D > THNN_EMBEDDING_GRAIN)
  for (k = 0; k < numRows; k++) {
    if (!referenced[k]) continue;
    scalar_t *row = w + k * ws0;
    double norm = FN(rowNorm)(row, ws1, D, p);
    if (norm > maxNorm) {
      scalar_t s = (scalar_t)(maxNorm / (norm + 1e-7));
      for (int64_t d = 0; d < D; d++) row[d * ws1] *= s;
    }
  }
}

void FN(THNN_embeddingAccRows)(const THNNRowGroups *groups, int64_t numRows, int64_t D, const scalar_t *grad,
                               const int64_t *srcRow, const scalar_t *sampleWeights, const int64_t *bagSize,
                               int scaleGradByFreq, int64_t paddingRow, double scale, scalar_t *gw, int64_t gs0,
                               int64_t gs1, double *buffers) {
  const int64_t *order = groups->order, *rowStart = groups->rowStart;
  int64_t k;
#pragma omp parallel for schedule(dynamic, 64) if (rowStart[numRows] * D > THNN_EMBEDDING_GRAIN)
  for (k = 0; k < numRows; k++) {
    int64_t first = rowStart[k], last = rowStart[k + 1];
    if (first == last || k == paddingRow) continue;
    double *acc = THNN_embeddingThreadBuffer(buffers, D);
    for (int64_t d = 0; d < D; d++) acc[d] = 0;
    double perRow = scaleGradByFreq ? 1.0 / (double)(last - first) : 1.0;
    for (int64_t p = first; p < last; p++) {
      int64_t j = order[p], src = srcRow ? srcRow[j] : j;
      double coef = perRow;
      if (sampleWeights) coef *= (double)sampleWeights[j];
      if (bagSize && bagSize[src] != 0) coef /= (double)bagSize[src];
      const scalar_t *g = grad + src * D;
      for (int64_t d = 0; d < D; d++) acc[d] += coef * (double)g[d];
    }
    scalar_t *row = gw + k * gs0;
    for (int64_t d = 0; d < D; d++) row[d * gs1] += (scalar_t)(scale * acc[d]);
  }
}

#undef FN
