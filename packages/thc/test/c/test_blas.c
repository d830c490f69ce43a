/* test_blas.c — THCBlas.h against libTH's THBlas.h on the same inputs, on both GEMM backends:
 * libTHC's own kernels (always) and cuBLAS (when it loads; the test looks for the nvidia-cublas
 * Python package when the loader's path has none). Odd sizes (1, 7, 33, 127, 1000), transposed,
 * sliced (no unit stride), broadcast (stride 0) operands, out= layouts, batches (up to 70000, past
 * gridDim.z's limit), beta = 0 over NaN, empty products, every dtype, the ops on top (matmul's
 * cases, einsum, kron, ...), and the error paths. THC_BENCH=1 also times 4096^3 sgemm/hgemm. */
#include <time.h>

#include "thc_blas_util.h"

static THGenerator *gen;
static const char *backend = "builtin";

#define ST thc_test_state

/* Tolerances of a product with K terms of values in [-1, 1]: libTH computes half types in float32
 * and rounds once, as libTHC does; sums differ only in order. */
static void tolFor(THDType dt, int64_t K, double *rtol, double *atol) {
  double k = (double)(K + 1);
  switch (dt) {
    case TH_Float64: *rtol = 1e-12, *atol = 1e-14 * k; break;
    case TH_Float32: *rtol = 2e-5, *atol = 5e-7 * k; break;
    case TH_Float16: *rtol = 1.0 / 512, *atol = 1e-6 * k + 1e-4; break;
    case TH_BFloat16: *rtol = 1.0 / 64, *atol = 1e-6 * k + 1e-3; break;
    default: *rtol = 0, *atol = 0; break;
  }
}

enum { L_CONTIG, L_TRANS, L_STEP, L_EXPAND };
static const char *layoutName[] = {"contiguous", "transposed", "stepped", "expanded"};

/* A rows x cols matrix with the same values on the host (*h) and the device (*d), laid out as L. */
static void matrix(THDType dt, int64_t rows, int64_t cols, int L, THTensor **h, THTensor **d) {
  THTensor *h0 = NULL, *d0 = NULL;
  switch (L) {
    case L_TRANS:
      d0 = tu_pair(gen, dt, 2, (const int64_t[]){cols, rows}, &h0);
      *h = THTensor_newTranspose(h0, 0, 1), *d = THTensor_newTranspose(d0, 0, 1);
      break;
    case L_STEP: { /* every other row and column: no unit stride */
      d0 = tu_pair(gen, dt, 2, (const int64_t[]){2 * rows, 2 * cols}, &h0);
      THTensor *h1 = THTensor_newSlice(h0, 0, 0, 2 * rows, 2), *d1 = THTensor_newSlice(d0, 0, 0, 2 * rows, 2);
      *h = THTensor_newSlice(h1, 1, 0, 2 * cols, 2), *d = THTensor_newSlice(d1, 1, 0, 2 * cols, 2);
      THTensor_free(h1), THTensor_free(d1);
      break;
    }
    case L_EXPAND: /* one row repeated: row stride 0 */
      d0 = tu_pair(gen, dt, 2, (const int64_t[]){1, cols}, &h0);
      *h = THTensor_newExpand(h0, 2, (const int64_t[]){rows, cols}), *d = THTensor_newExpand(d0, 2, (const int64_t[]){rows, cols});
      break;
    default:
      *d = tu_pair(gen, dt, 2, (const int64_t[]){rows, cols}, h);
      return;
  }
  THTensor_free(h0), THTensor_free(d0);
}

static THTensor *devNew(THDType dt) { return THCTensor_new(ST, dt, 0); }

static void freeAll(THTensor **ts, int n) {
  for (int i = 0; i < n; i++) THTensor_free(ts[i]);
}

static const THDType gemmTypes[] = {TH_Float32, TH_Float64, TH_Float16, TH_BFloat16, TH_Int64, TH_Int32, TH_Int8, TH_UInt8};
#define NUM_GEMM_TYPES (int)(sizeof gemmTypes / sizeof gemmTypes[0])

static void test_mm(void) {
  static const int64_t shapes[][3] = {{1, 1, 1},   {7, 33, 127}, {127, 7, 33},  {33, 127, 1},  {1, 1000, 7},
                                      {1000, 33, 7}, {200, 300, 150}, {129, 257, 131}, {7, 1, 33}};
  static const int layouts[][2] = {{L_CONTIG, L_CONTIG}, {L_TRANS, L_CONTIG}, {L_CONTIG, L_TRANS},
                                   {L_TRANS, L_TRANS},   {L_STEP, L_STEP},    {L_EXPAND, L_CONTIG}};
  for (int t = 0; t < NUM_GEMM_TYPES; t++)
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
      for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        THDType dt = gemmTypes[t];
        int64_t M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
        THTensor *ha, *da, *hb, *db;
        matrix(dt, M, K, layouts[l][0], &ha, &da);
        matrix(dt, K, N, layouts[l][1], &hb, &db);
        THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
        CHECK_OK(THTensor_mm(hr, ha, hb));
        CHECK_OK(THCTensor_mm(ST, dr, da, db));
        double rtol, atol;
        tolFor(dt, K, &rtol, &atol);
        char what[160];
        snprintf(what, sizeof what, "%s mm %s %lldx%lld (%s) @ %lldx%lld (%s)", backend, THDType_name(dt), (long long)M, (long long)K,
                 layoutName[layouts[l][0]], (long long)K, (long long)N, layoutName[layouts[l][1]]);
        tu_compare(dr, hr, rtol, atol, what);
        THTensor *all[] = {ha, da, hb, db, hr, dr};
        freeAll(all, 6);
      }
}

