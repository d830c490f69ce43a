/* F(2x2, 3x3) transforms for one scalar type (included by THNNConvolutionWinograd.c with scalar_t
 * and SUF defined). With d a 4x4 input tile, g a 3x3 filter and m the 4x4 products:
 *   V = B^T d B,  U = G g G^T,  M = sum over input channels of U . V,  y (2x2) = A^T M A,
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
 *   A^T = [1 1 1 0; 0 1 -1 -1].
 * The sixteen entries xi = 4 * row + column of U, V and M are sixteen matrices: U [16][outG][inG]
 * per group, V [16][inC][T] and M [16][outC][T] for a chunk of T tiles (tile rows times tiles
 * per row). Input planes are first padded and split into even and odd columns, so that the
 * transforms read and write whole vectors along a row of tiles. */

#define FN(name) THNN_CONCAT3(name, _, SUF)

/* U of every filter: group g's block is U + g * 16 * outG * inG. */
static void FN(wgFilters)(const scalar_t *W, scalar_t *U, int64_t groups, int64_t outG, int64_t inG, int adjoint) {
  for (int64_t g = 0; g < groups; g++)
    for (int64_t o = 0; o < outG; o++)
      for (int64_t i = 0; i < inG; i++) {
        scalar_t f[3][3], t[4][3];
        const scalar_t *src = adjoint ? W + ((g * inG + i) * outG + o) * 9 : W + ((g * outG + o) * inG + i) * 9;
        for (int k = 0; k < 9; k++) f[k / 3][k % 3] = adjoint ? src[8 - k] : src[k];
        for (int j = 0; j < 3; j++) {
          t[0][j] = f[0][j];
          t[1][j] = (scalar_t)0.5 * (f[0][j] + f[1][j] + f[2][j]);
          t[2][j] = (scalar_t)0.5 * (f[0][j] - f[1][j] + f[2][j]);
          t[3][j] = f[2][j];
        }
        scalar_t *u = U + (g * 16 * outG + o) * inG + i;
        for (int a = 0; a < 4; a++) {
          u[(a * 4 + 0) * outG * inG] = t[a][0];
          u[(a * 4 + 1) * outG * inG] = (scalar_t)0.5 * (t[a][0] + t[a][1] + t[a][2]);
          u[(a * 4 + 2) * outG * inG] = (scalar_t)0.5 * (t[a][0] - t[a][1] + t[a][2]);
          u[(a * 4 + 3) * outG * inG] = t[a][2];
        }
      }
}

/* The planes of one sample, padded (rows 0 .. hp, columns 0 .. 2 * wh, the input at (padTop,
 * padLeft)) and split: plane c's even columns at P + c * 2 * hp * wh, its odd ones hp * wh after.
 * row: scratch of 2 * wh elements. */
THNN_CLONES static void FN(wgPad)(const THNNWinograd *w, const scalar_t *x, scalar_t *P, int64_t hp, int64_t wh,
                                  scalar_t *row) {
  const int64_t width = 2 * wh, lo = w->padLeft < width ? w->padLeft : width;
  const int64_t hi = w->padLeft + w->inW < width ? w->padLeft + w->inW : width;
  for (int64_t c = 0; c < w->inC; c++)
    for (int64_t r = 0; r < hp; r++) {
      const int64_t ih = r - w->padTop;
      memset(row, 0, sizeof(scalar_t) * (size_t)width);
      if (ih >= 0 && ih < w->inH && hi > lo)
        memcpy(row + lo, x + (c * w->inH + ih) * w->inW + lo - w->padLeft, sizeof(scalar_t) * (size_t)(hi - lo));
      scalar_t *restrict even = P + (c * 2 * hp + r) * wh, *restrict odd = even + hp * wh;
      for (int64_t k = 0; k < wh; k++) even[k] = row[2 * k], odd[k] = row[2 * k + 1];
    }
}

