/* test_index.c — libTHC's indexing, scatter/gather, masks, joining and reordering against libTH:
 * the same random inputs (contiguous and not), every dtype, negative dims, empty and 0-d tensors,
 * duplicate indices, and the error paths (same message as libTH, the device usable after). Needs
 * a GPU (skipped without one). Ops that assign with duplicate indices keep an unspecified value
 * on the GPU (as in PyTorch), so those get unique indices; accumulations use integer-valued data
 * so that sums in any order are exact. */
#include "thc_idx_test.h"

#define S thc_test_state

/* An int64 index tensor (host) of the given shape with values in [lo, hi]. */
static THTensor *rnd_index(int nd, const int64_t *sizes, int64_t lo, int64_t hi) {
  THTensor *t = THTensor_newWithSize(TH_Int64, nd, sizes);
  int64_t n = THTensor_numel(t);
  for (int64_t i = 0; i < n; i++) ((int64_t *)THTensor_data(t))[i] = rnd_int(lo, hi);
  return t;
}

/* An index of shape sizes whose lines along dim hold distinct values in [0, range). */
static THTensor *rnd_unique_index(int nd, const int64_t *sizes, int dim, int64_t range) {
  THTensor *t = THTensor_newWithSize(TH_Int64, nd, sizes);
  int64_t outer = 1, inner = 1, k = nd ? sizes[dim] : 1;
  for (int i = 0; i < dim; i++) outer *= sizes[i];
  for (int i = dim + 1; i < nd; i++) inner *= sizes[i];
  int64_t *perm = malloc(sizeof(int64_t) * (size_t)(range > 0 ? range : 1));
  int64_t *v = (int64_t *)THTensor_data(t);
  for (int64_t o = 0; o < outer; o++)
    for (int64_t in = 0; in < inner; in++) {
      for (int64_t i = 0; i < range; i++) perm[i] = i;
      for (int64_t i = range - 1; i > 0; i--) {
        int64_t j = rnd_int(0, i), x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
      }
      for (int64_t q = 0; q < k; q++) v[(o * k + q) * inner + in] = perm[q];
    }
  free(perm);
  return t;
}

/* ---- index_select ---- */

static void test_index_select(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(pair_of(rnd_tensor(dt, 3, SZ(4, 5, 6), -50, 50, 0)), 0, 2); /* [6, 5, 4], not contiguous */
    const int64_t dims[] = {0, 1, -1, -3};
    for (int k = 0; k < 4; k++) {
      int d = (int)(dims[k] < 0 ? dims[k] + 3 : dims[k]);
      THTensor *ih = rnd_index(1, SZ(9), 0, THTensor_size(a.h, d) - 1), *id = dev(ih);
      BOTH(dt, 0, THTensor_indexSelect(rh, a.h, dims[k], ih), THCTensor_indexSelect(S, rd, a.d, dims[k], id));
      THTensor *i32 = THTensor_newTo(ih, TH_Int32, 1), *i32d = dev(i32);
      BOTH(dt, 0, THTensor_indexSelect(rh, a.h, dims[k], i32), THCTensor_indexSelect(S, rd, a.d, dims[k], i32d));
      THTensor_free(i32);
      THTensor_free(i32d);
      THTensor_free(ih);
      THTensor_free(id);
    }
    pair_free(a);
  }
}

static void test_index_select_edges(void) {
  Pair a = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), -9, 9, 0));
  Pair s0 = pair_of(THTensor_newScalar(TH_Float64, 2.5));
  Pair i0 = pair_of(THTensor_newScalar(TH_Int64, 2));
  Pair iz = pair_of(THTensor_newScalar(TH_Int64, 0));
  int64_t zero = 0;
  Pair ie = pair_of(THTensor_newWithSize(TH_Int64, 1, &zero));
  BOTH(TH_Float32, 0, THTensor_indexSelect(rh, a.h, 1, i0.h), THCTensor_indexSelect(S, rd, a.d, 1, i0.d));
  BOTH(TH_Float32, 0, THTensor_indexSelect(rh, a.h, 1, ie.h), THCTensor_indexSelect(S, rd, a.d, 1, ie.d));
  BOTH(TH_Float64, 0, THTensor_indexSelect(rh, s0.h, 0, iz.h), THCTensor_indexSelect(S, rd, s0.d, 0, iz.d));
  /* a host 0-d index is a scalar and may index a device tensor */
  BOTH(TH_Float32, 0, THTensor_indexSelect(rh, a.h, 0, i0.h), THCTensor_indexSelect(S, rd, a.d, 0, i0.h));
  /* out= that is the input itself */
  {
    Pair b = pair_of(rnd_tensor(TH_Int32, 1, SZ(6), 0, 100, 0));
    THTensor *ih = rnd_index(1, SZ(6), 0, 5), *id = dev(ih);
    CHECK_OK(THTensor_indexSelect(b.h, b.h, 0, ih));
    CHECK_OK(THCTensor_indexSelect(S, b.d, b.d, 0, id));
    SAME(b.h, b.d, 0);
    THTensor_free(ih);
    THTensor_free(id);
    pair_free(b);
  }
  /* errors */
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  Pair bad = pair_of(VEC(TH_Int64, 0, 1, 7, 2)), neg = pair_of(VEC(TH_Int64, 0, -1)), fl = pair_of(VEC(TH_Float32, 0, 1));
  Pair two = pair_of(rnd_index(2, SZ(2, 2), 0, 1));
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 1, bad.h), THCTensor_indexSelect(S, rd, a.d, 1, bad.d));
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 0, neg.h), THCTensor_indexSelect(S, rd, a.d, 0, neg.d));
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 0, fl.h), THCTensor_indexSelect(S, rd, a.d, 0, fl.d));
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 0, two.h), THCTensor_indexSelect(S, rd, a.d, 0, two.d));
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 2, ie.h), THCTensor_indexSelect(S, rd, a.d, 2, ie.d));
  THTensor *ri = THTensor_new(TH_Int32), *rdi = dnew(TH_Int32);
  SAME_ERROR(THTensor_indexSelect(ri, a.h, 0, i0.h), THCTensor_indexSelect(S, rdi, a.d, 0, i0.d));
  /* a host operand next to device ones */
  CHECK_ERR(THCTensor_indexSelect(S, rd, a.h, 0, i0.d), "Expected all tensors to be on the same device");
  CHECK_ERR(THCTensor_indexSelect(S, rh, a.d, 0, i0.d), "Expected all tensors to be on the same device");
  check_device_usable();
  THTensor_free(ri);
  THTensor_free(rdi);
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(bad);
  pair_free(neg);
  pair_free(fl);
  pair_free(two);
  pair_free(a);
  pair_free(s0);
  pair_free(i0);
  pair_free(iz);
  pair_free(ie);
}

