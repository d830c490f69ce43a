/* Matrix products on CUDA tensors: cuBLAS loaded at run time (one handle per device, on the
 * current stream of each call) or the built-in kernels of THCGemm.cu, and the ops of libTH's
 * THBlas.c on top (dot, mv, mm, bmm, addmm, addmv, addr, baddbmm, addbmm, matmul), ported from it
 * line for line so that shapes, dtypes, aliasing rules and messages stay libTH's. THCBlasOps.c has
 * the rest (outer, kron, tensordot, einsum, trace, tril/triu, diag, diagEmbed, cross). */
#include "THC/THCBlas.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "THCBlasInternal.h"
#include "THCCublasApi.h"
#include "THCInternal.h"

#define ND(t) THTensor_ndim(t)
#define SZ(t) THTensor_sizes(t)
#define ST(t) THTensor_strides(t)
#define DT(t) THTensor_dtype(t)

/* ---------------------------------------------------------------- the per-state data */

/* Workspaces handed to cuBLAS, one per stream that used it (a handle's default workspace is
 * shared by every stream it runs on, so concurrent streams would race on it). */
#define THC_BLAS_WORKSPACES 16

typedef struct THCCublasLib {
  void *dl;
  thc_cublasCreate_t create;
  thc_cublasDestroy_t destroy;
  thc_cublasSetStream_t setStream;
  thc_cublasSetMathMode_t setMathMode;
  thc_cublasSetWorkspace_t setWorkspace; /* optional */
  thc_cublasGetProperty_t getProperty;   /* optional */
  thc_cublasGemmEx_t gemmEx;
  thc_cublasGemmStridedBatchedEx_t gemmStridedBatchedEx;
} THCCublasLib;

typedef struct THCBlasDevice {
  pthread_mutex_t mutex; /* one user of the handle at a time (its stream and workspace are per call) */
  thc_cublasHandle_t handle;
  int handleStatus; /* of cublasCreate when it failed */
  int ccMajor;      /* compute capability, 0 until asked */
  int nws;
  cudaStream_t wsStream[THC_BLAS_WORKSPACES];
  void *wsPtr[THC_BLAS_WORKSPACES];
} THCBlasDevice;

typedef struct THCBlasState THCBlasState;
struct THCBlasState {
  pthread_mutex_t mutex; /* the loader and handle creation */
  int loaderRan;
  int loaded;      /* cuBLAS is loaded */
  int useCublas;   /* THCBlas_setUseCublas */
  int envDisabled; /* TYPETORCH_CUBLAS=none */
  int allowTF32;
  char reason[1024];
  char name[64];
  THCCublasLib lib;
  THCBlasDevice devices[THC_MAX_DEVICES];
  struct THCRandomState *random;
};

static pthread_mutex_t blasCreateMutex = PTHREAD_MUTEX_INITIALIZER;

static int envSaysNone(const char *v) {
  return v && (strcasecmp(v, "none") == 0 || strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0);
}

static THCBlasState *blasState(THCState *s) {
  THCBlasState *b = __atomic_load_n(&s->blas, __ATOMIC_ACQUIRE);
  if (b) return b;
  pthread_mutex_lock(&blasCreateMutex);
  b = s->blas;
  if (!b && (b = calloc(1, sizeof *b))) {
    pthread_mutex_init(&b->mutex, NULL);
    for (int d = 0; d < THC_MAX_DEVICES; d++) pthread_mutex_init(&b->devices[d].mutex, NULL);
    b->useCublas = 1;
    /* read once, when the state first needs this part */
    if (envSaysNone(getenv("TYPETORCH_CUBLAS"))) {
      b->envDisabled = 1;
      snprintf(b->reason, sizeof b->reason, "cuBLAS is turned off by TYPETORCH_CUBLAS=%s", getenv("TYPETORCH_CUBLAS"));
    }
    __atomic_store_n(&s->blas, b, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&blasCreateMutex);
  if (!b) THError("out of memory creating the BLAS state");
  return b;
}

struct THCRandomState **THCBlas_randomSlot(THCState *state) {
  THCBlasState *b = blasState(state);
  return b ? &b->random : NULL;
}

void THCBlas_freeState(THCState *state) {
  THCBlasState *b = state ? state->blas : NULL;
  if (!b) return;
  THCRandom_freeState(b->random);
  int previous = -1;
  if (cudaGetDevice(&previous) != cudaSuccess) previous = -1;
  for (int d = 0; d < THC_MAX_DEVICES; d++) {
    THCBlasDevice *dv = &b->devices[d];
    if (!dv->handle && !dv->nws) continue;
    if (cudaSetDevice(d) != cudaSuccess) continue;
    if (dv->handle) b->lib.destroy(dv->handle);
    for (int k = 0; k < dv->nws; k++) cudaFree(dv->wsPtr[k]);
  }
  if (previous >= 0) cudaSetDevice(previous);
  cudaGetLastError();
  for (int d = 0; d < THC_MAX_DEVICES; d++) pthread_mutex_destroy(&b->devices[d].mutex);
  pthread_mutex_destroy(&b->mutex);
  /* the library stays loaded: unloading cuBLAS while the process runs is not safe in every version */
  free(b);
  state->blas = NULL;
}

/* ---------------------------------------------------------------- the loader */

static const char *const cublasNames[] = {"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"};
#define NUM_CUBLAS_NAMES (sizeof cublasNames / sizeof cublasNames[0])

/* libcublas needs libcublasLt of the same release; where both sit in one folder that is not on the
 * loader's path (a Python wheel), load libcublasLt from there first so that it is found. */
static void preloadLt(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return;
  const char *base = slash + 1;
  if (strncmp(base, "libcublas.so", 12) != 0) return;
  char lt[1200];
  snprintf(lt, sizeof lt, "%.*s/libcublasLt%s", (int)(slash - path), path, base + strlen("libcublas"));
  dlopen(lt, RTLD_NOW | RTLD_GLOBAL); /* kept: libcublas refers to it; failure shows in libcublas's own error */
  dlerror();
}

/* Opens one candidate; on failure *err says why. */
static int openCublas(THCCublasLib *lib, const char *path, char *err, size_t n) {
  preloadLt(path);
  void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    const char *e = dlerror();
    snprintf(err, n, "%s", e ? e : path);
    return 0;
  }
  struct {
    const char *name;
    void **slot;
    int required;
  } syms[] = {
      {"cublasCreate_v2", (void **)&lib->create, 1},
      {"cublasDestroy_v2", (void **)&lib->destroy, 1},
      {"cublasSetStream_v2", (void **)&lib->setStream, 1},
      {"cublasSetMathMode", (void **)&lib->setMathMode, 1},
      {"cublasGemmEx", (void **)&lib->gemmEx, 1},
      {"cublasGemmStridedBatchedEx", (void **)&lib->gemmStridedBatchedEx, 1},
      {"cublasSetWorkspace_v2", (void **)&lib->setWorkspace, 0},
      {"cublasGetProperty", (void **)&lib->getProperty, 0},
  };
  for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
    *syms[i].slot = dlsym(dl, syms[i].name);
    dlerror();
    if (!*syms[i].slot && syms[i].required) {
      snprintf(err, n, "%s is not a cuBLAS library (it has no %s)", path, syms[i].name);
      dlclose(dl);
      memset(lib, 0, sizeof *lib);
      return 0;
    }
  }
  lib->dl = dl;
  return 1;
}

