/* test_copy.c — THCTensor_copy between host and device, device and device (and devices, where
 * there are two), for every pair of dtypes and layouts (contiguous, transposed, strided, broadcast
 * source, misaligned, 0-d, empty, large), against libTH's THTensor_copy on the same data; and the
 * conversions built on it: newContiguous, newClone, newTo, newToDevice, newReshape, newFlatten, item. Needs a GPU. */
#include "test_pointwise_util.h"

/* libTHC's pinned allocator comes from another part; until it is there, pinned results are refused */
#pragma weak THCCachingHostAllocator_isPinned

static const THDType allDTypes[] = {TH_Bool,  TH_UInt8,   TH_Int8,    TH_Int16,   TH_Int32,
                                    TH_Int64, TH_Float16, TH_BFloat16, TH_Float32, TH_Float64};
#define NDT (int)(sizeof allDTypes / sizeof allDTypes[0])

/* A base tensor (host or on `device`) and a view of it with logical shape sizes (2-d) and the given
 * layout; the base is filled with random values of its dtype. */
typedef struct Side {
  THTensor *base, *view;
} Side;

static Side makeSide(THDType dt, int device, int layout, const int64_t *sizes, int mode, const THTensor *hostBase) {
  Side s = {0, 0};
  int64_t b[2] = {sizes[0], sizes[1]};
  if (layout == L_T) b[0] = sizes[1], b[1] = sizes[0];
  if (layout == L_SLICE) b[1] = sizes[1] * 2;
  if (layout == L_EXPAND) b[0] = 1;
  if (layout == L_OFFSET) b[1] = sizes[1] + 1;
  if (layout == L_HOST0D || layout == L_DEV0D) {
    THTensor *h = hostBase ? THTensor_newClone(hostBase) : pw_rand(dt, 0, NULL, mode, 0);
    s.base = device >= 0 ? THCTensor_newToDevice(thc_test_state, h, device, 0, 0) : h;
    if (device >= 0) THTensor_free(h);
    s.view = s.base;
    THTensor_retain(s.view);
    return s;
  }
  THTensor *h = hostBase ? THTensor_newClone(hostBase) : pw_rand(dt, 2, b, mode, 0);
  s.base = device >= 0 ? THCTensor_newToDevice(thc_test_state, h, device, 0, 0) : h;
  if (device >= 0) THTensor_free(h);
  switch (layout) {
    case L_T: s.view = THTensor_newTranspose(s.base, 0, 1); break;
    case L_SLICE: s.view = THTensor_newSlice(s.base, 1, 0, b[1], 2); break;
    case L_EXPAND: s.view = THTensor_newExpand(s.base, 2, sizes); break;
    case L_OFFSET: s.view = THTensor_newNarrow(s.base, 1, 1, sizes[1]); break;
    default: s.view = THTensor_newAlias(s.base); break;
  }
  return s;
}

static void freeSide(Side *s) {
  THTensor_free(s->view);
  THTensor_free(s->base);
}

/* Copies src (dtype st, layout sl, on srcDev) into dst (dtype dt, layout dl, on dstDev) and the
 * same on the host with libTH; the whole destination base must then match (nothing outside the
 * view is touched). */
static void copyCase(THDType st, int sl, int srcDev, THDType dt, int dl, int dstDev, const int64_t *sizes, int nonBlocking) {
  /* floats converted to integers stay in range (out-of-range conversions are undefined in C) */
  int mode = THDType_isFloating(st) && !THDType_isFloating(dt) && dt != TH_Bool ? PW_RANDOM : PW_SPECIAL;
  Side sh = makeSide(st, -1, sl, sizes, mode, NULL);
  Side dh = makeSide(dt, -1, dl, sizes, PW_RANDOM, NULL);
  Side sd = makeSide(st, srcDev, sl, sizes, mode, sh.base);
  Side dd = makeSide(dt, dstDev, dl, sizes, PW_RANDOM, dh.base);
  char what[256];
  snprintf(what, sizeof what, "copy %s %s on %d -> %s %s on %d %s%s", THDType_name(st), pw_layoutName(sl), srcDev, THDType_name(dt),
           pw_layoutName(dl), dstDev, th_test_dims_str(2, sizes, 0), nonBlocking ? " (non-blocking)" : "");
  THClearError();
  int h = THTensor_copy(dh.view, sh.view);
  char herr[512];
  snprintf(herr, sizeof herr, "%s", h ? THGetLastError() : "");
  THClearError();
  int d = THCTensor_copy(thc_test_state, dd.view, sd.view, nonBlocking);
  if (nonBlocking && dstDev < 0 && srcDev >= 0) CHECK_OK(THCState_synchronize(thc_test_state, srcDev));
  th_test_checks++;
  if (h != d) TH_TEST_FAIL_("%s: status %d (%s), expected %d (%s)", what, d, d ? THGetLastError() : "", h, herr);
  else if (h && strcmp(herr, THGetLastError()) != 0) TH_TEST_FAIL_("%s: error \"%s\", expected \"%s\"", what, THGetLastError(), herr);
  else if (!h) pw_expectSame(dh.base, dd.base, 0, 1, what);
  freeSide(&sh);
  freeSide(&dh);
  freeSide(&sd);
  freeSide(&dd);
}

