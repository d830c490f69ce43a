/* test_errors.c — every failing call returns TH_ERR or NULL with a useful message, changes
 * nothing it should not, crashes nothing and leaks nothing (RUN_TEST checks the live-object
 * counters; the sanitizer build checks the rest). */
#include "TH/TH.h"
#include "th_test.h"

static THTensor *arange(THDType dt, int64_t n) {
  THTensor *t = THTensor_new(dt);
  THTensor_arange(t, 0, (double)n, 1);
  return t;
}

static void test_shape_mismatch(void) {
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), NULL);
  THTensor *b = TENSOR(TH_Float32, SIZES(2, 4), NULL);
  THTensor *r = TENSOR(TH_Float32, SIZES(7), NULL);
  CHECK_ERR(THTensor_add(r, a, b, 1),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [2, 4])");
  CHECK_SHAPE(r, 1, 7); /* the output was not resized */
  CHECK_ERR(THTensor_binary(r, a, b, TH_OP_lt), "must match the size of tensor b");
  THTensor *c = TENSOR(TH_Float32, SIZES(5), NULL);
  THTensor *row = TENSOR(TH_Float32, SIZES(3), NULL);
  CHECK_ERR(THTensor_addcmul(r, a, a, c, 1), "must match");
  CHECK_ERR(THTensor_clamp(r, a, c, NULL), "must match");
  THTensor *cond = TENSOR(TH_Bool, SIZES(4), NULL);
  CHECK_ERR(THTensor_where(r, cond, a, a), "must match");
  CHECK_ERR(THTensor_copy(a, b), "must match");
  CHECK_ERR(THTensor_copy(c, a), "The size of tensor a (5) must match the size of tensor b (3)");
  CHECK_ERR(THTensor_copy(row, a), "copy_: the source of shape [2, 3] cannot be broadcast to the destination's shape [3]");
  /* in place, where the result would be bigger than the written-to tensor */
  CHECK_ERR(THTensor_add(row, row, a, 1), "output with shape [3] doesn't match the broadcast shape [2, 3]");
  CHECK_SHAPE(row, 1, 3);
  THTensor *all[] = {a, b, r, c, cond, row};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

static void test_invalid_views(void) {
  THTensor *x = arange(TH_Float32, 24);
  THTensor *m = THTensor_newView(x, 3, (int64_t[]){2, 3, 4});
  THTensor *t = THTensor_newTranspose(m, 1, 2);
  CHECK_NULL_ERR(THTensor_newView(t, 2, (int64_t[]){2, 12}), "view size is not compatible with input tensor's size and stride");
  CHECK_STR_CONTAINS(THGetLastError(), "[2, 4, 3]"); /* names the sizes involved */
  CHECK_NULL_ERR(THTensor_newView(m, 2, (int64_t[]){5, 5}), "shape '[5, 5]' is invalid for input of size 24");
  CHECK_NULL_ERR(THTensor_newView(m, 2, (int64_t[]){0, -1}), "shape '[0, -1]' is invalid for input of size 24");
  CHECK_NULL_ERR(THTensor_newReshape(m, 2, (int64_t[]){-1, -1}), "only one dimension can be inferred");
  CHECK_NULL_ERR(THTensor_newUnflatten(m, 2, 2, (int64_t[]){3, -1}), "don't multiply up to the size of dim 2 (4)");
  CHECK_NULL_ERR(THTensor_newUnflatten(m, 0, 2, (int64_t[]){-1, -1}), "only one dimension can be inferred");
  CHECK_NULL_ERR(THTensor_newExpand(m, 3, (int64_t[]){2, 3, 5}), "The expanded size of the tensor (5) must match the existing size (4)");
  CHECK_NULL_ERR(THTensor_newExpand(m, 2, (int64_t[]){3, 4}), "must be greater or equal to the number of dimensions");
  CHECK_NULL_ERR(THTensor_newAsStrided(m, 1, (int64_t[]){25}, (int64_t[]){1}, 0), "setStorage");
  CHECK_NULL_ERR(THTensor_newAsStrided(m, 1, (int64_t[]){2}, (int64_t[]){1}, 23), "setStorage");
  CHECK_NULL_ERR(THTensor_newT(m), "t() expects a tensor with <= 2 dimensions");
  THTensor *v = THTensor_newSelect(m, 0, 0);
  THTensor *v1 = THTensor_newSelect(v, 0, 0);
  CHECK_NULL_ERR(THTensor_newMT(v1), "tensor.mT is only supported on matrices");
  CHECK_NULL_ERR(THTensor_newDiagonal(v1, 0, 0, 0), "diagonal dimensions requires ndim larger than 1");
  THTensor *s = THTensor_newSelect(v1, 0, 0);
  CHECK_NULL_ERR(THTensor_newNarrow(s, 0, 0, 1), "narrow() cannot be applied to a 0-dim tensor.");
  CHECK_NULL_ERR(THTensor_newSlice(s, 0, 0, 1, 1), "slice() cannot be applied to a 0-dim tensor.");
  CHECK_NULL_ERR(THTensor_newSelect(s, 0, 0), "select() cannot be applied to a 0-dim tensor.");
  CHECK_NULL_ERR(THTensor_newUnflatten(s, 0, 1, (int64_t[]){1}), "unflatten");
  THTensor_free(s);
  THTensor_free(v1);
  THTensor_free(v);
  /* nothing leaked a reference to the storage */
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(x)), 3);
  THTensor_free(t);
  THTensor_free(m);
  THTensor_free(x);
}

