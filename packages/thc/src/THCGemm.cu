/* THCGemm.cu — the built-in GEMM, used where cuBLAS is absent (or turned off) and for integer
 * dtypes, which cuBLAS does not multiply:
 * - float32: 128x128 tiles of C per 256-thread block, 8x8 outputs per thread in registers, K in
 *   steps of 8 through double-buffered shared memory (the next step's tiles are read from global
 *   memory into registers while the current step is computed);
 * - float16 / bfloat16: on a 9.0 GPU, where TMA can read the operands, the Hopper kernel
 *   (sm90/THCGemmSm90.cu); elsewhere tensor cores through WMMA (16x16x16 fragments, float
 *   accumulation), 128x128x32 tiles, 8 warps of 64x32 each, double-buffered;
 * - float64 and the integer dtypes (int64 accumulation): 64x64x16 tiles, 4x4 outputs per thread;
 * - y = A x (one column or one row of C) by a reduction kernel per row instead of tiles.
 * Every kernel reads A, B and C with any strides (tiles are gathered element by element where the
 * layout does not allow 16-byte vector loads), pads the edges of M, N and K with zeros, and never
 * reads C when beta == 0. Batches run over gridDim.z (in chunks of 65535); tiles over gridDim.x in
 * groups of 8 tile rows, so that neighbouring blocks share tiles of A and B in L2. */
#include <mma.h>

#include "THCBlasDevice.cuh"
#include "THCGemmTile.cuh"

using namespace thcblas;
using thcgemm::Bits16;