/* ---- index_add / index_copy / index_fill ---- */

static void test_index_update(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    for (int dim = -3; dim < 3; dim++) {
      int d = dim < 0 ? dim + 3 : dim;
      Pair self = pair_step(pair_of(rnd_tensor(dt, 3, SZ(4, 6, 5), -3, 3, 1)), 1); /* [4, 3, 5], strided */
      int64_t size = THTensor_size(self.h, d), srcSizes[3] = {4, 3, 5};
      srcSizes[d] = 7;
      Pair src = pair_t(pair_of(rnd_tensor(dt, 3, (int64_t[]){srcSizes[2], srcSizes[1], srcSizes[0]}, -3, 3, 1)), 0, 2);
      THTensor *dupH = rnd_index(1, SZ(7), 0, size - 1), *dupD = dev(dupH); /* duplicates */
      double alpha = dt == TH_Bool ? 1 : 2;
      BOTH(dt, 0, THTensor_indexAdd(rh, self.h, dim, dupH, src.h, alpha), THCTensor_indexAdd(S, rd, self.d, dim, dupD, src.d, alpha));
      /* index_copy: distinct indices (the source along dim has as many as self) */
      srcSizes[d] = size;
      Pair src2 = pair_of(rnd_tensor(dt, 3, srcSizes, -20, 20, 0));
      THTensor *uH = rnd_unique_index(1, &size, 0, size), *uD = dev(uH);
      BOTH(dt, 0, THTensor_indexCopy(rh, self.h, dim, uH, src2.h), THCTensor_indexCopy(S, rd, self.d, dim, uD, src2.d));
      /* index_fill with a host scalar and a device one; negative indices allowed */
      THTensor *v = THTensor_newScalar(dt, 3), *vd = dev(v);
      THTensor *negH = VEC(TH_Int64, -1, 0), *negD = dev(negH);
      BOTH(dt, 0, THTensor_indexFill(rh, self.h, dim, dupH, v), THCTensor_indexFill(S, rd, self.d, dim, dupD, v));
      BOTH(dt, 0, THTensor_indexFill(rh, self.h, dim, negH, v), THCTensor_indexFill(S, rd, self.d, dim, negD, vd));
      /* in place */
      {
        Pair ip = pair_of(THTensor_newClone(self.h));
        CHECK_OK(THTensor_indexAdd(ip.h, ip.h, dim, dupH, src.h, alpha));
        CHECK_OK(THCTensor_indexAdd(S, ip.d, ip.d, dim, dupD, src.d, alpha));
        SAME(ip.h, ip.d, 0);
        pair_free(ip);
      }
      THTensor_free(v);
      THTensor_free(vd);
      THTensor_free(negH);
      THTensor_free(negD);
      THTensor_free(uH);
      THTensor_free(uD);
      THTensor_free(dupH);
      THTensor_free(dupD);
      pair_free(src2);
      pair_free(src);
      pair_free(self);
    }
  }
  /* a 0-d self */
  {
    Pair s = pair_of(THTensor_newScalar(TH_Float32, 1)), src = pair_of(THTensor_newScalar(TH_Float32, 4));
    Pair i = pair_of(THTensor_newScalar(TH_Int64, 0));
    BOTH(TH_Float32, 0, THTensor_indexAdd(rh, s.h, 0, i.h, src.h, 1), THCTensor_indexAdd(S, rd, s.d, 0, i.d, src.d, 1));
    pair_free(s);
    pair_free(src);
    pair_free(i);
  }
  /* errors */
  Pair self = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0)), src = pair_of(rnd_tensor(TH_Float32, 2, SZ(2, 4), 0, 9, 0));
  Pair bad = pair_of(VEC(TH_Int64, 0, 3)), ok = pair_of(VEC(TH_Int64, 0, 2)), neg = pair_of(VEC(TH_Int64, -4, 0));
  Pair srcI = pair_of(rnd_tensor(TH_Int32, 2, SZ(2, 4), 0, 9, 0)), src3 = pair_of(rnd_tensor(TH_Float32, 2, SZ(2, 3), 0, 9, 0));
  Pair v1 = pair_of(VEC(TH_Float32, 1));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  SAME_ERROR(THTensor_indexAdd(rh, self.h, 0, bad.h, src.h, 1), THCTensor_indexAdd(S, rd, self.d, 0, bad.d, src.d, 1));
  SAME_ERROR(THTensor_indexCopy(rh, self.h, 0, bad.h, src.h), THCTensor_indexCopy(S, rd, self.d, 0, bad.d, src.d));
  SAME_ERROR(THTensor_indexCopy(rh, self.h, 0, neg.h, src.h), THCTensor_indexCopy(S, rd, self.d, 0, neg.d, src.d));
  SAME_ERROR(THTensor_indexFill(rh, self.h, 0, neg.h, v1.h), THCTensor_indexFill(S, rd, self.d, 0, neg.d, v1.d));
  SAME_ERROR(THTensor_indexAdd(rh, self.h, 0, ok.h, srcI.h, 1), THCTensor_indexAdd(S, rd, self.d, 0, ok.d, srcI.d, 1));
  SAME_ERROR(THTensor_indexAdd(rh, self.h, 0, ok.h, src3.h, 1), THCTensor_indexAdd(S, rd, self.d, 0, ok.d, src3.d, 1));
  SAME_ERROR(THTensor_indexAdd(rh, self.h, 1, ok.h, src.h, 1), THCTensor_indexAdd(S, rd, self.d, 1, ok.d, src.d, 1));
  {
    Pair iself = pair_of(rnd_tensor(TH_Int32, 2, SZ(3, 4), 0, 9, 0));
    THTensor *ri = THTensor_new(TH_Int32), *rdi = dnew(TH_Int32);
    SAME_ERROR(THTensor_indexAdd(ri, iself.h, 0, ok.h, srcI.h, 0.5), THCTensor_indexAdd(S, rdi, iself.d, 0, ok.d, srcI.d, 0.5));
    THTensor_free(ri);
    THTensor_free(rdi);
    pair_free(iself);
  }
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(self);
  pair_free(src);
  pair_free(bad);
  pair_free(ok);
  pair_free(neg);
  pair_free(srcI);
  pair_free(src3);
  pair_free(v1);
}

