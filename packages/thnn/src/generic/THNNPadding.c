/* Padding kernels for one scalar type (included by THNNPadding.c with scalar_t and SUF defined).
 * Tensors are contiguous here. An output row (all dims but the last) reads one input row, or none
 * (the constant); along the last dim, the middle part is a straight copy and the edges follow the
 * plan's map. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

static void FN(padForward)(const scalar_t *x, scalar_t *y, const PadPlan *p, scalar_t value) {
  const int last = p->ndim - 1;
  const int64_t OW = p->out[last], left = p->left[last];
  const int64_t *map = p->map + p->mapAt[last];
  const int64_t rows = OW > 0 ? p->outNumel / OW : 0;
  int64_t lo = left > 0 ? left : 0, hi = p->in[last] + left < OW ? p->in[last] + left : OW;
  if (hi < lo) hi = lo;
  int64_t r;
#pragma omp parallel for if (rows > 1 && p->outNumel > THNN_PADDING_GRAIN)
  for (r = 0; r < rows; r++) {
    scalar_t *yrow = y + r * OW;
    const int64_t src = rowSource(p, r);
    if (src < 0) {
      for (int64_t j = 0; j < OW; j++) yrow[j] = value;
      continue;
    }
    const scalar_t *xrow = x + src;
    for (int64_t j = 0; j < lo; j++) yrow[j] = map[j] < 0 ? value : xrow[map[j]];
    for (int64_t j = lo; j < hi; j++) yrow[j] = xrow[j - left];
    for (int64_t j = hi; j < OW; j++) yrow[j] = map[j] < 0 ? value : xrow[map[j]];
  }
}

/* gi (zeroed by the caller) += g read back through the plan. Rows that may meet in the same input
 * row (a plane's, unless the maps are one-to-one) stay on one thread. */
static void FN(padBackward)(const scalar_t *g, scalar_t *gi, const PadPlan *p, int oneToOne) {
  const int last = p->ndim - 1;
  const int64_t OW = p->out[last];
  const int64_t *map = p->map + p->mapAt[last];
  const int64_t rows = OW > 0 ? p->outNumel / OW : 0;
  if (rows == 0) return;
  const int64_t perUnit = oneToOne || p->planes == 0 ? 1 : rows / p->planes, units = rows / perUnit;
  int64_t u;
#pragma omp parallel for if (units > 1 && p->outNumel > THNN_PADDING_GRAIN)
  for (u = 0; u < units; u++) {
    for (int64_t r = u * perUnit; r < (u + 1) * perUnit; r++) {
      const int64_t src = rowSource(p, r);
      if (src < 0) continue;
      const scalar_t *grow = g + r * OW;
      scalar_t *girow = gi + src;
      for (int64_t j = 0; j < OW; j++)
        if (map[j] >= 0) girow[map[j]] += grow[j];
    }
  }
}

#undef FN