static void test_out_of_range_dims_and_indices(void) {
  THTensor *m = TENSOR(TH_Float32, SIZES(2, 3), NULL);
  const char *dimMsg = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
  CHECK_NULL_ERR(THTensor_newTranspose(m, 0, 2), dimMsg);
  CHECK_NULL_ERR(THTensor_newTranspose(m, -3, 0), "but got -3)");
  CHECK_NULL_ERR(THTensor_newSelect(m, 2, 0), dimMsg);
  CHECK_NULL_ERR(THTensor_newNarrow(m, 2, 0, 1), dimMsg);
  CHECK_NULL_ERR(THTensor_newSlice(m, 2, 0, 1, 1), dimMsg);
  CHECK_NULL_ERR(THTensor_newSqueezeDim(m, 2), dimMsg);
  CHECK_NULL_ERR(THTensor_newUnsqueeze(m, 3), "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
  CHECK_NULL_ERR(THTensor_newFlatten(m, 0, 2), dimMsg);
  CHECK_NULL_ERR(THTensor_newUnflatten(m, 2, 1, (int64_t[]){3}), dimMsg);
  CHECK_NULL_ERR(THTensor_newPermute(m, 2, (int64_t[]){0, 2}), dimMsg);
  CHECK_NULL_ERR(THTensor_newMovedim(m, 1, (int64_t[]){0}, (int64_t[]){2}), dimMsg);
  CHECK_NULL_ERR(THTensor_newDiagonal(m, 0, 0, 2), dimMsg);
  CHECK_NULL_ERR(THTensor_newUnfold(m, 2, 1, 1), dimMsg);
  int d;
  CHECK_ERR(THTensor_wrapDim(m, 2, &d), dimMsg);

  /* indices */
  CHECK_NULL_ERR(THTensor_newSelect(m, 0, 2), "select(): index 2 out of range for tensor of size [2, 3] at dimension 0");
  CHECK_NULL_ERR(THTensor_newSelect(m, 1, -4), "select(): index -4 out of range for tensor of size [2, 3] at dimension 1");
  CHECK_NULL_ERR(THTensor_newNarrow(m, 1, 2, 2), "start (2) + length (2) exceeds dimension size (3).");
  CHECK_NULL_ERR(THTensor_newNarrow(m, 1, -4, 1), "start out of range");
  CHECK_NULL_ERR(THTensor_newUnfold(m, 1, 4, 1), "maximum size for tensor at dimension 1 is 3 but size is 4");
  CHECK_NULL_ERR(THTensor_newUnfold(m, 1, 2, -1), "step is -1 but must be > 0");
  CHECK_NULL_ERR(THTensor_newSlice(m, 1, 0, 3, 0), "slice step must be positive");
  CHECK_NULL_ERR(THTensor_newPermute(m, 2, (int64_t[]){1, 1}), "permute(): duplicate dims are not allowed");
  CHECK_NULL_ERR(THTensor_newPermute(m, 3, (int64_t[]){0, 1, 2}), "input.dim() = 2 is not equal to len(dims) = 3");
  CHECK_NULL_ERR(THTensor_newDiagonal(m, 0, 1, -1), "diagonal dimensions cannot be identical 1, -1");
  CHECK_NULL_ERR(THTensor_newFlatten(m, 1, 0), "flatten() has invalid args: start_dim cannot come after end_dim");
  THTensor_free(m);
}

static void test_negative_and_huge_sizes(void) {
  CHECK_NULL_ERR(THTensor_newWithSize(TH_Float32, 2, (int64_t[]){2, -1}),
                 "Trying to create tensor with negative dimension -1: [2, -1]");
  CHECK_NULL_ERR(THTensor_newWithSize(TH_Float32, 3, (int64_t[]){(int64_t)1 << 40, (int64_t)1 << 40, 2}), "is too large");
  CHECK_NULL_ERR(THTensor_newWithSize(TH_Float64, 1, (int64_t[]){(int64_t)1 << 62}), "too large");
  CHECK_NULL_ERR(THTensor_newWithSize(TH_Float32, TH_MAX_DIMS + 1, (int64_t[TH_MAX_DIMS + 1]){0}),
                 "tensors may have at most 25 dimensions, but got 26");
  CHECK_NULL_ERR(THTensor_newWithSize(TH_Float32, -1, NULL), "at most 25 dimensions");
  CHECK_NULL_ERR(THTensor_newWithSize((THDType)42, 1, (int64_t[]){1}), "invalid dtype 42");
  THStorage *st = THStorage_new(64, NULL);
  CHECK_NULL_ERR(THTensor_newWithStorage(st, TH_Float32, 0, 1, (int64_t[]){-4}, NULL), "negative dimension -4");
  CHECK_NULL_ERR(THTensor_newWithStorage(st, (THDType)-1, 0, 1, (int64_t[]){4}, NULL), "invalid dtype");
  CHECK_EQ_INT(THStorage_refcount(st), 1);
  THStorage_free(st);

  THTensor *t = TENSOR(TH_Float32, SIZES(4), VALUES(1, 2, 3, 4));
  CHECK_ERR(THTensor_resize(t, 2, (int64_t[]){-2, 2}), "negative dimension -2");
  CHECK_SHAPE(t, 1, 4);
  CHECK_NULL_ERR(THTensor_newView(t, 2, (int64_t[]){-2, -2}), "invalid shape dimension -2");
  CHECK_NULL_ERR(THTensor_newExpand(t, 2, (int64_t[]){-2, 4}), "expand");
  CHECK_NULL_ERR(THTensor_newUnfold(t, 0, -1, 1), "must be >= 0");
  CHECK_ERR(THTensor_linspace(t, 0, 1, -3), "number of steps must be non-negative, got -3");
  CHECK_ERR(THTensor_eye(t, 2, -3), "m must be greater or equal to 0, got -3");
  CHECK_VALUES(t, 0, 1, 2, 3, 4); /* none of the failures touched it */

  /* 25 dims is the limit for views too */
  int64_t ones[TH_MAX_DIMS];
  for (int i = 0; i < TH_MAX_DIMS; i++) ones[i] = 1;
  THTensor *one = TENSOR(TH_Float32, SIZES(1), VALUES(5));
  THTensor *deep = THTensor_newView(one, TH_MAX_DIMS, ones);
  CHECK_NOT_NULL(deep);
  CHECK_NULL_ERR(THTensor_newUnsqueeze(deep, 0), "at most 25 dimensions");
  CHECK_NULL_ERR(THTensor_newUnfold(deep, 0, 1, 1), "at most 25 dimensions");
  int64_t many[TH_MAX_DIMS + 1];
  for (int i = 0; i <= TH_MAX_DIMS; i++) many[i] = 1;
  CHECK_NULL_ERR(THTensor_newView(one, TH_MAX_DIMS + 1, many), "at most 25 dimensions");
  CHECK_NULL_ERR(THTensor_newExpand(one, TH_MAX_DIMS + 1, many), "at most 25 dimensions");
  THTensor_free(deep);
  THTensor_free(one);
  THTensor_free(t);
}

/* An output that overlaps an input without being the same view is refused, as in PyTorch. */
static void test_overlapping_writes(void) {
  const char *partial = "some elements of the input tensor and the written-to tensor refer to a single memory location";
  THTensor *x = arange(TH_Float32, 9);
  THTensor *a = THTensor_newView(x, 2, (int64_t[]){3, 3});
  THTensor *at = THTensor_newT(a);
  CHECK_ERR(THTensor_add(a, a, at, 1), partial); /* a.add_(a.t()) */
  CHECK_STR_CONTAINS(THGetLastError(), "Please clone() the tensor before performing the operation.");
  CHECK_ERR(THTensor_add(at, at, a, 1), partial); /* a.t().add_(a) */
  CHECK_ERR(THTensor_unary(a, at, TH_OP_neg), partial);
  CHECK_VALUES(a, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8); /* nothing was written */

  /* shifted windows of one buffer: y[1:3] += y[0:2] */
  THTensor *lo = THTensor_newSlice(x, 0, 0, 2, 1), *hi = THTensor_newSlice(x, 0, 1, 3, 1);
  CHECK_ERR(THTensor_add(hi, hi, lo, 1), partial);
  CHECK_ERR(THTensor_unary(lo, hi, TH_OP_neg), partial); /* torch.neg(y[1:3], out=y[0:2]) */
  /* y.add_(y[0]): a 0-d view into the written-to tensor */
  THTensor *first = THTensor_newSelect(x, 0, 0);
  CHECK_ERR(THTensor_add(x, x, first, 1), partial);
  /* ternary ops check every input */
  CHECK_ERR(THTensor_clamp(hi, hi, lo, NULL), partial);
  CHECK_ERR(THTensor_addcmul(hi, hi, hi, lo, 1), partial);
  CHECK_VALUES(x, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);

  /* disjoint parts of one buffer are fine: y[2:4] = -y[0:2] */
  THTensor *far = THTensor_newSlice(x, 0, 2, 4, 1);
  CHECK_OK(THTensor_unary(far, lo, TH_OP_neg));
  CHECK_VALUES(x, 0, 0, 1, -0.0, -1, 4, 5, 6, 7, 8);

  THTensor_free(far);
  THTensor_free(first);
  THTensor_free(hi);
  THTensor_free(lo);
  THTensor_free(at);
  THTensor_free(a);
  THTensor_free(x);
}

/* Outputs with stride-0 (expanded) dims would write one element several times. */
static void test_expanded_output(void) {
  const char *internal = "more than one element of the written-to tensor refers to a single memory location";
  THTensor *base = TENSOR(TH_Float32, SIZES(1), VALUES(0));
  THTensor *e = THTensor_newExpand(base, 1, (int64_t[]){3});
  THTensor *ones = TENSOR(TH_Float32, SIZES(3), VALUES(1, 1, 1));
  CHECK_ERR(THTensor_add(e, ones, ones, 1), internal); /* torch.add(..., out=zeros(1).expand(3)) */
  CHECK_STR_CONTAINS(THGetLastError(), "Please clone() the tensor before performing the operation.");
  CHECK_ERR(THTensor_unary(e, ones, TH_OP_neg), internal);
  THTensor *cond = TENSOR(TH_Bool, SIZES(3), VALUES(1, 0, 1));
  CHECK_ERR(THTensor_where(e, cond, ones, ones), internal);
  CHECK_ERR(THTensor_clamp(e, ones, ones, ones), internal);
  THTensor_free(cond);
  CHECK_VALUES(base, 0, 0);
  THTensor *two = THTensor_newWrappedNumber(2);
  CHECK_ERR(THTensor_binary(e, e, two, TH_OP_mul), internal); /* in place on an expanded tensor */
  THTensor_free(two);
  THTensor_free(ones);
  THTensor_free(e);
  THTensor_free(base);
}

/* copy_ refuses the same overlaps as other ops (PyTorch's copy_ checks memory overlap). */
static void test_copy_overlap(void) {
  THTensor *x = arange(TH_Float32, 4);
  THTensor *lo = THTensor_newSlice(x, 0, 0, 3, 1), *hi = THTensor_newSlice(x, 0, 1, 4, 1);
  /* y[1:].copy_(y[:-1]) */
  CHECK_ERR(THTensor_copy(hi, lo), "some elements of the input tensor and the written-to tensor refer to a single memory location");
  CHECK_VALUES(x, 0, 0, 1, 2, 3);
  /* copying into an expanded tensor */
  THTensor *one = TENSOR(TH_Float32, SIZES(1), VALUES(0));
  THTensor *e = THTensor_newExpand(one, 1, (int64_t[]){3});
  THTensor *src = TENSOR(TH_Float32, SIZES(3), VALUES(1, 2, 3));
  CHECK_ERR(THTensor_copy(e, src), "more than one element of the written-to tensor refers to a single memory location");
  /* a broadcast copy of a row of a tensor into the whole tensor (y.copy_(y[0])) */
  THTensor *m = THTensor_newView(x, 2, (int64_t[]){2, 2});
  THTensor *row = THTensor_newSelect(m, 0, 0);
  CHECK_ERR(THTensor_copy(m, row), "single memory location");
  THTensor_free(row);
  THTensor_free(m);
  THTensor_free(src);
  THTensor_free(e);
  THTensor_free(one);
  THTensor_free(hi);
  THTensor_free(lo);
  THTensor_free(x);
}

/* PyTorch only refuses overlaps it can prove (dense operands); strided views whose elements are
 * disjoint but whose byte ranges interleave are accepted, and so is fill_ on an expanded tensor. */
static void test_overlap_allowed_by_pytorch(void) {
  /* y = arange(4.).view(2, 2); y[:, 0].add_(y[:, 1]) -> [[1, 1], [5, 3]] */
  THTensor *x = arange(TH_Float32, 4);
  THTensor *m = THTensor_newView(x, 2, (int64_t[]){2, 2});
  THTensor *c0 = THTensor_newSelect(m, 1, 0), *c1 = THTensor_newSelect(m, 1, 1);
  CHECK_OK(THTensor_add(c0, c0, c1, 1));
  CHECK_VALUES(x, 0, 1, 1, 5, 3);
  /* y[:, 0].copy_(y[:, 1]) */
  CHECK_OK(THTensor_copy(c0, c1));
  CHECK_VALUES(x, 0, 1, 1, 3, 3);
  /* y = arange(8.); y[::2].mul_(y[1::2]) -> [0, 1, 6, 3, 20, 5, 42, 7] */
  THTensor *y = arange(TH_Float32, 8);
  THTensor *ev = THTensor_newSlice(y, 0, 0, 8, 2), *od = THTensor_newSlice(y, 0, 1, 8, 2);
  CHECK_OK(THTensor_binary(ev, ev, od, TH_OP_mul));
  CHECK_VALUES(y, 0, 0, 1, 6, 3, 20, 5, 42, 7);
  /* zeros(1).expand(3).fill_(2) */
  THTensor *one = TENSOR(TH_Float32, SIZES(1), VALUES(0));
  THTensor *e = THTensor_newExpand(one, 1, (int64_t[]){3});
  CHECK_OK(THTensor_fill(e, 2));
  CHECK_VALUES(one, 0, 2);
  THTensor *all[] = {x, m, c0, c1, y, ev, od, one, e};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

static void test_borrowed_storage_resize(void) {
  float buf[4] = {1, 2, 3, 4};
  THStorage *s = THStorage_newWithData(buf, sizeof buf, NULL, NULL);
  CHECK_OK(THStorage_resize(s, 8)); /* no growth needed */
  CHECK_ERR(THStorage_resize(s, 32), "cannot resize a storage that borrows external memory (16 bytes) to 32 bytes");
  CHECK_EQ_INT(THStorage_nbytes(s), 16);
  CHECK(THStorage_data(s) == buf);
  THStorage_free(s);
}

static void test_dtype_and_op_errors(void) {
  THTensor *f = TENSOR(TH_Float32, SIZES(2), VALUES(1, 2));
  THTensor *i = TENSOR(TH_Int64, SIZES(2), VALUES(1, 2));
  THTensor *b = TENSOR(TH_Bool, SIZES(2), VALUES(1, 0));
  THTensor *r = THTensor_new(TH_Float32);
  THTensor *ri = THTensor_new(TH_Int64);
  CHECK_ERR(THTensor_binary(r, f, f, TH_OP_bitwise_and), "bitwise_and: not implemented for 'float32'");
  CHECK_ERR(THTensor_unary(r, f, TH_OP_bitwise_not), "bitwise_not: not implemented for 'float32'");
  CHECK_ERR(THTensor_unary(ri, i, TH_OP_frac), "frac: not implemented for 'int64'");
  CHECK_ERR(THTensor_unary(r, b, TH_OP_neg), "Negation, the `-` operator, on a bool tensor is not supported.");
  CHECK_ERR(THTensor_unary(r, b, TH_OP_abs), "not implemented for 'bool'");
  CHECK_ERR(THTensor_sub(r, b, b, 1), "Subtraction, the `-` operator, with two bool tensors is not supported.");
  CHECK_ERR(THTensor_binary(ri, i, i, TH_OP_div), "result type float32 can't be cast to the desired output type int64");
  CHECK_ERR(THTensor_unary(ri, i, TH_OP_sqrt), "can't be cast to the desired output type int64");
  CHECK_ERR(THTensor_add(ri, i, i, 1.5), "alpha must not be a floating point number");
  THTensor *bo = THTensor_new(TH_Bool);
  CHECK_OK(THTensor_add(bo, b, b, 2)); /* PyTorch allows an integral alpha for bool results */
  THTensor *m3 = THTensor_newWrappedNumber(-3);
  CHECK_ERR(THTensor_binary(ri, i, m3, TH_OP_pow), "Integers to negative integer powers are not allowed.");
  CHECK_ERR(THTensor_binary(r, f, f, (THBinaryOp)999), "invalid binary op 999");
  CHECK_ERR(THTensor_unary(r, f, (THUnaryOp)-1), "invalid unary op");
  CHECK_OK(THTensor_clamp(r, b, f, f)); /* bool promotes with float bounds, as in PyTorch */
  CHECK_ERR(THTensor_lerp(ri, i, i, i), "lerp: not implemented for 'int64'");
  CHECK_ERR(THTensor_lerp(r, f, f, i), "lerp: expected dtype float32 for `weight` but got dtype int64");
  CHECK_ERR(THTensor_addcdiv(ri, i, i, i, 1), "Integer division with addcdiv is no longer supported");
  CHECK_ERR(THTensor_where(r, f, f, f), "where expected condition to be a boolean tensor, but got a tensor with dtype float32");
  CHECK_ERR(THTensor_arange(r, 0, 10, -1), "upper bound and larger bound inconsistent with step sign");
  CHECK_ERR(THTensor_arange(r, 0, NAN, 1), "must be finite");
  CHECK_ERR(THTensor_arange(r, 0, 1e300, 1e-300), "too many elements");
  int st;
  THTensor_item(f, &st);
  CHECK_EQ_INT(st, TH_ERR);
  CHECK_STR_CONTAINS(THGetLastError(), "a Tensor with 2 elements cannot be converted to Scalar");
  THDType dt;
  CHECK_ERR(THDType_fromName("Float", &dt), "unknown dtype 'Float'");
  CHECK_ERR(THDType_fromName("", &dt), "unknown dtype ''");

  /* integer division by zero, also when the result goes through a conversion to another dtype */
  THTensor *z = TENSOR(TH_Int32, SIZES(2), VALUES(1, 0));
  THTensor *rd = THTensor_new(TH_Float64);
  CHECK_ERR(THTensor_binary(rd, i, z, TH_OP_div_floor), "ZeroDivisionError");
  CHECK_ERR(THTensor_binary(ri, i, z, TH_OP_remainder), "ZeroDivisionError");
  THTensor *zi8 = TENSOR(TH_Int8, SIZES(1), VALUES(0));
  CHECK_ERR(THTensor_binary(ri, i, zi8, TH_OP_fmod), "ZeroDivisionError");

  THTensor *all[] = {f, i, b, r, ri, bo, m3, z, rd, zi8};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

/* Errors are per thread and a later success does not clear them; the message is bounded. */
static void test_error_message_state(void) {
  THClearError();
  THTensor *m = TENSOR(TH_Float32, SIZES(2), NULL);
  CHECK_NULL_ERR(THTensor_newSelect(m, 0, 5), "index 5");
  THTensor *ok = THTensor_newSelect(m, 0, 1);
  CHECK_NOT_NULL(ok);
  CHECK_STR_CONTAINS(THGetLastError(), "index 5");
  THTensor_free(ok);
  char big[4096];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  CHECK_EQ_INT(THError("%s", big), TH_ERR);
  CHECK(strlen(THGetLastError()) < sizeof big - 1); /* truncated, not overflowed */
  CHECK(strlen(THGetLastError()) > 1000);
  THTensor_free(m);
}

/* Repeated failures in a loop leave the counters where they were. */
static void test_failures_do_not_leak(void) {
  THMemoryStats before = th_test_mem();
  THTensor *a = TENSOR(TH_Int32, SIZES(3, 4), NULL);
  THTensor *b = TENSOR(TH_Float64, SIZES(4), NULL);
  CHECK_OK(THTensor_fill(a, 1));
  THTensor *z = TENSOR(TH_Int32, SIZES(4), VALUES(1, 1, 1, 0));
  THTensor *r16 = THTensor_new(TH_Float16);
  THMemoryStats mid = th_test_mem();
  for (int k = 0; k < 50; k++) {
    THTensor *r = THTensor_new(TH_Int64);
    THTensor_add(r, a, b, 1);                       /* float64 result into int64: can't cast */
    THTensor_binary(r16, a, z, TH_OP_div_floor);    /* zero division after converting inputs */
    THTensor_free(THTensor_newView(a, 1, (int64_t[]){5}));
    THTensor_free(THTensor_newExpand(a, 2, (int64_t[]){3, 5}));
    THTensor_free(r);
  }
  CHECK_NO_LEAKS(mid);
  THTensor_free(r16);
  THTensor_free(z);
  THTensor_free(b);
  THTensor_free(a);
  CHECK_NO_LEAKS(before);
}

int main(void) {
  RUN_TEST(test_shape_mismatch);
  RUN_TEST(test_invalid_views);
  RUN_TEST(test_out_of_range_dims_and_indices);
  RUN_TEST(test_negative_and_huge_sizes);
  RUN_TEST(test_overlapping_writes);
  RUN_TEST(test_expanded_output);
  RUN_TEST(test_copy_overlap);
  RUN_TEST(test_overlap_allowed_by_pytorch);
  RUN_TEST(test_borrowed_storage_resize);
  RUN_TEST(test_dtype_and_op_errors);
  RUN_TEST(test_error_message_state);
  RUN_TEST(test_failures_do_not_leak);
  return TH_TEST_RESULT();
}