/* float16/bfloat16 products whose operands suit TMA (a unit stride, the other a multiple of 8), the
 * cases of the Hopper kernel (sm90/THCGemmSm90.cu) on a 9.0 GPU: edges of M, N and K inside a tile
 * (200 x 296 x 136), more than one column of tiles (520), the smallest product it takes (64 x 16 x
 * 64), every mix of K-major and M/N-major operands, alpha and beta into a row- and a column-major C,
 * and batches. Elsewhere the same cases check the WMMA kernel. */
static void test_mm_tma_layouts(void) {
  static const int64_t shapes[][3] = {{200, 296, 136}, {136, 72, 520}, {64, 16, 64},
#ifndef THC_TEST_SMALL /* the emulator's threads are slow */
                                      {256, 256, 256}, {1000, 1000, 1000},
#endif
  };
  static const int layouts[][2] = {{L_CONTIG, L_CONTIG}, {L_TRANS, L_CONTIG}, {L_CONTIG, L_TRANS}, {L_TRANS, L_TRANS}};
  static const THDType dts[] = {TH_Float16, TH_BFloat16};
  for (int t = 0; t < 2; t++)
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
      for (int l = 0; l < 4; l++) {
        THDType dt = dts[t];
        int64_t M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
        THTensor *ha, *da, *hb, *db, *hc, *dc;
        matrix(dt, M, K, layouts[l][0], &ha, &da);
        matrix(dt, K, N, layouts[l][1], &hb, &db);
        matrix(dt, M, N, l == 3 ? L_TRANS : L_CONTIG, &hc, &dc);
        double rtol, atol;
        tolFor(dt, K, &rtol, &atol);
        char what[160];
        THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
        CHECK_OK(THTensor_mm(hr, ha, hb));
        CHECK_OK(THCTensor_mm(ST, dr, da, db));
        snprintf(what, sizeof what, "%s tma mm %s %lldx%lld (%s) @ %lldx%lld (%s)", backend, THDType_name(dt), (long long)M,
                 (long long)K, layoutName[layouts[l][0]], (long long)K, (long long)N, layoutName[layouts[l][1]]);
        tu_compare(dr, hr, rtol, atol, what);
        CHECK_OK(THTensor_addmm(hc, hc, ha, hb, 0.5, 2));
        CHECK_OK(THCTensor_addmm(ST, dc, dc, da, db, 0.5, 2));
        snprintf(what, sizeof what, "%s tma addmm %s %lldx%lldx%lld into a %s C", backend, THDType_name(dt), (long long)M,
                 (long long)K, (long long)N, l == 3 ? "column-major" : "row-major");
        tu_compare(dc, hc, rtol, atol, what);
        THTensor *all[] = {ha, da, hb, db, hc, dc, hr, dr};
        freeAll(all, 8);
      }
}

/* Which kernel multiplies float16/bfloat16: wgmma on a 9.0 GPU (unless THC_GEMM_SM90=0), WMMA on
 * other GPUs of 8.0 or newer. */
static void test_builtin_half_kernel(void) {
  int major = 0, minor = 0;
  cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, 0);
  cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, 0);
  const char *kernel = THCBlas_builtinHalfKernel(ST), *off = getenv("THC_GEMM_SM90");
  printf("  built-in float16 kernel on compute capability %d.%d: %s\n", major, minor, kernel ? kernel : "(none)");
#ifdef THC_EMU
  const int emulated = 1; /* the emulator runs no sm_90a code */
#else
  const int emulated = 0;
#endif
  if (major < 8) CHECK(kernel == NULL);
  else if (major == 9 && minor == 0 && !(off && off[0] == '0') && !emulated) CHECK_STR_CONTAINS(kernel, "wgmma");
  else CHECK_STR_CONTAINS(kernel, "wmma");
}

/* out= tensors of other layouts keep them: column-major (cuBLAS swaps operands) and stepped (a
 * temporary), with beta != 0 so that C is read too. */
static void test_out_layouts(void) {
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_Int64};
  for (int t = 0; t < 4; t++)
    for (int L = L_CONTIG; L <= L_STEP; L++) {
      THDType dt = dts[t];
      const int64_t M = 33, K = 65, N = 127;
      THTensor *ha, *da, *hb, *db, *hc, *dc;
      matrix(dt, M, K, L_CONTIG, &ha, &da);
      matrix(dt, K, N, L_TRANS, &hb, &db);
      matrix(dt, M, N, L, &hc, &dc);
      THTensor *hself = THTensor_newClone(hc);
      CHECK_OK(THTensor_addmm(hc, hc, ha, hb, 0.5, 2));
      CHECK_OK(THCTensor_addmm(ST, dc, dc, da, db, 0.5, 2));
      double rtol, atol;
      tolFor(dt, K, &rtol, &atol);
      char what[128];
      snprintf(what, sizeof what, "%s addmm in place, out %s %s", backend, layoutName[L], THDType_name(dt));
      tu_compare(dc, hc, rtol, atol, what);
      CHECK_EQ_INT(THTensor_stride(dc, 0), THTensor_stride(hc, 0)); /* the layout was kept */
      CHECK_EQ_INT(THTensor_stride(dc, 1), THTensor_stride(hc, 1));
      THTensor *all[] = {ha, da, hb, db, hc, dc, hself};
      freeAll(all, 7);
    }
}