namespace {

/* One launch's operands: element (i, j) of matrix X in batch b at X + b * bsX + i * rsX + j * csX. */
struct TileArgs {
  int64_t M, N, K;
  const void *A;
  int64_t rsA, csA, bsA;
  const void *B;
  int64_t rsB, csB, bsB;
  void *C;
  int64_t rsC, csC, bsC;
  int64_t tilesM, tilesN;
  int dtype, es; /* es: bytes per element */
  /* modeA 0: A's tile is gathered along K (K contiguous, or general strides); 1: along M.
   * modeB 0: along N (N contiguous, or general); 1: along K. vecX: 16-byte vector loads allowed
   * (the contiguous dim has stride 1, the other stride, batch stride and base are aligned). */
  int modeA, modeB, vecA, vecB, vecC;
};

template <int BM, int BN>
__device__ __forceinline__ void tileOrigin(const TileArgs &p, int64_t &m0, int64_t &n0) {
  thcgemm::tileOrigin(blockIdx.x, p.tilesM, p.tilesN, BM, BN, m0, n0);
}

/* One thread's run of V elements (16 bytes) of an operand's tile, moved as one word. */
template <typename E, int V>
union Run {
  uint4 u;
  E e[V];
};

/* Tiles of both operands as ROWS x BK: A's rows are M, B's are N (B read transposed); element
 * (r, k) of X at X[r * rs + k * ks]. Run v of the tile is V consecutive elements along K
 * (kMajor: K is contiguous, or neither dim is) or along the rows; vec: the run may be one 16-byte
 * load (unit stride along it, aligned). Parts past R rows or K are zeros. v is unsigned: its
 * divisions are shifts (signed ones cost the float32 kernel its last free registers). */
template <typename E, int V, int ROWS, int BK>
__device__ __forceinline__ void loadRun(Run<E, V> &run, const E *X, int64_t rs, int64_t ks, int64_t R, int64_t K,
                                        int64_t r0, int64_t k0, int kMajor, int vec, unsigned v) {
  static_assert(sizeof(E) * V == 16, "a run is one 16-byte word");
  if (kMajor) {
    const int64_t r = r0 + (int)(v / (BK / V)), k = k0 + (int)(v % (BK / V)) * V;
    if (vec && r < R && k + V <= K) {
      run.u = *(const uint4 *)(X + r * rs + k);
    } else {
#pragma unroll
      for (int e = 0; e < V; e++) run.e[e] = r < R && k + e < K ? X[r * rs + (k + e) * ks] : E(0);
    }
  } else {
    const int64_t k = k0 + (int)(v / (ROWS / V)), r = r0 + (int)(v % (ROWS / V)) * V;
    if (vec && k < K && r + V <= R) {
      run.u = *(const uint4 *)(X + r + k * ks);
    } else {
#pragma unroll
      for (int e = 0; e < V; e++) run.e[e] = k < K && r + e < R ? X[(r + e) * rs + k * ks] : E(0);
    }
  }
}

/* Run v (as loadRun placed it) into shared memory laid out [row][k] (ROW_K) or [k][row], rows LD
 * apart: one 16-byte store where the run lies along the contiguous dim, else element by element. */
template <typename E, int V, int ROWS, int BK, bool ROW_K, int LD>
__device__ __forceinline__ void storeRun(E *tile, const Run<E, V> &run, int kMajor, unsigned v) {
  const int r = (int)(kMajor ? v / (BK / V) : (v % (ROWS / V)) * V);
  const int k = (int)(kMajor ? (v % (BK / V)) * V : v / (ROWS / V));
  if (kMajor == ROW_K) {
    *(uint4 *)(tile + (ROW_K ? r * LD + k : k * LD + r)) = run.u;
  } else {
#pragma unroll
    for (int e = 0; e < V; e++) tile[ROW_K ? (r + e) * LD + k : (k + e) * LD + r] = run.e[e];
  }
}

/* ---------------------------------------------------------------- float32 */

constexpr int SG_BM = 128, SG_BN = 128, SG_BK = 8, SG_LD = 128 + 4; /* +4: no bank conflicts on transposed stores */

__global__ void __launch_bounds__(256, 2) sgemmKernel(TileArgs p, float alpha, float beta, int64_t batchBase) {
  __shared__ __align__(16) float As[2][SG_BK][SG_LD]; /* As[k][m] */
  __shared__ __align__(16) float Bs[2][SG_BK][SG_LD]; /* Bs[k][n] */
  const int tid = threadIdx.x;
  int64_t m0, n0;
  tileOrigin<SG_BM, SG_BN>(p, m0, n0);
  const int64_t b = batchBase + blockIdx.z;
  const float *A = (const float *)p.A + b * p.bsA;
  const float *B = (const float *)p.B + b * p.bsB;
  float *C = (float *)p.C + b * p.bsC;
  const int64_t M = p.M, N = p.N, K = p.K;

  /* A's tile and B's (transposed) are 128 x 8; B is K-major when its rows (K) are contiguous */
  Run<float, 4> ra, rb;
  const int kMajorA = p.modeA == 0, kMajorB = p.modeB == 1;
  auto loadA = [&](int64_t k0) { loadRun<float, 4, SG_BM, SG_BK>(ra, A, p.rsA, p.csA, M, K, m0, k0, kMajorA, p.vecA, tid); };
  auto loadB = [&](int64_t k0) { loadRun<float, 4, SG_BN, SG_BK>(rb, B, p.csB, p.rsB, N, K, n0, k0, kMajorB, p.vecB, tid); };
  auto storeA = [&](int buf) { storeRun<float, 4, SG_BM, SG_BK, false, SG_LD>(&As[buf][0][0], ra, kMajorA, tid); };
  auto storeB = [&](int buf) { storeRun<float, 4, SG_BN, SG_BK, false, SG_LD>(&Bs[buf][0][0], rb, kMajorB, tid); };

  /* thread (tx, ty) owns rows ty*4 + {0..3} and 64 + ty*4 + {0..3}, columns likewise with tx */
  const int tx = tid & 15, ty = tid >> 4;
  float acc[8][8];
#pragma unroll
  for (int i = 0; i < 8; i++)
#pragma unroll
    for (int j = 0; j < 8; j++) acc[i][j] = 0.f;

  const int64_t nk = (K + SG_BK - 1) / SG_BK;
  loadA(0);
  loadB(0);
  storeA(0);
  storeB(0);
  __syncthreads();
  int buf = 0;
  for (int64_t t = 0; t < nk; t++) {
    const bool more = t + 1 < nk;
    if (more) { /* global -> registers for the next step, overlapping the math below */
      loadA((t + 1) * SG_BK);
      loadB((t + 1) * SG_BK);
    }
#pragma unroll
    for (int k = 0; k < SG_BK; k++) {
      const float4 a0 = *(const float4 *)&As[buf][k][ty * 4];
      const float4 a1 = *(const float4 *)&As[buf][k][64 + ty * 4];
      const float4 b0 = *(const float4 *)&Bs[buf][k][tx * 4];
      const float4 b1 = *(const float4 *)&Bs[buf][k][64 + tx * 4];
      const float a[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
      const float bb[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
      for (int i = 0; i < 8; i++)
#pragma unroll
        for (int j = 0; j < 8; j++) acc[i][j] = fmaf(a[i], bb[j], acc[i][j]);
    }
    if (more) { /* the other buffer: everyone finished reading it before the last barrier */
      storeA(buf ^ 1);
      storeB(buf ^ 1);
    }
    __syncthreads();
    buf ^= 1;
  }

#pragma unroll
  for (int i = 0; i < 8; i++) {
    const int64_t gm = m0 + (i < 4 ? ty * 4 + i : 64 + ty * 4 + (i - 4));
    if (gm >= M) continue;
    float *crow = C + gm * p.rsC;
#pragma unroll
    for (int h = 0; h < 2; h++) {
      const int64_t gn = n0 + h * 64 + tx * 4;
      if (p.vecC && gn + 4 <= N) {
        float4 v = make_float4(alpha * acc[i][h * 4], alpha * acc[i][h * 4 + 1], alpha * acc[i][h * 4 + 2],
                               alpha * acc[i][h * 4 + 3]);
        float4 *cp = (float4 *)(crow + gn);
        if (beta != 0.f) {
          const float4 o = *cp;
          v.x += beta * o.x, v.y += beta * o.y, v.z += beta * o.z, v.w += beta * o.w;
        }
        *cp = v;
      } else {
#pragma unroll
        for (int q = 0; q < 4; q++) {
          if (gn + q >= N) break;
          float *cp = crow + (gn + q) * p.csC;
          float v = alpha * acc[i][h * 4 + q];
          if (beta != 0.f) v += beta * *cp;
          *cp = v;
        }
      }
    }
  }
}

/* ---------------------------------------------------------------- float16 / bfloat16 (tensor cores) */

constexpr int WM_BM = 128, WM_BN = 128, WM_BK = 32;
constexpr int WM_LDA = WM_BK + 8, WM_LDB = WM_BN + 8; /* padded rows: no bank conflicts, 32-byte aligned fragments */
constexpr int WM_A_ELEMS = WM_BM * WM_LDA, WM_B_ELEMS = WM_BK * WM_LDB;

template <typename T>
__global__ void __launch_bounds__(256, 2) hgemmKernel(TileArgs p, float alpha, float beta, int64_t batchBase) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
  if (sizeof(T) > 0) __trap(); /* launched only on compute capability >= 8.0 (checked on the host) */
#else
  using namespace nvcuda;
  /* 2 stages of A [BM][LDA] and B [BK][LDB]: 37888 bytes; reused for the epilogue's staging */
  __shared__ __align__(128) unsigned short smem[2 * WM_A_ELEMS + 2 * WM_B_ELEMS];
  unsigned short *As = smem, *Bs = smem + 2 * WM_A_ELEMS;
  const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
  const int wm = warp >> 2, wn = warp & 3; /* this warp's 64x32 part of the tile */
  int64_t m0, n0;
  tileOrigin<WM_BM, WM_BN>(p, m0, n0);
  const int64_t b = batchBase + blockIdx.z;
  const unsigned short *A = (const unsigned short *)p.A + b * p.bsA;
  const unsigned short *B = (const unsigned short *)p.B + b * p.bsB;
  unsigned short *C = (unsigned short *)p.C + b * p.bsC;
  const int64_t M = p.M, N = p.N, K = p.K;

  /* each thread moves two 8-element runs of A's 128 x 32 tile and two of B's (transposed) per stage */
  Run<unsigned short, 8> ra[2], rb[2];
  const int kMajorA = p.modeA == 0, kMajorB = p.modeB == 1;
  auto loadA = [&](int64_t k0) {
#pragma unroll
    for (int r = 0; r < 2; r++)
      loadRun<unsigned short, 8, WM_BM, WM_BK>(ra[r], A, p.rsA, p.csA, M, K, m0, k0, kMajorA, p.vecA, tid + r * 256);
  };
  auto loadB = [&](int64_t k0) {
#pragma unroll
    for (int r = 0; r < 2; r++)
      loadRun<unsigned short, 8, WM_BN, WM_BK>(rb[r], B, p.csB, p.rsB, N, K, n0, k0, kMajorB, p.vecB, tid + r * 256);
  };
  auto storeA = [&](int buf) { /* [m][k] */
#pragma unroll
    for (int r = 0; r < 2; r++)
      storeRun<unsigned short, 8, WM_BM, WM_BK, true, WM_LDA>(As + buf * WM_A_ELEMS, ra[r], kMajorA, tid + r * 256);
  };
  auto storeB = [&](int buf) { /* [k][n] */
#pragma unroll
    for (int r = 0; r < 2; r++)
      storeRun<unsigned short, 8, WM_BN, WM_BK, false, WM_LDB>(Bs + buf * WM_B_ELEMS, rb[r], kMajorB, tid + r * 256);
  };

  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[4][2];
#pragma unroll
  for (int i = 0; i < 4; i++)
#pragma unroll
    for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.f);

  const int64_t nk = (K + WM_BK - 1) / WM_BK;
  loadA(0);
  loadB(0);
  storeA(0);
  storeB(0);
  __syncthreads();
  int buf = 0;
  for (int64_t t = 0; t < nk; t++) {
    const bool more = t + 1 < nk;
    if (more) {
      loadA((t + 1) * WM_BK);
      loadB((t + 1) * WM_BK);
    }
    const T *as = (const T *)(As + buf * WM_A_ELEMS);
    const T *bs = (const T *)(Bs + buf * WM_B_ELEMS);
#pragma unroll 1 /* unrolled, bfloat16's fragment loads get hoisted past the register budget */
    for (int kk = 0; kk < WM_BK; kk += 16) {
      wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::row_major> af[4];
      wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::row_major> bf[2];
#pragma unroll
      for (int i = 0; i < 4; i++) wmma::load_matrix_sync(af[i], as + (wm * 64 + i * 16) * WM_LDA + kk, WM_LDA);
#pragma unroll
      for (int j = 0; j < 2; j++) wmma::load_matrix_sync(bf[j], bs + kk * WM_LDB + wn * 32 + j * 16, WM_LDB);
#pragma unroll
      for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], af[i], bf[j], acc[i][j]);
    }
    if (more) {
      storeA(buf ^ 1);
      storeB(buf ^ 1);
    }
    __syncthreads();
    buf ^= 1;
  }

  /* epilogue: each warp stages one 16x16 fragment at a time in its own 1 KiB of shared memory;
   * each lane then writes 8 consecutive elements of one row */
  float *stage = reinterpret_cast<float *>(smem) + warp * 256;
  const int r = lane >> 1, c0 = (lane & 1) * 8;
