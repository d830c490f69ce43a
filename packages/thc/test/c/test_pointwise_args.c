/* test_pointwise_args.c — argument errors of THCTensorMath.h and the copies that are detected
 * before any device work, so they run without a GPU: dtype, shape, overlap, out= and device
 * checks, with libTH's messages. Device tensors are faked with an allocator that says onDevice
 * but hands out host memory; every call here must fail (or finish) before touching it. */
#include "thc_fake_device.h"

#define FAKE(dt, ...) thc_fake_tensor((dt), 0, (int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), (int64_t[]){__VA_ARGS__})

static THCState *state;

static void test_device_checks(void) {
  THTensor *a = FAKE(TH_Float32, 3, 4), *b = FAKE(TH_Float32, 4), *r = FAKE(TH_Float32, 0);
  THTensor *h = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){4}), *rh = THTensor_new(TH_Float32);
  THTensor *r0 = THTensor_newWithSize(TH_Float32, 0, NULL), *b1 = thc_fake_tensor(TH_Float32, 1, 1, (int64_t[]){4});
  CHECK_ERR(THCTensor_add(state, r, a, h, 1),
            "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu! (in add)");
  CHECK_ERR(THCTensor_add(state, rh, a, b, 1), "Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!");
  CHECK_ERR(THCTensor_add(state, r0, a, b, 1), "add: Expected out tensor to have device cuda:0, but got cpu instead");
  CHECK_ERR(THCTensor_add(state, r, a, b1, 1), "found at least two devices, cuda:0 and cuda:1! (in add)");
  CHECK_ERR(THCTensor_unary(state, rh, h, TH_OP_exp), "exp: expected CUDA tensors, but every tensor is on the CPU");
  THTensor *cond = FAKE(TH_Bool, 3, 4);
  CHECK_ERR(THCTensor_where(state, r, cond, a, h), "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu! (in where)");
  THTensor_free(cond);
  CHECK_ERR(THCTensor_fill(state, rh, 1), "fill_: expected CUDA tensors, but every tensor is on the CPU");
  CHECK_ERR(THCTensor_arange(state, rh, 0, 3, 1), "arange: expected CUDA tensors, but every tensor is on the CPU");
  CHECK_ERR(THCTensor_eye(state, rh, 2, 2), "eye: expected CUDA tensors, but every tensor is on the CPU");
  THTensor_free(a), THTensor_free(b), THTensor_free(r), THTensor_free(h), THTensor_free(rh), THTensor_free(r0), THTensor_free(b1);
}

/* The dtype and argument errors are libTH's, word for word: both libraries get the same call. */
typedef int (*BinaryTH)(THTensor *, const THTensor *, const THTensor *, THBinaryOp);
static void sameErrorBinary(THBinaryOp op, THDType ta, THDType tb, THDType tr, const char *expect) {
  THTensor *ha = THTensor_newWithSize(ta, 1, (int64_t[]){4}), *hb = THTensor_newWithSize(tb, 1, (int64_t[]){4});
  THTensor *hr = THTensor_new(tr);
  THTensor *a = FAKE(ta, 4), *b = FAKE(tb, 4), *r = FAKE(tr, 0);
  memset(THTensor_data(ha), 0, 4 * THDType_size(ta));
  memset(THTensor_data(hb), 0, 4 * THDType_size(tb));
  CHECK_ERR(THTensor_binary(hr, ha, hb, op), expect);
  CHECK_ERR(THCTensor_binary(state, r, a, b, op), expect);
  THTensor_free(ha), THTensor_free(hb), THTensor_free(hr), THTensor_free(a), THTensor_free(b), THTensor_free(r);
}