/* Runs once per state: finds and opens cuBLAS, or records why not. */
static void findCublas(THCBlasState *b);
static void loadCublas(THCBlasState *b) { /* called under b->mutex */
  if (b->loaderRan) return;
  if (!b->envDisabled) findCublas(b);
  __atomic_store_n(&b->loaderRan, 1, __ATOMIC_RELEASE); /* after every field it guards */
}

static void findCublas(THCBlasState *b) {
  const char *env = getenv("TYPETORCH_CUBLAS");
  char err[1024] = "";
  struct stat stt;
  if (env && *env && !(stat(env, &stt) == 0 && S_ISDIR(stt.st_mode))) { /* a file named by the user */
    if (!openCublas(&b->lib, env, err, sizeof err)) {
      snprintf(b->reason, sizeof b->reason, "cuBLAS could not be loaded from TYPETORCH_CUBLAS=%s: %s", env, err);
      return;
    }
  } else {
    int found = 0;
    char first[1024] = "";
    for (size_t i = 0; i < NUM_CUBLAS_NAMES && !found; i++) {
      char path[1100];
      if (env && *env) snprintf(path, sizeof path, "%s/%s", env, cublasNames[i]);
      else snprintf(path, sizeof path, "%s", cublasNames[i]);
      found = openCublas(&b->lib, path, err, sizeof err);
      if (!found && !first[0]) snprintf(first, sizeof first, "%s", err);
      /* a library that loads but is not cuBLAS is worth reporting over "not found" */
      if (!found && strstr(err, "is not a cuBLAS library")) snprintf(first, sizeof first, "%s", err);
    }
    if (!found) {
      if (env && *env)
        snprintf(b->reason, sizeof b->reason, "no cuBLAS in TYPETORCH_CUBLAS=%s (%s; also tried %s, %s and %s there)", env,
                 first, cublasNames[1], cublasNames[2], cublasNames[3]);
      else
        snprintf(b->reason, sizeof b->reason,
                 "cuBLAS not found (%s; also tried %s, %s and %s); set TYPETORCH_CUBLAS to its file or folder, e.g. the "
                 "lib folder of the nvidia-cublas Python package",
                 first, cublasNames[1], cublasNames[2], cublasNames[3]);
      return;
    }
  }
  b->loaded = 1;
  b->reason[0] = 0;
  int v[3] = {0, 0, 0};
  if (b->lib.getProperty && b->lib.getProperty(THC_MAJOR_VERSION, &v[0]) == 0 &&
      b->lib.getProperty(THC_MINOR_VERSION, &v[1]) == 0 && b->lib.getProperty(THC_PATCH_LEVEL, &v[2]) == 0)
    snprintf(b->name, sizeof b->name, "cublas %d.%d.%d", v[0], v[1], v[2]);
  else
    snprintf(b->name, sizeof b->name, "cublas");
}

/* 1 when float products go through cuBLAS now. */
static int cublasActive(THCBlasState *b) {
  if (!__atomic_load_n(&b->loaderRan, __ATOMIC_ACQUIRE)) {
    pthread_mutex_lock(&b->mutex);
    loadCublas(b);
    pthread_mutex_unlock(&b->mutex);
  }
  return b->loaded && __atomic_load_n(&b->useCublas, __ATOMIC_RELAXED);
}

const char *THCBlas_backendName(THCState *state) {
  THCBlasState *b = blasState(state);
  if (!b) return "builtin";
  return cublasActive(b) ? b->name : "builtin";
}