/* ---- gather / scatter ---- */

static void test_gather(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair self = pair_t(pair_of(rnd_tensor(dt, 3, SZ(5, 4, 6), -30, 30, 0)), 0, 1); /* [4, 5, 6] */
    for (int dim = -3; dim < 3; dim++) {
      int d = dim < 0 ? dim + 3 : dim;
      int64_t isz[3] = {3, 4, 5};
      isz[d] = 8;
      Pair idx = pair_of(rnd_index(3, isz, 0, THTensor_size(self.h, d) - 1));
      BOTH(dt, 0, THTensor_gather(rh, self.h, dim, idx.h), THCTensor_gather(S, rd, self.d, dim, idx.d));
      Pair idxT = pair_t(pair_of(rnd_index(3, (int64_t[]){isz[2], isz[1], isz[0]}, 0, THTensor_size(self.h, d) - 1)), 0, 2);
      BOTH(dt, 0, THTensor_gather(rh, self.h, dim, idxT.h), THCTensor_gather(S, rd, self.d, dim, idxT.d));
      pair_free(idx);
      pair_free(idxT);
    }
    pair_free(self);
  }
  /* 0-d and empty */
  Pair s0 = pair_of(THTensor_newScalar(TH_Int64, 7)), i0 = pair_of(THTensor_newScalar(TH_Int64, 0));
  BOTH(TH_Int64, 0, THTensor_gather(rh, s0.h, 0, i0.h), THCTensor_gather(S, rd, s0.d, 0, i0.d));
  Pair a = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0)), ie = pair_of(THTensor_newWithSize(TH_Int64, 2, SZ(0, 4)));
  BOTH(TH_Float32, 0, THTensor_gather(rh, a.h, 0, ie.h), THCTensor_gather(S, rd, a.d, 0, ie.d));
  /* errors */
  Pair bad = pair_of(rnd_index(2, SZ(2, 4), 0, 2)), big = pair_of(rnd_index(2, SZ(2, 5), 0, 2));
  th_set(bad.h, 5, 3);
  THTensor_free(bad.d);
  bad.d = dev(bad.h);
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  SAME_ERROR(THTensor_gather(rh, a.h, 0, bad.h), THCTensor_gather(S, rd, a.d, 0, bad.d));
  SAME_ERROR(THTensor_gather(rh, a.h, 0, big.h), THCTensor_gather(S, rd, a.d, 0, big.d));
  SAME_ERROR(THTensor_gather(rh, a.h, 0, i0.h), THCTensor_gather(S, rd, a.d, 0, i0.d));
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(s0);
  pair_free(i0);
  pair_free(a);
  pair_free(ie);
  pair_free(bad);
  pair_free(big);
}

