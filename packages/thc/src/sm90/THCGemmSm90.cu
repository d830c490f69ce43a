/* THCGemmSm90.cu — the built-in float16/bfloat16 GEMM on Hopper (compute capability 9.0; built
 * as sm_90a, whose wgmma and setmaxnreg instructions no other architecture has):
 * - a block computes a 128x256 tile of C with three warpgroups: a producer issues TMA (tensor
 *   memory accelerator) copies of 64-deep K slices of A and B into a ring of 4 shared-memory
 *   stages; two consumers each multiply 64 rows of the tile by wgmma m64n256k16 (tensor cores
 *   reading shared memory directly) into 128 float accumulators per thread;
 * - per stage, a "full" mbarrier counts the bytes TMA delivered and an "empty" one the consumer
 *   warps done reading, so copies of later slices overlap the products of earlier ones;
 * - either operand may be K-major or M/N-major (wgmma's transpose flags): TMA writes, and wgmma
 *   reads, 128-byte swizzled rows, which keeps both free of bank conflicts;
 * - TMA fills the parts of a box past M, N or K with zeros; the epilogue scales by alpha, adds
 *   beta * C (read only when beta != 0) and stores with bounds checks, in any layout of C.
 * THCGemm_sm90 returns cudaErrorNotSupported where the operands do not suit TMA (unit stride along
 * one dim, 16-byte aligned bases and strides) or the GPU is not a 9.0; the portable kernels
 * (THCGemm.cu) run then. THC_GEMM_SM90=0 turns it off. */
#include <cuda.h> /* CUtensorMap and its enums; cuTensorMapEncodeTiled comes from the driver at run time */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "THCBlasInternal.h"
#include "THCGemmTile.cuh"

namespace {

constexpr int BM = 128, BN = 256, BK = 64, STAGES = 4, THREADS = 384;
constexpr int BOX = 64;                /* elements in one 128-byte swizzled row */
constexpr int ROW_BYTES = BOX * 2;     /* 128 */
constexpr int BOX_BYTES = BOX * BK * 2; /* a 64 x 64 box of an M/N-major operand: 8 KiB */
constexpr int A_BYTES = BM * BK * 2, B_BYTES = BN * BK * 2, STAGE_BYTES = A_BYTES + B_BYTES;
/* the stages, then the full and empty barriers; + 1 KiB to align the stages on 1 KiB (the swizzle period) */
constexpr int SMEM_BYTES = STAGES * STAGE_BYTES + 2 * STAGES * 8 + 1024;
constexpr int CONSUMER_WARPS = 8;

struct Sm90Args {
  int64_t M, N;
  int nk; /* K slices */
  void *C;
  int64_t rsC, csC, bsC;
  int64_t tilesM, tilesN;
  int64_t batchBase;
  float alpha, beta;
  int vecC; /* two neighbouring columns of C form one aligned 32-bit word */
};

__device__ __forceinline__ void barInit(uint32_t bar, uint32_t count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(bar), "r"(count) : "memory");
}
/* the producer's arrival, announcing the bytes its TMA copies will deliver */
__device__ __forceinline__ void barExpectBytes(uint32_t bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void barArrive(uint32_t bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(bar) : "memory");
}
/* A wait this long (ns of the GPU's global timer) can only be a hang, e.g. TMA delivering fewer
 * bytes than announced: the kernel traps with a message rather than holding the GPU forever. */
#define THC_SM90_WAIT_LIMIT_NS 10000000000ull

/* until the barrier's phase of this parity (0, 1, 0, ... for its 1st, 2nd, 3rd completion) is complete */
__device__ __forceinline__ void barWait(uint32_t bar, uint32_t parity) {
  uint64_t start = 0;
  for (;;) {
    uint32_t done;
    asm volatile(
        "{\n .reg .pred p;\n mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n selp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(parity)
        : "memory");
    if (done) return;
    uint64_t now;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
    if (start == 0) {
      start = now;
    } else if (now - start > THC_SM90_WAIT_LIMIT_NS) {
      printf("THCGemm_sm90: block %u thread %u waited over 10 s on an mbarrier: a hang, trapping\n", blockIdx.x, threadIdx.x);
      __trap();
    }
  }
}