const char *THCBlas_cublasUnavailableReason(THCState *state) {
  THCBlasState *b = blasState(state);
  if (!b) return "out of memory";
  if (cublasActive(b)) return NULL;
  if (b->loaded) return "cuBLAS is turned off by THCBlas_setUseCublas(state, 0)";
  return b->reason;
}

int THCBlas_setUseCublas(THCState *state, int use) {
  THCBlasState *b = blasState(state);
  if (!b) return TH_ERR;
  pthread_mutex_lock(&b->mutex);
  loadCublas(b);
  int st = TH_OK;
  if (use && !b->loaded) st = THError("setUseCublas: cuBLAS is not available: %s", b->reason);
  else __atomic_store_n(&b->useCublas, use != 0, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&b->mutex);
  return st;
}

void THCBlas_setAllowTF32(THCState *state, int allow) {
  THCBlasState *b = blasState(state);
  if (b) __atomic_store_n(&b->allowTF32, allow != 0, __ATOMIC_RELAXED);
}

int THCBlas_allowTF32(THCState *state) {
  THCBlasState *b = blasState(state);
  return b ? __atomic_load_n(&b->allowTF32, __ATOMIC_RELAXED) : 0;
}

static const char *cublasStatusName(int s) {
  switch (s) {
    case THC_CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case THC_CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case THC_CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case THC_CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case THC_CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case THC_CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case THC_CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case THC_CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case THC_CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
    default: return "unknown cuBLAS status";
  }
}

static int ccMajor(THCBlasState *b, int device) {
  THCBlasDevice *d = &b->devices[device];
  int m = __atomic_load_n(&d->ccMajor, __ATOMIC_RELAXED);
  if (m == 0) {
    if (cudaDeviceGetAttribute(&m, cudaDevAttrComputeCapabilityMajor, device) != cudaSuccess) {
      cudaGetLastError();
      m = 0;
    }
    __atomic_store_n(&d->ccMajor, m, __ATOMIC_RELAXED);
  }
  return m;
}

const char *THCBlas_builtinHalfKernel(THCState *state) {
  THCBlasState *b = blasState(state);
  int device = 0;
  if (!b || cudaGetDevice(&device) != cudaSuccess) {
    cudaGetLastError();
    return NULL;
  }
  const int major = ccMajor(b, device);
  if (major < 8) return NULL;
  return major == 9 && THCGemm_sm90Usable() ? "wgmma" : "wmma";
}

/* ---------------------------------------------------------------- one batched GEMM */

typedef struct Mat {
  char *p;        /* element (0, 0) of batch 0 */
  int64_t rs, cs; /* in elements */
} Mat;

static int isFloating(THDType t) { return THDType_isFloating(t); }

/* Strides made canonical where a dimension of size 1 leaves them free (as libTH's BLAS path). */
static void normStrides(int64_t rows, int64_t cols, Mat *m) {
  if (rows == 1 && cols == 1) m->rs = m->cs = 1;
  else if (rows == 1) m->rs = m->cs == 1 ? cols : 1;
  else if (cols == 1) m->cs = m->rs == 1 ? rows : 1;
}
static int rowMajor(int64_t rows, int64_t cols, Mat m) { return m.cs == 1 && m.rs >= (cols > 1 ? cols : 1) && m.rs <= INT_MAX; }
static int colMajor(int64_t rows, int64_t cols, Mat m) { return m.rs == 1 && m.cs >= (rows > 1 ? rows : 1) && m.cs <= INT_MAX; }
static Mat transposed(Mat m) { return (Mat){m.p, m.cs, m.rs}; }

/* Copies nb matrices rows x cols (batch stride bs) between layouts: dst/src given as Mat + batch
 * stride, through the copy kernel. */
static int copyMatrices(THCBlasCtx *c, THDType dt, int64_t nb, int64_t rows, int64_t cols, Mat dst, int64_t dbs, Mat src,
                        int64_t sbs) {
  const int64_t sizes[3] = {nb, rows, cols};
  const int64_t ds[3] = {dbs, dst.rs, dst.cs}, ss[3] = {sbs, src.rs, src.cs};
  const int64_t *strides[2] = {ds, ss};
  THCStrided info[2];
  THCBlas_coalesce(2, 3, sizes, strides, info);
  THC_CHECK(THCBlasK_copy(dst.p, dt, &info[0], src.p, dt, &info[1], nb * rows * cols, c->cs), "copy kernel");
  return TH_OK;
}

/* A contiguous copy [nb, rows, cols] of X (freed by the caller with THCCachingAllocator_free). */
static char *packed(THCBlasCtx *c, THDType dt, int64_t nb, int64_t rows, int64_t cols, Mat x, int64_t bs) {
  size_t bytes = (size_t)(nb * rows * cols) * THDType_size(dt);
  char *p = THCCachingAllocator_malloc(c->state, bytes ? bytes : 1, c->stream);
  if (!p) return NULL;
  if (copyMatrices(c, dt, nb, rows, cols, (Mat){p, cols, 1}, rows * cols, x, bs)) {
    THCCachingAllocator_free(c->state, p);
    return NULL;
  }
  return p;
}