static const int layoutPairs[][2] = {{L_CONTIG, L_CONTIG}, {L_T, L_CONTIG},     {L_CONTIG, L_T},      {L_SLICE, L_OFFSET},
                                     {L_EXPAND, L_CONTIG}, {L_HOST0D, L_CONTIG}, {L_DEV0D, L_SLICE},   {L_OFFSET, L_OFFSET},
                                     {L_T, L_T},           {L_HOST0D, L_HOST0D}, {L_DEV0D, L_DEV0D}};

/* src/dst device per direction: host -> device, device -> host, device -> device */
static void copyDirections(THDType st, THDType dt, const int64_t *sizes, int nonBlocking) {
  static const int dirs[][2] = {{-1, 0}, {0, -1}, {0, 0}};
  for (int k = 0; k < 3; k++)
    for (size_t p = 0; p < sizeof layoutPairs / sizeof layoutPairs[0]; p++) {
      int sl = layoutPairs[p][0], dl = layoutPairs[p][1];
      /* a 0-d side lives where its direction says */
      if ((sl == L_DEV0D || sl == L_HOST0D) && dirs[k][0] < 0) sl = L_HOST0D;
      if ((sl == L_DEV0D || sl == L_HOST0D) && dirs[k][0] >= 0) sl = L_DEV0D;
      if ((dl == L_DEV0D || dl == L_HOST0D) && dirs[k][1] < 0) dl = L_HOST0D;
      if ((dl == L_DEV0D || dl == L_HOST0D) && dirs[k][1] >= 0) dl = L_DEV0D;
      copyCase(st, sl, dirs[k][0], dt, dl, dirs[k][1], sizes, nonBlocking);
    }
}

static void test_copy_all_dtypes(void) {
  const int64_t sizes[2] = {5, 37};
  for (int a = 0; a < NDT; a++)
    for (int b = 0; b < NDT; b++) copyDirections(allDTypes[a], allDTypes[b], sizes, 0);
}

static void test_copy_nonblocking_and_shapes(void) {
  static const int64_t shapes[][2] = {{0, 7}, {1, 1}, {3, 1}, {130, 257}};
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    copyDirections(TH_Float32, TH_Float32, shapes[s], 1);
    copyDirections(TH_Int16, TH_Float64, shapes[s], 0);
  }
}

static void test_copy_large(void) {
  const int64_t sizes[2] = {1031, 1029};
  static const THDType pairs[][2] = {{TH_Float32, TH_Float32}, {TH_Float32, TH_Float16}, {TH_UInt8, TH_Int64}, {TH_Float64, TH_BFloat16}};
  for (int p = 0; p < 4; p++)
    for (int k = 0; k < 3; k++) {
      static const int dirs[][2] = {{-1, 0}, {0, -1}, {0, 0}};
      copyCase(pairs[p][0], L_CONTIG, dirs[k][0], pairs[p][1], L_CONTIG, dirs[k][1], sizes, 0);
      copyCase(pairs[p][0], L_T, dirs[k][0], pairs[p][1], L_CONTIG, dirs[k][1], sizes, 0);
      copyCase(pairs[p][0], L_SLICE, dirs[k][0], pairs[p][1], L_T, dirs[k][1], sizes, 0);
    }
}

static void test_copy_between_devices(void) {
  if (THCState_deviceCount(thc_test_state) < 2) {
    printf("test_copy_between_devices: skipped (one device)\n");
    return;
  }
  const int64_t sizes[2] = {33, 65};
  static const THDType pairs[][2] = {{TH_Float32, TH_Float32}, {TH_Int32, TH_Float64}, {TH_Bool, TH_UInt8}};
  for (int p = 0; p < 3; p++)
    for (size_t l = 0; l < sizeof layoutPairs / sizeof layoutPairs[0]; l++) {
      int sl = layoutPairs[l][0] == L_HOST0D ? L_DEV0D : layoutPairs[l][0];
      int dl = layoutPairs[l][1] == L_HOST0D ? L_DEV0D : layoutPairs[l][1];
      copyCase(pairs[p][0], sl, 0, pairs[p][1], dl, 1, sizes, 0);
      copyCase(pairs[p][0], sl, 1, pairs[p][1], dl, 0, sizes, 0);
    }
}