static void test_scatter(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair self = pair_t(pair_of(rnd_tensor(dt, 3, SZ(5, 4, 6), -3, 3, 1)), 0, 1); /* [4, 5, 6] */
    for (int dim = -1; dim < 3; dim++) {
      int d = dim < 0 ? dim + 3 : dim;
      int64_t isz[3] = {3, 4, 5};
      isz[d] = 3;
      Pair src = pair_of(rnd_tensor(dt, 3, SZ(4, 5, 6), -3, 3, 1));
      Pair uniq = pair_of(rnd_unique_index(3, isz, d, THTensor_size(self.h, d)));
      Pair dup = pair_of(rnd_index(3, isz, 0, THTensor_size(self.h, d) - 1));
      BOTH(dt, 0, THTensor_scatter(rh, self.h, dim, uniq.h, src.h, 0, TH_SCATTER_NONE),
           THCTensor_scatter(S, rd, self.d, dim, uniq.d, src.d, 0, TH_SCATTER_NONE));
      BOTH(dt, 0, THTensor_scatter(rh, self.h, dim, dup.h, NULL, 2, TH_SCATTER_NONE),
           THCTensor_scatter(S, rd, self.d, dim, dup.d, NULL, 2, TH_SCATTER_NONE));
      BOTH(dt, 0, THTensor_scatter(rh, self.h, dim, dup.h, src.h, 0, TH_SCATTER_SUM),
           THCTensor_scatter(S, rd, self.d, dim, dup.d, src.d, 0, TH_SCATTER_SUM));
      BOTH(dt, 0, THTensor_scatter(rh, self.h, dim, dup.h, NULL, -1, TH_SCATTER_PROD),
           THCTensor_scatter(S, rd, self.d, dim, dup.d, NULL, -1, TH_SCATTER_PROD));
      for (int red = TH_SCATTER_SUM; red <= TH_SCATTER_AMIN; red++)
        for (int incl = 0; incl < 2; incl++)
          BOTH(dt, 0, THTensor_scatterReduce(rh, self.h, dim, dup.h, src.h, (THScatterReduce)red, incl),
               THCTensor_scatterReduce(S, rd, self.d, dim, dup.d, src.d, (THScatterReduce)red, incl));
      /* in place */
      Pair ip = pair_of(THTensor_newClone(self.h));
      CHECK_OK(THTensor_scatter(ip.h, ip.h, dim, dup.h, src.h, 0, TH_SCATTER_SUM));
      CHECK_OK(THCTensor_scatter(S, ip.d, ip.d, dim, dup.d, src.d, 0, TH_SCATTER_SUM));
      SAME(ip.h, ip.d, 0);
      pair_free(ip);
      pair_free(src);
      pair_free(uniq);
      pair_free(dup);
    }
    pair_free(self);
  }
  /* NaN in max/min reductions propagates */
  {
    Pair self = pair_of(VEC(TH_Float32, 1, 2, 3)), src = pair_of(VEC(TH_Float32, NAN, 5, -1, 0));
    Pair idx = pair_of(VEC(TH_Int64, 0, 0, 1, 2));
    for (int red = TH_SCATTER_AMAX; red <= TH_SCATTER_AMIN; red++)
      BOTH(TH_Float32, 0, THTensor_scatterReduce(rh, self.h, 0, idx.h, src.h, (THScatterReduce)red, 1),
           THCTensor_scatterReduce(S, rd, self.d, 0, idx.d, src.d, (THScatterReduce)red, 1));
    pair_free(self);
    pair_free(src);
    pair_free(idx);
  }
  /* errors: a bad index leaves self as it was */
  Pair self = pair_of(rnd_tensor(TH_Float64, 2, SZ(3, 4), 0, 9, 0)), src = pair_of(rnd_tensor(TH_Float64, 2, SZ(3, 4), 0, 9, 0));
  Pair bad = pair_of(rnd_index(2, SZ(2, 4), 0, 2));
  th_set(bad.h, 6, -1);
  THTensor_free(bad.d);
  bad.d = dev(bad.h);
  Pair srcF = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0));
  THTensor *rh = THTensor_new(TH_Float64), *rd = dnew(TH_Float64);
  SAME_ERROR(THTensor_scatter(rh, self.h, 0, bad.h, src.h, 0, TH_SCATTER_NONE),
             THCTensor_scatter(S, rd, self.d, 0, bad.d, src.d, 0, TH_SCATTER_NONE));
  SAME_ERROR(THTensor_scatterReduce(rh, self.h, 0, bad.h, src.h, TH_SCATTER_MEAN, 0),
             THCTensor_scatterReduce(S, rd, self.d, 0, bad.d, src.d, TH_SCATTER_MEAN, 0));
  SAME_ERROR(THTensor_scatter(rh, self.h, 0, bad.h, srcF.h, 0, TH_SCATTER_NONE),
             THCTensor_scatter(S, rd, self.d, 0, bad.d, srcF.d, 0, TH_SCATTER_NONE));
  SAME_ERROR(THTensor_scatter(rh, self.h, 0, bad.h, src.h, 0, TH_SCATTER_MEAN),
             THCTensor_scatter(S, rd, self.d, 0, bad.d, src.d, 0, TH_SCATTER_MEAN));
  THTensor *before = host(self.d);
  CHECK_ERR(THCTensor_scatter(S, self.d, self.d, 0, bad.d, src.d, 0, TH_SCATTER_SUM), "index -1 is out of bounds for dimension 0 with size 3");
  SAME(before, self.d, 0);
  check_device_usable();
  THTensor_free(before);
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(self);
  pair_free(src);
  pair_free(srcF);
  pair_free(bad);
}

/* ---- take / put ---- */

static void test_take_put(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair self = pair_t(pair_of(rnd_tensor(dt, 2, SZ(7, 5), -9, 9, 1)), 0, 1); /* [5, 7] not contiguous */
    Pair idx = pair_of(rnd_index(2, SZ(3, 4), -35, 34));
    BOTH(dt, 0, THTensor_take(rh, self.h, idx.h), THCTensor_take(S, rd, self.d, idx.d));
    Pair src = pair_of(rnd_tensor(dt, 2, SZ(4, 3), -9, 9, 1));
    BOTH(dt, 0, THTensor_put(rh, self.h, idx.h, src.h, 1), THCTensor_put(S, rd, self.d, idx.d, src.d, 1));
    int64_t twelve = 12;
    Pair u = pair_of(rnd_unique_index(1, &twelve, 0, 35));
    Pair src1 = pair_of(rnd_tensor(dt, 1, &twelve, -9, 9, 1));
    BOTH(dt, 0, THTensor_put(rh, self.h, u.h, src1.h, 0), THCTensor_put(S, rd, self.d, u.d, src1.d, 0));
    pair_free(u);
    pair_free(src1);
    pair_free(src);
    pair_free(idx);
    pair_free(self);
  }
  Pair self = pair_of(rnd_tensor(TH_Int16, 1, SZ(4), 0, 9, 0)), bad = pair_of(VEC(TH_Int64, 1, -5, 2)), src = pair_of(VEC(TH_Int16, 1, 2, 3));
  Pair src2 = pair_of(VEC(TH_Int16, 1, 2));
  int64_t zero = 0;
  Pair empty = pair_of(THTensor_newWithSize(TH_Int16, 1, &zero));
  THTensor *rh = THTensor_new(TH_Int16), *rd = dnew(TH_Int16);
  SAME_ERROR(THTensor_take(rh, self.h, bad.h), THCTensor_take(S, rd, self.d, bad.d));
  SAME_ERROR(THTensor_put(rh, self.h, bad.h, src.h, 0), THCTensor_put(S, rd, self.d, bad.d, src.d, 0));
  SAME_ERROR(THTensor_put(rh, self.h, bad.h, src2.h, 0), THCTensor_put(S, rd, self.d, bad.d, src2.d, 0));
  SAME_ERROR(THTensor_take(rh, empty.h, bad.h), THCTensor_take(S, rd, empty.d, bad.d));
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(self);
  pair_free(bad);
  pair_free(src);
  pair_free(src2);
  pair_free(empty);
}

/* ---- masks and nonzero ---- */