static void *workspace(THCBlasCtx *c, THCBlasDevice *d, size_t bytes, int *temporary) {
  *temporary = 0;
  for (int k = 0; k < d->nws; k++)
    if (d->wsStream[k] == c->cs) return d->wsPtr[k];
  if (d->nws < THC_BLAS_WORKSPACES) {
    void *p = NULL;
    if (cudaMalloc(&p, bytes) == cudaSuccess) {
      d->wsStream[d->nws] = c->cs;
      d->wsPtr[d->nws++] = p;
      return p;
    }
    cudaGetLastError();
  }
  *temporary = 1; /* many streams: one from the caching allocator for this call, freed after it is queued */
  return THCCachingAllocator_malloc(c->state, bytes, c->stream);
}

static int cublasCall(THCBlasCtx *c, THCBlasState *b, const char *op, THDType dt, int transa, int transb, int64_t m,
                      int64_t n, int64_t k, double alpha, const char *A, int64_t lda, int64_t sA, const char *B, int64_t ldb,
                      int64_t sB, double beta, char *C, int64_t ldc, int64_t sC, int64_t batch) {
  THCBlasDevice *d = &b->devices[c->device];
  int dataType = dt == TH_Float32 ? THC_CUDA_R_32F : dt == TH_Float64 ? THC_CUDA_R_64F : dt == TH_Float16 ? THC_CUDA_R_16F
                                                                                                          : THC_CUDA_R_16BF;
  int compute = dt == TH_Float64 ? THC_CUBLAS_COMPUTE_64F
                : dt == TH_Float32 && THCBlas_allowTF32(c->state) ? THC_CUBLAS_COMPUTE_32F_FAST_TF32
                                                                  : THC_CUBLAS_COMPUTE_32F;
  float fa = (float)alpha, fb = (float)beta;
  const void *pa = dt == TH_Float64 ? (const void *)&alpha : (const void *)&fa;
  const void *pb = dt == TH_Float64 ? (const void *)&beta : (const void *)&fb;
  const size_t es = THDType_size(dt);
  int st = TH_OK;
  pthread_mutex_lock(&d->mutex);
  if (!d->handle && !d->handleStatus) {
    int s = b->lib.create(&d->handle);
    if (s != THC_CUBLAS_STATUS_SUCCESS) d->handle = NULL, d->handleStatus = s ? s : -1;
    else b->lib.setMathMode(d->handle, THC_CUBLAS_DEFAULT_MATH);
  }
  if (!d->handle) {
    pthread_mutex_unlock(&d->mutex);
    return THError("%s: cuBLAS could not create a handle on cuda:%d (%s); THCBlas_setUseCublas(state, 0) or "
                   "TYPETORCH_CUBLAS=none uses libTHC's own kernels",
                   op, c->device, cublasStatusName(d->handleStatus));
  }
  int s = b->lib.setStream(d->handle, (thc_cudaStream_t)c->cs);
  int temporary = 0;
  void *ws = NULL;
  if (s == THC_CUBLAS_STATUS_SUCCESS && b->lib.setWorkspace) {
    size_t bytes = (size_t)(ccMajor(b, c->device) >= 9 ? 32 : 8) << 20;
    if ((ws = workspace(c, d, bytes, &temporary))) s = b->lib.setWorkspace(d->handle, ws, bytes);
  }
  for (int64_t b0 = 0; b0 < batch && s == THC_CUBLAS_STATUS_SUCCESS; b0 += INT_MAX) {
    int nb = (int)(batch - b0 < INT_MAX ? batch - b0 : INT_MAX);
    const char *a0 = A + b0 * sA * (int64_t)es, *bb0 = B + b0 * sB * (int64_t)es;
    char *c0 = C + b0 * sC * (int64_t)es;
    if (batch == 1)
      s = b->lib.gemmEx(d->handle, transa, transb, (int)m, (int)n, (int)k, pa, a0, dataType, (int)lda, bb0, dataType, (int)ldb,
                        pb, c0, dataType, (int)ldc, compute, THC_CUBLAS_GEMM_DEFAULT);
    else
      s = b->lib.gemmStridedBatchedEx(d->handle, transa, transb, (int)m, (int)n, (int)k, pa, a0, dataType, (int)lda, sA, bb0,
                                      dataType, (int)ldb, sB, pb, c0, dataType, (int)ldc, sC, nb, compute,
                                      THC_CUBLAS_GEMM_DEFAULT);
  }
  if (temporary && ws) THCCachingAllocator_free(c->state, ws);
  pthread_mutex_unlock(&d->mutex);
  if (s != THC_CUBLAS_STATUS_SUCCESS) st = THError("%s: cuBLAS error %d (%s)", op, s, cublasStatusName(s));
  return st;
}

/* C[b] = alpha A[b] B[b] + beta C[b] through cuBLAS: C row-major (C^T = B^T A^T in cuBLAS's column
 * order; a column-major C swaps the operands instead), A and B row- or column-major (transpose
 * flags and leading dimensions from the strides), anything else copied to a contiguous temporary
 * first, as libTH does for CBLAS. */