static void test_copy_errors(void) {
  THCState *s = thc_test_state;
  THTensor *h = pw_rand(TH_Float32, 1, (int64_t[]){10}, PW_RANDOM, 0), *d = pw_dev(h);
  /* overlapping source and destination */
  THTensor *hd = THTensor_newNarrow(h, 0, 0, 6), *hs = THTensor_newNarrow(h, 0, 2, 6);
  THTensor *dd = THTensor_newNarrow(d, 0, 0, 6), *ds = THTensor_newNarrow(d, 0, 2, 6);
  CHECK_ERR(THTensor_copy(hd, hs), "some elements of the input tensor and the written-to tensor refer to a single memory location");
  CHECK_ERR(THCTensor_copy(s, dd, ds, 0), "copy_: unsupported operation: some elements of the input tensor and the written-to tensor");
  /* a broadcast destination */
  THTensor *one = THTensor_newNarrow(d, 0, 0, 1), *e = THTensor_newExpand(one, 1, (int64_t[]){4});
  THTensor *h4 = THTensor_newNarrow(h, 0, 0, 4);
  CHECK_ERR(THCTensor_copy(s, e, h4, 0), "more than one element of the written-to tensor refers to a single memory location");
  THTensor_free(h4);
  /* shapes that do not broadcast */
  THTensor *two = THTensor_newExpand(dd, 2, (int64_t[]){2, 6});
  CHECK_ERR(THCTensor_copy(s, dd, two, 0), "copy_: the source of shape [2, 6] cannot be broadcast to the destination's shape [6]");
  THTensor_free(two);
  /* copying a tensor onto itself */
  CHECK_OK(THCTensor_copy(s, d, d, 0));
  THTensor_free(one), THTensor_free(e), THTensor_free(hd), THTensor_free(hs), THTensor_free(dd), THTensor_free(ds);
  THTensor_free(h), THTensor_free(d);
}

static void test_conversions(void) {
  THCState *s = thc_test_state;
  for (int t = 0; t < NDT; t++) {
    THDType dt = allDTypes[t];
    Side h = makeSide(dt, -1, L_T, (int64_t[]){6, 9}, PW_SPECIAL, NULL);
    Side d = makeSide(dt, 0, L_T, (int64_t[]){6, 9}, PW_SPECIAL, h.base);
    /* newContiguous */
    THTensor *hc = THTensor_newContiguous(h.view), *dc = THCTensor_newContiguous(s, d.view);
    pw_expectSame(hc, dc, 0, 1, "newContiguous");
    CHECK(THCTensor_device(dc) == 0);
    THTensor *again = THCTensor_newContiguous(s, dc);
    CHECK(again == dc);
    THTensor_free(again);
    /* newClone keeps a dense layout (the transposed one), makes others contiguous */
    THTensor *hk = THTensor_newClone(h.view), *dk = THCTensor_newClone(s, d.view);
    pw_expectSame(hk, dk, 0, 1, "newClone");
    CHECK(THTensor_storage(dk) != THTensor_storage(d.view));
    THTensor *hsl = THTensor_newSlice(h.base, 1, 0, 6, 2), *dsl = THTensor_newSlice(d.base, 1, 0, 6, 2);
    THTensor *hk2 = THTensor_newClone(hsl), *dk2 = THCTensor_newClone(s, dsl);
    pw_expectSame(hk2, dk2, 0, 1, "newClone of a strided view");
    /* newTo every dtype */
    for (int u = 0; u < NDT; u++) {
      THDType ut = allDTypes[u];
      if (THDType_isFloating(dt) && !THDType_isFloating(ut) && ut != TH_Bool) continue; /* NaN to integers: undefined */
      THTensor *ht = THTensor_newTo(h.view, ut, 0), *dtt = THCTensor_newTo(s, d.view, ut, 0);
      pw_expectSame(ht, dtt, 0, 1, "newTo");
      if (ut == dt) CHECK(dtt == d.view);
      THTensor_free(ht);
      THTensor_free(dtt);
    }
    THTensor *forced = THCTensor_newTo(s, d.view, dt, 1);
    CHECK(forced != d.view);
    pw_expectSame(h.view, forced, 0, 0, "newTo(forceCopy)");
    THTensor_free(forced);
    /* newToDevice: to the host and back, keeping the dense layout */
    THTensor *back = THCTensor_newToDevice(s, d.view, -1, 0, 0);
    CHECK_NOT_NULL(back);
    if (back) {
      CHECK(THCTensor_device(back) < 0);
      pw_expectSame(hk, back, 0, 1, "newToDevice(host)");
      THTensor *there = THCTensor_newToDevice(s, back, 0, 1, 0);
      pw_expectSame(hk, there, 0, 1, "newToDevice(0)");
      THTensor *same = THCTensor_newToDevice(s, there, 0, 0, 0);
      CHECK(same == there);
      THTensor_free(same);
      THTensor_free(there);
    }
    THTensor_free(back);
    /* pinned host results (when the pinned allocator is there) */
    THClearError();
    THTensor *pinned = THCTensor_newToDevice(s, d.view, -1, 1, 1);
    if (pinned) {
      CHECK_OK(THCState_synchronize(s, 0));
      pw_expectSame(hk, pinned, 0, 1, "newToDevice(host, pinned)");
      if (THCCachingHostAllocator_isPinned) CHECK(THCCachingHostAllocator_isPinned(s, THTensor_data(pinned)));
    } else {
      CHECK_STR_CONTAINS(THGetLastError(), "pinned memory is not available");
    }
    THTensor_free(pinned);
    /* item */
    THTensor *h0 = pw_rand(dt, 0, NULL, PW_SPECIAL, 0), *d0 = pw_dev(h0);
    int st1 = 0, st2 = 0;
    double v1 = THTensor_item(h0, &st1), v2 = THCTensor_item(s, d0, &st2);
    CHECK_EQ_INT(st2, TH_OK);
    CHECK(pw_close(TH_Float64, v1, v2, 0));
    THCTensor_item(s, d.view, &st2);
    CHECK_EQ_INT(st2, TH_ERR);
    CHECK_STR_CONTAINS(THGetLastError(), "a Tensor with 54 elements cannot be converted to Scalar");
    THTensor_free(h0), THTensor_free(d0);
    THTensor_free(hc), THTensor_free(dc), THTensor_free(hk), THTensor_free(dk);
    THTensor_free(hsl), THTensor_free(dsl), THTensor_free(hk2), THTensor_free(dk2);
    freeSide(&h);
    freeSide(&d);
  }
}