static void test_masks(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair self = pair_t(pair_of(rnd_tensor(dt, 3, SZ(4, 3, 5), -9, 9, 0)), 0, 2); /* [5, 3, 4] */
    Pair mask = pair_of(rnd_tensor(TH_Bool, 2, SZ(3, 4), 0, 1, 1));            /* broadcast */
    Pair maskU8 = pair_of(rnd_tensor(TH_UInt8, 3, SZ(5, 3, 4), 0, 1, 1));
    THTensor *v = THTensor_newWrappedNumber(dt == TH_Bool ? 1 : 4);
    BOTH(dt, 0, THTensor_maskedFill(rh, self.h, mask.h, v), THCTensor_maskedFill(S, rd, self.d, mask.d, v));
    BOTH(dt, 0, THTensor_maskedSelect(rh, self.h, mask.h), THCTensor_maskedSelect(S, rd, self.d, mask.d));
    BOTH(dt, 0, THTensor_maskedSelect(rh, self.h, maskU8.h), THCTensor_maskedSelect(S, rd, self.d, maskU8.d));
    Pair src = pair_of(rnd_tensor(dt, 1, SZ(70), -9, 9, 0));
    BOTH(dt, 0, THTensor_maskedScatter(rh, self.h, mask.h, src.h), THCTensor_maskedScatter(S, rd, self.d, mask.d, src.d));
    Pair ip = pair_of(THTensor_newClone(self.h));
    CHECK_OK(THTensor_maskedFill(ip.h, ip.h, mask.h, v));
    CHECK_OK(THCTensor_maskedFill(S, ip.d, ip.d, mask.d, v));
    SAME(ip.h, ip.d, 0);
    THTensor *nzH = THTensor_new(TH_Int64), *nzD = dnew(TH_Int64);
    Pair sp = pair_of(rnd_tensor(dt, 3, SZ(3, 4, 5), -1, 1, 0));
    add_specials(sp.h);
    THTensor_free(sp.d);
    sp.d = dev(sp.h);
    CHECK_OK(THTensor_nonzero(nzH, sp.h));
    CHECK_OK(THCTensor_nonzero(S, nzD, sp.d));
    SAME(nzH, nzD, 0);
    CHECK_OK(THTensor_nonzero(nzH, self.h));
    CHECK_OK(THCTensor_nonzero(S, nzD, self.d));
    SAME(nzH, nzD, 0);
    THTensor_free(nzH);
    THTensor_free(nzD);
    pair_free(sp);
    pair_free(ip);
    pair_free(src);
    THTensor_free(v);
    pair_free(mask);
    pair_free(maskU8);
    pair_free(self);
  }
  /* 0-d and empty */
  Pair s0 = pair_of(THTensor_newScalar(TH_Float32, 3)), m0 = pair_of(THTensor_newScalar(TH_Bool, 1));
  Pair e = pair_of(THTensor_newWithSize(TH_Float32, 2, SZ(0, 3)));
  BOTH(TH_Int64, 0, THTensor_nonzero(rh, s0.h), THCTensor_nonzero(S, rd, s0.d));
  BOTH(TH_Int64, 0, THTensor_nonzero(rh, e.h), THCTensor_nonzero(S, rd, e.d));
  BOTH(TH_Float32, 0, THTensor_maskedSelect(rh, s0.h, m0.h), THCTensor_maskedSelect(S, rd, s0.d, m0.d));
  BOTH(TH_Float32, 0, THTensor_maskedSelect(rh, e.h, m0.h), THCTensor_maskedSelect(S, rd, e.d, m0.d));
  /* errors */
  Pair a = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0)), mf = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 1, 1));
  Pair mBad = pair_of(rnd_tensor(TH_Bool, 1, SZ(5), 0, 1, 1)), mAll = pair_of(rnd_tensor(TH_Bool, 2, SZ(3, 4), 1, 1, 1));
  Pair small = pair_of(VEC(TH_Float32, 1, 2));
  THTensor *v = THTensor_newWrappedNumber(1), *v1 = VEC(TH_Float32, 1);
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  SAME_ERROR(THTensor_maskedFill(rh, a.h, mf.h, v), THCTensor_maskedFill(S, rd, a.d, mf.d, v));
  SAME_ERROR(THTensor_maskedFill(rh, a.h, mBad.h, v), THCTensor_maskedFill(S, rd, a.d, mBad.d, v));
  SAME_ERROR(THTensor_maskedFill(rh, a.h, mAll.h, v1), THCTensor_maskedFill(S, rd, a.d, mAll.d, v1));
  SAME_ERROR(THTensor_maskedSelect(rh, a.h, mBad.h), THCTensor_maskedSelect(S, rd, a.d, mBad.d));
  SAME_ERROR(THTensor_maskedScatter(rh, a.h, mAll.h, small.h), THCTensor_maskedScatter(S, rd, a.d, mAll.d, small.d));
  THTensor *ri = THTensor_new(TH_Int32), *rdi = dnew(TH_Int32);
  SAME_ERROR(THTensor_nonzero(ri, a.h), THCTensor_nonzero(S, rdi, a.d));
  check_device_usable();
  THTensor_free(ri);
  THTensor_free(rdi);
  THTensor_free(v);
  THTensor_free(v1);
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(a);
  pair_free(mf);
  pair_free(mBad);
  pair_free(mAll);
  pair_free(small);
  pair_free(s0);
  pair_free(m0);
  pair_free(e);
}

/* ---- advanced indexing ---- */