/* TMA: the box of `map` at coordinates (c0 innermost, c1, c2) into shared memory at dst, completing
 * its bytes on bar */
__device__ __forceinline__ void tmaLoad(uint32_t dst, const CUtensorMap *map, uint32_t bar, int c0, int c1, int c2) {
  asm volatile(
      "cp.async.bulk.tensor.3d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%3, %4, %5}], [%2];" ::"r"(dst),
      "l"((uint64_t)map), "r"(bar), "r"(c0), "r"(c1), "r"(c2)
      : "memory");
}

/* A wgmma shared-memory matrix descriptor with the 128-byte swizzle: start address, leading and
 * stride byte offsets (see the kernel for what they are per operand layout), all in 16-byte units. */
__device__ __forceinline__ uint64_t smemDesc(uint32_t addr, uint32_t lbo, uint32_t sbo) {
  return (uint64_t)((addr & 0x3FFFF) >> 4) | (uint64_t)(lbo >> 4) << 16 | (uint64_t)(sbo >> 4) << 32 | 1ull << 62;
}

/* Keeps the compiler from moving accumulator reads or writes across the asynchronous wgmma. */
__device__ __forceinline__ void fenceAccumulators(float (&d)[128]) {
#pragma unroll
  for (int i = 0; i < 128; i++) asm volatile("" : "+f"(d[i])::"memory");
}

#define THC_WGMMA_REGS \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, " \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, " \
  "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, " \
  "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63, " \
  "%64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79, " \
  "%80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95, " \
  "%96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111, " \
  "%112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127"
#define THC_WGMMA_OUTS \
  "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), \
  "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), \
  "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), \
  "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), \
  "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), \
  "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), \
  "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), \
  "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]), \
  "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]), "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]), \
  "+f"(d[72]), "+f"(d[73]), "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]), \
  "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]), "+f"(d[86]), "+f"(d[87]), \
  "+f"(d[88]), "+f"(d[89]), "+f"(d[90]), "+f"(d[91]), "+f"(d[92]), "+f"(d[93]), "+f"(d[94]), "+f"(d[95]), \
  "+f"(d[96]), "+f"(d[97]), "+f"(d[98]), "+f"(d[99]), "+f"(d[100]), "+f"(d[101]), "+f"(d[102]), "+f"(d[103]), \
  "+f"(d[104]), "+f"(d[105]), "+f"(d[106]), "+f"(d[107]), "+f"(d[108]), "+f"(d[109]), "+f"(d[110]), "+f"(d[111]), \
  "+f"(d[112]), "+f"(d[113]), "+f"(d[114]), "+f"(d[115]), "+f"(d[116]), "+f"(d[117]), "+f"(d[118]), "+f"(d[119]), \
  "+f"(d[120]), "+f"(d[121]), "+f"(d[122]), "+f"(d[123]), "+f"(d[124]), "+f"(d[125]), "+f"(d[126]), "+f"(d[127])
/* d (64 x 256, float) += A (64 x 16) B (16 x 256) from shared memory; TA/TB: operand is M/N-major */
#define THC_WGMMA_M64N256K16(AB)                                                                     \
  asm volatile("{\n .reg .pred p;\n setp.ne.b32 p, %130, 0;\n"                                       \
               " wgmma.mma_async.sync.aligned.m64n256k16.f32." AB "." AB " {" THC_WGMMA_REGS "},"    \
               " %128, %129, p, 1, 1, %131, %132;\n}\n"                                              \
               : THC_WGMMA_OUTS                                                                      \
               : "l"(da), "l"(db), "r"(1), "n"(TA), "n"(TB))