/* beta == 0 ignores what is in the result (NaN included), as BLAS; alpha == 0 gives beta * self. */
static void test_addmm_beta_alpha(void) {
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_BFloat16};
  for (int t = 0; t < 4; t++) {
    THDType dt = dts[t];
    const int64_t M = 127, K = 33, N = 7;
    THTensor *ha, *da, *hb, *db;
    matrix(dt, M, K, L_CONTIG, &ha, &da);
    matrix(dt, K, N, L_CONTIG, &hb, &db);
    THTensor *hr = THTensor_newWithSize(dt, 2, (const int64_t[]){M, N}), *dr = THCTensor_newWithSize(ST, dt, 0, 2, (const int64_t[]){M, N});
    tu_fillDevice(dr, NAN);
    for (int64_t i = 0; i < M * N; i++) th_set(hr, i, NAN);
    CHECK_OK(THTensor_addmm(hr, hr, ha, hb, 0, 1.5));
    CHECK_OK(THCTensor_addmm(ST, dr, dr, da, db, 0, 1.5));
    double rtol, atol;
    tolFor(dt, K, &rtol, &atol);
    char what[128];
    snprintf(what, sizeof what, "%s addmm beta=0 over NaN %s", backend, THDType_name(dt));
    tu_compare(dr, hr, rtol, atol, what); /* a NaN left would differ from libTH's finite values */
    /* a NaN self with beta 0 into a fresh result */
    THTensor *hs = THTensor_newWithSize(dt, 2, (const int64_t[]){M, N}), *ds;
    for (int64_t i = 0; i < M * N; i++) th_set(hs, i, NAN);
    ds = tu_toDevice(hs);
    THTensor *hr2 = THTensor_new(dt), *dr2 = devNew(dt);
    CHECK_OK(THTensor_addmm(hr2, hs, ha, hb, 0, 1));
    CHECK_OK(THCTensor_addmm(ST, dr2, ds, da, db, 0, 1));
    snprintf(what, sizeof what, "%s addmm NaN self, beta=0 %s", backend, THDType_name(dt));
    tu_compare(dr2, hr2, rtol, atol, what);
    /* alpha == 0: beta * self, the product not computed (NaN in mat1 does not matter) */
    THTensor *hn = THTensor_newClone(ha), *dn;
    th_set(hn, 3, NAN);
    dn = tu_toDevice(hn);
    THTensor *hs3 = tu_random(gen, dt, 2, (const int64_t[]){M, N}), *ds3 = tu_toDevice(hs3);
    CHECK_OK(THTensor_addmm(hr2, hs3, hn, hb, 2, 0));
    CHECK_OK(THCTensor_addmm(ST, dr2, ds3, dn, db, 2, 0));
    snprintf(what, sizeof what, "%s addmm alpha=0 %s", backend, THDType_name(dt));
    tu_compare(dr2, hr2, rtol, atol, what);
    THTensor *all[] = {ha, da, hb, db, hr, dr, hs, ds, hr2, dr2, hn, dn, hs3, ds3};
    freeAll(all, 14);
  }
}

/* self broadcast from a bias row, a 0-d host scalar as self, and alpha/beta on integers. */
static void test_addmm_self(void) {
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Int64};
  for (int t = 0; t < 3; t++) {
    THDType dt = dts[t];
    const int64_t M = 33, K = 127, N = 7;
    THTensor *ha, *da, *hb, *db;
    matrix(dt, M, K, L_TRANS, &ha, &da);
    matrix(dt, K, N, L_CONTIG, &hb, &db);
    THTensor *hbias, *dbias = tu_pair(gen, dt, 1, (const int64_t[]){N}, &hbias);
    THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
    CHECK_OK(THTensor_addmm(hr, hbias, ha, hb, 3, -2));
    CHECK_OK(THCTensor_addmm(ST, dr, dbias, da, db, 3, -2));
    double rtol, atol;
    tolFor(dt, K, &rtol, &atol);
    char what[128];
    snprintf(what, sizeof what, "%s addmm bias %s", backend, THDType_name(dt));
    tu_compare(dr, hr, rtol, atol, what);
    THTensor *scalar = THTensor_newScalar(dt, 4);
    CHECK_OK(THTensor_addmm(hr, scalar, ha, hb, 0.5, 1));
    CHECK_OK(THCTensor_addmm(ST, dr, scalar, da, db, 0.5, 1));
    snprintf(what, sizeof what, "%s addmm host scalar self %s", backend, THDType_name(dt));
    tu_compare(dr, hr, rtol, atol, what);
    THTensor *all[] = {ha, da, hb, db, hbias, dbias, hr, dr, scalar};
    freeAll(all, 9);
  }
}

/* A batch of rows x cols matrices: contiguous, each transposed, or one matrix broadcast (stride 0). */
static void batch(THDType dt, int64_t nb, int64_t rows, int64_t cols, int L, THTensor **h, THTensor **d) {
  THTensor *h0, *d0;
  if (L == L_TRANS) {
    d0 = tu_pair(gen, dt, 3, (const int64_t[]){nb, cols, rows}, &h0);
    *h = THTensor_newTranspose(h0, 1, 2), *d = THTensor_newTranspose(d0, 1, 2);
  } else if (L == L_EXPAND) {
    d0 = tu_pair(gen, dt, 3, (const int64_t[]){1, rows, cols}, &h0);
    *h = THTensor_newExpand(h0, 3, (const int64_t[]){nb, rows, cols}), *d = THTensor_newExpand(d0, 3, (const int64_t[]){nb, rows, cols});
  } else {
    *d = tu_pair(gen, dt, 3, (const int64_t[]){nb, rows, cols}, h);
    return;
  }
  THTensor_free(h0), THTensor_free(d0);
}