#pragma unroll
  for (int i = 0; i < 4; i++)
#pragma unroll
    for (int j = 0; j < 2; j++) {
      wmma::store_matrix_sync(stage, acc[i][j], 16, wmma::mem_row_major);
      __syncwarp();
      const int64_t gm = m0 + wm * 64 + i * 16 + r, gn = n0 + wn * 32 + j * 16 + c0;
      if (gm < M) {
        unsigned short *crow = C + gm * p.rsC;
        const float *sv = stage + r * 16 + c0;
        if (p.vecC && gn + 8 <= N) {
          Run<unsigned short, 8> o, out;
          if (beta != 0.f) o.u = *(const uint4 *)(crow + gn);
#pragma unroll
          for (int e = 0; e < 8; e++) {
            float v = alpha * sv[e];
            if (beta != 0.f) v += beta * Bits16<T>::toF(o.e[e]);
            out.e[e] = Bits16<T>::fromF(v);
          }
          *(uint4 *)(crow + gn) = out.u;
        } else {
          for (int e = 0; e < 8 && gn + e < N; e++) {
            unsigned short *cp = crow + (gn + e) * p.csC;
            float v = alpha * sv[e];
            if (beta != 0.f) v += beta * Bits16<T>::toF(*cp);
            *cp = Bits16<T>::fromF(v);
          }
        }
      }
      __syncwarp();
    }