template <typename T, int TA, int TB>
struct Wgmma;
template <int TA, int TB>
struct Wgmma<__half, TA, TB> {
  static __device__ __forceinline__ void run(float (&d)[128], uint64_t da, uint64_t db) { THC_WGMMA_M64N256K16("f16"); }
};
template <int TA, int TB>
struct Wgmma<__nv_bfloat16, TA, TB> {
  static __device__ __forceinline__ void run(float (&d)[128], uint64_t da, uint64_t db) { THC_WGMMA_M64N256K16("bf16"); }
};

/* Operand layouts in shared memory, per stage (rows: M for A, N for B):
 * - K-major (TA/TB = 0): one TMA box of [rows][64 K], 128 bytes a row; wgmma walks 8-row groups
 *   1 KiB apart (stride byte offset); the next 16 K are 32 bytes further (leading offset unused);
 * - M/N-major (1): rows/64 boxes of [64 K][64 rows], 8 KiB apart (leading byte offset); 8-deep
 *   K groups 1 KiB apart (stride byte offset); the next 16 K are 16 rows (2 KiB) further. */
template <int MN_MAJOR>
struct Layout {
  static constexpr uint32_t kStep = MN_MAJOR ? 16 * ROW_BYTES : 32;
  static constexpr uint32_t lbo = MN_MAJOR ? BOX_BYTES : 16;
  static constexpr uint32_t sbo = 8 * ROW_BYTES;
  /* where rows [r, r + 64) of the tile start (r a multiple of 64) */
  static constexpr uint32_t rowsAt(int r) { return MN_MAJOR ? (r / BOX) * BOX_BYTES : r * ROW_BYTES; }
};

template <int MN_MAJOR, int ROWS>
__device__ __forceinline__ void loadOperand(uint32_t dst, const CUtensorMap *map, uint32_t bar, int64_t r0, int k0, int b) {
  if (MN_MAJOR) {
#pragma unroll
    for (int j = 0; j < ROWS / BOX; j++) tmaLoad(dst + j * BOX_BYTES, map, bar, (int)r0 + j * BOX, k0, b);
  } else {
    tmaLoad(dst, map, bar, k0, (int)r0, b);
  }
}

template <typename T, int TA, int TB>
__global__ void __launch_bounds__(THREADS, 1)
    gemmSm90Kernel(const __grid_constant__ CUtensorMap mapA, const __grid_constant__ CUtensorMap mapB, Sm90Args p) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  extern __shared__ unsigned char smemRaw[];
  const uint32_t stages = ((uint32_t)__cvta_generic_to_shared(smemRaw) + 1023) & ~1023u;
  const uint32_t fullBar = stages + STAGES * STAGE_BYTES, emptyBar = fullBar + STAGES * 8;
  const int tid = threadIdx.x, wg = tid / 128;
  int64_t m0, n0;
  thcgemm::tileOrigin(blockIdx.x, p.tilesM, p.tilesN, BM, BN, m0, n0);
  const int b = (int)(p.batchBase + blockIdx.z);

  if (tid == 0) {
    for (int s = 0; s < STAGES; s++) barInit(fullBar + 8 * s, 1), barInit(emptyBar + 8 * s, CONSUMER_WARPS);
    asm volatile("fence.mbarrier_init.release.cluster;\n fence.proxy.async.shared::cta;" ::: "memory");
  }
  __syncthreads();

  if (wg == 0) { /* producer: one thread issues every copy; the warpgroup gives its registers to the consumers */
    asm volatile("setmaxnreg.dec.sync.aligned.u32 40;\n");
    if (tid == 0) {
      asm volatile("prefetch.tensormap [%0];\n prefetch.tensormap [%1];" ::"l"((uint64_t)&mapA), "l"((uint64_t)&mapB)
                   : "memory");
      for (int kt = 0; kt < p.nk; kt++) {
        const int s = kt % STAGES;
        if (kt >= STAGES) barWait(emptyBar + 8 * s, ((kt / STAGES) - 1) & 1); /* its previous slice was read */
        const uint32_t full = fullBar + 8 * s, at = stages + s * STAGE_BYTES;
        barExpectBytes(full, STAGE_BYTES); /* whole boxes, zero-filled parts included */
        loadOperand<TA, BM>(at, &mapA, full, m0, kt * BK, b);
        loadOperand<TB, BN>(at + A_BYTES, &mapB, full, n0, kt * BK, b);
      }
    }
    return;
  }

  /* consumers: warpgroup c multiplies rows [64c, 64c + 64) of the tile */
  asm volatile("setmaxnreg.inc.sync.aligned.u32 232;\n");
  const int c = wg - 1, warp = (tid / 32) & 3, lane = tid & 31;
  float d[128];