static void test_dtype_errors(void) {
  sameErrorBinary(TH_OP_bitwise_and, TH_Float32, TH_Float32, TH_Float32,
                  "bitwise_and: not implemented for 'float32' (expected integral or bool tensors)");
  sameErrorBinary(TH_OP_bitwise_left_shift, TH_Bool, TH_Bool, TH_Bool, "bitwise_left_shift: not implemented for 'bool' (expected a supported dtype)");
  sameErrorBinary(TH_OP_sub, TH_Bool, TH_Bool, TH_Bool, "Subtraction, the `-` operator, with two bool tensors is not supported");
  sameErrorBinary(TH_OP_sub, TH_Bool, TH_Int32, TH_Int32, "Subtraction, the `-` operator, with a bool tensor is not supported");
  sameErrorBinary(TH_OP_div_floor, TH_Bool, TH_Bool, TH_Bool, "div_floor: not implemented for 'bool' (expected a supported dtype)");
  sameErrorBinary(TH_OP_pow, TH_Float32, TH_Float32, TH_Float64, "pow: Found dtype float64 but expected float32");
  sameErrorBinary(TH_OP_add, TH_Float32, TH_Int32, TH_Int64, "add: result type float32 can't be cast to the desired output type int64");

  THTensor *hf = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){4}), *hb = THTensor_newWithSize(TH_Bool, 1, (int64_t[]){4});
  THTensor *f = FAKE(TH_Float32, 4), *bo = FAKE(TH_Bool, 4), *i = FAKE(TH_Int32, 4), *r = FAKE(TH_Float32, 0);
  THTensor *rb = FAKE(TH_Bool, 0), *ri = FAKE(TH_Int32, 0);
  CHECK_ERR(THCTensor_unary(state, rb, bo, TH_OP_neg), "Negation, the `-` operator, on a bool tensor is not supported");
  CHECK_ERR(THCTensor_unary(state, r, f, TH_OP_bitwise_not), "bitwise_not: not implemented for 'float32' (expected an integral or bool tensor)");
  CHECK_ERR(THCTensor_unary(state, ri, i, TH_OP_frac), "frac: not implemented for 'int32' (expected a floating point tensor)");
  CHECK_ERR(THCTensor_unary(state, rb, bo, TH_OP_floor), "floor: not implemented for 'bool' (expected a supported dtype)");
  CHECK_ERR(THCTensor_unary(state, rb, bo, TH_OP_abs), "abs: not implemented for 'bool' (expected a numeric tensor)");
  CHECK_ERR(THCTensor_unary(state, ri, f, TH_OP_floor), "floor: Found dtype int32 but expected float32");
  CHECK_ERR(THCTensor_unary(state, ri, f, TH_OP_exp), "exp: result type float32 can't be cast to the desired output type int32");
  CHECK_ERR(THCTensor_unary(state, r, f, (THUnaryOp)999), "invalid unary op 999");
  CHECK_ERR(THCTensor_binary(state, r, f, f, (THBinaryOp)999), "invalid binary op 999");
  /* alpha, pow and division by a scalar 0 */
  THTensor *w = THTensor_newWrappedNumber(-2), *z = THTensor_newWrappedNumber(0), *w256 = THTensor_newWrappedNumber(256);
  THTensor *u8 = FAKE(TH_UInt8, 4), *ru8 = FAKE(TH_UInt8, 0);
  CHECK_ERR(THCTensor_add(state, ri, i, i, 1.5), "add: for integral input tensors, argument alpha must not be a floating point number (got 1.5).");
  CHECK_ERR(THCTensor_sub(state, ri, i, i, 0.5), "sub: for integral input tensors, argument alpha");
  CHECK_ERR(THCTensor_binary(state, ri, i, w, TH_OP_pow), "pow: Integers to negative integer powers are not allowed.");
  CHECK_ERR(THCTensor_binary(state, ri, i, z, TH_OP_div_trunc), "ZeroDivisionError: div_trunc: integer division by zero");
  CHECK_ERR(THCTensor_binary(state, ri, i, z, TH_OP_remainder), "ZeroDivisionError: remainder: integer division by zero");
  CHECK_ERR(THCTensor_binary(state, ru8, u8, w256, TH_OP_fmod), "ZeroDivisionError: fmod: integer division by zero");
  /* ternary ops */
  THTensor *big = THTensor_newWrappedNumber(1000), *i8 = FAKE(TH_Int8, 4), *ri8 = FAKE(TH_Int8, 0);
  CHECK_ERR(THCTensor_clamp(state, r, f, NULL, NULL), "clamp: At least one of 'min' or 'max' must not be None");
  CHECK_ERR(THCTensor_clamp(state, ri8, i8, big, NULL), "clamp: value cannot be converted to type int8 without overflow (got 1000)");
  CHECK_ERR(THCTensor_clamp(state, rb, bo, bo, bo), "clamp: not implemented for 'bool' (expected a supported dtype)");
  CHECK_ERR(THCTensor_lerp(state, ri, i, i, i), "lerp: not implemented for 'int32' (expected a floating point tensor)");
  CHECK_ERR(THCTensor_lerp(state, r, f, i, f), "lerp: expected dtype float32 for `end` but got dtype int32");
  CHECK_ERR(THCTensor_lerp(state, r, f, f, i), "lerp: expected dtype float32 for `weight` but got dtype int32");
  CHECK_ERR(THCTensor_addcdiv(state, ri, i, i, i, 1), "addcdiv: Integer division with addcdiv is no longer supported");
  CHECK_ERR(THCTensor_addcmul(state, rb, bo, bo, bo, 1), "addcmul: not implemented for 'bool' (expected a supported dtype)");
  CHECK_ERR(THCTensor_where(state, r, f, f, f), "where expected condition to be a boolean tensor, but got a tensor with dtype float32");
  CHECK_ERR(THCTensor_nanToNum(state, rb, i, 0, 0, 0, 0, 0), "nan_to_num: result type int32 can't be cast to the desired output type bool");
  THTensor_free(hf), THTensor_free(hb), THTensor_free(f), THTensor_free(bo), THTensor_free(i), THTensor_free(r);
  THTensor_free(rb), THTensor_free(ri), THTensor_free(w), THTensor_free(z), THTensor_free(w256), THTensor_free(u8), THTensor_free(ru8);
  THTensor_free(big), THTensor_free(i8), THTensor_free(ri8);
}

