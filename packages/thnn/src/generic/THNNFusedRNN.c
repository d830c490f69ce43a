/* Fused LSTM / GRU cell kernels for one scalar type (included by THNNFusedRNN.c with scalar_t
 * and SUF defined). Every tensor is contiguous here: gates [B, G * H] (gate k of element (b, h) at
 * b * G * H + k * H + h), states [B, H], biases [G * H] (NULL: none). One element (b, h) per
 * iteration, split over threads. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

static inline scalar_t FN(sigmoid)(scalar_t x) { return 1 / (1 + exp(-x)); }

static void FN(lstmForward)(const scalar_t *ig, const scalar_t *hg, const scalar_t *cx, const scalar_t *ib,
                            const scalar_t *hb, int64_t B, int64_t H, scalar_t *hy, scalar_t *cy, scalar_t *ws) {
  int64_t e;
#pragma omp parallel for if (B * H > THNN_FUSED_RNN_GRAIN)
  for (e = 0; e < B * H; e++) {
    int64_t b = e / H, h = e % H, base = b * 4 * H + h;
    scalar_t pre[4];
    for (int k = 0; k < 4; k++) pre[k] = ig[base + k * H] + hg[base + k * H] + (ib ? ib[k * H + h] + hb[k * H + h] : 0);
    scalar_t i = FN(sigmoid)(pre[0]), f = FN(sigmoid)(pre[1]), g = tanh(pre[2]), o = FN(sigmoid)(pre[3]);
    scalar_t c = f * cx[e] + i * g;
    cy[e] = c;
    hy[e] = o * tanh(c);
    ws[base] = i, ws[base + H] = f, ws[base + 2 * H] = g, ws[base + 3 * H] = o;
  }
}

/* gradHy, gradCy may be NULL (zeros). */
static void FN(lstmBackward)(const scalar_t *gradHy, const scalar_t *gradCy, const scalar_t *cx, const scalar_t *cy,
                             const scalar_t *ws, int64_t B, int64_t H, scalar_t *gradGates, scalar_t *gradCx) {
  int64_t e;
#pragma omp parallel for if (B * H > THNN_FUSED_RNN_GRAIN)
  for (e = 0; e < B * H; e++) {
    int64_t b = e / H, h = e % H, base = b * 4 * H + h;
    scalar_t i = ws[base], f = ws[base + H], g = ws[base + 2 * H], o = ws[base + 3 * H];
    scalar_t ghy = gradHy ? gradHy[e] : 0, gcy = gradCy ? gradCy[e] : 0;
    scalar_t tc = tanh(cy[e]);
    scalar_t gc = ghy * o * (1 - tc * tc) + gcy; /* the whole gradient of cy */
    gradGates[base] = gc * g * (1 - i) * i;
    gradGates[base + H] = gc * cx[e] * (1 - f) * f;
    gradGates[base + 2 * H] = gc * i * (1 - g * g);
    gradGates[base + 3 * H] = ghy * tc * (1 - o) * o;
    gradCx[e] = gc * f;
  }
}

static void FN(gruForward)(const scalar_t *ig, const scalar_t *hg, const scalar_t *hx, const scalar_t *ib,
                           const scalar_t *hb, int64_t B, int64_t H, scalar_t *hy, scalar_t *ws) {
  int64_t e;
#pragma omp parallel for if (B * H > THNN_FUSED_RNN_GRAIN)
  for (e = 0; e < B * H; e++) {
    int64_t b = e / H, h = e % H, base = b * 3 * H + h, wbase = b * 5 * H + h;
    scalar_t ir = ig[base], iz = ig[base + H], in = ig[base + 2 * H];
    scalar_t hr = hg[base], hz = hg[base + H], hn = hg[base + 2 * H];
    if (ib) {
      ir += ib[h], iz += ib[H + h], in += ib[2 * H + h];
      hr += hb[h], hz += hb[H + h], hn += hb[2 * H + h];
    }
    scalar_t r = FN(sigmoid)(ir + hr), z = FN(sigmoid)(iz + hz);
    scalar_t n = tanh(in + r * hn);
    hy[e] = n + z * (hx[e] - n);
    ws[wbase] = r, ws[wbase + H] = z, ws[wbase + 2 * H] = n, ws[wbase + 3 * H] = hx[e], ws[wbase + 4 * H] = hn;
  }
}

static void FN(gruBackward)(const scalar_t *gradHy, const scalar_t *ws, int64_t B, int64_t H, scalar_t *gradInputGates,
                            scalar_t *gradHiddenGates, scalar_t *gradHx) {
  int64_t e;
#pragma omp parallel for if (B * H > THNN_FUSED_RNN_GRAIN)
  for (e = 0; e < B * H; e++) {
    int64_t b = e / H, h = e % H, base = b * 3 * H + h, wbase = b * 5 * H + h;
    scalar_t r = ws[wbase], z = ws[wbase + H], n = ws[wbase + 2 * H], hx = ws[wbase + 3 * H], hn = ws[wbase + 4 * H];
    scalar_t go = gradHy[e];
    scalar_t gz = go * (hx - n) * (1 - z) * z;
    scalar_t gn = go * (1 - z) * (1 - n * n); /* the gradient of n's pre-activation */
    scalar_t gr = gn * hn * (1 - r) * r;
    gradInputGates[base] = gr, gradInputGates[base + H] = gz, gradInputGates[base + 2 * H] = gn;
    gradHiddenGates[base] = gr, gradHiddenGates[base + H] = gz, gradHiddenGates[base + 2 * H] = gn * r;
    gradHx[e] = go * z;
  }
}

/* out[c * os] += scale * sum_b g[b, c] for g [B, C], summed in double, blocks of columns per thread. */
static void FN(accColumnSums)(const scalar_t *g, int64_t B, int64_t C, double scale, scalar_t *out, int64_t os) {
  enum { BLOCK = 64 };
  int64_t c0;
#pragma omp parallel for if (C > BLOCK && B * C > THNN_FUSED_RNN_GRAIN)
  for (c0 = 0; c0 < C; c0 += BLOCK) {
    int64_t w = C - c0 < BLOCK ? C - c0 : BLOCK;
    double acc[BLOCK] = {0};
    for (int64_t b = 0; b < B; b++)
      for (int64_t c = 0; c < w; c++) acc[c] += (double)g[b * C + c0 + c];
    for (int64_t c = 0; c < w; c++) out[(c0 + c) * os] += (scalar_t)(scale * acc[c]);
  }
}

#undef FN
