/* test_blas_loader.c — needs no GPU. The cuBLAS loader: TYPETORCH_CUBLAS naming a missing file,
 * a library that is not cuBLAS, a file that is not a library, a folder without cuBLAS, or "none"
 * leaves libTHC on its own kernels ("builtin") with a reason that says what happened, and nothing
 * crashes; THCBlas_setUseCublas(1) then fails with that reason. And the argument checks of
 * THCBlas.h, which run before any device is touched: the same messages as libTH's THBlas.h. */
#include <unistd.h>

#include "thc_test.h"

/* A fresh state with TYPETORCH_CUBLAS set to value (NULL: unset); its backend and reason. */
static void withEnv(const char *value, const char *wantInReason, const char *what) {
  if (value) setenv("TYPETORCH_CUBLAS", value, 1);
  else unsetenv("TYPETORCH_CUBLAS");
  THCState *s = THCState_new();
  CHECK_NOT_NULL(s);
  const char *name = THCBlas_backendName(s);
  const char *why = THCBlas_cublasUnavailableReason(s);
  if (wantInReason) {
    th_test_checks++;
    if (strcmp(name, "builtin") != 0) TH_TEST_FAIL_("%s: backend %s, expected builtin", what, name);
    CHECK_STR_CONTAINS(why, wantInReason);
    CHECK_ERR(THCBlas_setUseCublas(s, 1), wantInReason);
    CHECK_STR_CONTAINS(THCBlas_backendName(s), "builtin");
  } else { /* whatever this machine has: either cuBLAS, or builtin with a reason */
    th_test_checks++;
    if (strncmp(name, "cublas", 6) == 0) {
      if (why) TH_TEST_FAIL_("%s: cuBLAS in use but a reason is given: %s", what, why);
      CHECK_OK(THCBlas_setUseCublas(s, 0));
      CHECK_STR_CONTAINS(THCBlas_backendName(s), "builtin");
      CHECK_STR_CONTAINS(THCBlas_cublasUnavailableReason(s), "setUseCublas");
      CHECK_OK(THCBlas_setUseCublas(s, 1));
    } else {
      if (strcmp(name, "builtin") != 0) TH_TEST_FAIL_("%s: backend %s", what, name);
      CHECK_NOT_NULL(why);
    }
  }
  CHECK_OK(THCBlas_setUseCublas(s, 0)); /* the built-in kernels are always there */
  CHECK_STR_CONTAINS(THCBlas_backendName(s), "builtin");
  printf("%-28s -> %s (%s)\n", what, THCBlas_backendName(s), why ? why : "cuBLAS loaded");
  THCState_free(s);
}

static void test_loader(void) {
  const char *saved = getenv("TYPETORCH_CUBLAS");
  char *keep = saved ? strdup(saved) : NULL;
  withEnv("/nonexistent/folder/libcublas.so.12", "/nonexistent/folder/libcublas.so.12", "missing file");
  withEnv("libm.so.6", "is not a cuBLAS library (it has no cublasCreate_v2)", "a library that is not cuBLAS");
  char text[] = "/tmp/thc_loader_XXXXXX";
  int fd = mkstemp(text);
  CHECK(fd >= 0);
  if (fd >= 0) {
    CHECK(write(fd, "not a library\n", 14) == 14);
    close(fd);
    withEnv(text, text, "a text file");
    unlink(text);
  }
  char dir[] = "/tmp/thc_loader_dir_XXXXXX";
  if (mkdtemp(dir)) {
    withEnv(dir, "no cuBLAS in TYPETORCH_CUBLAS=", "a folder without cuBLAS");
    rmdir(dir);
  }
  withEnv("none", "turned off by TYPETORCH_CUBLAS=none", "none");
  withEnv("NONE", "turned off", "NONE");
  withEnv(NULL, NULL, "the loader's own search");
  if (keep) setenv("TYPETORCH_CUBLAS", keep, 1);
  else unsetenv("TYPETORCH_CUBLAS");
  free(keep);
}

static void test_tf32_flag(void) {
  THCState *s = THCState_new();
  CHECK_EQ_INT(THCBlas_allowTF32(s), 0); /* PyTorch's default: float32 products in full precision */
  THCBlas_setAllowTF32(s, 1);
  CHECK_EQ_INT(THCBlas_allowTF32(s), 1);
  THCState_free(s);
}

static THTensor *T(THDType dt, int ndim, const int64_t *sizes) { return THTensor_newWithSize(dt, ndim, sizes); }