static void test_shape_and_overlap_errors(void) {
  THTensor *a = FAKE(TH_Float32, 3, 4), *b = FAKE(TH_Float32, 5), *r = FAKE(TH_Float32, 0);
  CHECK_ERR(THCTensor_add(state, r, a, b, 1),
            "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1");
  /* in place with a broadcast result */
  THTensor *row = FAKE(TH_Float32, 4);
  CHECK_ERR(THCTensor_add(state, row, row, a, 1), "add: output with shape [4] doesn't match the broadcast shape [3, 4]");
  /* partial overlap of the result with an input */
  THTensor *base = FAKE(TH_Float32, 10);
  THTensor *lo = THTensor_newNarrow(base, 0, 0, 6), *hi = THTensor_newNarrow(base, 0, 2, 6);
  CHECK_ERR(THCTensor_unary(state, lo, hi, TH_OP_neg),
            "neg: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location");
  /* a result whose elements alias */
  THTensor *one = THTensor_newNarrow(base, 0, 0, 1), *e = THTensor_newExpand(one, 1, (int64_t[]){6});
  CHECK_ERR(THCTensor_binary(state, e, hi, hi, TH_OP_mul),
            "mul: unsupported operation: more than one element of the written-to tensor refers to a single memory location");
  /* copies */
  THTensor *b26 = FAKE(TH_Float32, 2, 6);
  CHECK_ERR(THCTensor_copy(state, lo, b, 0), "The size of tensor a (6) must match the size of tensor b (5)");
  CHECK_ERR(THCTensor_copy(state, lo, b26, 0), "copy_: the source of shape [2, 6] cannot be broadcast to the destination's shape [6]");
  THTensor_free(b26);
  CHECK_ERR(THCTensor_copy(state, lo, hi, 0), "copy_: unsupported operation: some elements of the input tensor");
  CHECK_ERR(THCTensor_copy(state, e, lo, 1), "copy_: unsupported operation: more than one element of the written-to tensor");
  THTensor_free(a), THTensor_free(b), THTensor_free(r), THTensor_free(row), THTensor_free(base), THTensor_free(lo);
  THTensor_free(hi), THTensor_free(one), THTensor_free(e);
}