/* V for tile rows [ty0, ty0 + nt) of the padded sample. */
THNN_CLONES static void FN(wgInput)(const scalar_t *P, scalar_t *restrict V, int64_t inC, int64_t hp, int64_t wh,
                                    int64_t ty0, int64_t nt, int64_t T) {
  const int64_t tw = wh - 1;
  for (int64_t c = 0; c < inC; c++)
    for (int64_t r = 0; r < nt; r++) {
      const scalar_t *e[4], *o[4];
      for (int a = 0; a < 4; a++) {
        e[a] = P + (c * 2 * hp + 2 * (ty0 + r) + a) * wh;
        o[a] = e[a] + hp * wh;
      }
      scalar_t *v = V + c * T + r * tw;
      const int64_t xi = inC * T; /* from one entry's matrix to the next */
#pragma omp simd
      for (int64_t tx = 0; tx < tw; tx++) {
        scalar_t s[4][4];
        for (int b = 0; b < 4; b++) {
          const scalar_t d0 = b & 1 ? o[0][tx + b / 2] : e[0][tx + b / 2], d1 = b & 1 ? o[1][tx + b / 2] : e[1][tx + b / 2];
          const scalar_t d2 = b & 1 ? o[2][tx + b / 2] : e[2][tx + b / 2], d3 = b & 1 ? o[3][tx + b / 2] : e[3][tx + b / 2];
          s[0][b] = d0 - d2, s[1][b] = d1 + d2, s[2][b] = d2 - d1, s[3][b] = d1 - d3;
        }
        for (int a = 0; a < 4; a++) {
          v[(a * 4 + 0) * xi + tx] = s[a][0] - s[a][2];
          v[(a * 4 + 1) * xi + tx] = s[a][1] + s[a][2];
          v[(a * 4 + 2) * xi + tx] = s[a][2] - s[a][1];
          v[(a * 4 + 3) * xi + tx] = s[a][1] - s[a][3];
        }
      }
    }
}

/* Output rows of tile rows [ty0, ty0 + nt): y = init + A^T M A. row: scratch of 4 * tw elements. */
THNN_CLONES static void FN(wgOutput)(const THNNWinograd *w, const scalar_t *M, const scalar_t *bias, scalar_t *y,
                                     int64_t tw, int64_t ty0, int64_t nt, int64_t T, scalar_t *row) {
  const int64_t xi = w->outC * T, pairs = w->outW / 2;
  for (int64_t co = 0; co < w->outC; co++) {
    const scalar_t init = bias ? bias[co] : 0;
    for (int64_t r = 0; r < nt; r++) {
      const scalar_t *m = M + co * T + r * tw;
      scalar_t *restrict out[4] = {row, row + tw, row + 2 * tw, row + 3 * tw}; /* (row a, even/odd column) */
#pragma omp simd
      for (int64_t tx = 0; tx < tw; tx++) {
        scalar_t q[2][4];
        for (int b = 0; b < 4; b++) {
          const scalar_t m0 = m[b * xi + tx], m1 = m[(4 + b) * xi + tx], m2 = m[(8 + b) * xi + tx], m3 = m[(12 + b) * xi + tx];
          q[0][b] = m0 + m1 + m2, q[1][b] = m1 - m2 - m3;
        }
        for (int a = 0; a < 2; a++) {
          out[2 * a][tx] = init + q[a][0] + q[a][1] + q[a][2];
          out[2 * a + 1][tx] = init + q[a][1] - q[a][2] - q[a][3];
        }
      }
      for (int a = 0; a < 2; a++) {
        const int64_t oh = 2 * (ty0 + r) + a;
        if (oh >= w->outH) break;
        scalar_t *restrict yrow = y + (co * w->outH + oh) * w->outW;
        for (int64_t k = 0; k < pairs; k++) yrow[2 * k] = out[2 * a][k], yrow[2 * k + 1] = out[2 * a + 1][k];
        if (w->outW & 1) yrow[w->outW - 1] = out[2 * a][pairs];
      }
    }
  }
}