static void test_bmm_baddbmm(void) {
  static const int64_t shapes[][4] = {{1, 7, 33, 5}, {3, 33, 7, 127}, {5, 1, 100, 1}, {4, 65, 65, 65}};
  static const int layouts[][2] = {{L_CONTIG, L_CONTIG}, {L_TRANS, L_CONTIG}, {L_CONTIG, L_TRANS}, {L_CONTIG, L_EXPAND}};
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_BFloat16, TH_Int64};
  for (int t = 0; t < 5; t++)
    for (int s = 0; s < 4; s++)
      for (int l = 0; l < 4; l++) {
        THDType dt = dts[t];
        int64_t B = shapes[s][0], M = shapes[s][1], K = shapes[s][2], N = shapes[s][3];
        THTensor *ha, *da, *hb, *db;
        batch(dt, B, M, K, layouts[l][0], &ha, &da);
        batch(dt, B, K, N, layouts[l][1], &hb, &db);
        THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
        double rtol, atol;
        tolFor(dt, K, &rtol, &atol);
        char what[160];
        CHECK_OK(THTensor_bmm(hr, ha, hb));
        CHECK_OK(THCTensor_bmm(ST, dr, da, db));
        snprintf(what, sizeof what, "%s bmm %s [%lld, %lld, %lld] (%s) @ [., ., %lld] (%s)", backend, THDType_name(dt), (long long)B,
                 (long long)M, (long long)K, layoutName[layouts[l][0]], (long long)N, layoutName[layouts[l][1]]);
        tu_compare(dr, hr, rtol, atol, what);
        THTensor *hs, *ds = tu_pair(gen, dt, 2, (const int64_t[]){1, N}, &hs);
        THTensor *hr2 = THTensor_new(dt), *dr2 = devNew(dt);
        CHECK_OK(THTensor_baddbmm(hr2, hs, ha, hb, 0.5, 2));
        CHECK_OK(THCTensor_baddbmm(ST, dr2, ds, da, db, 0.5, 2));
        snprintf(what, sizeof what, "%s baddbmm %s B=%lld layouts %d", backend, THDType_name(dt), (long long)B, l);
        tu_compare(dr2, hr2, rtol, atol, what);
        CHECK_OK(THTensor_addbmm(hr2, hs, ha, hb, 0.5, 2));
        CHECK_OK(THCTensor_addbmm(ST, dr2, ds, da, db, 0.5, 2));
        tolFor(dt, K * B, &rtol, &atol);
        snprintf(what, sizeof what, "%s addbmm %s B=%lld layouts %d", backend, THDType_name(dt), (long long)B, l);
        tu_compare(dr2, hr2, rtol, atol, what);
        THTensor *all[] = {ha, da, hb, db, hr, dr, hs, ds, hr2, dr2};
        freeAll(all, 10);
      }
}

/* More batches than gridDim.z takes in one launch (65535). */
static void test_many_batches(void) {
  const int64_t B = 70000;
  THTensor *ha, *da, *hb, *db;
  batch(TH_Float32, B, 3, 5, L_CONTIG, &ha, &da);
  batch(TH_Float32, B, 5, 2, L_TRANS, &hb, &db);
  THTensor *hr = THTensor_new(TH_Float32), *dr = devNew(TH_Float32);
  CHECK_OK(THTensor_bmm(hr, ha, hb));
  CHECK_OK(THCTensor_bmm(ST, dr, da, db));
  char what[64];
  snprintf(what, sizeof what, "%s bmm of 70000 batches", backend);
  tu_compare(dr, hr, 2e-5, 1e-5, what);
  THTensor *all[] = {ha, da, hb, db, hr, dr};
  freeAll(all, 6);
}

static void test_mv_dot(void) {
  static const int64_t shapes[][2] = {{1, 1}, {7, 33}, {1000, 1}, {2100, 33}, {33, 100000}, {1, 1000}};
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_Int64, TH_Int16};
  for (int t = 0; t < 5; t++)
    for (int s = 0; s < 6; s++)
      for (int L = L_CONTIG; L <= L_STEP; L++) {
        THDType dt = dts[t];
        int64_t M = shapes[s][0], K = shapes[s][1];
        THTensor *hm, *dm;
        matrix(dt, M, K, L, &hm, &dm);
        THTensor *hv0, *dv0 = tu_pair(gen, dt, 1, (const int64_t[]){2 * K}, &hv0); /* a vector of stride 2 */
        THTensor *hv = THTensor_newSlice(hv0, 0, 0, 2 * K, 2), *dv = THTensor_newSlice(dv0, 0, 0, 2 * K, 2);
        THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
        double rtol, atol;
        tolFor(dt, K, &rtol, &atol);
        char what[128];
        CHECK_OK(THTensor_mv(hr, hm, hv));
        CHECK_OK(THCTensor_mv(ST, dr, dm, dv));
        snprintf(what, sizeof what, "%s mv %s %lldx%lld %s", backend, THDType_name(dt), (long long)M, (long long)K, layoutName[L]);
        tu_compare(dr, hr, rtol, atol, what);
        /* addmv with beta 0 over NaN */
        THTensor *hs = THTensor_newWithSize(dt, 1, &M), *ds;
        for (int64_t i = 0; i < M; i++) th_set(hs, i, THDType_isFloating(dt) ? NAN : 7);
        ds = tu_toDevice(hs);
        CHECK_OK(THTensor_addmv(hs, hs, hm, hv, 0, 0.5));
        CHECK_OK(THCTensor_addmv(ST, ds, ds, dm, dv, 0, 0.5));
        snprintf(what, sizeof what, "%s addmv beta=0 %s %lldx%lld", backend, THDType_name(dt), (long long)M, (long long)K);
        tu_compare(ds, hs, rtol, atol, what);
        /* dot and vdot of a row of the matrix with the vector */
        THTensor *hrow = THTensor_newSelect(hm, 0, M - 1), *drow = THTensor_newSelect(dm, 0, M - 1);
        CHECK_OK(THTensor_dot(hr, hrow, hv));
        CHECK_OK(THCTensor_dot(ST, dr, drow, dv));
        snprintf(what, sizeof what, "%s dot %s n=%lld", backend, THDType_name(dt), (long long)K);
        tu_compare(dr, hr, rtol, atol, what);
        CHECK_OK(THTensor_vdot(hr, hv, hrow));
        CHECK_OK(THCTensor_vdot(ST, dr, dv, drow));
        tu_compare(dr, hr, rtol, atol, what);
        THTensor *all[] = {hm, dm, hv0, dv0, hv, dv, hr, dr, hs, ds, hrow, drow};
        freeAll(all, 12);
      }
}

