/* Grid sampler kernels for one scalar type (included by THNNGridSampler.c with scalar_t and SUF).
 * Tensors are contiguous here: input [N, C, spatial], grid [N, outSpatial, nd], output
 * [N, C, outSpatial]. Each grid location becomes a Sample — the input elements it reads (taps, as
 * offsets into one channel plane), their weights, and what the grid gradient needs — and every
 * channel then reads the same taps. Coordinates are computed in scalar_t, as PyTorch does. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

typedef struct FN(Sample) {
  int n;                                  /* taps inside the input */
  int64_t offset[THNN_GRID_MAX_TAPS];
  scalar_t weight[THNN_GRID_MAX_TAPS];
  scalar_t dweight[THNN_GRID_MAX_TAPS][3]; /* d weight / d source coordinate, per grid component */
  scalar_t mult[3];                        /* d source coordinate / d grid component */
} FN(Sample);

/* PyTorch's grid_sampler_unnormalize_set_grad. */
static inline scalar_t FN(unnormalize)(scalar_t c, int64_t size, int align, scalar_t *grad) {
  if (align) {
    *grad = (scalar_t)(size - 1) / 2;
    return ((c + 1) / 2) * (scalar_t)(size - 1);
  }
  *grad = (scalar_t)size / 2;
  return ((c + 1) * (scalar_t)size - 1) / 2;
}

/* PyTorch's clip_coordinates_set_grad (NaN passes through). */
static inline scalar_t FN(clip)(scalar_t c, int64_t size, scalar_t *grad) {
  const scalar_t hi = (scalar_t)(size - 1);
  if (c <= 0) return *grad = 0, (scalar_t)0;
  if (c >= hi) return *grad = 0, hi;
  *grad = 1;
  return c;
}

/* PyTorch's reflect_coordinates_set_grad: mirror c into [twiceLow / 2, twiceHigh / 2]. */
static inline scalar_t FN(reflect)(scalar_t c, int64_t twiceLow, int64_t twiceHigh, scalar_t *grad) {
  if (twiceLow == twiceHigh || !isfinite(c)) return *grad = 0, (twiceLow == twiceHigh ? (scalar_t)0 : c);
  const scalar_t lo = (scalar_t)twiceLow / 2, span = (scalar_t)(twiceHigh - twiceLow) / 2;
  c -= lo;
  scalar_t sign = 1;
  if (c < 0) sign = -1, c = -c;
  const scalar_t extra = fmod(c, span);
  if (fmod(floor(c / span), (scalar_t)2) == 0) return *grad = sign, extra + lo; /* an even number of flips */
  *grad = -sign;
  return span - extra + lo;
}

/* The padding of one coordinate already in pixel units; *grad gets its derivative. */
static inline scalar_t FN(pad)(scalar_t c, int64_t size, THNNGridSamplerPadding padding, int align, scalar_t *grad) {
  scalar_t g1 = 1, g2 = 1;
  if (padding == THNN_GridSamplerBorder) c = FN(clip)(c, size, &g2);
  else if (padding == THNN_GridSamplerReflection) {
    c = align ? FN(reflect)(c, 0, 2 * (size - 1), &g1) : FN(reflect)(c, -1, 2 * size - 1, &g1);
    c = FN(clip)(c, size, &g2);
  }
  *grad = g1 * g2;
  return c;
}

static void FN(cubicWeights)(scalar_t t, scalar_t *w, scalar_t *dw) {
  const scalar_t A = (scalar_t)-0.75;
#define CC1(x) ((((A + 2) * (x) - (A + 3)) * (x) * (x)) + 1)
#define CC2(x) ((((A * (x) - 5 * A) * (x) + 8 * A) * (x)) - 4 * A)
#define DCC1(x) ((3 * (A + 2) * (x) - 2 * (A + 3)) * (x))
#define DCC2(x) ((3 * A * (x) - 10 * A) * (x) + 8 * A)
  w[0] = CC2(t + 1), w[1] = CC1(t), w[2] = CC1(1 - t), w[3] = CC2(2 - t);
  dw[0] = DCC2(t + 1), dw[1] = DCC1(t), dw[2] = -DCC1(1 - t), dw[3] = -DCC2(2 - t);
#undef CC1
#undef CC2
#undef DCC1
#undef DCC2
}