#endif
}

/* ---------------------------------------------------------------- float64 and integers */

/* Loads and stores in the accumulation type: double (float64) or long long (integer dtypes). */
template <typename Acc>
__device__ __forceinline__ Acc loadAcc(const void *p, int64_t off, int dt);
template <>
__device__ __forceinline__ double loadAcc<double>(const void *p, int64_t off, int dt) { return loadD(p, off, dt); }
template <>
__device__ __forceinline__ long long loadAcc<long long>(const void *p, int64_t off, int dt) { return loadI(p, off, dt); }
template <>
__device__ __forceinline__ float loadAcc<float>(const void *p, int64_t off, int dt) { return loadF(p, off, dt); }
__device__ __forceinline__ void storeAcc(void *p, int64_t off, int dt, double v) { storeD(p, off, dt, v); }
__device__ __forceinline__ void storeAcc(void *p, int64_t off, int dt, float v) { storeD(p, off, dt, (double)v); }
__device__ __forceinline__ void storeAcc(void *p, int64_t off, int dt, long long v) { storeI(p, off, dt, v); }
/* Integer arithmetic wraps (in unsigned, to stay defined), as TH's int64 GEMM does in practice. */
__device__ __forceinline__ double mulAdd(double a, double b, double c) { return fma(a, b, c); }
__device__ __forceinline__ float mulAdd(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ long long mulAdd(long long a, long long b, long long c) {
  return (long long)((unsigned long long)a * (unsigned long long)b + (unsigned long long)c);
}
__device__ __forceinline__ double mulOnly(double a, double b) { return a * b; }
__device__ __forceinline__ float mulOnly(float a, float b) { return a * b; }
__device__ __forceinline__ long long mulOnly(long long a, long long b) {
  return (long long)((unsigned long long)a * (unsigned long long)b);
}

constexpr int SM_BM = 64, SM_BN = 64, SM_BK = 16;

template <typename Acc>
__global__ void __launch_bounds__(256) gemmSimpleKernel(TileArgs p, Acc alpha, Acc beta, int64_t batchBase) {
  __shared__ Acc As[SM_BK][SM_BM + 1];
  __shared__ Acc Bs[SM_BK][SM_BN + 1];
  const int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
  int64_t m0, n0;
  tileOrigin<SM_BM, SM_BN>(p, m0, n0);
  const int64_t b = batchBase + blockIdx.z;
  const int es = p.es;
  const char *A = (const char *)p.A + b * p.bsA * es;
  const char *B = (const char *)p.B + b * p.bsB * es;
  char *C = (char *)p.C + b * p.bsC * es;
  const int64_t M = p.M, N = p.N, K = p.K;
  Acc acc[4][4];
#pragma unroll
  for (int i = 0; i < 4; i++)
#pragma unroll
    for (int j = 0; j < 4; j++) acc[i][j] = 0;

  for (int64_t k0 = 0; k0 < K; k0 += SM_BK) {
#pragma unroll
    for (int e = 0; e < 4; e++) {
      const int idx = tid + e * 256;
      int m, k;
      if (p.modeA == 0) m = idx >> 4, k = idx & 15;
      else m = idx & 63, k = idx >> 6;
      int64_t gm = m0 + m, gk = k0 + k;
      As[k][m] = gm < M && gk < K ? loadAcc<Acc>(A, gm * p.rsA + gk * p.csA, p.dtype) : (Acc)0;
      int n;
      if (p.modeB == 0) n = idx & 63, k = idx >> 6;
      else k = idx & 15, n = idx >> 4;
      const int64_t gn = n0 + n;
      gk = k0 + k;
      Bs[k][n] = gk < K && gn < N ? loadAcc<Acc>(B, gk * p.rsB + gn * p.csB, p.dtype) : (Acc)0;
    }
    __syncthreads();
#pragma unroll
    for (int k = 0; k < SM_BK; k++) {
      Acc a[4], bb[4];
#pragma unroll
      for (int i = 0; i < 4; i++) a[i] = As[k][ty + 16 * i], bb[i] = Bs[k][tx + 16 * i];
#pragma unroll
      for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = mulAdd(a[i], bb[j], acc[i][j]);
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < 4; i++) {
    const int64_t gm = m0 + ty + 16 * i;
    if (gm >= M) continue;
#pragma unroll
    for (int j = 0; j < 4; j++) {
      const int64_t gn = n0 + tx + 16 * j;
      if (gn >= N) continue;
      const int64_t off = gm * p.rsC + gn * p.csC;
      Acc v = mulOnly(alpha, acc[i][j]);
      if (beta != (Acc)0) v = mulAdd(beta, loadAcc<Acc>(C, off, p.dtype), v);
      storeAcc(C, off, p.dtype, v);
    }
  }
}

/* ---------------------------------------------------------------- y = alpha A x + beta y */

struct GemvArgs {
  int64_t M, K;
  const void *A;
  int64_t rsA, csA, bsA;
  const void *x;
  int64_t incx, bsx;
  void *y;
  int64_t incy, bsy;
  int dtype, es;
  int mode; /* 0: a warp per row, 1: a thread per row (A's rows are contiguous down M), 2: a block per row */
};

template <typename Acc>
__device__ __forceinline__ Acc warpSum(Acc v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  return v;
}
__device__ __forceinline__ long long warpSum(long long v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = (long long)((unsigned long long)v + (unsigned long long)__shfl_down_sync(0xffffffffu, v, o));
  return v;
}

template <typename Acc>
__global__ void __launch_bounds__(256) gemvKernel(GemvArgs p, Acc alpha, Acc beta, int64_t batchBase) {
  const int64_t b = batchBase + blockIdx.y;
  const int es = p.es;
  const char *A = (const char *)p.A + b * p.bsA * es;
  const char *x = (const char *)p.x + b * p.bsx * es;
  char *y = (char *)p.y + b * p.bsy * es;
  const int tid = threadIdx.x;
  int64_t row;
  Acc s = 0;
  if (p.mode == 1) {
    row = (int64_t)blockIdx.x * 256 + tid;
    if (row >= p.M) return;
    for (int64_t k = 0; k < p.K; k++)
      s = mulAdd(loadAcc<Acc>(A, row * p.rsA + k * p.csA, p.dtype), loadAcc<Acc>(x, k * p.incx, p.dtype), s);
  } else if (p.mode == 0) {
    row = (int64_t)blockIdx.x * 8 + (tid >> 5);
    if (row >= p.M) return; /* whole warps leave together */
    for (int64_t k = tid & 31; k < p.K; k += 32)
      s = mulAdd(loadAcc<Acc>(A, row * p.rsA + k * p.csA, p.dtype), loadAcc<Acc>(x, k * p.incx, p.dtype), s);
    s = warpSum(s);
    if ((tid & 31) != 0) return;
  } else {
    __shared__ Acc part[8];
    row = blockIdx.x;
    for (int64_t k = tid; k < p.K; k += 256)
      s = mulAdd(loadAcc<Acc>(A, row * p.rsA + k * p.csA, p.dtype), loadAcc<Acc>(x, k * p.incx, p.dtype), s);
    s = warpSum(s);
    if ((tid & 31) == 0) part[tid >> 5] = s;
    __syncthreads();
    if (tid != 0) return;
    s = part[0];
    for (int w = 1; w < 8; w++) s = mulAdd((Acc)1, part[w], s);
  }
  const int64_t off = row * p.incy;
  Acc v = mulOnly(alpha, s);
  if (beta != (Acc)0) v = mulAdd(beta, loadAcc<Acc>(y, off, p.dtype), v);
  storeAcc(y, off, p.dtype, v);
}

/* ---------------------------------------------------------------- C = beta C (K == 0 or alpha == 0) */

struct ScaleArgs {
  int64_t M, N, batch;
  void *C;
  int64_t rsC, csC, bsC;
  int dtype, es;
};

template <typename Acc>
__global__ void scaleKernel(ScaleArgs p, Acc beta) {
  const int64_t total = p.batch * p.M * p.N;
  const int es = p.es;
  for (int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += (int64_t)gridDim.x * blockDim.x) {
    const int64_t j = idx % p.N, t = idx / p.N, i = t % p.M, b = t / p.M;
    char *C = (char *)p.C + b * p.bsC * es;
    const int64_t off = i * p.rsC + j * p.csC;
    storeAcc(C, off, p.dtype, beta == (Acc)0 ? (Acc)0 : mulOnly(beta, loadAcc<Acc>(C, off, p.dtype)));
  }
}

/* ---------------------------------------------------------------- host side */

bool aligned16(const void *p) { return ((uintptr_t)p & 15u) == 0; }

bool isFloating(int t) { return t == TH_Float16 || t == TH_BFloat16 || t == TH_Float32 || t == TH_Float64; }

/* Launches a tiled kernel over every tile and batch: gridDim.x counts tiles (in chunks of rows
 * when their count would pass 2^31 - 1), gridDim.z batches (in chunks of 65535). */
template <typename Launch>
cudaError_t forTiles(TileArgs p, int BM, int BN, int64_t batch, Launch launch) {
  const int64_t tilesN = (p.N + BN - 1) / BN;
  const int64_t maxTilesM = (int64_t)0x7fffffff / tilesN;
  if (maxTilesM < 1) return cudaErrorInvalidConfiguration; /* N beyond 2^38 */
  const int64_t rowsPerChunk = maxTilesM * BM;
  for (int64_t r0 = 0; r0 < p.M; r0 += rowsPerChunk) {
    TileArgs q = p;
    q.M = p.M - r0 < rowsPerChunk ? p.M - r0 : rowsPerChunk;
    q.A = (const char *)p.A + r0 * p.rsA * (int64_t)p.es;
    q.C = (char *)p.C + r0 * p.rsC * (int64_t)p.es;
    q.tilesM = (q.M + BM - 1) / BM;
    q.tilesN = tilesN;
    for (int64_t b0 = 0; b0 < batch; b0 += 65535) {
      const unsigned nz = (unsigned)(batch - b0 < 65535 ? batch - b0 : 65535);
      launch(q, dim3((unsigned)(q.tilesM * q.tilesN), 1, nz), b0);
      cudaError_t err = cudaGetLastError();
      if (err != cudaSuccess) return err;
    }
  }
  return cudaSuccess;
}

/* Whether tiles of X can move in 16-byte vectors along its contiguous dim: that dim has stride 1,
 * the other stride, the batch stride and the base are multiples of `elems` elements (16 bytes). */
int vectorizable(const void *base, int64_t contiguousStride, int64_t otherStride, int64_t batchStride, int64_t batch,
                 int elems) {
  return contiguousStride == 1 && otherStride % elems == 0 && (batch == 1 || batchStride % elems == 0) && aligned16(base);
}

cudaError_t scale(const THCGemmArgs *g, cudaStream_t stream) {
  ScaleArgs s = {g->M, g->N, g->batch, g->C, g->rsC, g->csC, g->bsC, (int)g->dtype, (int)THDType_size(g->dtype)};
  const int64_t total = g->batch * g->M * g->N;
  if (isFloating(g->dtype)) THC_LAUNCH(scaleKernel<double>, gridFor(total, 256), 256, 0, stream, s, g->beta);
  else THC_LAUNCH(scaleKernel<long long>, gridFor(total, 256), 256, 0, stream, s, (long long)g->beta);
  return cudaGetLastError();
}

/* y = alpha A x + beta y over the batch, A being M x K. */
cudaError_t gemv(GemvArgs v, double alpha, double beta, int64_t batch, cudaStream_t stream) {
  if (v.rsA == 1 && v.csA != 1 && v.M >= 2048) v.mode = 1;
  else if (v.M < 1024) v.mode = 2;
  else v.mode = 0;
  const int64_t blocks = v.mode == 1 ? (v.M + 255) / 256 : v.mode == 0 ? (v.M + 7) / 8 : v.M;
  if (blocks > 0x7fffffff) return cudaErrorInvalidConfiguration;
  for (int64_t b0 = 0; b0 < batch; b0 += 65535) {
    const dim3 grid((unsigned)blocks, (unsigned)(batch - b0 < 65535 ? batch - b0 : 65535));
    switch (v.dtype) {
      case TH_Float16: case TH_BFloat16: case TH_Float32:
        THC_LAUNCH(gemvKernel<float>, grid, 256, 0, stream, v, (float)alpha, (float)beta, b0);
        break;
      case TH_Float64: THC_LAUNCH(gemvKernel<double>, grid, 256, 0, stream, v, alpha, beta, b0); break;
      default: THC_LAUNCH(gemvKernel<long long>, grid, 256, 0, stream, v, (long long)alpha, (long long)beta, b0); break;
    }
    cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

}  // namespace

#ifndef THC_HAVE_SM90_GEMM
extern "C" int THCGemm_sm90Usable(void) { return 0; }
#endif

extern "C" cudaError_t THCGemm_builtin(const THCGemmArgs *g, int ccMajor, cudaStream_t stream) {
  if (g->M <= 0 || g->N <= 0 || g->batch <= 0) return cudaSuccess;
  const bool fl = isFloating(g->dtype);
  const int es = (int)THDType_size(g->dtype);
  if (g->K <= 0 || (fl ? g->alpha == 0 : (long long)g->alpha == 0)) return scale(g, stream);

  if (g->N == 1 || g->M == 1) { /* a matrix-vector product: one reduction per element of C */
    GemvArgs v;
    v.dtype = (int)g->dtype;
    v.es = es;
    v.K = g->K;
    if (g->N == 1) { /* C[:, 0] = A B[:, 0] */
      v.M = g->M, v.A = g->A, v.rsA = g->rsA, v.csA = g->csA, v.bsA = g->bsA;
      v.x = g->B, v.incx = g->rsB, v.bsx = g->bsB;
      v.y = g->C, v.incy = g->rsC, v.bsy = g->bsC;
    } else { /* C[0, :]^T = B^T A[0, :]^T */
      v.M = g->N, v.A = g->B, v.rsA = g->csB, v.csA = g->rsB, v.bsA = g->bsB;
      v.x = g->A, v.incx = g->csA, v.bsx = g->bsA;
      v.y = g->C, v.incy = g->csC, v.bsy = g->bsC;
    }
    return gemv(v, g->alpha, g->beta, g->batch, stream);
  }

  TileArgs p;
  p.M = g->M, p.N = g->N, p.K = g->K;
  p.A = g->A, p.rsA = g->rsA, p.csA = g->csA, p.bsA = g->bsA;
  p.B = g->B, p.rsB = g->rsB, p.csB = g->csB, p.bsB = g->bsB;
  p.C = g->C, p.rsC = g->rsC, p.csC = g->csC, p.bsC = g->bsC;
  p.tilesM = p.tilesN = 0;
  p.dtype = (int)g->dtype;
  p.es = es;
  /* gather tiles along the dim that is contiguous in memory */
  p.modeA = g->rsA == 1 && g->csA != 1 ? 1 : 0;
  p.modeB = g->rsB == 1 && g->csB != 1 ? 1 : 0;
  const int ve = 16 / es; /* elements per 16-byte vector */
  p.vecA = p.modeA == 0 ? vectorizable(g->A, g->csA, g->rsA, g->bsA, g->batch, ve)
                        : vectorizable(g->A, g->rsA, g->csA, g->bsA, g->batch, ve);
  p.vecB = p.modeB == 0 ? vectorizable(g->B, g->csB, g->rsB, g->bsB, g->batch, ve)
                        : vectorizable(g->B, g->rsB, g->csB, g->bsB, g->batch, ve);
  p.vecC = vectorizable(g->C, g->csC, g->rsC, g->bsC, g->batch, ve);

  switch (g->dtype) {
    case TH_Float32:
      return forTiles(p, SG_BM, SG_BN, g->batch, [&](const TileArgs &q, dim3 grid, int64_t b0) {
        THC_LAUNCH(sgemmKernel, grid, 256, 0, stream, q, (float)g->alpha, (float)g->beta, b0);
      });
    case TH_Float16:
    case TH_BFloat16:
      if (ccMajor < 8) return cudaErrorNotSupported; /* WMMA on bfloat16 needs sm_80 (and we build for sm_80+) */
#ifdef THC_HAVE_SM90_GEMM
      if (ccMajor == 9) {
        const cudaError_t err = THCGemm_sm90(g, stream);
        if (err != cudaErrorNotSupported) return err;
      }
#endif
      return forTiles(p, WM_BM, WM_BN, g->batch, [&](const TileArgs &q, dim3 grid, int64_t b0) {
        if (g->dtype == TH_Float16) THC_LAUNCH(hgemmKernel<__half>, grid, 256, 0, stream, q, (float)g->alpha, (float)g->beta, b0);
        else THC_LAUNCH(hgemmKernel<__nv_bfloat16>, grid, 256, 0, stream, q, (float)g->alpha, (float)g->beta, b0);
      });
    case TH_Float64:
      return forTiles(p, SM_BM, SM_BN, g->batch, [&](const TileArgs &q, dim3 grid, int64_t b0) {
        THC_LAUNCH(gemmSimpleKernel<double>, grid, 256, 0, stream, q, g->alpha, g->beta, b0);
      });
    default:
      return forTiles(p, SM_BM, SM_BN, g->batch, [&](const TileArgs &q, dim3 grid, int64_t b0) {
        THC_LAUNCH(gemmSimpleKernel<long long>, grid, 256, 0, stream, q, (long long)g->alpha, (long long)g->beta, b0);
      });
  }
}