static void test_addr(void) {
  static const THDType dts[][3] = {{TH_Float32, TH_Float32, TH_Float32}, {TH_Float64, TH_Float32, TH_Float32},
                                   {TH_Int64, TH_Int64, TH_Int64},       {TH_Float32, TH_Int32, TH_Float16}};
  for (int t = 0; t < 4; t++) {
    const int64_t M = 127, N = 33;
    THTensor *hs, *ds = tu_pair(gen, dts[t][0], 2, (const int64_t[]){M, N}, &hs);
    THTensor *h1, *d1 = tu_pair(gen, dts[t][1], 1, &M, &h1), *h2, *d2 = tu_pair(gen, dts[t][2], 1, &N, &h2);
    const THTensor *ts[3] = {hs, h1, h2};
    THDType rt = THTensor_resultType(3, ts);
    THTensor *hr = THTensor_new(rt), *dr = devNew(rt);
    CHECK_OK(THTensor_addr(hr, hs, h1, h2, 0.5, 3));
    CHECK_OK(THCTensor_addr(ST, dr, ds, d1, d2, 0.5, 3));
    double rtol, atol;
    tolFor(rt, 1, &rtol, &atol);
    char what[96];
    snprintf(what, sizeof what, "%s addr %s(%s, %s)", backend, THDType_name(dts[t][0]), THDType_name(dts[t][1]),
             THDType_name(dts[t][2]));
    tu_compare(dr, hr, rtol, atol, what);
    THTensor *all[] = {hs, ds, h1, d1, h2, d2, hr, dr};
    freeAll(all, 8);
  }
}

static void test_matmul(void) {
  static const struct {
    int na, nb;
    int64_t a[4], b[4];
  } cases[] = {
      {1, 1, {33}, {33}},           {1, 2, {33}, {33, 7}},          {2, 1, {7, 33}, {33}},
      {2, 2, {127, 33}, {33, 7}},   {4, 3, {2, 1, 5, 7}, {3, 7, 4}}, {3, 2, {4, 5, 7}, {7, 3}},
      {1, 3, {7}, {2, 7, 3}},       {3, 1, {2, 3, 4}, {4}},          {3, 3, {1, 33, 127}, {6, 127, 1}},
  };
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_Int64};
  for (int t = 0; t < 4; t++)
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      THDType dt = dts[t];
      THTensor *ha, *da = tu_pair(gen, dt, cases[c].na, cases[c].a, &ha);
      THTensor *hb, *db = tu_pair(gen, dt, cases[c].nb, cases[c].b, &hb);
      THTensor *hr = THTensor_new(dt), *dr = devNew(dt);
      CHECK_OK(THTensor_matmul(hr, ha, hb));
      CHECK_OK(THCTensor_matmul(ST, dr, da, db));
      double rtol, atol;
      tolFor(dt, 127, &rtol, &atol);
      char what[96];
      snprintf(what, sizeof what, "%s matmul %s case %d", backend, THDType_name(dt), (int)c);
      tu_compare(dr, hr, rtol, atol, what);
      THTensor *all[] = {ha, da, hb, db, hr, dr};
      freeAll(all, 6);
    }
}

