/* test_reduce_args.c — the argument checks of THC's reductions and scans, which come before any
 * device work, so they run without a GPU. The "device" tensors live in host memory behind an
 * allocator that says cuda:63: every call that passes its checks then fails to reach that device
 * ("CUDA is not available" here, "Invalid device ordinal" on a machine with a GPU), so no kernel
 * ever sees them. Each error must be TH's, word for word (PyTorch's CUDA kernel names for the
 * "not implemented" ones). */
#include "thc_fake_device.h"
#include "thc_reduce_test.h"

#define FAKE_DEVICE 63

static THTensor *fake(THDType dt, int ndim, const int64_t *sizes) { return thc_fake_tensor(dt, FAKE_DEVICE, ndim, sizes); }

/* a call that passes every check and then cannot reach cuda:63 */
#define NO_DEVICE(thcCall)                                                                                      \
  do {                                                                                                          \
    THClearError();                                                                                             \
    int b_ = (thcCall);                                                                                         \
    th_test_checks++;                                                                                           \
    const char *e_ = THGetLastError();                                                                          \
    if (b_ != TH_ERR || (!strstr(e_, "CUDA is not available") && !strstr(e_, "Invalid device ordinal")))        \
      TH_TEST_FAIL_("%s: %d \"%s\"", #thcCall, b_, e_);                                                         \
  } while (0)

static const int64_t SZ[2] = {4, 6}, EMPTY[2] = {0, 6};

static void test_sum_like(void) {
  THTensor *ha = thc_host_tensor(TH_Float32, 2, SZ), *da = fake(TH_Float32, 2, SZ);
  THTensor *hi = thc_host_tensor(TH_Int32, 2, SZ), *di = fake(TH_Int32, 2, SZ);
  THTensor *hr = THTensor_new(TH_Float32), *dr = fake(TH_Float32, 1, (const int64_t[]){0});
  THTensor *hl = THTensor_new(TH_Int64), *dl = fake(TH_Int64, 1, (const int64_t[]){0});
  const int64_t bad[] = {2}, rep[] = {1, -1}, two[] = {0, 1};
  SAME_ERROR(THTensor_sum(hr, ha, 1, bad, 0, TH_DTYPE_NONE), THCTensor_sum(S, dr, da, 1, bad, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_sum(hr, ha, 2, rep, 0, TH_DTYPE_NONE), THCTensor_sum(S, dr, da, 2, rep, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_sum(hr, ha, 0, NULL, 0, TH_Float64), THCTensor_sum(S, dr, da, 0, NULL, 0, TH_Float64));
  SAME_ERROR(THTensor_nansum(hr, ha, 1, bad, 1, TH_DTYPE_NONE), THCTensor_nansum(S, dr, da, 1, bad, 1, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_mean(hr, hi, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_mean(S, dr, di, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_mean(hr, ha, 0, NULL, 0, TH_Int32), THCTensor_mean(S, dr, da, 0, NULL, 0, TH_Int32));
  SAME_ERROR(THTensor_mean(hl, ha, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_mean(S, dl, da, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_nanmean(hr, hi, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_nanmean(S, dr, di, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_nanmean(hl, ha, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_nanmean(S, dl, da, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_prod(hr, ha, 2, two, 0, TH_DTYPE_NONE), THCTensor_prod(S, dr, da, 2, two, 0, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_sum(S, dr, da, 0, NULL, 0, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_sum(S, dl, di, 1, two, 1, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_mean(S, dr, da, 2, two, 1, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_prod(S, dl, di, 1, two, 0, TH_DTYPE_NONE));
  THTensor_free(ha);
  THTensor_free(da);
  THTensor_free(hi);
  THTensor_free(di);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(hl);
  THTensor_free(dl);
}

static void test_extrema(void) {
  THTensor *ha = thc_host_tensor(TH_Float32, 2, SZ), *da = fake(TH_Float32, 2, SZ);
  THTensor *he = thc_host_tensor(TH_Float32, 2, EMPTY), *de = fake(TH_Float32, 2, EMPTY);
  THTensor *hb = thc_host_tensor(TH_Bool, 2, SZ), *db = fake(TH_Bool, 2, SZ);
  THTensor *hr = THTensor_new(TH_Float32), *dr = fake(TH_Float32, 1, (const int64_t[]){0});
  THTensor *hd = THTensor_new(TH_Float64), *dd = fake(TH_Float64, 1, (const int64_t[]){0});
  THTensor *hl = THTensor_new(TH_Int64), *dl = fake(TH_Int64, 1, (const int64_t[]){0});
  THTensor *hi = THTensor_new(TH_Int32), *di = fake(TH_Int32, 1, (const int64_t[]){0});
  THTensor *hbr = THTensor_new(TH_Bool), *dbr = fake(TH_Bool, 1, (const int64_t[]){0});
  const int64_t d0[] = {0}, d5[] = {5};
  SAME_ERROR(THTensor_amax(hd, ha, 0, NULL, 0), THCTensor_amax(S, dd, da, 0, NULL, 0));
  SAME_ERROR(THTensor_amin(hr, ha, 1, d5, 0), THCTensor_amin(S, dr, da, 1, d5, 0));
  SAME_ERROR(THTensor_amax(hr, he, 1, d0, 0), THCTensor_amax(S, dr, de, 1, d0, 0));
  SAME_ERROR(THTensor_amin(hr, he, 0, NULL, 0), THCTensor_amin(S, dr, de, 0, NULL, 0));
  SAME_ERROR(THTensor_max(hr, he), THCTensor_max(S, dr, de));
  SAME_ERROR(THTensor_min(hd, ha), THCTensor_min(S, dd, da));
  SAME_ERROR(THTensor_maxDim(hr, hi, ha, 0, 0), THCTensor_maxDim(S, dr, di, da, 0, 0));
  SAME_ERROR(THTensor_minDim(hd, hl, ha, 1, 0), THCTensor_minDim(S, dd, dl, da, 1, 0));
  SAME_ERROR(THTensor_maxDim(hr, hl, he, 0, 0), THCTensor_maxDim(S, dr, dl, de, 0, 0));
  SAME_ERROR(THTensor_argmax(hl, hb, 0, 0, 0), THCTensor_argmax(S, dl, db, 0, 0, 0));
  SAME_ERROR(THTensor_argmin(hl, hb, 1, 1, 0), THCTensor_argmin(S, dl, db, 1, 1, 0));
  SAME_ERROR(THTensor_argmax(hl, he, 0, 0, 0), THCTensor_argmax(S, dl, de, 0, 0, 0));
  SAME_ERROR(THTensor_argmax(hi, ha, 1, 0, 0), THCTensor_argmax(S, di, da, 1, 0, 0));
  SAME_ERROR(THTensor_argmin(hl, ha, 1, 2, 0), THCTensor_argmin(S, dl, da, 1, 2, 0));
  SAME_ERROR(THTensor_aminmax(hr, hr, he, 1, 0, 0), THCTensor_aminmax(S, dr, dr, de, 1, 0, 0));
  SAME_ERROR(THTensor_aminmax(hr, hd, ha, 0, 0, 0), THCTensor_aminmax(S, dr, dd, da, 0, 0, 0));
  NO_DEVICE(THCTensor_amax(S, dr, da, 1, d0, 1));
  NO_DEVICE(THCTensor_maxDim(S, dbr, dl, db, 0, 0)); /* bool values with indices are fine */
  NO_DEVICE(THCTensor_argmax(S, dl, da, 0, 0, 0));
  NO_DEVICE(THCTensor_argmax(S, dl, de, 1, 1, 0)); /* over the non-empty dim of an empty tensor */
  THTensor_free(ha);
  THTensor_free(da);
  THTensor_free(he);
  THTensor_free(de);
  THTensor_free(hb);
  THTensor_free(db);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(hd);
  THTensor_free(dd);
  THTensor_free(hl);
  THTensor_free(dl);
  THTensor_free(hi);
  THTensor_free(di);
  THTensor_free(hbr);
  THTensor_free(dbr);
}

static void test_stats(void) {
  THTensor *ha = thc_host_tensor(TH_Float32, 2, SZ), *da = fake(TH_Float32, 2, SZ);
  THTensor *hi = thc_host_tensor(TH_Int32, 2, SZ), *di = fake(TH_Int32, 2, SZ);
  THTensor *he = thc_host_tensor(TH_Float32, 2, EMPTY), *de = fake(TH_Float32, 2, EMPTY);
  THTensor *hr = THTensor_new(TH_Float32), *dr = fake(TH_Float32, 1, (const int64_t[]){0});
  THTensor *hd = THTensor_new(TH_Float64), *dd = fake(TH_Float64, 1, (const int64_t[]){0});
  THTensor *hl = THTensor_new(TH_Int64), *dl = fake(TH_Int64, 1, (const int64_t[]){0});
  THTensor *hb = THTensor_new(TH_Bool), *db = fake(TH_Bool, 1, (const int64_t[]){0});
  const int64_t two[] = {0, 1}, bad[] = {-3};
  SAME_ERROR(THTensor_var(hr, hi, 0, NULL, 1, 0), THCTensor_var(S, dr, di, 0, NULL, 1, 0));
  SAME_ERROR(THTensor_std(hl, ha, 0, NULL, 1, 0), THCTensor_std(S, dl, da, 0, NULL, 1, 0));
  SAME_ERROR(THTensor_varMean(hr, hl, ha, 0, NULL, 1, 0), THCTensor_varMean(S, dr, dl, da, 0, NULL, 1, 0));
  SAME_ERROR(THTensor_stdMean(hr, hr, ha, 1, bad, 1, 0), THCTensor_stdMean(S, dr, dr, da, 1, bad, 1, 0));
  SAME_ERROR(THTensor_norm(hr, hi, 2, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_norm(S, dr, di, 2, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_norm(hr, ha, 2, 0, NULL, 0, TH_Int32), THCTensor_norm(S, dr, da, 2, 0, NULL, 0, TH_Int32));
  SAME_ERROR(THTensor_norm(hr, ha, NAN, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_norm(S, dr, da, NAN, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_norm(hr, he, INFINITY, 0, NULL, 0, TH_DTYPE_NONE),
             THCTensor_norm(S, dr, de, INFINITY, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_norm(hr, he, -INFINITY, 1, two, 0, TH_DTYPE_NONE),
             THCTensor_norm(S, dr, de, -INFINITY, 1, two, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_norm(hd, ha, 2, 0, NULL, 0, TH_DTYPE_NONE), THCTensor_norm(S, dd, da, 2, 0, NULL, 0, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_logsumexp(hl, ha, 0, NULL, 0), THCTensor_logsumexp(S, dl, da, 0, NULL, 0));
  SAME_ERROR(THTensor_logsumexp(hr, ha, 1, bad, 0), THCTensor_logsumexp(S, dr, da, 1, bad, 0));
  SAME_ERROR(THTensor_all(hb, ha, 2, two, 0), THCTensor_all(S, db, da, 2, two, 0));
  SAME_ERROR(THTensor_any(hr, ha, 0, NULL, 0), THCTensor_any(S, dr, da, 0, NULL, 0));
  SAME_ERROR(THTensor_countNonzero(hr, ha, 0, NULL), THCTensor_countNonzero(S, dr, da, 0, NULL));
  SAME_ERROR(THTensor_countNonzero(hl, ha, 2, (const int64_t[]){1, 1}), THCTensor_countNonzero(S, dl, da, 2, (const int64_t[]){1, 1}));
  NO_DEVICE(THCTensor_var(S, dd, da, 1, two, 0, 1));
  NO_DEVICE(THCTensor_varMean(S, dr, dd, da, 0, NULL, 1, 0));
  NO_DEVICE(THCTensor_norm(S, dr, da, 3.5, 2, two, 0, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_norm(S, dr, de, 2, 0, NULL, 0, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_logsumexp(S, dd, di, 0, NULL, 1));
  NO_DEVICE(THCTensor_all(S, db, da, 1, two, 1));
  NO_DEVICE(THCTensor_countNonzero(S, dl, di, 2, two));
  THTensor_free(ha);
  THTensor_free(da);
  THTensor_free(hi);
  THTensor_free(di);
  THTensor_free(he);
  THTensor_free(de);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(hd);
  THTensor_free(dd);
  THTensor_free(hl);
  THTensor_free(dl);
  THTensor_free(hb);
  THTensor_free(db);
}

static void test_scans(void) {
  THTensor *ha = thc_host_tensor(TH_Float32, 2, SZ), *da = fake(TH_Float32, 2, SZ);
  THTensor *hr = THTensor_new(TH_Float32), *dr = fake(TH_Float32, 1, (const int64_t[]){0});
  THTensor *hl = THTensor_new(TH_Int64), *dl = fake(TH_Int64, 1, (const int64_t[]){0});
  THTensor *hi = THTensor_new(TH_Int32), *di = fake(TH_Int32, 1, (const int64_t[]){0});
  SAME_ERROR(THTensor_cumsum(hr, ha, 2, TH_DTYPE_NONE), THCTensor_cumsum(S, dr, da, 2, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_cumprod(hr, ha, -3, TH_DTYPE_NONE), THCTensor_cumprod(S, dr, da, -3, TH_DTYPE_NONE));
  SAME_ERROR(THTensor_cumsum(hr, ha, 0, TH_Float64), THCTensor_cumsum(S, dr, da, 0, TH_Float64));
  SAME_ERROR(THTensor_cummax(hl, hl, ha, 0), THCTensor_cummax(S, dl, dl, da, 0));
  SAME_ERROR(THTensor_cummin(hr, hi, ha, 1), THCTensor_cummin(S, dr, di, da, 1));
  SAME_ERROR(THTensor_cummax(hr, hl, ha, 5), THCTensor_cummax(S, dr, dl, da, 5));
  NO_DEVICE(THCTensor_cumsum(S, dr, da, 1, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_cummin(S, dr, dl, da, -1));
  THTensor_free(ha);
  THTensor_free(da);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(hl);
  THTensor_free(dl);
  THTensor_free(hi);
  THTensor_free(di);
}

static void test_devices(void) {
  THTensor *ha = thc_host_tensor(TH_Float32, 2, SZ), *da = fake(TH_Float32, 2, SZ);
  THTensor *hr = THTensor_new(TH_Float32), *dr = fake(TH_Float32, 1, (const int64_t[]){0});
  THTensor *h0 = THTensor_newWithSize(TH_Float32, 0, NULL);
  THTensor *hl = THTensor_new(TH_Int64), *dl = fake(TH_Int64, 1, (const int64_t[]){0});
  const char *same = "Expected all tensors to be on the same device, but found at least two devices,";
  CHECK_ERR(THCTensor_sum(S, hr, da, 0, NULL, 0, TH_DTYPE_NONE), same);
  CHECK_ERR(THCTensor_sum(S, h0, da, 0, NULL, 0, TH_DTYPE_NONE), same);   /* a 0-d host result is no scalar */
  CHECK_ERR(THCTensor_sum(S, dr, ha, 0, NULL, 0, TH_DTYPE_NONE), same);
  CHECK_ERR(THCTensor_maxDim(S, dr, hl, da, 0, 0), same);
  CHECK_ERR(THCTensor_varMean(S, dr, hr, da, 0, NULL, 1, 0), same);
  CHECK_ERR(THCTensor_cummax(S, dr, hl, da, 0), same);
  CHECK_ERR(THCTensor_cumsum(S, hr, da, 0, TH_DTYPE_NONE), same);
  CHECK_ERR(THCTensor_sum(S, hr, ha, 0, NULL, 0, TH_DTYPE_NONE), "sum: expected CUDA tensors, but every tensor is on the CPU");
  CHECK_ERR(THCTensor_cumsum(S, hr, ha, 0, TH_DTYPE_NONE), "cumsum: expected CUDA tensors");
  /* a 0-d host input is a scalar: it passes the checks */
  NO_DEVICE(THCTensor_sum(S, dr, h0, 0, NULL, 0, TH_DTYPE_NONE));
  NO_DEVICE(THCTensor_cumsum(S, dr, h0, 0, TH_DTYPE_NONE));
  THTensor_free(ha);
  THTensor_free(da);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(h0);
  THTensor_free(hl);
  THTensor_free(dl);
}

int main(void) {
  thc_test_state = THCState_new();
  if (!thc_test_state) return 1;
  RUN_TEST(test_sum_like);
  RUN_TEST(test_extrema);
  RUN_TEST(test_stats);
  RUN_TEST(test_scans);
  RUN_TEST(test_devices);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