static int cublasGemm(THCBlasCtx *c, THCBlasState *b, const char *op, THDType dt, int64_t M, int64_t N, int64_t K,
                      double alpha, Mat A, Mat B, double beta, Mat C, int64_t batch, int64_t sA, int64_t sB, int64_t sC) {
  const size_t es = THDType_size(dt);
  normStrides(M, K, &A);
  normStrides(K, N, &B);
  normStrides(M, N, &C);
  if (!rowMajor(M, N, C)) {
    if (colMajor(M, N, C))
      return cublasGemm(c, b, op, dt, N, M, K, alpha, transposed(B), transposed(A), beta, transposed(C), batch, sB, sA, sC);
    char *tmp = beta != 0 ? packed(c, dt, batch, M, N, C, sC)
                          : THCCachingAllocator_malloc(c->state, (size_t)(batch * M * N) * es, c->stream);
    if (!tmp) return TH_ERR;
    int st = cublasGemm(c, b, op, dt, M, N, K, alpha, A, B, beta, (Mat){tmp, N, 1}, batch, sA, sB, M * N);
    if (st == TH_OK) st = copyMatrices(c, dt, batch, M, N, C, sC, (Mat){tmp, N, 1}, M * N);
    THCCachingAllocator_free(c->state, tmp);
    return st;
  }
  char *copyA = NULL, *copyB = NULL;
  int st = TH_ERR;
  int ta, tb;
  int64_t lda, ldb;
  if (rowMajor(M, K, A)) ta = THC_CUBLAS_OP_N, lda = A.rs;
  else if (colMajor(M, K, A)) ta = THC_CUBLAS_OP_T, lda = A.cs;
  else { /* a broadcast batch (stride 0) stays one packed matrix */
    int64_t nb = sA == 0 ? 1 : batch;
    if (!(copyA = packed(c, dt, nb, M, K, A, sA))) goto done;
    A = (Mat){copyA, K, 1}, sA = sA == 0 ? 0 : M * K, ta = THC_CUBLAS_OP_N, lda = K;
  }
  if (rowMajor(K, N, B)) tb = THC_CUBLAS_OP_N, ldb = B.rs;
  else if (colMajor(K, N, B)) tb = THC_CUBLAS_OP_T, ldb = B.cs;
  else {
    int64_t nb = sB == 0 ? 1 : batch;
    if (!(copyB = packed(c, dt, nb, K, N, B, sB))) goto done;
    B = (Mat){copyB, N, 1}, sB = sB == 0 ? 0 : K * N, tb = THC_CUBLAS_OP_N, ldb = N;
  }
  /* column-major C^T (N x M) = op(B)^T-side first: cuBLAS's A is our B, its B our A */
  st = cublasCall(c, b, op, dt, tb, ta, N, M, K, alpha, B.p, ldb, sB, A.p, lda, sA, beta, C.p, C.rs, sC, batch);
done:
  if (copyA) THCCachingAllocator_free(c->state, copyA);
  if (copyB) THCCachingAllocator_free(c->state, copyB);
  return st;
}

/* One batched GEMM of one dtype (M, N > 0). */
static int gemm(THCBlasCtx *c, const char *op, THDType dt, int64_t M, int64_t N, int64_t K, double alpha, Mat A, Mat B,
                double beta, Mat C, int64_t batch, int64_t sA, int64_t sB, int64_t sC) {
  if (M <= 0 || N <= 0 || batch <= 0) return TH_OK;
  THCBlasState *b = blasState(c->state);
  if (!b) return TH_ERR;
  if (isFloating(dt) && K > 0 && alpha != 0 && M <= INT_MAX && N <= INT_MAX && K <= INT_MAX && cublasActive(b))
    return cublasGemm(c, b, op, dt, M, N, K, alpha, A, B, beta, C, batch, sA, sB, sC);
  THCGemmArgs g = {dt, M, N, K, alpha, beta, A.p, A.rs, A.cs, sA, B.p, B.rs, B.cs, sB, C.p, C.rs, C.cs, sC, batch};
  cudaError_t err = THCGemm_builtin(&g, ccMajor(b, c->device), c->cs);
  if (err == cudaErrorNotSupported)
    return THError("%s: %s products on the built-in kernels need a GPU of compute capability 8.0 or newer (cuBLAS is not in "
                   "use: %s)",
                   op, THDType_name(dt), THCBlas_cublasUnavailableReason(c->state));
  if (err != cudaSuccess) return THCError(err, "GEMM kernel");
  return TH_OK;
}

/* ---------------------------------------------------------------- tensors (THBlas.c's logic) */

/* Batched products over nbd leading batch dims (broadcast: sizes 1 or strides 0). accumulate
 * (addbmm): every batch adds into the same C. */
typedef struct Batch {
  int nbd;
  int64_t sizes[TH_MAX_DIMS], sa[TH_MAX_DIMS], sb[TH_MAX_DIMS], sc[TH_MAX_DIMS];
  int64_t M, N, K;
  Mat A, B, C;
} Batch;

static int runBatch(THCBlasCtx *c, const char *op, THDType dt, const Batch *bt, double alpha, double beta) {
  const int64_t es = (int64_t)THDType_size(dt);
  /* batch dims merged where A, B and C allow; the innermost run goes to one batched call, the
   * others (rare: batch dims that do not merge) are looped over here */
  const int64_t *strides[3] = {bt->sa, bt->sb, bt->sc};
  THCStrided info[3];
  THCBlas_coalesce(3, bt->nbd, bt->sizes, strides, info);
  int n = info[0].ndim;
  int64_t inner = n ? info[0].sizes[n - 1] : 1, outer = 1;
  for (int d = 0; d + 1 < n; d++) outer *= info[0].sizes[d];
  for (int64_t o = 0; o < outer; o++) {
    int64_t oa = 0, ob = 0, oc = 0, idx = o;
    for (int d = n - 2; d >= 0; d--) {
      int64_t i = idx % info[0].sizes[d];
      idx /= info[0].sizes[d];
      oa += i * info[0].strides[d], ob += i * info[1].strides[d], oc += i * info[2].strides[d];
    }
    Mat A = {bt->A.p + oa * es, bt->A.rs, bt->A.cs}, B = {bt->B.p + ob * es, bt->B.rs, bt->B.cs};
    Mat C = {bt->C.p + oc * es, bt->C.rs, bt->C.cs};
    int64_t sA = n ? info[0].strides[n - 1] : 0, sB = n ? info[1].strides[n - 1] : 0, sC = n ? info[2].strides[n - 1] : 0;
    if (gemm(c, op, dt, bt->M, bt->N, bt->K, alpha, A, B, beta, C, inner, sA, sB, sC)) return TH_ERR;
  }
  return TH_OK;
}