#pragma unroll
  for (int i = 0; i < 128; i++) d[i] = 0.f;
  const uint32_t aRows = Layout<TA>::rowsAt(c * 64);
  for (int kt = 0; kt < p.nk; kt++) {
    const int s = kt % STAGES;
    barWait(fullBar + 8 * s, (kt / STAGES) & 1);
    const uint32_t a = stages + s * STAGE_BYTES + aRows, bt = stages + s * STAGE_BYTES + A_BYTES;
    fenceAccumulators(d);
    asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
#pragma unroll
    for (int kk = 0; kk < BK / 16; kk++)
      Wgmma<T, TA, TB>::run(d, smemDesc(a + kk * Layout<TA>::kStep, Layout<TA>::lbo, Layout<TA>::sbo),
                            smemDesc(bt + kk * Layout<TB>::kStep, Layout<TB>::lbo, Layout<TB>::sbo));
    asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
    /* the previous slice's products are done: its stage may be refilled */
    asm volatile("wgmma.wait_group.sync.aligned 1;" ::: "memory");
    fenceAccumulators(d);
    if (kt > 0 && lane == 0) barArrive(emptyBar + 8 * ((kt - 1) % STAGES));
  }
  asm volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory");
  fenceAccumulators(d);

  /* d[4j + 2h + e] is C(row0 + 8h, col0 + 8j + e) */
  unsigned short *C = (unsigned short *)p.C + b * p.bsC;
  const int64_t row0 = m0 + c * 64 + warp * 16 + lane / 4, col0 = n0 + 2 * (lane & 3);
  const float alpha = p.alpha, beta = p.beta;
#pragma unroll
  for (int j = 0; j < 32; j++) {
    const int64_t col = col0 + 8 * j;
#pragma unroll
    for (int h = 0; h < 2; h++) {
      const int64_t row = row0 + 8 * h;
      if (row >= p.M || col >= p.N) continue;
      float v0 = alpha * d[4 * j + 2 * h], v1 = alpha * d[4 * j + 2 * h + 1];
      unsigned short *cp = C + row * p.rsC + col * p.csC;
      if (p.vecC && col + 1 < p.N) {
        uint32_t *w = (uint32_t *)cp;
        if (beta != 0.f) {
          const uint32_t o = *w;
          v0 += beta * thcgemm::Bits16<T>::toF((unsigned short)(o & 0xffff));
          v1 += beta * thcgemm::Bits16<T>::toF((unsigned short)(o >> 16));
        }
        *w = (uint32_t)thcgemm::Bits16<T>::fromF(v0) | (uint32_t)thcgemm::Bits16<T>::fromF(v1) << 16;
      } else {
        if (beta != 0.f) v0 += beta * thcgemm::Bits16<T>::toF(*cp);
        *cp = thcgemm::Bits16<T>::fromF(v0);
        if (col + 1 < p.N) {
          unsigned short *cq = cp + p.csC;
          if (beta != 0.f) v1 += beta * thcgemm::Bits16<T>::toF(*cq);
          *cq = thcgemm::Bits16<T>::fromF(v1);
        }
      }
    }
  }
#else
  __trap(); /* built for sm_90a only; the host launches it on compute capability 9.0 only */
#endif
}

/* ---------------------------------------------------------------- host side */

typedef CUresult (*EncodeTiledFn)(CUtensorMap *, CUtensorMapDataType, cuuint32_t, void *, const cuuint64_t *,
                                  const cuuint64_t *, const cuuint32_t *, const cuuint32_t *, CUtensorMapInterleave,
                                  CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);