static void test_advanced_index(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair x = pair_t(pair_of(rnd_tensor(dt, 4, SZ(3, 4, 5, 6), -9, 9, 1)), 1, 2); /* [3, 5, 4, 6] */
    Pair i1 = pair_of(rnd_index(2, SZ(2, 3), -5, 4)), i2 = pair_of(rnd_index(1, SZ(3), 0, 3));
    Pair mask = pair_of(rnd_tensor(TH_Bool, 2, SZ(3, 5), 0, 1, 1));
    Pair b0 = pair_of(THTensor_newScalar(TH_Bool, 1));
    /* x[:, i1, i2] (adjacent), x[i2', :, i1'] (not adjacent), x[mask], x[True], x[..., i2] */
    const THTensor *adjH[3] = {NULL, i1.h, i2.h}, *adjD[3] = {NULL, i1.d, i2.d};
    BOTH(dt, 0, THTensor_index(rh, x.h, 3, adjH), THCTensor_index(S, rd, x.d, 3, adjD));
    Pair j1 = pair_of(rnd_index(1, SZ(3), 0, 2)), j2 = pair_of(rnd_index(2, SZ(2, 1), 0, 3));
    const THTensor *sepH[3] = {j1.h, NULL, j2.h}, *sepD[3] = {j1.d, NULL, j2.d};
    BOTH(dt, 0, THTensor_index(rh, x.h, 3, sepH), THCTensor_index(S, rd, x.d, 3, sepD));
    const THTensor *mH[1] = {mask.h}, *mD[1] = {mask.d};
    BOTH(dt, 0, THTensor_index(rh, x.h, 1, mH), THCTensor_index(S, rd, x.d, 1, mD));
    const THTensor *bH[1] = {b0.h}, *bD[1] = {b0.d};
    BOTH(dt, 0, THTensor_index(rh, x.h, 1, bH), THCTensor_index(S, rd, x.d, 1, bD));
    BOTH(dt, 0, THTensor_index(rh, x.h, 0, NULL), THCTensor_index(S, rd, x.d, 0, NULL));
    /* index_put_: accumulate (duplicates), assignment with distinct indices, broadcast values */
    Pair vals = pair_of(rnd_tensor(dt, 4, SZ(3, 2, 3, 6), -9, 9, 1));
    Pair ph = pair_of(THTensor_newClone(x.h));
    CHECK_OK(THTensor_indexPut(ph.h, 3, adjH, vals.h, 1));
    CHECK_OK(THCTensor_indexPut(S, ph.d, 3, adjD, vals.d, 1));
    SAME(ph.h, ph.d, 0);
    int64_t three = 3;
    Pair u = pair_of(rnd_unique_index(1, &three, 0, 5));
    const THTensor *uH[2] = {NULL, u.h}, *uD[2] = {NULL, u.d};
    Pair vb = pair_of(rnd_tensor(dt, 1, SZ(6), -9, 9, 1));
    CHECK_OK(THTensor_indexPut(ph.h, 2, uH, vb.h, 0));
    CHECK_OK(THCTensor_indexPut(S, ph.d, 2, uD, vb.d, 0));
    SAME(ph.h, ph.d, 0);
    THTensor *w = THTensor_newWrappedNumber(2);
    CHECK_OK(THTensor_indexPut(ph.h, 1, mH, w, 1));
    CHECK_OK(THCTensor_indexPut(S, ph.d, 1, mD, w, 1));
    SAME(ph.h, ph.d, 0);
    CHECK_OK(THTensor_indexPut(ph.h, 0, NULL, w, 0));
    CHECK_OK(THCTensor_indexPut(S, ph.d, 0, NULL, w, 0));
    SAME(ph.h, ph.d, 0);
    THTensor_free(w);
    pair_free(vb);
    pair_free(u);
    pair_free(ph);
    pair_free(vals);
    pair_free(j1);
    pair_free(j2);
    pair_free(b0);
    pair_free(mask);
    pair_free(i1);
    pair_free(i2);
    pair_free(x);
  }
  /* errors */
  Pair x = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0));
  Pair bad = pair_of(VEC(TH_Int64, 1, 4)), a2 = pair_of(rnd_index(1, SZ(2), 0, 2)), a3 = pair_of(rnd_index(1, SZ(3), 0, 2));
  Pair fl = pair_of(VEC(TH_Float32, 0)), mask = pair_of(rnd_tensor(TH_Bool, 1, SZ(4), 0, 1, 1));
  Pair vals = pair_of(rnd_tensor(TH_Float64, 1, SZ(2), 0, 9, 0)), vals5 = pair_of(rnd_tensor(TH_Float32, 1, SZ(5), 0, 9, 0));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  {
    const THTensor *h[2] = {NULL, bad.h}, *d[2] = {NULL, bad.d};
    SAME_ERROR(THTensor_index(rh, x.h, 2, h), THCTensor_index(S, rd, x.d, 2, d));
    SAME_ERROR(THTensor_indexPut(x.h, 2, h, vals5.h, 0), THCTensor_indexPut(S, x.d, 2, d, vals5.d, 0));
  }
  {
    const THTensor *h[2] = {a2.h, a3.h}, *d[2] = {a2.d, a3.d};
    SAME_ERROR(THTensor_index(rh, x.h, 2, h), THCTensor_index(S, rd, x.d, 2, d));
  }
  {
    const THTensor *h[1] = {fl.h}, *d[1] = {fl.d};
    SAME_ERROR(THTensor_index(rh, x.h, 1, h), THCTensor_index(S, rd, x.d, 1, d));
  }
  {
    const THTensor *h[1] = {mask.h}, *d[1] = {mask.d};
    SAME_ERROR(THTensor_index(rh, x.h, 1, h), THCTensor_index(S, rd, x.d, 1, d));
  }
  {
    const THTensor *h[3] = {a2.h, a2.h, a2.h}, *d[3] = {a2.d, a2.d, a2.d};
    SAME_ERROR(THTensor_index(rh, x.h, 3, h), THCTensor_index(S, rd, x.d, 3, d));
  }
  {
    const THTensor *h[1] = {a2.h}, *d[1] = {a2.d};
    SAME_ERROR(THTensor_indexPut(x.h, 1, h, vals.h, 0), THCTensor_indexPut(S, x.d, 1, d, vals.d, 0));
    SAME_ERROR(THTensor_indexPut(x.h, 1, h, vals5.h, 0), THCTensor_indexPut(S, x.d, 1, d, vals5.d, 0));
  }
  SAME(x.h, x.d, 0);
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(x);
  pair_free(bad);
  pair_free(a2);
  pair_free(a3);
  pair_free(fl);
  pair_free(mask);
  pair_free(vals);
  pair_free(vals5);
}

/* ---- cat / stack ---- */