/* addbmm: sum_b A[b] B[b] as one product [M, nb*K] @ [nb*K, N] of contiguous copies. */
static int runAccumulate(THCBlasCtx *c, const char *op, THDType dt, const Batch *bt, double alpha, double beta) {
  int64_t nb = bt->sizes[0], M = bt->M, N = bt->N, K = bt->K;
  if (nb == 1) return gemm(c, op, dt, M, N, K, alpha, bt->A, bt->B, beta, bt->C, 1, 0, 0, 0);
  const size_t es = THDType_size(dt);
  char *a = THCCachingAllocator_malloc(c->state, (size_t)(M * nb * K) * es + 1, c->stream);
  char *b = a ? THCCachingAllocator_malloc(c->state, (size_t)(nb * K * N) * es + 1, c->stream) : NULL;
  int st = TH_ERR;
  if (a && b) {
    /* a[m, i, k] = A[i, m, k]: the batches side by side along K */
    const int64_t sizes[3] = {M, nb, K}, ds[3] = {nb * K, K, 1}, ss[3] = {bt->A.rs, bt->sa[0], bt->A.cs};
    const int64_t *sa[2] = {ds, ss};
    THCStrided info[2];
    THCBlas_coalesce(2, 3, sizes, sa, info);
    cudaError_t err = THCBlasK_copy(a, dt, &info[0], bt->A.p, dt, &info[1], M * nb * K, c->cs);
    if (err != cudaSuccess) st = THCError(err, "copy kernel");
    else if (copyMatrices(c, dt, nb, K, N, (Mat){b, N, 1}, K * N, bt->B, bt->sb[0]) == TH_OK)
      st = gemm(c, op, dt, M, N, nb * K, alpha, (Mat){a, nb * K, 1}, (Mat){b, N, 1}, beta, bt->C, 1, 0, 0, 0);
  }
  if (a) THCCachingAllocator_free(c->state, a);
  if (b) THCCachingAllocator_free(c->state, b);
  return st;
}

/* r[batch] = beta * r[batch] + alpha * a[batch] @ b[batch]: a [..., M, K], b [..., K, N], r
 * [..., M, N] already sized, all with nbd leading batch dims, one dtype. An r that aliases an
 * operand or itself is computed in a temporary. */
static int productInto(THCBlasCtx *c, const char *op, THTensor *r, const THTensor *a, const THTensor *b, int nbd, double alpha,
                       double beta, int accumulate) {
  const THDType dt = DT(r);
  THTensor *target = NULL;
  int status = TH_ERR;
  if (THTensor_sharesStorage(r, a) || THTensor_sharesStorage(r, b) || THCBlas_selfOverlapping(r)) {
    if (beta != 0) target = THCBlas_newContiguous(c, r, dt, 1);
    else target = THCBlas_newTensor(c, dt, ND(r), SZ(r));
    if (!target) goto done;
  } else {
    target = r;
    THTensor_retain(r);
  }
  Batch bt = {.nbd = nbd};
  int na = ND(a), nb = ND(b), nr = ND(target);
  bt.M = SZ(a)[na - 2];
  bt.K = SZ(a)[na - 1];
  bt.N = SZ(b)[nb - 1];
  for (int d = 0; d < nbd; d++) {
    bt.sizes[d] = SZ(a)[d] > SZ(b)[d] ? SZ(a)[d] : SZ(b)[d];
    bt.sa[d] = SZ(a)[d] == 1 ? 0 : ST(a)[d];
    bt.sb[d] = SZ(b)[d] == 1 ? 0 : ST(b)[d];
    bt.sc[d] = accumulate ? 0 : ST(target)[d];
  }
  bt.A = (Mat){THTensor_data(a), ST(a)[na - 2], ST(a)[na - 1]};
  bt.B = (Mat){THTensor_data(b), ST(b)[nb - 2], ST(b)[nb - 1]};
  bt.C = (Mat){THTensor_data(target), ST(target)[nr - 2], ST(target)[nr - 1]};
  int64_t nbatch = 1;
  for (int d = 0; d < nbd; d++) nbatch *= bt.sizes[d];
  if (bt.M > 0 && bt.N > 0) {
    int st;
    if (nbatch == 0) /* an empty batch: nothing to compute, or (addbmm) beta * r */
      st = accumulate ? gemm(c, op, dt, bt.M, bt.N, 0, alpha, bt.A, bt.B, beta, bt.C, 1, 0, 0, 0) : TH_OK;
    else if (accumulate)
      st = runAccumulate(c, op, dt, &bt, alpha, beta);
    else
      st = runBatch(c, op, dt, &bt, alpha, beta);
    if (st) goto done;
  }
  if (target != r && THCBlas_copy(c, r, target)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(target);
  return status;
}

/* r = beta * self + alpha * product, where the product's shape is (ndim, sizes): self broadcasts
 * into r first (r == self: in place, self must have the shape), then productInto adds. */
static int addProduct(THCBlasCtx *c, const char *op, THTensor *r, const THTensor *self, int ndim, const int64_t *sizes,
                      double beta) {
  if (THCheckAddShape(op, r, self, ndim, sizes)) return TH_ERR;
  if (r == self) return TH_OK;
  if (THTensor_resizeOutput(r, ndim, sizes)) return TH_ERR;
  if (beta != 0 && THCBlas_copy(c, r, self)) return TH_ERR;
  return TH_OK;
}

static int enter(THCBlasCtx *c, THCState *state, const char *op, THTensor *r, const THTensor *t0, const THTensor *t1,
                 const THTensor *t2) {
  const THTensor *ts[3] = {t0, t1, t2};
  return THCBlas_enter(c, state, op, r, 3, ts);
}

int THCTensor_mm(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) {
  THCBlasCtx c;
  if (THCheckMm("mm", r, NULL, a, b)) return TH_ERR;
  if (enter(&c, state, "mm", r, a, b, NULL)) return TH_ERR;
  int64_t sizes[2] = {SZ(a)[0], SZ(b)[1]};
  if (THTensor_resizeOutput(r, 2, sizes)) return THCBlas_leave(&c, TH_ERR);
  return THCBlas_leave(&c, productInto(&c, "mm", r, a, b, 0, 1, 0, 0));
}

int THCTensor_addmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2, double beta,
                    double alpha) {
  THCBlasCtx c;
  if (THCheckMm("addmm", r, self, m1, m2)) return TH_ERR;
  if (enter(&c, state, "addmm", r, self, m1, m2)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, m1) || THTensor_sharesStorage(r, m2) || THTensor_sharesStorage(r, self)))
    THCBLAS_VIA_TEMP(&c, r, THCTensor_addmm(state, tmp_, self, m1, m2, beta, alpha));
  int64_t sizes[2] = {SZ(m1)[0], SZ(m2)[1]};
  if (addProduct(&c, "addmm", r, self, 2, sizes, beta)) return THCBlas_leave(&c, TH_ERR);
  return THCBlas_leave(&c, productInto(&c, "addmm", r, m1, m2, 0, alpha, beta, 0));
}