/* Empty products: no rows, no columns, K = 0 (beta * self, zeros for mm), an empty batch. */
static void test_empty(void) {
  static const int64_t shapes[][3] = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0}};
  for (int s = 0; s < 3; s++) {
    int64_t M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
    THTensor *ha, *da = tu_pair(gen, TH_Float32, 2, (const int64_t[]){M, K}, &ha);
    THTensor *hb, *db = tu_pair(gen, TH_Float32, 2, (const int64_t[]){K, N}, &hb);
    THTensor *hs, *ds = tu_pair(gen, TH_Float32, 2, (const int64_t[]){M, N}, &hs);
    THTensor *hr = THTensor_new(TH_Float32), *dr = devNew(TH_Float32);
    CHECK_OK(THTensor_mm(hr, ha, hb));
    CHECK_OK(THCTensor_mm(ST, dr, da, db));
    tu_compare(dr, hr, 0, 0, "mm with an empty dim");
    CHECK_OK(THTensor_addmm(hr, hs, ha, hb, 2, 1));
    CHECK_OK(THCTensor_addmm(ST, dr, ds, da, db, 2, 1));
    tu_compare(dr, hr, 1e-6, 0, "addmm with an empty dim");
    THTensor *all[] = {ha, da, hb, db, hs, ds, hr, dr};
    freeAll(all, 8);
  }
  THTensor *ha, *da = tu_pair(gen, TH_Float32, 3, (const int64_t[]){0, 3, 4}, &ha);
  THTensor *hb, *db = tu_pair(gen, TH_Float32, 3, (const int64_t[]){0, 4, 5}, &hb);
  THTensor *hs, *ds = tu_pair(gen, TH_Float32, 2, (const int64_t[]){3, 5}, &hs);
  THTensor *hr = THTensor_new(TH_Float32), *dr = devNew(TH_Float32);
  CHECK_OK(THTensor_bmm(hr, ha, hb));
  CHECK_OK(THCTensor_bmm(ST, dr, da, db));
  tu_compare(dr, hr, 0, 0, "bmm of an empty batch");
  CHECK_OK(THTensor_addbmm(hr, hs, ha, hb, 3, 1));
  CHECK_OK(THCTensor_addbmm(ST, dr, ds, da, db, 3, 1));
  tu_compare(dr, hr, 1e-6, 0, "addbmm of an empty batch");
  THTensor *all[] = {ha, da, hb, db, hs, ds, hr, dr};
  freeAll(all, 8);
}