static void test_reshape(void) {
  THCState *s = thc_test_state;
  Side h = makeSide(TH_Float32, -1, L_CONTIG, (int64_t[]){4, 6}, PW_RANDOM, NULL);
  Side d = makeSide(TH_Float32, 0, L_CONTIG, (int64_t[]){4, 6}, PW_RANDOM, h.base);
  /* a view when the strides allow one */
  THTensor *dv = THCTensor_newReshape(s, d.view, 3, (int64_t[]){2, -1, 3});
  CHECK_NOT_NULL(dv);
  if (dv) {
    CHECK(THTensor_storage(dv) == THTensor_storage(d.view));
    CHECK_SHAPE(dv, 3, 2, 4, 3);
  }
  /* a copy when not */
  THTensor *ht = THTensor_newTranspose(h.view, 0, 1), *dt = THTensor_newTranspose(d.view, 0, 1);
  THTensor *hr = THTensor_newReshape(ht, 1, (int64_t[]){24}), *dr = THCTensor_newReshape(s, dt, 1, (int64_t[]){24});
  pw_expectSame(hr, dr, 0, 1, "newReshape (copy)");
  CHECK(dr && THTensor_storage(dr) != THTensor_storage(d.view));
  /* the same error as libTH's for a shape that does not fit */
  THClearError();
  THTensor *bad = THTensor_newReshape(ht, 1, (int64_t[]){25});
  char herr[512];
  snprintf(herr, sizeof herr, "%s", THGetLastError());
  CHECK(bad == NULL);
  CHECK_NULL_ERR(THCTensor_newReshape(s, dt, 1, (int64_t[]){25}), herr);
  /* flatten copies on the device too (libTH's flatten would copy device memory on the host) */
  THTensor *hf = THTensor_newFlatten(ht, 0, -1), *df = THCTensor_newFlatten(s, dt, 0, -1);
  pw_expectSame(hf, df, 0, 1, "newFlatten (copy)");
  CHECK(df && THTensor_storage(df) != THTensor_storage(d.view));
  THTensor *dfv = THCTensor_newFlatten(s, d.view, 0, 1);
  CHECK(dfv && THTensor_storage(dfv) == THTensor_storage(d.view));
  THClearError();
  CHECK(THTensor_newFlatten(ht, 1, 0) == NULL);
  snprintf(herr, sizeof herr, "%s", THGetLastError());
  CHECK_NULL_ERR(THCTensor_newFlatten(s, dt, 1, 0), herr);
  THTensor_free(hf), THTensor_free(df), THTensor_free(dfv);
  THTensor_free(dv), THTensor_free(ht), THTensor_free(dt), THTensor_free(hr), THTensor_free(dr);
  freeSide(&h);
  freeSide(&d);
}

int main(void) {
  THC_REQUIRE_GPU();
  pw_gen = THGenerator_new(7);
  RUN_TEST(test_copy_all_dtypes);
  RUN_TEST(test_copy_nonblocking_and_shapes);
  RUN_TEST(test_copy_large);
  RUN_TEST(test_copy_between_devices);
  RUN_TEST(test_copy_errors);
  RUN_TEST(test_conversions);
  RUN_TEST(test_reshape);
  THGenerator_free(pw_gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