static void test_range_errors(void) {
  THTensor *r = FAKE(TH_Float32, 0), *ri = FAKE(TH_Int32, 0), *i8 = FAKE(TH_Int8, 3);
  CHECK_ERR(THCTensor_fill(state, i8, 300), "fill_: value cannot be converted to type int8 without overflow (got 300)");
  CHECK_ERR(THCTensor_arange(state, r, 0, 10, 0), "arange: step must be nonzero");
  CHECK_ERR(THCTensor_arange(state, r, 0, INFINITY, 1), "arange: unsupported range");
  CHECK_ERR(THCTensor_arange(state, r, 5, 0, 1), "arange: upper bound and larger bound inconsistent with step sign");
  CHECK_ERR(THCTensor_arange(state, ri, 0, 2, 0.5), "arange: step must be nonzero (the step converts to 0 in int32)");
  CHECK_ERR(THCTensor_linspace(state, r, 0, 1, -1), "linspace: number of steps must be non-negative, got -1");
  CHECK_ERR(THCTensor_logspace(state, r, 0, 1, -2, 10), "logspace: number of steps must be non-negative, got -2");
  CHECK_ERR(THCTensor_eye(state, r, -1, 2), "eye: n must be greater or equal to 0, got -1");
  CHECK_ERR(THCTensor_eye(state, r, 2, -3), "eye: m must be greater or equal to 0, got -3");
  THTensor_free(r), THTensor_free(ri), THTensor_free(i8);
}

/* Copies and conversions that need no device work. */
static void test_copy_without_device(void) {
  THTensor *h = THTensor_newWithSize(TH_Float32, 2, (int64_t[]){2, 3}), *h2 = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 3});
  for (int k = 0; k < 6; k++) th_set(h, k, k + 0.5);
  /* host to host is libTH's copy */
  CHECK_OK(THCTensor_copy(state, h2, h, 0));
  CHECK_VALUES(h2, 0, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
  THTensor *c = THCTensor_newTo(state, h, TH_Int32, 0);
  CHECK_VALUES(c, 0, 0, 1, 2, 3, 4, 5);
  THTensor *k = THCTensor_newClone(state, h);
  CHECK_VALUES(k, 0, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
  THTensor *same = THCTensor_newToDevice(state, h, -1, 0, 0);
  CHECK(same == h);
  THTensor_free(same);
  THTensor_free(h);
  int st = 0;
  THTensor *seven = THTensor_newScalar(TH_Int16, 7);
  CHECK_NEAR(THCTensor_item(state, seven, &st), 7, 0);
  THTensor_free(seven);
  THTensor_free(c), THTensor_free(k), THTensor_free(h2);
  /* a fake device tensor: what only looks at metadata */
  THTensor *d = FAKE(TH_Float32, 4, 6);
  CHECK(THCTensor_newContiguous(state, d) == d);
  THTensor_free(d);
  CHECK(THCTensor_newTo(state, d, TH_Float32, 0) == d);
  THTensor_free(d);
  /* device 0: d itself with a GPU, an error without one */
  THTensor *moved = THCTensor_newToDevice(state, d, 0, 0, 0);
  CHECK(THCState_deviceCount(state) > 0 ? moved == d : moved == NULL);
  THTensor_free(moved);
  THClearError();
  THTensor *v = THCTensor_newReshape(state, d, 2, (int64_t[]){3, 8});
  CHECK(v && THTensor_storage(v) == THTensor_storage(d));
  THTensor_free(v);
  CHECK_NULL_ERR(THCTensor_newReshape(state, d, 1, (int64_t[]){25}), "shape '[25]' is invalid for input of size 24");
  THCTensor_item(state, d, &st);
  CHECK_EQ_INT(st, TH_ERR);
  CHECK_STR_CONTAINS(THGetLastError(), "a Tensor with 24 elements cannot be converted to Scalar");
  CHECK_NULL_ERR(THCTensor_newTo(state, d, (THDType)99, 0), "invalid dtype 99");
  THTensor_free(d);
}

int main(void) {
  state = THCState_new();
  if (!state) return 1;
  RUN_TEST(test_device_checks);
  RUN_TEST(test_dtype_errors);
  RUN_TEST(test_shape_and_overlap_errors);
  RUN_TEST(test_range_errors);
  RUN_TEST(test_copy_without_device);
  THCState_free(state);
  return TH_TEST_RESULT();
}