/* Z for tile rows [ty0, ty0 + nt): (A g A^T) of each 2x2 tile g of the sample's gradOutput gy
 * (zeros past its edge), A = [1 0; 1 1; 1 -1; 0 -1] (F(2x2, 3x3)'s A^T, transposed). row:
 * scratch of 4 * tw elements. */
THNN_CLONES static void FN(wgGradTiles)(const THNNWinograd *w, const scalar_t *gy, scalar_t *restrict Z, int64_t tw,
                                        int64_t ty0, int64_t nt, int64_t T, scalar_t *row) {
  const int64_t xi = w->outC * T, pairs = w->outW / 2;
  for (int64_t co = 0; co < w->outC; co++)
    for (int64_t r = 0; r < nt; r++) {
      scalar_t *in[4] = {row, row + tw, row + 2 * tw, row + 3 * tw}; /* (row a, even/odd column) */
      for (int a = 0; a < 2; a++) {
        const int64_t oh = 2 * (ty0 + r) + a;
        memset(in[2 * a], 0, sizeof(scalar_t) * (size_t)(2 * tw));
        if (oh >= w->outH) continue;
        const scalar_t *grow = gy + (co * w->outH + oh) * w->outW;
        for (int64_t k = 0; k < pairs; k++) in[2 * a][k] = grow[2 * k], in[2 * a + 1][k] = grow[2 * k + 1];
        if (w->outW & 1) in[2 * a][pairs] = grow[w->outW - 1];
      }
      scalar_t *z = Z + co * T + r * tw;
#pragma omp simd
      for (int64_t tx = 0; tx < tw; tx++) {
        const scalar_t g00 = in[0][tx], g01 = in[1][tx], g10 = in[2][tx], g11 = in[3][tx];
        const scalar_t h[4][2] = {{g00, g01}, {g00 + g10, g01 + g11}, {g00 - g10, g01 - g11}, {-g10, -g11}};
        for (int a = 0; a < 4; a++) {
          z[(a * 4 + 0) * xi + tx] = h[a][0];
          z[(a * 4 + 1) * xi + tx] = h[a][0] + h[a][1];
          z[(a * 4 + 2) * xi + tx] = h[a][0] - h[a][1];
          z[(a * 4 + 3) * xi + tx] = -h[a][1];
        }
      }
    }
}

/* dW += scale * G^T S G, G^T = [1 .5 .5 0; 0 .5 -.5 0; 0 .5 .5 1] (F(2x2, 3x3)'s G, transposed),
 * for S the sum of the threads' [groups][16][outG][inG] blocks. */
static void FN(wgWeights)(const scalar_t *S, scalar_t *dW, int threads, int64_t groups, int64_t outG, int64_t inG,
                          double scale) {
  const int64_t perThread = groups * 16 * outG * inG;
  for (int64_t g = 0; g < groups; g++)
    for (int64_t o = 0; o < outG; o++)
      for (int64_t i = 0; i < inG; i++) {
        double s[4][4] = {{0}}, t[3][4];
        for (int xi = 0; xi < 16; xi++)
          for (int k = 0; k < threads; k++) s[xi / 4][xi % 4] += S[k * perThread + ((g * 16 + xi) * outG + o) * inG + i];
        for (int c = 0; c < 4; c++) {
          t[0][c] = s[0][c] + 0.5 * (s[1][c] + s[2][c]);
          t[1][c] = 0.5 * (s[1][c] - s[2][c]);
          t[2][c] = 0.5 * (s[1][c] + s[2][c]) + s[3][c];
        }
        scalar_t *dw = dW + ((g * outG + o) * inG + i) * 9;
        for (int a = 0; a < 3; a++) {
          dw[a * 3 + 0] += (scalar_t)(scale * (t[a][0] + 0.5 * (t[a][1] + t[a][2])));
          dw[a * 3 + 1] += (scalar_t)(scale * 0.5 * (t[a][1] - t[a][2]));
          dw[a * 3 + 2] += (scalar_t)(scale * (0.5 * (t[a][1] + t[a][2]) + t[a][3]));
        }
      }
}

#undef FN