/* cuTensorMapEncodeTiled from the driver (the runtime is linked statically, libcuda is not) */
EncodeTiledFn encodeTiled() {
  static const EncodeTiledFn fn = [] {
    void *f = nullptr;
    cudaDriverEntryPointQueryResult q;
#if CUDART_VERSION >= 12050
    cudaError_t err = cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &f, 12000, cudaEnableDefault, &q);
#else
    cudaError_t err = cudaGetDriverEntryPoint("cuTensorMapEncodeTiled", &f, cudaEnableDefault, &q);
#endif
    if (err != cudaSuccess || q != cudaDriverEntryPointSuccess) {
      cudaGetLastError();
      f = nullptr;
    }
    return (EncodeTiledFn)f;
  }();
  return fn;
}

/* One operand as TMA sees it: `rows` x K per batch (rows: M for A, N for B); element (r, k) of
 * batch i at base + i * bs + r * rs + k * ks. It suits TMA when one of rs, ks is 1 and the other a
 * multiple of 8 elements (16 bytes) that keeps rows (or K columns) apart, and so is bs. */
struct Operand {
  const void *base;
  int64_t rows, K, rs, ks, bs;
  int mnMajor;
};

bool chooseLayout(Operand &o, int64_t batch) {
  if (((uintptr_t)o.base & 15u) != 0) return false;
  if (batch > 1 && (o.bs == 0 || o.bs % 8 != 0)) return false;
  if (o.ks == 1 && o.rs % 8 == 0 && o.rs >= o.K) o.mnMajor = 0;
  else if (o.rs == 1 && o.ks % 8 == 0 && o.ks >= o.rows) o.mnMajor = 1;
  else return false;
  return true;
}