int THCTensor_bmm(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) {
  THCBlasCtx c;
  if (THCheckBmm("bmm", r, NULL, a, b)) return TH_ERR;
  if (enter(&c, state, "bmm", r, a, b, NULL)) return TH_ERR;
  int64_t sizes[3] = {SZ(a)[0], SZ(a)[1], SZ(b)[2]};
  if (THTensor_resizeOutput(r, 3, sizes)) return THCBlas_leave(&c, TH_ERR);
  return THCBlas_leave(&c, productInto(&c, "bmm", r, a, b, 1, 1, 0, 0));
}

static int batchedAdd(THCState *state, const char *op, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2,
                      double beta, double alpha, int accumulate) {
  THCBlasCtx c;
  if (THCheckBmm(op, r, self, b1, b2)) return TH_ERR;
  if (enter(&c, state, op, r, self, b1, b2)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, b1) || THTensor_sharesStorage(r, b2) || THTensor_sharesStorage(r, self)))
    THCBLAS_VIA_TEMP(&c, r, batchedAdd(state, op, tmp_, self, b1, b2, beta, alpha, accumulate));
  int64_t sizes[3] = {SZ(b1)[0], SZ(b1)[1], SZ(b2)[2]};
  if (addProduct(&c, op, r, self, accumulate ? 2 : 3, accumulate ? sizes + 1 : sizes, beta)) return THCBlas_leave(&c, TH_ERR);
  return THCBlas_leave(&c, productInto(&c, op, r, b1, b2, 1, alpha, beta, accumulate));
}

int THCTensor_baddbmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta,
                      double alpha) {
  return batchedAdd(state, "baddbmm", r, self, b1, b2, beta, alpha, 0);
}

int THCTensor_addbmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta,
                     double alpha) {
  return batchedAdd(state, "addbmm", r, self, b1, b2, beta, alpha, 1);
}

static THTensor *unsq(const THTensor *t, int dim) { return THTensor_newUnsqueeze(t, dim); }

int THCTensor_mv(THCState *state, THTensor *r, const THTensor *mat, const THTensor *vec) {
  THCBlasCtx c;
  if (THCheckMv("mv", r, NULL, mat, vec)) return TH_ERR;
  if (enter(&c, state, "mv", r, mat, vec, NULL)) return TH_ERR;
  if (THTensor_resizeOutput(r, 1, SZ(mat))) return THCBlas_leave(&c, TH_ERR);
  THTensor *v = unsq(vec, 1), *rv = unsq(r, 1);
  int st = v && rv ? productInto(&c, "mv", rv, mat, v, 0, 1, 0, 0) : TH_ERR;
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(v);
  THTensor_free(rv);
  return THCBlas_leave(&c, st);
}

