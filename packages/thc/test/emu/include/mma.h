/* mma.h for test/emu: the warp matrix fragments (nvcuda::wmma) libTHC's float16/bfloat16 GEMM
 * kernel uses, on the host. Every thread of the warp holds the whole tile (the real fragment is
 * spread over the lanes); loads and stores synchronise the warp, as the real ones do, and a store
 * writes each element once (lane l the elements l, l + 32, ...). Products accumulate in float. */
#ifndef THC_EMU_MMA_H
#define THC_EMU_MMA_H

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <type_traits>

void thcEmuSyncWarp();
int thcEmuLane(); /* the calling thread's lane in its warp */

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };

template <typename Use, int M, int N, int K> struct Shape;
template <int M, int N, int K> struct Shape<matrix_a, M, N, K> { static const int rows = M, cols = K; };
template <int M, int N, int K> struct Shape<matrix_b, M, N, K> { static const int rows = K, cols = N; };
template <int M, int N, int K> struct Shape<accumulator, M, N, K> { static const int rows = M, cols = N; };

template <typename Use, int M, int N, int K, typename T, typename Layout = void> struct fragment {
  typedef Shape<Use, M, N, K> S;
  static const int rows = S::rows, cols = S::cols, num_elements = S::rows * S::cols;
  float x[num_elements]; /* row-major, as float */
};

inline float toFloat(float v) { return v; }
inline float toFloat(__half v) { return __half2float(v); }
inline float toFloat(__nv_bfloat16 v) { return __bfloat162float(v); }
template <typename Use, int M, int N, int K, typename T, typename L, typename V> inline void fill_fragment(fragment<Use, M, N, K, T, L> &f, V v) {
  for (int i = 0; i < f.num_elements; i++) f.x[i] = toFloat(v);
}

template <typename Use, int M, int N, int K, typename T, typename L>
inline void load_matrix_sync(fragment<Use, M, N, K, T, L> &f, const T *p, unsigned ldm) {
  thcEmuSyncWarp();
  const bool rowMajor = std::is_same<L, row_major>::value;
  for (int r = 0; r < f.rows; r++)
    for (int c = 0; c < f.cols; c++) f.x[r * f.cols + c] = toFloat(rowMajor ? p[r * ldm + c] : p[c * ldm + r]);
}

template <int M, int N, int K, typename T, typename LA, typename LB>
inline void mma_sync(fragment<accumulator, M, N, K, float> &d, const fragment<matrix_a, M, N, K, T, LA> &a,
                     const fragment<matrix_b, M, N, K, T, LB> &b, const fragment<accumulator, M, N, K, float> &c) {
  float out[M * N];
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float s = c.x[i * N + j];
      for (int k = 0; k < K; k++) s += a.x[i * K + k] * b.x[k * N + j];
      out[i * N + j] = s;
    }
  for (int e = 0; e < M * N; e++) d.x[e] = out[e];
}

template <int M, int N, int K>
inline void store_matrix_sync(float *p, const fragment<accumulator, M, N, K, float> &f, unsigned ldm, layout_t layout) {
  thcEmuSyncWarp();
  for (int e = thcEmuLane(); e < M * N; e += 32) {
    const int r = e / N, c = e % N;
    p[layout == mem_row_major ? r * ldm + c : c * ldm + r] = f.x[e];
  }
}

} // namespace wmma
} // namespace nvcuda

#endif