/* The input index of a bicubic tap at integer position p, padded; -1 outside the input. */
static inline int64_t FN(cubicTap)(scalar_t p, int64_t size, THNNGridSamplerPadding padding, int align) {
  scalar_t unused, c = FN(pad)(p, size, padding, align, &unused);
  return c > -1 && c < (scalar_t)size ? (int64_t)c : -1; /* PyTorch truncates, then bounds-checks */
}

/* The Sample of one grid location gp (nd components: x, y[, z]). */
static void FN(locate)(const GridGeom *g, const scalar_t *gp, FN(Sample) *s) {
  const int nd = g->nd;
  scalar_t w[3][2], src[3];
  int64_t i0[3];
  s->n = 0;
  s->mult[0] = s->mult[1] = s->mult[2] = 0;
  if (g->mode == THNN_GridSamplerBicubic) { /* nd == 2: each tap is padded on its own */
    scalar_t wx[4], dwx[4], wy[4], dwy[4], fx, fy;
    scalar_t ux = FN(unnormalize)(gp[0], g->in[1], g->align, &s->mult[0]);
    scalar_t uy = FN(unnormalize)(gp[1], g->in[0], g->align, &s->mult[1]);
    if (!isfinite(ux) || !isfinite(uy)) return (void)(s->mult[0] = s->mult[1] = 0);
    /* far outside, every tap pads to the same place; the clamp keeps the casts defined */
    ux = ux < -THNN_GRID_FAR ? -THNN_GRID_FAR : ux > THNN_GRID_FAR ? THNN_GRID_FAR : ux;
    uy = uy < -THNN_GRID_FAR ? -THNN_GRID_FAR : uy > THNN_GRID_FAR ? THNN_GRID_FAR : uy;
    fx = floor(ux), fy = floor(uy);
    FN(cubicWeights)(ux - fx, wx, dwx);
    FN(cubicWeights)(uy - fy, wy, dwy);
    for (int j = 0; j < 4; j++) {
      const int64_t iy = FN(cubicTap)(fy - 1 + j, g->in[0], g->padding, g->align);
      for (int i = 0; i < 4; i++) {
        const int64_t ix = FN(cubicTap)(fx - 1 + i, g->in[1], g->padding, g->align);
        if (iy < 0 || ix < 0) continue;
        const int k = s->n++;
        s->offset[k] = iy * g->in[1] + ix;
        s->weight[k] = wx[i] * wy[j];
        s->dweight[k][0] = dwx[i] * wy[j], s->dweight[k][1] = wx[i] * dwy[j];
      }
    }
    return;
  }
  for (int d = 0; d < nd; d++) { /* grid component d runs along input dim nd - 1 - d */
    const int64_t size = g->in[nd - 1 - d];
    scalar_t gu, gp_;
    src[d] = FN(pad)(FN(unnormalize)(gp[d], size, g->align, &gu), size, g->padding, g->align, &gp_);
    s->mult[d] = gu * gp_;
    if (g->mode == THNN_GridSamplerNearest) {
      /* PyTorch 1.13 rounds ties to even in 2-D (nearbyint) and away from zero in 3-D (round) */
      const scalar_t r = nd == 2 ? nearbyint(src[d]) : round(src[d]);
      if (!(r >= 0 && r < (scalar_t)size)) return;
      i0[d] = (int64_t)r;
    } else {
      if (!(src[d] > -2 && src[d] < (scalar_t)(size + 1))) return; /* every corner outside (or NaN) */
      i0[d] = (int64_t)floor(src[d]);
      w[d][0] = (scalar_t)(i0[d] + 1) - src[d], w[d][1] = src[d] - (scalar_t)i0[d];
    }
  }
  if (g->mode == THNN_GridSamplerNearest) {
    s->n = 1;
    s->offset[0] = nd == 2 ? i0[1] * g->in[1] + i0[0] : (i0[2] * g->in[1] + i0[1]) * g->in[2] + i0[0];
    s->weight[0] = 1;
    s->dweight[0][0] = s->dweight[0][1] = s->dweight[0][2] = 0;
    return;
  }
  /* corners with the last grid component (outermost input dim) varying slowest: nw, ne, sw, se */
  for (int corner = 0; corner < (1 << nd); corner++) {
    int64_t offset = 0;
    int inside = 1;
    for (int d = nd - 1; d >= 0; d--) {
      const int64_t i = i0[d] + ((corner >> d) & 1), size = g->in[nd - 1 - d];
      inside = inside && i >= 0 && i < size;
      offset = offset * size + i;
    }
    if (!inside) continue;
    const int k = s->n++;
    s->offset[k] = offset;
    scalar_t weight = 1;
    for (int d = 0; d < nd; d++) weight *= w[d][(corner >> d) & 1];
    s->weight[k] = weight;
    for (int d = 0; d < nd; d++) {
      scalar_t dw = (corner >> d) & 1 ? 1 : -1;
      for (int e = 0; e < nd; e++)
        if (e != d) dw *= w[e][(corner >> e) & 1];
      s->dweight[k][d] = dw;
    }
  }
}