static void test_ops(void) {
  THTensor *ha, *da, *hb, *db, *hr, *dr;
  char what[96];
  /* outer with type promotion */
  da = tu_pair(gen, TH_Float32, 1, (const int64_t[]){127}, &ha);
  db = tu_pair(gen, TH_Int32, 1, (const int64_t[]){33}, &hb);
  hr = THTensor_new(TH_Float32), dr = devNew(TH_Float32);
  CHECK_OK(THTensor_outer(hr, ha, hb));
  CHECK_OK(THCTensor_outer(ST, dr, da, db));
  tu_compare(dr, hr, 1e-6, 0, "outer float32 x int32");
  THTensor *all1[] = {ha, da, hb, db, hr, dr};
  freeAll(all1, 6);
  /* kron */
  static const THDType kt[][2] = {{TH_Float32, TH_Float32}, {TH_Int64, TH_Int64}, {TH_Float16, TH_Float64}, {TH_Int8, TH_UInt8}};
  for (int t = 0; t < 4; t++) {
    da = tu_pair(gen, kt[t][0], 2, (const int64_t[]){2, 3}, &ha);
    db = tu_pair(gen, kt[t][1], 3, (const int64_t[]){4, 1, 5}, &hb);
    THDType rt;
    THTensor_binaryResultType(TH_OP_mul, ha, hb, &rt);
    hr = THTensor_new(rt), dr = devNew(rt);
    CHECK_OK(THTensor_kron(hr, ha, hb));
    CHECK_OK(THCTensor_kron(ST, dr, da, db));
    snprintf(what, sizeof what, "kron %s x %s", THDType_name(kt[t][0]), THDType_name(kt[t][1]));
    tu_compare(dr, hr, 1e-6, 0, what);
    THTensor *all[] = {ha, da, hb, db, hr, dr};
    freeAll(all, 6);
  }
  /* tensordot */
  da = tu_pair(gen, TH_Float64, 3, (const int64_t[]){3, 4, 5}, &ha);
  db = tu_pair(gen, TH_Float64, 3, (const int64_t[]){4, 6, 3}, &hb);
  hr = THTensor_new(TH_Float64), dr = devNew(TH_Float64);
  const int64_t dA[2] = {0, 1}, dB[2] = {2, 0};
  CHECK_OK(THTensor_tensordot(hr, ha, hb, 2, dA, dB));
  CHECK_OK(THCTensor_tensordot(ST, dr, da, db, 2, dA, dB));
  tu_compare(dr, hr, 1e-12, 1e-12, "tensordot");
  THTensor *all2[] = {ha, da, hb, db, hr, dr};
  freeAll(all2, 6);
  /* einsum */
  static const struct {
    const char *eq;
    int n, nd[3];
    int64_t s[3][4];
  } ein[] = {
      {"ij,jk->ik", 2, {2, 2}, {{7, 33}, {33, 5}}},
      {"ii->i", 1, {2}, {{6, 6}}},
      {"ii", 1, {2}, {{6, 6}}},
      {"bij,bjk->bik", 2, {3, 3}, {{4, 3, 5}, {4, 5, 2}}},
      {"i,i->", 2, {1, 1}, {{100}, {100}}},
      {"...ij,...jk", 2, {3, 2}, {{2, 3, 4}, {4, 5}}},
      {"ij,jk,kl->il", 3, {2, 2, 2}, {{3, 4}, {4, 5}, {5, 6}}},
      {"ij->ji", 1, {2}, {{3, 7}}},
      {"ijk->", 1, {3}, {{3, 4, 5}}},
  };
  for (size_t e = 0; e < sizeof ein / sizeof ein[0]; e++) {
    THTensor *hs[3] = {0}, *ds[3] = {0};
    for (int k = 0; k < ein[e].n; k++) ds[k] = tu_pair(gen, TH_Float32, ein[e].nd[k], ein[e].s[k], &hs[k]);
    hr = THTensor_new(TH_Float32), dr = devNew(TH_Float32);
    CHECK_OK(THTensor_einsum(hr, ein[e].eq, ein[e].n, (const THTensor *const *)hs));
    CHECK_OK(THCTensor_einsum(ST, dr, ein[e].eq, ein[e].n, (const THTensor *const *)ds));
    snprintf(what, sizeof what, "einsum %s", ein[e].eq);
    tu_compare(dr, hr, 1e-5, 1e-5, what);
    for (int k = 0; k < ein[e].n; k++) THTensor_free(hs[k]), THTensor_free(ds[k]);
    THTensor_free(hr), THTensor_free(dr);
  }
  /* trace (integers sum into int64) */
  static const THDType tt[] = {TH_Float32, TH_Float64, TH_Int32, TH_UInt8, TH_Float16};
  for (int t = 0; t < 5; t++) {
    THTensor *hm, *dm;
    matrix(tt[t], 33, 127, t % 2 ? L_TRANS : L_CONTIG, &hm, &dm);
    THDType rt = THDType_isIntegral(tt[t], 1) ? TH_Int64 : tt[t];
    hr = THTensor_new(rt), dr = devNew(rt);
    CHECK_OK(THTensor_trace(hr, hm));
    CHECK_OK(THCTensor_trace(ST, dr, dm));
    snprintf(what, sizeof what, "trace %s", THDType_name(tt[t]));
    tu_compare(dr, hr, 1e-3, 1e-6, what);
    THTensor *all[] = {hm, dm, hr, dr};
    freeAll(all, 4);
  }
  /* tril / triu, batched, several diagonals, in place and not */
  static const int64_t diags[] = {-2, 0, 1, 5};
  for (int k = 0; k < 4; k++)
    for (int up = 0; up < 2; up++) {
      da = tu_pair(gen, TH_Int64, 3, (const int64_t[]){3, 5, 7}, &ha);
      hr = THTensor_new(TH_Int64), dr = devNew(TH_Int64);
      CHECK_OK((up ? THTensor_triu : THTensor_tril)(hr, ha, diags[k]));
      CHECK_OK((up ? THCTensor_triu : THCTensor_tril)(ST, dr, da, diags[k]));
      snprintf(what, sizeof what, "%s diagonal %lld", up ? "triu" : "tril", (long long)diags[k]);
      tu_compare(dr, hr, 0, 0, what);
      CHECK_OK((up ? THCTensor_triu : THCTensor_tril)(ST, da, da, diags[k])); /* in place */
      tu_compare(da, hr, 0, 0, what);
      THTensor *all[] = {ha, da, hr, dr};
      freeAll(all, 4);
    }
  /* diag both ways, diagEmbed */
  for (int64_t off = -2; off <= 2; off += 2) {
    da = tu_pair(gen, TH_Float32, 1, (const int64_t[]){5}, &ha);
    hr = THTensor_new(TH_Float32), dr = devNew(TH_Float32);
    CHECK_OK(THTensor_diag(hr, ha, off));
    CHECK_OK(THCTensor_diag(ST, dr, da, off));
    tu_compare(dr, hr, 0, 0, "diag of a vector");
    THTensor *hm = THTensor_newClone(hr), *dm = tu_toDevice(hm);
    CHECK_OK(THTensor_diag(hr, hm, off));
    CHECK_OK(THCTensor_diag(ST, dr, dm, off));
    tu_compare(dr, hr, 0, 0, "diag of a matrix");
    THTensor *he, *de = tu_pair(gen, TH_Float64, 2, (const int64_t[]){2, 3}, &he);
    THTensor *dr2 = devNew(TH_Float64), *hr2 = THTensor_new(TH_Float64);
    CHECK_OK(THTensor_diagEmbed(hr2, he, off, 0, 2));
    CHECK_OK(THCTensor_diagEmbed(ST, dr2, de, off, 0, 2));
    tu_compare(dr2, hr2, 0, 0, "diagEmbed");
    THTensor *all[] = {ha, da, hr, dr, hm, dm, he, de, dr2, hr2};
    freeAll(all, 10);
  }
  /* cross, with and without dim, broadcasting */
  static const THDType ct[] = {TH_Float32, TH_Float64, TH_Int32, TH_Float16};
  for (int t = 0; t < 4; t++)
    for (int hasDim = 0; hasDim < 2; hasDim++) {
      da = tu_pair(gen, ct[t], 3, (const int64_t[]){4, 3, 5}, &ha);
      db = tu_pair(gen, ct[t], 3, (const int64_t[]){1, 3, 5}, &hb);
      hr = THTensor_new(ct[t]), dr = devNew(ct[t]);
      CHECK_OK(THTensor_cross(hr, ha, hb, hasDim, 1));
      CHECK_OK(THCTensor_cross(ST, dr, da, db, hasDim, 1));
      snprintf(what, sizeof what, "cross %s", THDType_name(ct[t]));
      tu_compare(dr, hr, 1e-6, 1e-6, what);
      THTensor *all[] = {ha, da, hb, db, hr, dr};
      freeAll(all, 6);
    }
}

