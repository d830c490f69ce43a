/* Local response norm kernels for one scalar type (included by THNNLocalResponseNorm.c with
 * scalar_t and SUF defined). The contiguous input is [N, C, S]; the work goes in tasks of one batch
 * item and up to LRN_CHUNK spatial positions, with per-thread scratch for the chunk's [C, len]
 * denominators. The window of output channel c is [c - size / 2, c + (size - 1) / 2] (clipped:
 * the zero padding of PyTorch's avg_pool adds nothing, and the divisor is always size). */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* base[c][j] = k + alpha * (sum of x^2 over c's window) / size, for the chunk's len positions. */
THNN_CLONES static void FN(lrn_chunk_base)(const scalar_t *x, int64_t C, int64_t S, int64_t len, int64_t size,
                                           double alpha, double k, double *base) {
  int64_t lo = size / 2, hi = (size - 1) / 2;
  for (int64_t c = 0; c < C; c++) {
    double *bc = base + c * len;
    for (int64_t j = 0; j < len; j++) bc[j] = 0;
    int64_t from = c - lo < 0 ? 0 : c - lo, to = c + hi >= C ? C - 1 : c + hi;
    for (int64_t w = from; w <= to; w++) {
      const scalar_t *xw = x + w * S;
      for (int64_t j = 0; j < len; j++) bc[j] += (double)xw[j] * xw[j];
    }
    for (int64_t j = 0; j < len; j++) bc[j] = bc[j] / (double)size * alpha + k;
  }
}

static void FN(lrn_forward)(const scalar_t *x, scalar_t *y, int64_t N, int64_t C, int64_t S, int64_t size,
                            double alpha, double beta, double k, int threads, double *work) {
  int64_t chunks = (S + LRN_CHUNK - 1) / LRN_CHUNK, tasks = N * chunks, t;
#pragma omp parallel for num_threads(threads) if (threads > 1)
  for (t = 0; t < tasks; t++) {
    int64_t n = t / chunks, s0 = (t % chunks) * LRN_CHUNK, len = S - s0 < LRN_CHUNK ? S - s0 : LRN_CHUNK;
    double *base = work + (int64_t)THNN_threadNum() * C * LRN_CHUNK;
    const scalar_t *xn = x + n * C * S + s0;
    scalar_t *yn = y + n * C * S + s0;
    FN(lrn_chunk_base)(xn, C, S, len, size, alpha, k, base);
    for (int64_t c = 0; c < C; c++)
      for (int64_t j = 0; j < len; j++) yn[c * S + j] = xn[c * S + j] / pow((scalar_t)base[c * len + j], (scalar_t)beta);
  }
}

/* gi_j = g_j * base_j^-beta - 2 * alpha * beta / size * x_j * sum over the channels c whose window
 * holds j (c in [j - (size - 1) / 2, j + size / 2]) of g_c * x_c * base_c^(-beta - 1). */
static void FN(lrn_backward)(const scalar_t *x, const scalar_t *g, scalar_t *gi, int64_t N, int64_t C, int64_t S,
                             int64_t size, double alpha, double beta, double k, int threads, double *work) {
  int64_t chunks = (S + LRN_CHUNK - 1) / LRN_CHUNK, tasks = N * chunks, t;
  int64_t lo = size / 2, hi = (size - 1) / 2;
  double coef = 2 * alpha * beta / (double)size;
#pragma omp parallel for num_threads(threads) if (threads > 1)
  for (t = 0; t < tasks; t++) {
    int64_t n = t / chunks, s0 = (t % chunks) * LRN_CHUNK, len = S - s0 < LRN_CHUNK ? S - s0 : LRN_CHUNK;
    double *base = work + (int64_t)THNN_threadNum() * 2 * C * LRN_CHUNK, *term = base + C * LRN_CHUNK;
    int64_t off = n * C * S + s0;
    const scalar_t *xn = x + off, *gn = g + off;
    scalar_t *gin = gi + off;
    FN(lrn_chunk_base)(xn, C, S, len, size, alpha, k, base);
    for (int64_t c = 0; c < C; c++)
      for (int64_t j = 0; j < len; j++)
        term[c * len + j] = (double)gn[c * S + j] * xn[c * S + j] * pow(base[c * len + j], -beta - 1);
    for (int64_t c = 0; c < C; c++) {
      int64_t from = c - hi < 0 ? 0 : c - hi, to = c + lo >= C ? C - 1 : c + lo;
      for (int64_t j = 0; j < len; j++) {
        double s = 0;
        for (int64_t w = from; w <= to; w++) s += term[w * len + j];
        gin[c * S + j] = (scalar_t)(gn[c * S + j] * pow(base[c * len + j], -beta) - coef * xn[c * S + j] * s);
      }
    }
  }
}

#undef FN