static void FN(gridSampleForward)(const GridGeom *g, const scalar_t *x, const scalar_t *grid, scalar_t *y) {
  const int64_t locs = g->N * g->outSpatial;
  int64_t l;
#pragma omp parallel for if (locs > 1 && locs * g->C > THNN_GRID_GRAIN)
  for (l = 0; l < locs; l++) {
    FN(Sample) s;
    FN(locate)(g, grid + l * g->nd, &s);
    const int64_t n = l / g->outSpatial, o = l % g->outSpatial;
    for (int64_t c = 0; c < g->C; c++) {
      const scalar_t *plane = x + (n * g->C + c) * g->inSpatial;
      scalar_t v = 0;
      for (int k = 0; k < s.n; k++) v += plane[s.offset[k]] * s.weight[k];
      y[(n * g->C + c) * g->outSpatial + o] = v;
    }
  }
}

/* gi (zeroed by the caller, or NULL) += the taps' share of g; gg = the grid gradient. Batch items
 * are split over the threads (locations of one item add into the same gi plane). */
static void FN(gridSampleBackward)(const GridGeom *g, const scalar_t *x, const scalar_t *grid, const scalar_t *go,
                                   scalar_t *gi, scalar_t *gg) {
  int64_t n;
#pragma omp parallel for if (g->N > 1 && g->N * g->outSpatial * g->C > THNN_GRID_GRAIN)
  for (n = 0; n < g->N; n++) {
    for (int64_t o = 0; o < g->outSpatial; o++) {
      const int64_t l = n * g->outSpatial + o;
      FN(Sample) s;
      FN(locate)(g, grid + l * g->nd, &s);
      scalar_t dsrc[3] = {0, 0, 0};
      for (int64_t c = 0; c < g->C; c++) {
        const scalar_t gout = go[(n * g->C + c) * g->outSpatial + o];
        const scalar_t *plane = x + (n * g->C + c) * g->inSpatial;
        scalar_t *giPlane = gi ? gi + (n * g->C + c) * g->inSpatial : NULL;
        for (int k = 0; k < s.n; k++) {
          if (giPlane) giPlane[s.offset[k]] += s.weight[k] * gout;
          const scalar_t v = plane[s.offset[k]];
          for (int d = 0; d < g->nd; d++) dsrc[d] += v * s.dweight[k][d] * gout;
        }
      }
      for (int d = 0; d < g->nd; d++) gg[l * g->nd + d] = s.mult[d] * dsrc[d];
    }
  }
}

#undef FN