int THCTensor_addmv(THCState *state, THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec, double beta,
                    double alpha) {
  THCBlasCtx c;
  if (THCheckMv("addmv", r, self, mat, vec)) return TH_ERR;
  if (enter(&c, state, "addmv", r, self, mat, vec)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, mat) || THTensor_sharesStorage(r, vec) || THTensor_sharesStorage(r, self)))
    THCBLAS_VIA_TEMP(&c, r, THCTensor_addmv(state, tmp_, self, mat, vec, beta, alpha));
  if (addProduct(&c, "addmv", r, self, 1, SZ(mat), beta)) return THCBlas_leave(&c, TH_ERR);
  THTensor *v = unsq(vec, 1), *rv = unsq(r, 1);
  int st = v && rv ? productInto(&c, "addmv", rv, mat, v, 0, alpha, beta, 0) : TH_ERR;
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(v);
  THTensor_free(rv);
  return THCBlas_leave(&c, st);
}

int THCTensor_addr(THCState *state, THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2, double beta,
                   double alpha) {
  THCBlasCtx c;
  THDType rt;
  if (THCheckAddr(r, self, v1, v2, &rt)) return TH_ERR;
  if (rt != TH_DTYPE_NONE) { /* mixed dtypes: computed in their result type */
    if (enter(&c, state, "addr", r, self, v1, v2)) return TH_ERR;
    THTensor *s2 = THCBlas_newContiguous(&c, self, rt, 0), *a2 = THCBlas_newContiguous(&c, v1, rt, 0);
    THTensor *b2 = THCBlas_newContiguous(&c, v2, rt, 0);
    int st = s2 && a2 && b2 ? THCTensor_addr(state, r == self ? s2 : r, s2, a2, b2, beta, alpha) : TH_ERR;
    if (st == TH_OK && r == self && s2 != self) st = THCBlas_copy(&c, r, s2);
    THTensor_free(s2);
    THTensor_free(a2);
    THTensor_free(b2);
    return THCBlas_leave(&c, st);
  }
  if (enter(&c, state, "addr", r, self, v1, v2)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, v1) || THTensor_sharesStorage(r, v2) || THTensor_sharesStorage(r, self)))
    THCBLAS_VIA_TEMP(&c, r, THCTensor_addr(state, tmp_, self, v1, v2, beta, alpha));
  int64_t sizes[2] = {SZ(v1)[0], SZ(v2)[0]};
  if (addProduct(&c, "addr", r, self, 2, sizes, beta)) return THCBlas_leave(&c, TH_ERR);
  THTensor *a = unsq(v1, 1), *b = unsq(v2, 0);
  int st = a && b ? productInto(&c, "addr", r, a, b, 0, alpha, beta, 0) : TH_ERR;
  THTensor_free(a);
  THTensor_free(b);
  return THCBlas_leave(&c, st);
}

static int dotCommon(THCState *state, const char *op, THTensor *r, const THTensor *a, const THTensor *b) {
  THCBlasCtx c;
  if (THCheckDot(op, r, a, b)) return TH_ERR;
  if (enter(&c, state, op, r, a, b, NULL)) return TH_ERR;
  if (THTensor_resizeOutput(r, 0, NULL)) return THCBlas_leave(&c, TH_ERR);
  THTensor *av = unsq(a, 0), *bv = unsq(b, 1), *rv = NULL;
  int st = TH_ERR;
  if (av && bv) {
    int64_t one[2] = {1, 1}, st1[2] = {1, 1};
    rv = THTensor_newWithStorage(THTensor_storage(r), DT(r), THTensor_storageOffset(r), 2, one, st1);
    if (rv) st = productInto(&c, op, rv, av, bv, 0, 1, 0, 0);
  }
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(av);
  THTensor_free(bv);
  THTensor_free(rv);
  return THCBlas_leave(&c, st);
}

int THCTensor_dot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) { return dotCommon(state, "dot", r, a, b); }
int THCTensor_vdot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) { return dotCommon(state, "vdot", r, a, b); }

/* ---- matmul ---- */

int THCTensor_matmul(THCState *state, THTensor *r, const THTensor *a, const THTensor *b) {
  if (THCheckMatmul(r, a, b)) return TH_ERR;
  if (ND(a) == 1 && ND(b) == 1) return dotCommon(state, "matmul", r, a, b);
  THCBlasCtx c;
  if (enter(&c, state, "matmul", r, a, b, NULL)) return TH_ERR;
  THMatmulPlan p;
  if (THMatmul_plan(&p, a, b)) return THCBlas_leave(&c, TH_ERR);
  THTensor *rv = NULL, *a2 = NULL, *b2 = NULL, *r2 = NULL;
  int st = TH_ERR;
  if (r == a || r == b || THTensor_sharesStorage(r, a) || THTensor_sharesStorage(r, b)) {
    THTensor *tmp = THCTensor_new(state, DT(r), c.device);
    st = tmp ? THCTensor_matmul(state, tmp, a, b) : TH_ERR;
    if (st == TH_OK) st = THCBlas_assign(&c, r, tmp);
    THTensor_free(tmp);
    goto done;
  }
  if (THTensor_resizeOutput(r, p.ndim, p.sizes) || !(rv = THMatmul_newResultView(&p, r))) goto done;
  const int fold = THMatmul_fold(&p, rv, &a2, &b2, &r2);
  if (fold == 1) st = productInto(&c, "matmul", r2, a2, b2, 0, 1, 0, 0);
  else if (fold == 0) st = productInto(&c, "matmul", rv, p.a, p.b, p.nbd, 1, 0, 0);
  if (st == TH_OK) THTensor_bumpVersion(r);
done:
  THMatmul_planFree(&p);
  THTensor_free(rv), THTensor_free(a2), THTensor_free(b2), THTensor_free(r2);
  return THCBlas_leave(&c, st);
}