static void test_cat_stack(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t], other = ALL_DTYPES[(t + 3) % N_ALL_DTYPES];
    Pair a = pair_t(pair_of(rnd_tensor(dt, 3, SZ(4, 3, 2), -9, 9, 0)), 0, 2); /* [2, 3, 4] */
    Pair b = pair_of(rnd_tensor(other, 3, SZ(2, 5, 4), -9, 9, 0));
    Pair c = pair_of(rnd_tensor(dt, 3, SZ(2, 1, 4), -9, 9, 0));
    int64_t zero = 0;
    Pair e = pair_of(THTensor_newWithSize(dt, 1, &zero));
    const THTensor *h[4] = {a.h, e.h, b.h, c.h}, *d[4] = {a.d, e.d, b.d, c.d};
    THDType rt = THTensor_catResultType(4, h);
    BOTH(rt, 0, THTensor_cat(rh, 4, h, 1), THCTensor_cat(S, rd, 4, d, 1));
    BOTH(rt, 0, THTensor_cat(rh, 4, h, -2), THCTensor_cat(S, rd, 4, d, -2));
    const THTensor *sh[2] = {a.h, a.h}, *sd[2] = {a.d, a.d};
    for (int dim = -4; dim < 4; dim++) BOTH(dt, 0, THTensor_stack(rh, 2, sh, dim), THCTensor_stack(S, rd, 2, sd, dim));
    pair_free(a);
    pair_free(b);
    pair_free(c);
    pair_free(e);
  }
  Pair a = pair_of(rnd_tensor(TH_Float32, 2, SZ(2, 3), 0, 9, 0)), b = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 3), 0, 9, 0));
  Pair s0 = pair_of(THTensor_newScalar(TH_Float32, 1)), c1 = pair_of(rnd_tensor(TH_Float32, 1, SZ(3), 0, 9, 0));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32), *ri = THTensor_new(TH_Int32), *rdi = dnew(TH_Int32);
  {
    const THTensor *h[2] = {a.h, b.h}, *d[2] = {a.d, b.d};
    SAME_ERROR(THTensor_cat(rh, 2, h, 1), THCTensor_cat(S, rd, 2, d, 1));
    SAME_ERROR(THTensor_stack(rh, 2, h, 0), THCTensor_stack(S, rd, 2, d, 0));
    SAME_ERROR(THTensor_cat(ri, 2, h, 0), THCTensor_cat(S, rdi, 2, d, 0));
    SAME_ERROR(THTensor_cat(rh, 2, h, 2), THCTensor_cat(S, rd, 2, d, 2));
  }
  {
    const THTensor *h[2] = {a.h, c1.h}, *d[2] = {a.d, c1.d};
    SAME_ERROR(THTensor_cat(rh, 2, h, 0), THCTensor_cat(S, rd, 2, d, 0));
  }
  {
    const THTensor *h[2] = {a.h, s0.h}, *d[2] = {a.d, s0.d};
    SAME_ERROR(THTensor_cat(rh, 2, h, 0), THCTensor_cat(S, rd, 2, d, 0));
  }
  SAME_ERROR(THTensor_cat(rh, 0, NULL, 0), THCTensor_cat(S, rd, 0, NULL, 0));
  THTensor_free(rh);
  THTensor_free(rd);
  THTensor_free(ri);
  THTensor_free(rdi);
  pair_free(a);
  pair_free(b);
  pair_free(s0);
  pair_free(c1);
}

/* ---- flip, roll, rot90, repeat, repeat_interleave, narrow_copy, tril/triu ---- */