bool encode(EncodeTiledFn enc, CUtensorMap *map, CUtensorMapDataType type, const Operand &o, int64_t batch, int tileRows) {
  const int64_t inner = o.mnMajor ? o.rows : o.K, outer = o.mnMajor ? o.K : o.rows;
  const int64_t stride = o.mnMajor ? o.ks : o.rs; /* of the outer dim, in elements */
  const cuuint64_t dims[3] = {(cuuint64_t)inner, (cuuint64_t)outer, (cuuint64_t)batch};
  const cuuint64_t strides[2] = {(cuuint64_t)stride * 2, (cuuint64_t)(batch > 1 ? o.bs : stride * outer) * 2};
  const cuuint32_t box[3] = {BOX, (cuuint32_t)(o.mnMajor ? BK : tileRows), 1};
  const cuuint32_t elementStrides[3] = {1, 1, 1};
  return enc(map, type, 3, (void *)o.base, dims, strides, box, elementStrides, CU_TENSOR_MAP_INTERLEAVE_NONE,
             CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

/* The current device runs sm_90a code (a 9.0 GPU) and takes the kernel's shared memory: asked
 * once per device (the attribute stays set), not on every launch. */
template <typename T, int TA, int TB>
bool loadable() {
  static int known[THC_MAX_DEVICES]; /* 0: not asked yet, 1: loadable, -1: not */
  int device = 0;
  if (cudaGetDevice(&device) != cudaSuccess || device < 0 || device >= THC_MAX_DEVICES) {
    cudaGetLastError();
    return false;
  }
  int k = __atomic_load_n(&known[device], __ATOMIC_RELAXED);
  if (k == 0) {
    k = cudaFuncSetAttribute(gemmSm90Kernel<T, TA, TB>, cudaFuncAttributeMaxDynamicSharedMemorySize, SMEM_BYTES) == cudaSuccess ? 1 : -1;
    if (k < 0) cudaGetLastError();
    __atomic_store_n(&known[device], k, __ATOMIC_RELAXED);
  }
  return k > 0;
}

template <typename T, int TA, int TB>
cudaError_t launch(const CUtensorMap &mapA, const CUtensorMap &mapB, Sm90Args p, int64_t batch, cudaStream_t stream) {
  if (!loadable<T, TA, TB>()) return cudaErrorNotSupported; /* the portable kernels run instead */
  for (int64_t b0 = 0; b0 < batch; b0 += 65535) {
    p.batchBase = b0;
    const dim3 grid((unsigned)(p.tilesM * p.tilesN), 1, (unsigned)(batch - b0 < 65535 ? batch - b0 : 65535));
    gemmSm90Kernel<T, TA, TB><<<grid, THREADS, SMEM_BYTES, stream>>>(mapA, mapB, p);
    cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

template <typename T>
cudaError_t launchFor(int ta, int tb, const CUtensorMap &mapA, const CUtensorMap &mapB, const Sm90Args &p, int64_t batch,
                      cudaStream_t stream) {
  if (ta == 0) return tb == 0 ? launch<T, 0, 0>(mapA, mapB, p, batch, stream) : launch<T, 0, 1>(mapA, mapB, p, batch, stream);
  return tb == 0 ? launch<T, 1, 0>(mapA, mapB, p, batch, stream) : launch<T, 1, 1>(mapA, mapB, p, batch, stream);
}

bool enabled() {
  static const bool on = [] {
    const char *e = getenv("THC_GEMM_SM90");
    return !(e && e[0] == '0');
  }();
  return on;
}

}  // namespace

extern "C" int THCGemm_sm90Usable(void) { return enabled() && encodeTiled() && loadable<__half, 0, 1>() ? 1 : 0; }

extern "C" cudaError_t THCGemm_sm90(const THCGemmArgs *g, cudaStream_t stream) {
  if (g->dtype != TH_Float16 && g->dtype != TH_BFloat16) return cudaErrorNotSupported;
  if (!enabled()) return cudaErrorNotSupported;
  const int64_t lim = INT_MAX - BN; /* TMA coordinates are 32-bit */
  if (g->M < 64 || g->N < 64 || g->K < 16 || g->M > lim || g->N > lim || g->K > lim || g->batch > INT_MAX)
    return cudaErrorNotSupported;
  Operand a = {g->A, g->M, g->K, g->rsA, g->csA, g->bsA, 0};
  Operand b = {g->B, g->N, g->K, g->csB, g->rsB, g->bsB, 0};
  if (!chooseLayout(a, g->batch) || !chooseLayout(b, g->batch)) return cudaErrorNotSupported;
  const EncodeTiledFn enc = encodeTiled();
  if (!enc) return cudaErrorNotSupported;
  const CUtensorMapDataType type = g->dtype == TH_Float16 ? CU_TENSOR_MAP_DATA_TYPE_FLOAT16 : CU_TENSOR_MAP_DATA_TYPE_BFLOAT16;
  alignas(64) CUtensorMap mapA, mapB;
  if (!encode(enc, &mapA, type, a, g->batch, BM) || !encode(enc, &mapB, type, b, g->batch, BN)) return cudaErrorNotSupported;

  Sm90Args p;
  p.M = g->M, p.N = g->N, p.nk = (int)((g->K + BK - 1) / BK);
  p.C = g->C, p.rsC = g->rsC, p.csC = g->csC, p.bsC = g->bsC;
  p.tilesM = (g->M + BM - 1) / BM, p.tilesN = (g->N + BN - 1) / BN;
  if (p.tilesM * p.tilesN > INT_MAX) return cudaErrorNotSupported;
  p.alpha = (float)g->alpha, p.beta = (float)g->beta;
  p.vecC = g->csC == 1 && g->rsC % 2 == 0 && (g->batch == 1 || g->bsC % 2 == 0) && ((uintptr_t)g->C & 3u) == 0;
  if (g->dtype == TH_Float16) return launchFor<__half>(a.mnMajor, b.mnMajor, mapA, mapB, p, g->batch, stream);
  return launchFor<__nv_bfloat16>(a.mnMajor, b.mnMajor, mapA, mapB, p, g->batch, stream);
}