/* The same messages as libTH for bad arguments; device errors for mixed devices. */
static void test_errors(void) {
  THTensor *ha = tu_random(gen, TH_Float32, 2, (const int64_t[]){3, 4}), *da = tu_toDevice(ha);
  THTensor *hb = tu_random(gen, TH_Float32, 2, (const int64_t[]){5, 6}), *db = tu_toDevice(hb);
  THTensor *hr = THTensor_new(TH_Float32), *dr = devNew(TH_Float32);
  char want[512];
  CHECK_ERR(THTensor_mm(hr, ha, hb), "cannot be multiplied");
  snprintf(want, sizeof want, "%s", THGetLastError());
  CHECK_ERR(THCTensor_mm(ST, dr, da, db), want);
  THTensor *hbool = THTensor_newWithSize(TH_Bool, 2, (const int64_t[]){4, 4}), *dbool = tu_toDevice(hbool);
  CHECK_ERR(THTensor_mm(hr, hbool, hbool), "not implemented for 'bool'");
  snprintf(want, sizeof want, "%s", THGetLastError());
  CHECK_ERR(THCTensor_mm(ST, dr, dbool, dbool), want);
  THTensor *hc = tu_random(gen, TH_Float32, 2, (const int64_t[]){4, 6}), *dc = tu_toDevice(hc);
  CHECK_ERR(THCTensor_mm(ST, dr, da, hc), "Expected all tensors to be on the same device");
  CHECK_ERR(THCTensor_mm(ST, hr, da, dc), "cpu");
  CHECK_ERR(THCTensor_matmul(ST, dr, da, dr), "");
  THTensor *all[] = {ha, da, hb, db, hr, dr, hbool, dbool, hc, dc};
  freeAll(all, 10);
}

/* 4096^3 products on both backends, with THC_BENCH=1 (not a test: prints TFLOP/s). */
static void bench(void) {
  const int64_t n = 4096;
  static const THDType dts[] = {TH_Float32, TH_Float16};
  for (int t = 0; t < 2; t++) {
    THTensor *a = THCTensor_newWithSize(ST, dts[t], 0, 2, (const int64_t[]){n, n});
    THTensor *b = THCTensor_newWithSize(ST, dts[t], 0, 2, (const int64_t[]){n, n});
    THTensor *r = THCTensor_newWithSize(ST, dts[t], 0, 2, (const int64_t[]){n, n});
    THCTensor_uniform_(ST, a, -1, 1, NULL);
    THCTensor_uniform_(ST, b, -1, 1, NULL);
    for (int use = 0; use < 2; use++) {
      if (THCBlas_setUseCublas(ST, use)) continue;
      THCTensor_mm(ST, r, a, b); /* warm up */
      cudaDeviceSynchronize();
      struct timespec t0, t1;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      const int reps = 10;
      for (int i = 0; i < reps; i++) THCTensor_mm(ST, r, a, b);
      cudaDeviceSynchronize();
      clock_gettime(CLOCK_MONOTONIC, &t1);
      double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
      const char *kernel = use || dts[t] != TH_Float16 ? NULL : THCBlas_builtinHalfKernel(ST);
      printf("bench: %s mm %lld^3 on %s%s%s: %.1f TFLOP/s\n", THDType_name(dts[t]), (long long)n, THCBlas_backendName(ST),
             kernel ? " " : "", kernel ? kernel : "",
             2.0 * (double)n * n * n * reps / s / 1e12);
    }
    THTensor_free(a), THTensor_free(b), THTensor_free(r);
  }
}

static void runAll(void) {
  RUN_TEST(test_mm);
  RUN_TEST(test_mm_tma_layouts);
  RUN_TEST(test_out_layouts);
  RUN_TEST(test_addmm_beta_alpha);
  RUN_TEST(test_addmm_self);
  RUN_TEST(test_bmm_baddbmm);
  RUN_TEST(test_many_batches);
  RUN_TEST(test_mv_dot);
  RUN_TEST(test_addr);
  RUN_TEST(test_matmul);
  RUN_TEST(test_empty);
  RUN_TEST(test_ops);
  RUN_TEST(test_errors);
}

/* Where the loader's path has no cuBLAS, the lib folder of the nvidia-cublas Python package (how
 * our GPU machines have it), through TYPETORCH_CUBLAS. */
static void findCublasForTests(void) {
  if (getenv("TYPETORCH_CUBLAS")) return;
  FILE *p = popen("python3 -c 'import nvidia.cublas as m, os; print(os.path.join(list(m.__path__)[0], \"lib\"))' 2>/dev/null", "r");
  if (!p) return;
  char dir[1024] = "";
  if (fgets(dir, sizeof dir, p)) dir[strcspn(dir, "\n")] = 0;
  pclose(p);
  if (dir[0]) setenv("TYPETORCH_CUBLAS", dir, 0);
}

int main(void) {
  THC_REQUIRE_GPU();
  gen = THGenerator_new(1234);
  /* the state's BLAS part reads TYPETORCH_CUBLAS when first used, after this */
  THCState *probe = THCState_new();
  int found = probe && THCBlas_setUseCublas(probe, 1) == TH_OK;
  THCState_free(probe);
  if (!found) findCublasForTests();

  printf("== built-in kernels\n");
  CHECK_OK(THCBlas_setUseCublas(ST, 0));
  CHECK_STR_CONTAINS(THCBlas_backendName(ST), "builtin");
  backend = "builtin";
  RUN_TEST(test_builtin_half_kernel);
  runAll();

  if (THCBlas_setUseCublas(ST, 1) == TH_OK) {
    printf("== %s\n", THCBlas_backendName(ST));
    backend = "cublas";
    runAll();
  } else {
    printf("skipped the cuBLAS half: %s\n", THCBlas_cublasUnavailableReason(ST));
  }
  if (getenv("THC_BENCH")) bench();
  THGenerator_free(gen);
  THCState_free(ST);
  return TH_TEST_RESULT();
}