static void test_reorder(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(pair_of(rnd_tensor(dt, 3, SZ(5, 3, 4), -9, 9, 0)), 0, 2); /* [4, 3, 5] */
    const int64_t f1[] = {0}, f2[] = {-1, 1}, f3[] = {0, 1, 2};
    BOTH(dt, 0, THTensor_flip(rh, a.h, 1, f1), THCTensor_flip(S, rd, a.d, 1, f1));
    BOTH(dt, 0, THTensor_flip(rh, a.h, 2, f2), THCTensor_flip(S, rd, a.d, 2, f2));
    BOTH(dt, 0, THTensor_flip(rh, a.h, 3, f3), THCTensor_flip(S, rd, a.d, 3, f3));
    const int64_t sh1[] = {7}, sh2[] = {-2, 4}, rd2[] = {2, 0};
    BOTH(dt, 0, THTensor_roll(rh, a.h, 1, sh1, 0, NULL), THCTensor_roll(S, rd, a.d, 1, sh1, 0, NULL));
    BOTH(dt, 0, THTensor_roll(rh, a.h, 2, sh2, 2, rd2), THCTensor_roll(S, rd, a.d, 2, sh2, 2, rd2));
    for (int k = -1; k < 4; k++) BOTH(dt, 0, THTensor_rot90(rh, a.h, k, 0, 2), THCTensor_rot90(S, rd, a.d, k, 0, 2));
    const int64_t rp1[] = {2, 1, 3}, rp2[] = {2, 1, 1, 2}, rp0[] = {1, 0, 2};
    BOTH(dt, 0, THTensor_repeat(rh, a.h, 3, rp1), THCTensor_repeat(S, rd, a.d, 3, rp1));
    BOTH(dt, 0, THTensor_repeat(rh, a.h, 4, rp2), THCTensor_repeat(S, rd, a.d, 4, rp2));
    BOTH(dt, 0, THTensor_repeat(rh, a.h, 3, rp0), THCTensor_repeat(S, rd, a.d, 3, rp0));
    Pair reps = pair_of(VEC(TH_Int64, 2, 0, 1, 3, 1)), rep1 = pair_of(THTensor_newScalar(TH_Int32, 3));
    BOTH(dt, 0, THTensor_repeatInterleave(rh, a.h, reps.h, 1, -1), THCTensor_repeatInterleave(S, rd, a.d, reps.d, 1, -1));
    BOTH(dt, 0, THTensor_repeatInterleave(rh, a.h, rep1.h, 0, 0), THCTensor_repeatInterleave(S, rd, a.d, rep1.d, 0, 0));
    BOTH(dt, 0, THTensor_repeatInterleave(rh, a.h, rep1.h, 1, 1), THCTensor_repeatInterleave(S, rd, a.d, rep1.h, 1, 1));
    BOTH(dt, 0, THTensor_narrowCopy(rh, a.h, -1, 1, 3), THCTensor_narrowCopy(S, rd, a.d, -1, 1, 3));
    for (int64_t k = -3; k <= 3; k++) {
      BOTH(dt, 0, THTensor_tril(rh, a.h, k), THCTensor_tril(S, rd, a.d, k));
      BOTH(dt, 0, THTensor_triu(rh, a.h, k), THCTensor_triu(S, rd, a.d, k));
    }
    Pair ip = pair_of(THTensor_newClone(a.h));
    CHECK_OK(THTensor_triu(ip.h, ip.h, 1));
    CHECK_OK(THCTensor_triu(S, ip.d, ip.d, 1));
    SAME(ip.h, ip.d, 0);
    pair_free(ip);
    pair_free(reps);
    pair_free(rep1);
    pair_free(a);
  }
  Pair reps = pair_of(VEC(TH_Int64, 2, 0, 1, 3));
  BOTH(TH_Int64, 0, THTensor_repeatInterleave(rh, NULL, reps.h, 0, 0), THCTensor_repeatInterleave(S, rd, NULL, reps.d, 0, 0));
  /* errors */
  Pair a = pair_of(rnd_tensor(TH_Float32, 2, SZ(3, 4), 0, 9, 0)), negReps = pair_of(VEC(TH_Int64, 1, -1, 2)), r3 = pair_of(VEC(TH_Int64, 1, 1));
  Pair v1 = pair_of(VEC(TH_Float32, 1, 2));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  const int64_t dup[] = {0, -2}, reps1[] = {2}, negRep[] = {1, -1};
  SAME_ERROR(THTensor_flip(rh, a.h, 2, dup), THCTensor_flip(S, rd, a.d, 2, dup));
  SAME_ERROR(THTensor_roll(rh, a.h, 0, NULL, 0, NULL), THCTensor_roll(S, rd, a.d, 0, NULL, 0, NULL));
  SAME_ERROR(THTensor_rot90(rh, a.h, 1, 0, -2), THCTensor_rot90(S, rd, a.d, 1, 0, -2));
  SAME_ERROR(THTensor_repeat(rh, a.h, 1, reps1), THCTensor_repeat(S, rd, a.d, 1, reps1));
  SAME_ERROR(THTensor_repeat(rh, a.h, 2, negRep), THCTensor_repeat(S, rd, a.d, 2, negRep));
  SAME_ERROR(THTensor_repeatInterleave(rh, a.h, negReps.h, 1, 0), THCTensor_repeatInterleave(S, rd, a.d, negReps.d, 1, 0));
  SAME_ERROR(THTensor_repeatInterleave(rh, a.h, r3.h, 1, 0), THCTensor_repeatInterleave(S, rd, a.d, r3.d, 1, 0));
  SAME_ERROR(THTensor_narrowCopy(rh, a.h, 0, 2, 2), THCTensor_narrowCopy(S, rd, a.d, 0, 2, 2));
  SAME_ERROR(THTensor_tril(rh, v1.h, 0), THCTensor_tril(S, rd, v1.d, 0));
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(a);
  pair_free(negReps);
  pair_free(r3);
  pair_free(v1);
  pair_free(reps);
}

/* ---- large inputs: several blocks, several scan tiles ---- */

static void test_large(void) {
  const int64_t n = 1000000;
  Pair a = pair_of(rnd_tensor(TH_Float32, 1, &n, -100, 100, 0));
  Pair mask = pair_of(rnd_tensor(TH_Bool, 1, &n, 0, 1, 1));
  Pair idx = pair_of(rnd_index(1, &n, 0, n - 1));
  BOTH(TH_Float32, 0, THTensor_maskedSelect(rh, a.h, mask.h), THCTensor_maskedSelect(S, rd, a.d, mask.d));
  BOTH(TH_Int64, 0, THTensor_nonzero(rh, mask.h), THCTensor_nonzero(S, rd, mask.d));
  BOTH(TH_Float32, 0, THTensor_indexSelect(rh, a.h, 0, idx.h), THCTensor_indexSelect(S, rd, a.d, 0, idx.d));
  BOTH(TH_Float32, 0, THTensor_gather(rh, a.h, 0, idx.h), THCTensor_gather(S, rd, a.d, 0, idx.d));
  BOTH(TH_Float32, 0, THTensor_take(rh, a.h, idx.h), THCTensor_take(S, rd, a.d, idx.d));
  {
    const THTensor *h[1] = {mask.h}, *d[1] = {mask.d};
    BOTH(TH_Float32, 0, THTensor_index(rh, a.h, 1, h), THCTensor_index(S, rd, a.d, 1, d));
  }
  /* a bad index at the very end of a long index */
  th_set(idx.h, n - 1, (double)n);
  THTensor_free(idx.d);
  idx.d = dev(idx.h);
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  SAME_ERROR(THTensor_indexSelect(rh, a.h, 0, idx.h), THCTensor_indexSelect(S, rd, a.d, 0, idx.d));
  SAME_ERROR(THTensor_gather(rh, a.h, 0, idx.h), THCTensor_gather(S, rd, a.d, 0, idx.d));
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(a);
  pair_free(mask);
  pair_free(idx);
}

int main(void) {
  THC_REQUIRE_GPU();
  idx_gen = THGenerator_new(1234);
  RUN_TEST(test_index_select);
  RUN_TEST(test_index_select_edges);
  RUN_TEST(test_index_update);
  RUN_TEST(test_gather);
  RUN_TEST(test_scatter);
  RUN_TEST(test_take_put);
  RUN_TEST(test_masks);
  RUN_TEST(test_advanced_index);
  RUN_TEST(test_cat_stack);
  RUN_TEST(test_reorder);
  RUN_TEST(test_large);
  THGenerator_free(idx_gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