static void test_argument_errors(void) {
  THCState *s = THCState_new();
  THTensor *a34 = T(TH_Float32, 2, (const int64_t[]){3, 4}), *a56 = T(TH_Float32, 2, (const int64_t[]){5, 6});
  THTensor *d34 = T(TH_Float64, 2, (const int64_t[]){3, 4}), *b44 = T(TH_Bool, 2, (const int64_t[]){4, 4});
  THTensor *v4 = T(TH_Float32, 1, (const int64_t[]){4}), *v5 = T(TH_Float32, 1, (const int64_t[]){5});
  THTensor *i4 = T(TH_Int64, 1, (const int64_t[]){4}), *t3 = T(TH_Float32, 3, (const int64_t[]){2, 3, 4});
  THTensor *t3b = T(TH_Float32, 3, (const int64_t[]){3, 3, 4}), *sc = THTensor_newScalar(TH_Float32, 1);
  THTensor *r = THTensor_new(TH_Float32), *ri = THTensor_new(TH_Int64);
  SAME_ERROR(THTensor_mm(r, a34, a56), THCTensor_mm(s, r, a34, a56));
  SAME_ERROR(THTensor_mm(r, a34, d34), THCTensor_mm(s, r, a34, d34));
  SAME_ERROR(THTensor_mm(r, b44, b44), THCTensor_mm(s, r, b44, b44));
  SAME_ERROR(THTensor_mm(r, v4, a34), THCTensor_mm(s, r, v4, a34));
  SAME_ERROR(THTensor_mm(ri, a34, a56), THCTensor_mm(s, ri, a34, a56));
  SAME_ERROR(THTensor_addmm(a34, a34, a34, a34, 1, 1), THCTensor_addmm(s, a34, a34, a34, a34, 1, 1));
  SAME_ERROR(THTensor_bmm(r, t3, t3b), THCTensor_bmm(s, r, t3, t3b));
  SAME_ERROR(THTensor_baddbmm(r, t3, t3, a34, 1, 1), THCTensor_baddbmm(s, r, t3, t3, a34, 1, 1));
  SAME_ERROR(THTensor_addbmm(r, a34, t3, t3b, 1, 1), THCTensor_addbmm(s, r, a34, t3, t3b, 1, 1));
  SAME_ERROR(THTensor_mv(r, a34, v5), THCTensor_mv(s, r, a34, v5));
  SAME_ERROR(THTensor_addmv(r, v4, a34, v5, 1, 1), THCTensor_addmv(s, r, v4, a34, v5, 1, 1));
  SAME_ERROR(THTensor_addr(r, a34, a34, v4, 1, 1), THCTensor_addr(s, r, a34, a34, v4, 1, 1));
  SAME_ERROR(THTensor_dot(r, v4, v5), THCTensor_dot(s, r, v4, v5));
  SAME_ERROR(THTensor_dot(r, v4, i4), THCTensor_dot(s, r, v4, i4));
  SAME_ERROR(THTensor_vdot(r, a34, v4), THCTensor_vdot(s, r, a34, v4));
  SAME_ERROR(THTensor_matmul(r, sc, v4), THCTensor_matmul(s, r, sc, v4));
  SAME_ERROR(THTensor_matmul(r, a34, a56), THCTensor_matmul(s, r, a34, a56));
  SAME_ERROR(THTensor_outer(r, a34, v4), THCTensor_outer(s, r, a34, v4));
  SAME_ERROR(THTensor_tensordot(r, a34, a56, 1, (const int64_t[]){1}, (const int64_t[]){0}),
             THCTensor_tensordot(s, r, a34, a56, 1, (const int64_t[]){1}, (const int64_t[]){0}));
  SAME_ERROR(THTensor_tensordot(r, a34, d34, 1, (const int64_t[]){1}, (const int64_t[]){0}),
             THCTensor_tensordot(s, r, a34, d34, 1, (const int64_t[]){1}, (const int64_t[]){0}));
  const THTensor *ops2[2] = {a34, a56};
  SAME_ERROR(THTensor_einsum(r, "ij,j1->i", 2, ops2), THCTensor_einsum(s, r, "ij,j1->i", 2, ops2));
  SAME_ERROR(THTensor_einsum(r, "ij->k", 1, ops2), THCTensor_einsum(s, r, "ij->k", 1, ops2));
  SAME_ERROR(THTensor_einsum(r, "ijk", 1, ops2), THCTensor_einsum(s, r, "ijk", 1, ops2));
  SAME_ERROR(THTensor_trace(r, v4), THCTensor_trace(s, r, v4));
  SAME_ERROR(THTensor_trace(ri, a34), THCTensor_trace(s, ri, a34));
  SAME_ERROR(THTensor_tril(r, v4, 0), THCTensor_tril(s, r, v4, 0));
  SAME_ERROR(THTensor_diag(r, t3, 0), THCTensor_diag(s, r, t3, 0));
  SAME_ERROR(THTensor_diagEmbed(r, v4, 0, 1, -1), THCTensor_diagEmbed(s, r, v4, 0, 1, -1));
  SAME_ERROR(THTensor_cross(r, a34, t3, 0, 0), THCTensor_cross(s, r, a34, t3, 0, 0));
  SAME_ERROR(THTensor_cross(r, a34, a34, 1, 1), THCTensor_cross(s, r, a34, a34, 1, 1));
  /* valid arguments on host tensors: not CUDA tensors (with or without a GPU) */
  THTensor *a43 = T(TH_Float32, 2, (const int64_t[]){4, 3});
  CHECK_ERR(THCTensor_mm(s, r, a34, a43), "expected CUDA tensors");
  CHECK_ERR(THCTensor_trace(s, r, a34), "expected CUDA tensors");
  THTensor *all[] = {a34, a56, d34, b44, v4, v5, i4, t3, t3b, sc, r, ri, a43};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) THTensor_free(all[i]);
  THCState_free(s);
}

int main(void) {
  RUN_TEST(test_loader);
  RUN_TEST(test_tf32_flag);
  RUN_TEST(test_argument_errors);
  return TH_TEST_RESULT();
}
