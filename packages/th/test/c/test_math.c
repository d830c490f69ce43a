/* test_math.c — elementwise math: broadcasting, PyTorch's type promotion, strided inputs,
 * in-place and out= results, Python division semantics, ternary ops, factories, copies, the
 * threaded path and THIter itself. Expected values are those torch 1.13 gives. */
#include "TH/TH.h"
#include "th_test.h"

/* ---- helpers: fresh results with PyTorch's result dtype ---- */

static THTensor *bin(THBinaryOp op, const THTensor *a, const THTensor *b) {
  THDType dt;
  if (THTensor_binaryResultType(op, a, b, &dt)) return NULL;
  THTensor *r = THTensor_new(dt);
  if (THTensor_binary(r, a, b, op)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

/* op(a, a Python number) */
static THTensor *binScalar(THBinaryOp op, const THTensor *a, double v) {
  THTensor *w = THTensor_newWrappedNumber(v);
  THTensor *r = bin(op, a, w);
  THTensor_free(w);
  return r;
}

static THTensor *un(THUnaryOp op, const THTensor *a) {
  THDType dt;
  if (THTensor_unaryResultType(op, a, &dt)) return NULL;
  THTensor *r = THTensor_new(dt);
  if (THTensor_unary(r, a, op)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

static THDType resultType2(const THTensor *a, const THTensor *b) {
  const THTensor *ts[2] = {a, b};
  return THTensor_resultType(2, ts);
}

/* ---- broadcasting ---- */

static void test_broadcasting(void) {
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *b = VEC(TH_Float32, 10, 20, 30);
  THTensor *r = bin(TH_OP_add, a, b);
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0, 11, 22, 33, 14, 25, 36);
  THTensor_free(r);
  r = bin(TH_OP_sub, b, a); /* the other way round */
  CHECK_VALUES(r, 0, 9, 18, 27, 6, 15, 24);
  THTensor_free(r);

  THTensor *col = TENSOR(TH_Float32, SIZES(2, 1), VALUES(1, 2));
  THTensor *row = TENSOR(TH_Float32, SIZES(1, 3), VALUES(10, 20, 30));
  r = bin(TH_OP_mul, col, row);
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0, 10, 20, 30, 20, 40, 60);
  THTensor_free(r);

  /* [2, 1, 3] with [4, 1]: [2, 4, 3] */
  THTensor *c3 = TENSOR(TH_Int32, SIZES(2, 1, 3), VALUES(0, 1, 2, 3, 4, 5));
  THTensor *c4 = TENSOR(TH_Int32, SIZES(4, 1), VALUES(0, 10, 20, 30));
  r = bin(TH_OP_add, c3, c4);
  CHECK_SHAPE(r, 3, 2, 4, 3);
  CHECK_VALUES(r, 0, 0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 3, 4, 5, 13, 14, 15, 23, 24, 25, 33, 34, 35);
  THTensor_free(r);

  /* 0-d with anything */
  THTensor *s = THTensor_newScalar(TH_Float32, 100);
  r = bin(TH_OP_add, s, a);
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0, 101, 102, 103, 104, 105, 106);
  THTensor_free(r);
  r = bin(TH_OP_add, s, s);
  CHECK_EQ_INT(THTensor_ndim(r), 0);
  CHECK_VALUES(r, 0, 200);
  THTensor_free(r);

  /* the shape function on its own */
  int n;
  int64_t out[TH_MAX_DIMS];
  CHECK_OK(THBroadcastShapes(2, (int64_t[]){2, 1}, 3, (int64_t[]){5, 1, 3}, &n, out));
  CHECK_EQ_INT(n, 3);
  CHECK(out[0] == 5 && out[1] == 2 && out[2] == 3);
  CHECK_OK(THBroadcastShapes(1, (int64_t[]){0}, 1, (int64_t[]){1}, &n, out));
  CHECK(n == 1 && out[0] == 0);
  CHECK_ERR(THBroadcastShapes(2, (int64_t[]){2, 3}, 1, (int64_t[]){4}, &n, out),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");

  THTensor *bad = VEC(TH_Float32, 1, 2);
  THTensor *rr = THTensor_new(TH_Float32);
  CHECK_ERR(THTensor_add(rr, a, bad, 1), "The size of tensor a (3) must match the size of tensor b (2)");
  THTensor_free(rr);
  THTensor_free(bad);
  THTensor_free(s);
  THTensor_free(c4);
  THTensor_free(c3);
  THTensor_free(row);
  THTensor_free(col);
  THTensor_free(b);
  THTensor_free(a);
}

/* ---- type promotion ---- */

static void test_result_type(void) {
  THTensor *i32 = VEC(TH_Int32, 1, 2);
  THTensor *i64 = VEC(TH_Int64, 1, 2);
  THTensor *u8 = VEC(TH_UInt8, 1, 2);
  THTensor *i8 = VEC(TH_Int8, 1, 2);
  THTensor *f16 = VEC(TH_Float16, 1, 2);
  THTensor *f32 = VEC(TH_Float32, 1, 2);
  THTensor *bl = VEC(TH_Bool, 1, 0);
  THTensor *z64f = THTensor_newScalar(TH_Float64, 1.5);
  THTensor *z64i = THTensor_newScalar(TH_Int64, 5);
  THTensor *z8u = THTensor_newScalar(TH_UInt8, 1);
  THTensor *z32f = THTensor_newScalar(TH_Float32, 1);
  THTensor *z16f = THTensor_newScalar(TH_Float16, 1);
  THTensor *z32i = THTensor_newScalar(TH_Int32, 1);
  THTensor *wf = THTensor_newWrappedNumber(2.5);
  THTensor *wi = THTensor_newWrappedNumber(300);

  CHECK_EQ_INT(resultType2(i32, wf), TH_Float32);   /* int tensor + Python float: default float */
  CHECK_EQ_INT(resultType2(i64, z64f), TH_Float64); /* a 0-d float64 raises an integral dim tensor's category */
  CHECK_EQ_INT(resultType2(f32, z64f), TH_Float32); /* ... but not a float32 dim tensor's width */
  CHECK_EQ_INT(resultType2(i32, z64i), TH_Int32);   /* same category: the dim tensor wins */
  CHECK_EQ_INT(resultType2(i8, z8u), TH_Int8);
  CHECK_EQ_INT(resultType2(u8, wi), TH_UInt8);      /* a Python int never widens */
  CHECK_EQ_INT(resultType2(bl, wi), TH_Int64);
  CHECK_EQ_INT(resultType2(bl, wf), TH_Float32);
  CHECK_EQ_INT(resultType2(bl, z64f), TH_Float64);
  CHECK_EQ_INT(resultType2(f16, z32f), TH_Float16);
  CHECK_EQ_INT(resultType2(f16, wf), TH_Float16);
  CHECK_EQ_INT(resultType2(i32, z16f), TH_Float16);
  CHECK_EQ_INT(resultType2(z32i, z16f), TH_Float16); /* two 0-d tensors: plain promotion */
  CHECK_EQ_INT(resultType2(z64i, z32f), TH_Float32);
  CHECK_EQ_INT(resultType2(u8, i8), TH_Int16);      /* two dim tensors: plain promotion */
  CHECK_EQ_INT(resultType2(wi, wf), TH_Float32);
  CHECK_EQ_INT(resultType2(z8u, wi), TH_UInt8);     /* a 0-d tensor outranks a wrapped number */

  /* op-specific result types */
  THDType dt;
  CHECK_OK(THTensor_binaryResultType(TH_OP_div, i32, i64, &dt));
  CHECK_EQ_INT(dt, TH_Float32);
  CHECK_OK(THTensor_binaryResultType(TH_OP_div, f16, i64, &dt));
  CHECK_EQ_INT(dt, TH_Float16);
  CHECK_OK(THTensor_binaryResultType(TH_OP_div_floor, i32, i64, &dt));
  CHECK_EQ_INT(dt, TH_Int64);
  CHECK_OK(THTensor_binaryResultType(TH_OP_lt, f32, wf, &dt));
  CHECK_EQ_INT(dt, TH_Bool);
  CHECK_OK(THTensor_binaryResultType(TH_OP_logical_and, f32, i32, &dt));
  CHECK_EQ_INT(dt, TH_Bool);
  CHECK_OK(THTensor_binaryResultType(TH_OP_bitwise_and, u8, wi, &dt));
  CHECK_EQ_INT(dt, TH_UInt8);
  CHECK_ERR(THTensor_binaryResultType(TH_OP_bitwise_and, f32, i32, &dt), "not implemented for 'float32'");
  CHECK_ERR(THTensor_binaryResultType(TH_OP_bitwise_or, i32, wf, &dt), "not implemented for 'float32'");
  CHECK_ERR(THTensor_binaryResultType(TH_OP_sub, bl, bl, &dt), "Subtraction, the `-` operator, with two bool tensors is not supported");
  CHECK_OK(THTensor_unaryResultType(TH_OP_sqrt, i64, &dt));
  CHECK_EQ_INT(dt, TH_Float32);
  CHECK_OK(THTensor_unaryResultType(TH_OP_exp, f16, &dt));
  CHECK_EQ_INT(dt, TH_Float16);
  CHECK_OK(THTensor_unaryResultType(TH_OP_abs, i8, &dt));
  CHECK_EQ_INT(dt, TH_Int8);
  CHECK_OK(THTensor_unaryResultType(TH_OP_isnan, i8, &dt));
  CHECK_EQ_INT(dt, TH_Bool);
  CHECK_ERR(THTensor_unaryResultType(TH_OP_neg, bl, &dt), "Negation, the `-` operator, on a bool tensor is not supported");
  CHECK_ERR(THTensor_unaryResultType(TH_OP_bitwise_not, f32, &dt), "not implemented for 'float32'");
  CHECK_ERR(THTensor_unaryResultType(TH_OP_frac, i32, &dt), "not implemented for 'int32'");

  /* and the ops themselves produce those dtypes and values */
  THTensor *r = binScalar(TH_OP_add, i32, 2.5);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 0, 3.5, 4.5);
  THTensor_free(r);
  r = bin(TH_OP_add, i64, z64f);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float64);
  CHECK_VALUES(r, 0, 2.5, 3.5);
  THTensor_free(r);
  r = bin(TH_OP_add, f32, z64f);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  THTensor_free(r);
  r = binScalar(TH_OP_add, u8, 300); /* uint8 arithmetic wraps: 1 + 300 = 45 (mod 256) */
  CHECK_EQ_INT(THTensor_dtype(r), TH_UInt8);
  CHECK_VALUES(r, 0, 45, 46);
  THTensor_free(r);
  r = bin(TH_OP_add, u8, i8);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Int16);
  CHECK_VALUES(r, 0, 2, 4);
  THTensor_free(r);
  r = binScalar(TH_OP_add, bl, 2);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Int64);
  CHECK_VALUES(r, 0, 3, 2);
  THTensor_free(r);
  r = bin(TH_OP_div, i32, i64);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 0, 1, 1);
  THTensor_free(r);

  THTensor *tensors[] = {i32, i64, u8, i8, f16, f32, bl, z64f, z64i, z8u, z32f, z16f, z32i, wf, wi};
  for (size_t k = 0; k < sizeof tensors / sizeof tensors[0]; k++) THTensor_free(tensors[k]);
}

/* ---- strided inputs and output layout ---- */

static void test_noncontiguous_inputs(void) {
  THTensor *base = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_arange(base, 0, 12, 1));
  THTensor *x = THTensor_newView(base, 2, (int64_t[]){3, 4});

  /* x[:, ::2] * x[:, 1::2] */
  THTensor *ev = THTensor_newSlice(x, 1, 0, 4, 2), *od = THTensor_newSlice(x, 1, 1, 4, 2);
  THTensor *r = bin(TH_OP_mul, ev, od);
  CHECK_SHAPE(r, 2, 3, 2);
  CHECK_VALUES(r, 0, 0, 6, 20, 42, 72, 110);
  THTensor_free(r);

  /* x.t()[::2] + 1: the result takes the input's (transposed) layout, as in PyTorch */
  THTensor *xt = THTensor_newT(x);
  THTensor *xts = THTensor_newSlice(xt, 0, 0, 4, 2);
  r = binScalar(TH_OP_add, xts, 1);
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_STRIDES(r, 2, 1, 2);
  CHECK_VALUES(r, 0, 1, 5, 9, 3, 7, 11);
  THTensor_free(r);

  /* x.t() + x.t(): strides (1, 3) as torch */
  r = bin(TH_OP_add, xt, xt);
  CHECK_STRIDES(r, 2, 1, 4);
  CHECK_VALUES(r, 0, 0, 8, 16, 2, 10, 18, 4, 12, 20, 6, 14, 22);
  THTensor_free(r);

  /* transposed + contiguous of the same shape */
  THTensor *c = TENSOR(TH_Float32, SIZES(4, 3), VALUES(0, 0, 0, 100, 100, 100, 200, 200, 200, 300, 300, 300));
  r = bin(TH_OP_add, xt, c);
  CHECK_STRIDES(r, 2, 1, 4); /* the first input that tells the dims apart decides the layout */
  CHECK_VALUES(r, 0, 0, 4, 8, 101, 105, 109, 202, 206, 210, 303, 307, 311);
  THTensor_free(r);
  r = bin(TH_OP_add, c, xt);
  CHECK_STRIDES(r, 2, 3, 1);
  CHECK_VALUES(r, 0, 0, 4, 8, 101, 105, 109, 202, 206, 210, 303, 307, 311);
  THTensor_free(r);

  /* a permuted 3-d input keeps its layout, also with a broadcast operand: (1, 12, 4) as torch */
  THTensor *y = TENSOR(TH_Float32, SIZES(2, 3, 4), NULL);
  CHECK_OK(THTensor_fill(y, 1));
  THTensor *yp = THTensor_newPermute(y, 3, (int64_t[]){2, 0, 1});
  THTensor *r3 = VEC(TH_Float32, 1, 2, 3);
  r = bin(TH_OP_add, yp, r3);
  CHECK_SHAPE(r, 3, 4, 2, 3);
  CHECK_STRIDES(r, 3, 1, 12, 4);
  CHECK_NEAR(th_at(r, 5), 4, 0);
  THTensor_free(r);
  THTensor_free(r3);
  THTensor_free(yp);
  THTensor_free(y);

  /* an expanded (stride 0) input */
  THTensor *col = TENSOR(TH_Float32, SIZES(3, 1), VALUES(1, 2, 3));
  THTensor *e = THTensor_newExpand(col, 2, (int64_t[]){3, 4});
  r = bin(TH_OP_mul, x, e);
  CHECK_VALUES(r, 0, 0, 1, 2, 3, 8, 10, 12, 14, 24, 27, 30, 33);
  THTensor_free(r);
  r = binScalar(TH_OP_add, e, 1); /* an expanded input alone gives a contiguous result */
  CHECK_STRIDES(r, 2, 4, 1);
  CHECK_VALUES(r, 0, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4);
  THTensor_free(r);
  /* a unary op on a strided, expanded input */
  THTensor *et = THTensor_newT(e);
  r = un(TH_OP_neg, et);
  CHECK_SHAPE(r, 2, 4, 3);
  CHECK_VALUES(r, 0, -1, -2, -3, -1, -2, -3, -1, -2, -3, -1, -2, -3);
  THTensor_free(r);
  THTensor_free(et);

  /* strided output (out= a transposed view) */
  THTensor *outBase = TENSOR(TH_Float32, SIZES(4, 3), NULL);
  THTensor *outT = THTensor_newT(outBase); /* [3, 4], strides (1, 3) */
  CHECK_OK(THTensor_add(outT, x, e, 1));
  CHECK_STRIDES(outT, 2, 1, 3); /* the right shape already: written in place */
  CHECK_VALUES(outT, 0, 1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14);
  CHECK_VALUES(outBase, 0, 1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14);
  THTensor_free(outT);
  THTensor_free(outBase);

  THTensor_free(e);
  THTensor_free(col);
  THTensor_free(c);
  THTensor_free(xts);
  THTensor_free(xt);
  THTensor_free(od);
  THTensor_free(ev);
  THTensor_free(x);
  THTensor_free(base);
}

/* ---- in-place and out= ---- */

static void test_inplace_and_out(void) {
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *b = VEC(TH_Float32, 10, 20, 30);
  void *data = THTensor_data(a);
  CHECK_OK(THTensor_add(a, a, b, 2)); /* a.add_(b, alpha=2) */
  CHECK(THTensor_data(a) == data);
  CHECK_VALUES(a, 0, 21, 42, 63, 24, 45, 66);
  CHECK_OK(THTensor_binary(a, a, a, TH_OP_sub)); /* a.sub_(a): all operands the same */
  CHECK_VALUES(a, 0, 0, 0, 0, 0, 0, 0);

  /* in-place on a float16 tensor (computed in float32, stored back) */
  THTensor *h = VEC(TH_Float16, 1, 2, 3);
  THTensor *third = THTensor_newWrappedNumber(1.0 / 3.0);
  CHECK_OK(THTensor_binary(h, h, third, TH_OP_mul));
  CHECK_EQ_INT(THTensor_dtype(h), TH_Float16);
  CHECK_VALUES(h, 0, 0.333251953125, 0.66650390625, 1.0);
  THTensor_free(third);
  THTensor_free(h);

  /* int32 + int32 into a float64 out */
  THTensor *i1 = VEC(TH_Int32, 1, 2), *i2 = VEC(TH_Int32, 3, 4);
  THTensor *o = VEC(TH_Float64, 0, 0);
  CHECK_OK(THTensor_add(o, i1, i2, 1));
  CHECK_EQ_INT(THTensor_dtype(o), TH_Float64);
  CHECK_VALUES(o, 0, 4, 6);
  /* comparisons into a float out */
  THTensor *of = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_binary(of, i1, i2, TH_OP_lt));
  CHECK_VALUES(of, 0, 1, 1);
  /* an out of the wrong shape (not aliasing an input) is resized */
  THTensor *big = TENSOR(TH_Float64, SIZES(5, 5), NULL);
  CHECK_OK(THTensor_add(big, i1, i2, 1));
  CHECK_SHAPE(big, 1, 2);
  CHECK_VALUES(big, 0, 4, 6);

  /* a float result into an int64 out fails */
  THTensor *f = VEC(TH_Float32, 1.5);
  THTensor *one = THTensor_newWrappedNumber(1);
  THTensor *oi = VEC(TH_Int64, 7);
  CHECK_ERR(THTensor_add(oi, f, one, 1), "result type float32 can't be cast to the desired output type int64");
  CHECK_VALUES(oi, 0, 7); /* untouched */
  CHECK_ERR(THTensor_binary(oi, i1, i2, TH_OP_div), "can't be cast");
  /* int32.add_(float) in place fails the same way */
  THTensor *half = THTensor_newWrappedNumber(0.5);
  CHECK_ERR(THTensor_add(i1, i1, half, 1), "result type float32 can't be cast to the desired output type int32");
  CHECK_VALUES(i1, 0, 1, 2);
  /* and a non-bool result into a bool out */
  THTensor *ob = THTensor_new(TH_Bool);
  CHECK_ERR(THTensor_add(ob, i1, i2, 1), "can't be cast to the desired output type bool");

  /* in-place needing a bigger shape than a: an error */
  THTensor *m = TENSOR(TH_Float32, SIZES(2, 3), NULL);
  CHECK_ERR(THTensor_add(b, b, m, 1), "output with shape [3] doesn't match the broadcast shape [2, 3]");

  THTensor_free(m);
  THTensor_free(ob);
  THTensor_free(half);
  THTensor_free(oi);
  THTensor_free(one);
  THTensor_free(f);
  THTensor_free(big);
  THTensor_free(of);
  THTensor_free(o);
  THTensor_free(i2);
  THTensor_free(i1);
  THTensor_free(b);
  THTensor_free(a);
}

/* ---- division ---- */

static void test_division(void) {
  THTensor *a = VEC(TH_Int64, -7, 7, -7, 7, 0, -1);
  THTensor *b = VEC(TH_Int64, 2, -2, -2, 2, 3, 3);
  THTensor *r = bin(TH_OP_div_trunc, a, b);
  CHECK_VALUES(r, 0, -3, -3, 3, 3, 0, 0);
  THTensor_free(r);
  r = bin(TH_OP_div_floor, a, b);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Int64);
  CHECK_VALUES(r, 0, -4, -4, 3, 3, 0, -1);
  THTensor_free(r);
  r = bin(TH_OP_remainder, a, b);
  CHECK_VALUES(r, 0, 1, -1, -1, 1, 0, 2);
  THTensor_free(r);
  r = bin(TH_OP_fmod, a, b);
  CHECK_VALUES(r, 0, -1, 1, -1, 1, 0, -1);
  THTensor_free(r);
  r = bin(TH_OP_div, a, b); /* true division promotes to float */
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 1e-6, -3.5, -3.5, 3.5, 3.5, 0, -1.0 / 3.0);
  THTensor_free(r);

  /* the same on int8 (narrow types) */
  THTensor *a8 = VEC(TH_Int8, -7, 7, -128), *b8 = VEC(TH_Int8, 2, -2, 3);
  r = bin(TH_OP_div_floor, a8, b8);
  CHECK_VALUES(r, 0, -4, -4, -43);
  THTensor_free(r);
  r = bin(TH_OP_remainder, a8, b8);
  CHECK_VALUES(r, 0, 1, -1, 1);
  THTensor_free(r);
  THTensor_free(b8);
  THTensor_free(a8);

  /* floats: Python semantics, IEEE at zero */
  THTensor *fa = VEC(TH_Float64, -7.5, 7.5, -7.5, 7.5, 5, -0.0, 1);
  THTensor *fb = VEC(TH_Float64, 2, -2, -2, 2, 0, 3, -0.0);
  r = bin(TH_OP_div_floor, fa, fb);
  CHECK_VALUES(r, 0, -4, -4, 3, 3, INFINITY, -0.0, -INFINITY);
  CHECK(signbit(th_at(r, 5)));
  THTensor_free(r);
  r = bin(TH_OP_remainder, fa, fb);
  CHECK_VALUES(r, 0, 0.5, -0.5, -1.5, 1.5, NAN, -0.0, NAN);
  THTensor_free(r);
  r = bin(TH_OP_fmod, fa, fb);
  CHECK_VALUES(r, 0, -1.5, 1.5, -1.5, 1.5, NAN, -0.0, NAN);
  THTensor_free(r);
  r = bin(TH_OP_div_trunc, fa, fb);
  CHECK_VALUES(r, 0, -3, -3, 3, 3, INFINITY, -0.0, -INFINITY);
  THTensor_free(r);
  /* x // 0.1 style rounding: 1 // 0.1 is 9 in Python, and 0.3 // 0.1 is 2 */
  THTensor *p = VEC(TH_Float64, 1.0, 0.3);
  r = binScalar(TH_OP_div_floor, p, 0.1);
  CHECK_VALUES(r, 0, 9, 2);
  THTensor_free(r);
  THTensor_free(p);
  THTensor_free(fb);
  THTensor_free(fa);

  /* integer division by zero raises (true division gives inf) */
  THTensor *z = VEC(TH_Int64, 1, 0, 2, 1, 1, 1);
  THTensor *o = THTensor_new(TH_Int64);
  CHECK_ERR(THTensor_binary(o, a, z, TH_OP_div_trunc), "ZeroDivisionError");
  CHECK_ERR(THTensor_binary(o, a, z, TH_OP_div_floor), "ZeroDivisionError");
  CHECK_ERR(THTensor_binary(o, a, z, TH_OP_remainder), "ZeroDivisionError");
  CHECK_ERR(THTensor_binary(o, a, z, TH_OP_fmod), "ZeroDivisionError");
  THTensor *zero = THTensor_newWrappedNumber(0);
  CHECK_ERR(THTensor_binary(o, a, zero, TH_OP_div_floor), "ZeroDivisionError");
  THTensor *u8 = VEC(TH_UInt8, 5), *u0 = VEC(TH_UInt8, 0);
  CHECK_ERR(THTensor_binary(o, u8, u0, TH_OP_remainder), "ZeroDivisionError");
  r = bin(TH_OP_div, a, zero);
  CHECK_VALUES(r, 0, -INFINITY, INFINITY, -INFINITY, INFINITY, NAN, -INFINITY);
  THTensor_free(r);
  THTensor_free(u0);
  THTensor_free(u8);
  THTensor_free(zero);
  THTensor_free(o);
  THTensor_free(z);
  THTensor_free(b);
  THTensor_free(a);
}

/* ---- other binary ops ---- */

static void test_binary_misc(void) {
  THTensor *n = VEC(TH_Float32, 1, NAN, 3);
  THTensor *m = VEC(TH_Float32, 1, NAN, 2);
  THTensor *r = bin(TH_OP_eq, n, m);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 1, 0, 0);
  THTensor_free(r);
  r = bin(TH_OP_ne, n, m);
  CHECK_VALUES(r, 0, 0, 1, 1);
  THTensor_free(r);
  THTensor *i = VEC(TH_Int64, 1, 2, 3);
  r = binScalar(TH_OP_lt, i, 2.5); /* compared in float */
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 1, 1, 0);
  THTensor_free(r);
  THTensor *u = VEC(TH_UInt8, 1, 2, 3), *neg = VEC(TH_Int64, -1);
  r = bin(TH_OP_ge, u, neg); /* promoted to int64, so 1 >= -1 */
  CHECK_VALUES(r, 0, 1, 1, 1);
  THTensor_free(r);
  THTensor_free(neg);

  /* maximum/minimum propagate NaN */
  THTensor *p = VEC(TH_Float32, 1, NAN, 3), *q = VEC(TH_Float32, 2, 1, NAN);
  r = bin(TH_OP_maximum, p, q);
  CHECK_VALUES(r, 0, 2, NAN, NAN);
  THTensor_free(r);
  r = bin(TH_OP_minimum, p, q);
  CHECK_VALUES(r, 0, 1, NAN, NAN);
  THTensor_free(r);

  /* pow */
  THTensor *base = VEC(TH_Int64, 2, 3, -1, 1, 0), *ex = VEC(TH_Int64, -1, 2, -3, -5, 0);
  r = bin(TH_OP_pow, base, ex);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Int64);
  CHECK_VALUES(r, 0, 0, 9, -1, 1, 1);
  THTensor_free(r);
  r = binScalar(TH_OP_pow, base, 2);
  CHECK_VALUES(r, 0, 4, 9, 1, 1, 0);
  THTensor_free(r);
  r = binScalar(TH_OP_pow, base, 0.5);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 1e-6, 1.4142135381698608, 1.7320507764816284, NAN, 1, 0);
  THTensor_free(r);
  THTensor *o = THTensor_new(TH_Int64);
  THTensor *m1 = THTensor_newWrappedNumber(-1);
  CHECK_ERR(THTensor_binary(o, base, m1, TH_OP_pow), "Integers to negative integer powers are not allowed.");
  THTensor_free(m1);
  THTensor_free(o);
  THTensor_free(ex);
  THTensor_free(base);

  /* atan2 promotes integers to float */
  THTensor *y = VEC(TH_Int32, 1, -1), *x = VEC(TH_Int32, 1, 1);
  r = bin(TH_OP_atan2, y, x);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 1e-7, 0.7853981852531433, -0.7853981852531433);
  THTensor_free(r);
  THTensor_free(x);
  THTensor_free(y);

  /* bitwise and logical ops */
  THTensor *b1 = VEC(TH_Int64, 12, 10), *b2 = VEC(TH_Int64, 10, 6);
  r = bin(TH_OP_bitwise_and, b1, b2);
  CHECK_VALUES(r, 0, 8, 2);
  THTensor_free(r);
  r = bin(TH_OP_bitwise_or, b1, b2);
  CHECK_VALUES(r, 0, 14, 14);
  THTensor_free(r);
  THTensor *t1 = VEC(TH_Bool, 1, 0), *t2 = VEC(TH_Bool, 1, 1);
  r = bin(TH_OP_bitwise_xor, t1, t2);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 0, 1);
  THTensor_free(r);
  THTensor *s8 = VEC(TH_Int8, 1, -1, 1), *sh8 = VEC(TH_Int8, 3, 1, 8);
  r = bin(TH_OP_bitwise_left_shift, s8, sh8);
  CHECK_VALUES(r, 0, 8, -2, 0);
  THTensor_free(r);
  THTensor *s32 = VEC(TH_Int32, -16, 16, -1), *sh32 = VEC(TH_Int32, 2, 40, 1);
  r = bin(TH_OP_bitwise_right_shift, s32, sh32);
  CHECK_VALUES(r, 0, -4, 0, -1);
  THTensor_free(r);
  THTensor *lf = VEC(TH_Float32, 0, 2);
  r = bin(TH_OP_logical_xor, lf, b2);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 1, 0);
  THTensor_free(r);
  /* bitwise ops on floats fail */
  THTensor *fo = THTensor_new(TH_Float32);
  CHECK_ERR(THTensor_binary(fo, lf, lf, TH_OP_bitwise_and), "bitwise_and: not implemented for 'float32'");
  CHECK_ERR(THTensor_binary(fo, lf, b2, TH_OP_bitwise_xor), "not implemented for 'float32'");
  CHECK_ERR(THTensor_binary(fo, b1, lf, TH_OP_bitwise_left_shift), "not implemented");
  CHECK_ERR(THTensor_unary(fo, lf, TH_OP_bitwise_not), "not implemented for 'float32'");
  THTensor_free(fo);

  /* integer overflow wraps */
  THTensor *w1 = VEC(TH_UInt8, 250), *w2 = VEC(TH_UInt8, 10);
  r = bin(TH_OP_add, w1, w2);
  CHECK_VALUES(r, 0, 4);
  THTensor_free(r);
  THTensor *mx = VEC(TH_Int64, 0);
  *(int64_t *)THTensor_data(mx) = INT64_MAX; /* (not representable as a double) */
  THTensor *i1 = VEC(TH_Int64, 1);
  r = bin(TH_OP_add, mx, i1);
  CHECK(*(int64_t *)THTensor_data(r) == INT64_MIN);
  THTensor_free(r);
  THTensor_free(i1);
  THTensor_free(mx);

  /* alpha */
  THTensor *ai = VEC(TH_Int64, 1, 2), *bi = VEC(TH_Int64, 3, 4);
  THTensor *ro = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_add(ro, ai, bi, 2));
  CHECK_VALUES(ro, 0, 7, 10);
  CHECK_ERR(THTensor_add(ro, ai, bi, 0.5), "alpha must not be a floating point number");
  THTensor *af = VEC(TH_Float32, 1, 2);
  THTensor *rf = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sub(rf, af, bi, 0.5));
  CHECK_VALUES(rf, 0, -0.5, 0);
  CHECK_ERR(THTensor_sub(ro, t1, t2, 1), "Subtraction, the `-` operator, with two bool tensors is not supported");
  THTensor_free(rf);
  THTensor_free(af);
  THTensor_free(ro);
  THTensor_free(bi);
  THTensor_free(ai);

  THTensor_free(w2);
  THTensor_free(w1);
  THTensor_free(lf);
  THTensor_free(sh32);
  THTensor_free(s32);
  THTensor_free(sh8);
  THTensor_free(s8);
  THTensor_free(t2);
  THTensor_free(t1);
  THTensor_free(b2);
  THTensor_free(b1);
  THTensor_free(q);
  THTensor_free(p);
  THTensor_free(u);
  THTensor_free(i);
  THTensor_free(m);
  THTensor_free(n);
}

/* ---- unary ops ---- */

static void test_unary(void) {
  THTensor *r;
  THTensor *f = VEC(TH_Float32, 0.5, 1.5, 2.5, -0.5, -1.5);
  r = un(TH_OP_round, f); /* half to even */
  CHECK_VALUES(r, 0, 0, 2, 2, -0.0, -2);
  THTensor_free(r);
  r = un(TH_OP_floor, f);
  CHECK_VALUES(r, 0, 0, 1, 2, -1, -2);
  THTensor_free(r);
  r = un(TH_OP_ceil, f);
  CHECK_VALUES(r, 0, 1, 2, 3, -0.0, -1);
  THTensor_free(r);
  r = un(TH_OP_trunc, f);
  CHECK_VALUES(r, 0, 0, 1, 2, -0.0, -1);
  THTensor_free(r);
  THTensor_free(f);

  THTensor *s = VEC(TH_Float32, -2, 0, 3, NAN);
  r = un(TH_OP_sign, s);
  CHECK_VALUES(r, 0, -1, 0, 1, 0);
  THTensor_free(r);
  r = un(TH_OP_isnan, s);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 0, 0, 0, 1);
  THTensor_free(r);
  r = un(TH_OP_logical_not, s);
  CHECK_VALUES(r, 0, 0, 1, 0, 0);
  THTensor_free(r);
  THTensor_free(s);
  THTensor *fr = VEC(TH_Float32, -2.5, 1.25);
  r = un(TH_OP_frac, fr);
  CHECK_VALUES(r, 0, -0.5, 0.25);
  THTensor_free(r);
  THTensor_free(fr);

  THTensor *i = VEC(TH_Int64, 4, 9);
  r = un(TH_OP_sqrt, i);
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 0, 2, 3);
  THTensor_free(r);
  r = un(TH_OP_rsqrt, i);
  CHECK_VALUES(r, 1e-7, 0.5, 1.0 / 3.0);
  THTensor_free(r);
  THTensor_free(i);
  THTensor *e = VEC(TH_Int64, 0, 1);
  r = un(TH_OP_exp, e);
  CHECK_VALUES(r, 1e-6, 1.0, 2.7182817459106445);
  THTensor_free(r);
  THTensor_free(e);
  THTensor *sg = VEC(TH_Float32, 0, 1);
  r = un(TH_OP_sigmoid, sg);
  CHECK_VALUES(r, 1e-7, 0.5, 0.7310585975646973);
  THTensor_free(r);
  THTensor_free(sg);

  THTensor *u8 = VEC(TH_UInt8, 0, 5, 1);
  r = un(TH_OP_bitwise_not, u8);
  CHECK_VALUES(r, 0, 255, 250, 254);
  THTensor_free(r);
  r = un(TH_OP_neg, u8); /* wraps */
  CHECK_VALUES(r, 0, 0, 251, 255);
  THTensor_free(r);
  THTensor_free(u8);
  THTensor *i8 = VEC(TH_Int8, -128, -3);
  r = un(TH_OP_abs, i8);
  CHECK_VALUES(r, 0, -128, 3);
  THTensor_free(r);
  THTensor_free(i8);
  THTensor *bl = VEC(TH_Bool, 1, 0);
  r = un(TH_OP_bitwise_not, bl);
  CHECK_VALUES(r, 0, 0, 1);
  THTensor_free(r);
  r = un(TH_OP_sign, bl); /* sign works on bool */
  CHECK_EQ_INT(THTensor_dtype(r), TH_Bool);
  CHECK_VALUES(r, 0, 1, 0);
  THTensor_free(r);
  r = un(TH_OP_sqrt, bl); /* float ops promote bool to float32 */
  CHECK_EQ_INT(THTensor_dtype(r), TH_Float32);
  CHECK_VALUES(r, 0, 1, 0);
  THTensor_free(r);
  THTensor *o = THTensor_new(TH_Bool);
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_neg), "Negation, the `-` operator, on a bool tensor is not supported");
  /* torch.floor/ceil/round/trunc/abs/frac of a bool tensor: "not implemented for 'Bool'" */
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_floor), "not implemented for 'bool'");
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_ceil), "not implemented for 'bool'");
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_round), "not implemented for 'bool'");
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_trunc), "not implemented for 'bool'");
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_abs), "not implemented for 'bool'");
  CHECK_ERR(THTensor_unary(o, bl, TH_OP_frac), "not implemented for 'bool'");
  /* remainder and pow have no bool kernels either */
  CHECK_ERR(THTensor_binary(o, bl, bl, TH_OP_remainder), "not implemented");
  CHECK_ERR(THTensor_binary(o, bl, bl, TH_OP_pow), "not implemented");
  THTensor_free(o);
  THTensor_free(bl);

  /* transcendental functions on a long contiguous run (the vectorized path when available) agree
   * with libm on float64, and to float precision on float32 */
  int64_t n = 1000;
  THTensor *xd = THTensor_newWithSize(TH_Float64, 1, &n), *xf = THTensor_newWithSize(TH_Float32, 1, &n);
  for (int64_t k = 0; k < n; k++) {
    double v = -5.0 + 10.0 * (double)k / (double)n;
    ((double *)THTensor_data(xd))[k] = v;
    ((float *)THTensor_data(xf))[k] = (float)v;
  }
  THUnaryOp ops[] = {TH_OP_exp, TH_OP_sin, TH_OP_cos, TH_OP_tanh, TH_OP_atan, TH_OP_erf, TH_OP_sigmoid};
  double (*ref[])(double) = {exp, sin, cos, tanh, atan, erf, NULL};
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    THTensor *rd = un(ops[k], xd), *rf = un(ops[k], xf);
    double worstD = 0, worstF = 0;
    for (int64_t j = 0; j < n; j++) {
      double x = ((double *)THTensor_data(xd))[j];
      double want = ref[k] ? ref[k](x) : 1.0 / (1.0 + exp(-x));
      double gd = ((double *)THTensor_data(rd))[j], gf = ((float *)THTensor_data(rf))[j];
      double scale = fabs(want) > 1 ? fabs(want) : 1;
      if (fabs(gd - want) / scale > worstD) worstD = fabs(gd - want) / scale;
      double wantF = ref[k] ? ref[k]((float)x) : 1.0 / (1.0 + exp(-(double)(float)x));
      if (fabs(gf - wantF) / scale > worstF) worstF = fabs(gf - wantF) / scale;
    }
    if (worstD > 1e-14 || worstF > 1e-6)
      TH_TEST_FAIL_("%s: worst relative error %g (float64), %g (float32)", THUnaryOp_name(ops[k]), worstD, worstF);
    th_test_checks++;
    THTensor_free(rd);
    THTensor_free(rf);
  }
  THTensor_free(xf);
  THTensor_free(xd);
}

/* ---- ternary ops ---- */

static void test_clamp_lerp_addc_where(void) {
  THTensor *r = THTensor_new(TH_Float32);
  THTensor *a = VEC(TH_Float32, -2, 0.5, 3, NAN);
  THTensor *lo = THTensor_newWrappedNumber(-1), *hi = THTensor_newWrappedNumber(1);
  CHECK_OK(THTensor_clamp(r, a, lo, hi));
  CHECK_VALUES(r, 0, -1, 0.5, 1, NAN);
  CHECK_OK(THTensor_clamp(r, a, lo, NULL));
  CHECK_VALUES(r, 0, -1, 0.5, 3, NAN);
  CHECK_OK(THTensor_clamp(r, a, NULL, hi));
  CHECK_VALUES(r, 0, -2, 0.5, 1, NAN);
  CHECK_ERR(THTensor_clamp(r, a, NULL, NULL), "At least one of 'min' or 'max' must not be None");
  /* min > max: everything becomes max */
  THTensor *b = VEC(TH_Float32, 1, 5, 9);
  THTensor *six = THTensor_newWrappedNumber(6), *four = THTensor_newWrappedNumber(4);
  CHECK_OK(THTensor_clamp(r, b, six, four));
  CHECK_VALUES(r, 0, 4, 4, 4);
  /* tensor bounds, broadcast */
  THTensor *ia = VEC(TH_Int64, -2, 0, 3), *imin = VEC(TH_Int64, -1, 1, 2), *imax = VEC(TH_Int64, 0, 2, 2);
  THTensor *ri = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_clamp(ri, ia, imin, imax));
  CHECK_VALUES(ri, 0, -1, 1, 2);
  /* an int tensor clamped with a float bound becomes float */
  THTensor *halfw = THTensor_newWrappedNumber(0.5);
  const THTensor *ts[2] = {ia, halfw};
  CHECK_EQ_INT(THTensor_resultType(2, ts), TH_Float32);
  CHECK_OK(THTensor_clamp(r, ia, halfw, NULL));
  CHECK_VALUES(r, 0, 0.5, 0.5, 3);
  CHECK_ERR(THTensor_clamp(ri, ia, halfw, NULL), "can't be cast");

  /* lerp: exact at both ends */
  THTensor *s = VEC(TH_Float32, 0, 1, 2), *e = VEC(TH_Float32, 10, 10, 10);
  THTensor *w = THTensor_newWrappedNumber(0.3);
  CHECK_OK(THTensor_lerp(r, s, e, w));
  CHECK_VALUES(r, 1e-6, 3.0, 3.700000047683716, 4.400000095367432);
  THTensor *wt = VEC(TH_Float32, 0, 0.5, 1);
  CHECK_OK(THTensor_lerp(r, s, e, wt));
  CHECK_VALUES(r, 0, 0, 5.5, 10);
  CHECK_ERR(THTensor_lerp(ri, ia, ia, w), "not implemented for 'int64'");
  THTensor *ed = VEC(TH_Float64, 1, 1, 1);
  CHECK_ERR(THTensor_lerp(r, s, ed, w), "expected dtype float32 for `end` but got dtype float64");

  /* addcmul / addcdiv */
  THTensor *t1 = VEC(TH_Float32, 1, 2, 3), *t2 = VEC(TH_Float32, 4, 5, 6);
  CHECK_OK(THTensor_addcmul(r, t1, t1, t2, 0.5));
  CHECK_VALUES(r, 0, 3, 7, 12);
  CHECK_OK(THTensor_addcdiv(r, t1, t1, t2, 2));
  CHECK_VALUES(r, 1e-6, 1.5, 2.799999952316284, 4.0);
  THTensor *i1 = VEC(TH_Int64, 1, 2, 3), *i2 = VEC(TH_Int64, 4, 5, 6);
  CHECK_OK(THTensor_addcmul(ri, i1, i1, i2, 2));
  CHECK_VALUES(ri, 0, 9, 22, 39);
  CHECK_ERR(THTensor_addcdiv(ri, i1, i1, i2, 1), "Integer division with addcdiv is no longer supported");

  /* where: promotes the two branches */
  THTensor *cond = VEC(TH_Bool, 1, 0, 1);
  THTensor *x = VEC(TH_Int64, 1, 2, 3), *y = VEC(TH_Float32, 1.5);
  CHECK_OK(THTensor_where(r, cond, x, y));
  CHECK_VALUES(r, 0, 1, 1.5, 3);
  THTensor *cond2 = TENSOR(TH_Bool, SIZES(2, 1), VALUES(1, 0)); /* broadcast condition */
  CHECK_OK(THTensor_where(r, cond2, x, y));
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0, 1, 2, 3, 1.5, 1.5, 1.5);
  THTensor *fc = VEC(TH_Float32, 1);
  CHECK_ERR(THTensor_where(r, fc, x, y), "where expected condition to be a boolean tensor, but got a tensor with dtype float32");

  /* nan_to_num */
  THTensor *nf = VEC(TH_Float32, NAN, INFINITY, -INFINITY, 1);
  CHECK_OK(THTensor_nanToNum(r, nf, 0, 0, 0, 0, 0));
  CHECK_VALUES(r, 0, 0, 3.4028234663852886e+38, -3.4028234663852886e+38, 1);
  CHECK_OK(THTensor_nanToNum(r, nf, 2, 1, 3, 1, -4));
  CHECK_VALUES(r, 0, 2, 3, -4, 1);
  THTensor *nh = VEC(TH_Float16, NAN, INFINITY, -INFINITY, 1);
  THTensor *rh = THTensor_new(TH_Float16);
  CHECK_OK(THTensor_nanToNum(rh, nh, 0, 0, 0, 0, 0));
  CHECK_VALUES(rh, 0, 0, 65504, -65504, 1);
  THTensor *nd = VEC(TH_Float64, INFINITY);
  THTensor *rd = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_nanToNum(rd, nd, 0, 0, 0, 0, 0));
  CHECK_VALUES(rd, 0, 1.7976931348623157e308);
  CHECK_OK(THTensor_nanToNum(ri, x, 0, 0, 0, 0, 0)); /* integers: a copy */
  CHECK_VALUES(ri, 0, 1, 2, 3);

  THTensor *all[] = {r, a, lo, hi, b, six, four, ia, imin, imax, ri, halfw, s, e, w, wt, ed, t1, t2, i1, i2,
                     cond, x, y, cond2, fc, nf, nh, rh, nd, rd};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

/* ---- factories ---- */

static void test_fill_and_ranges(void) {
  THTensor *t = TENSOR(TH_Int32, SIZES(2, 3), NULL);
  CHECK_OK(THTensor_fill(t, 7.9)); /* converted like a cast */
  CHECK_VALUES(t, 0, 7, 7, 7, 7, 7, 7);
  CHECK_OK(THTensor_zero(t));
  CHECK_VALUES(t, 0, 0, 0, 0, 0, 0, 0);
  THTensor *col = THTensor_newSelect(t, 1, 1); /* a strided fill */
  CHECK_OK(THTensor_fill(col, -1));
  CHECK_VALUES(t, 0, 0, -1, 0, 0, -1, 0);
  THTensor_free(col);
  THTensor *h = TENSOR(TH_BFloat16, SIZES(2), NULL);
  CHECK_OK(THTensor_fill(h, 0.1));
  CHECK_VALUES(h, 0, 0.10009765625, 0.10009765625);
  THTensor_free(h);

  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_arange(r, 0, 1, 0.3));
  CHECK_VALUES(r, 1e-7, 0, 0.30000001192092896, 0.6000000238418579, 0.8999999761581421);
  CHECK_OK(THTensor_arange(r, 0, 1, 0.1));
  CHECK_EQ_INT(THTensor_numel(r), 10);
  CHECK_OK(THTensor_arange(r, 0, 0, 1));
  CHECK_SHAPE(r, 1, 0);
  THTensor *ri = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_arange(ri, 5, 0, -2));
  CHECK_VALUES(ri, 0, 5, 3, 1);
  CHECK_ERR(THTensor_arange(ri, 0, 5, 0), "step must be nonzero");
  CHECK_ERR(THTensor_arange(ri, 0, 5, -1), "upper bound and larger bound inconsistent with step sign");
  CHECK_ERR(THTensor_arange(ri, 0, INFINITY, 1), "must be finite");

  CHECK_OK(THTensor_linspace(r, 0, 1, 5));
  CHECK_VALUES(r, 0, 0, 0.25, 0.5, 0.75, 1);
  CHECK_OK(THTensor_linspace(r, -1, 1, 1));
  CHECK_VALUES(r, 0, -1);
  CHECK_OK(THTensor_linspace(r, 0, 1, 0));
  CHECK_SHAPE(r, 1, 0);
  CHECK_OK(THTensor_linspace(ri, 0, 10, 4));
  CHECK_VALUES(ri, 0, 0, 3, 6, 10);
  CHECK_OK(THTensor_linspace(r, 0, 0.7, 8)); /* the last value is exactly `end` */
  CHECK_NEAR(th_at(r, 7), (float)0.7, 0);
  CHECK_ERR(THTensor_linspace(r, 0, 1, -1), "number of steps must be non-negative");
  CHECK_OK(THTensor_logspace(r, 0, 2, 3, 10));
  CHECK_VALUES(r, 1e-4, 1, 10, 100);
  CHECK_OK(THTensor_logspace(r, 0, 3, 4, 2));
  CHECK_VALUES(r, 0, 1, 2, 4, 8);

  CHECK_OK(THTensor_eye(r, 2, 3));
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0, 1, 0, 0, 0, 1, 0);
  CHECK_OK(THTensor_eye(r, 3, 2));
  CHECK_VALUES(r, 0, 1, 0, 0, 1, 0, 0);
  CHECK_OK(THTensor_eye(r, 0, 0));
  CHECK_EQ_INT(THTensor_numel(r), 0);
  CHECK_ERR(THTensor_eye(r, -1, 2), "n must be greater or equal to 0, got -1");
  THTensor_free(ri);
  THTensor_free(r);
  THTensor_free(t);
}

/* ---- copy ---- */

static void test_copy(void) {
  THTensor *src = VEC(TH_Float32, 1.7, -1.7, 2.5);
  THTensor *dst = TENSOR(TH_Int32, SIZES(2, 3), NULL);
  CHECK_OK(THTensor_copy(dst, src)); /* broadcast rows, truncate toward zero */
  CHECK_VALUES(dst, 0, 1, -1, 2, 1, -1, 2);

  THTensor *u = THTensor_newWithSize(TH_UInt8, 1, (int64_t[]){3});
  THTensor *s2 = VEC(TH_Float64, -1.5, 255.9, 3);
  CHECK_OK(THTensor_copy(u, s2)); /* negative floats to uint8 go through int64, as PyTorch */
  CHECK_VALUES(u, 0, 255, 255, 3);
  THTensor *b = THTensor_newWithSize(TH_Bool, 1, (int64_t[]){3});
  THTensor *s3 = VEC(TH_Float32, 0, NAN, -0.0);
  CHECK_OK(THTensor_copy(b, s3));
  CHECK_VALUES(b, 0, 0, 1, 0);

  /* a transposed source into a contiguous destination, and back into a transposed one */
  THTensor *m = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *mt = THTensor_newT(m);
  THTensor *c = THTensor_newWithSize(TH_Float32, 2, (int64_t[]){3, 2});
  CHECK_OK(THTensor_copy(c, mt));
  CHECK_VALUES(c, 0, 1, 4, 2, 5, 3, 6);
  THTensor *h = THTensor_newWithSize(TH_Float16, 2, (int64_t[]){2, 3});
  THTensor *ht = THTensor_newT(h);
  CHECK_OK(THTensor_copy(ht, c));
  CHECK_VALUES(h, 0, 1, 2, 3, 4, 5, 6);
  CHECK_OK(THTensor_copy(m, m)); /* a self-copy is a no-op */
  CHECK_VALUES(m, 0, 1, 2, 3, 4, 5, 6);

  /* the source must broadcast to the destination, not the other way round */
  THTensor *big = THTensor_newWithSize(TH_Float32, 2, (int64_t[]){4, 3});
  CHECK_ERR(THTensor_copy(src, big), "copy_: the source of shape [4, 3] cannot be broadcast to the destination's shape [3]");
  CHECK_ERR(THTensor_copy(dst, big), "must match the size of tensor b");

  uint64_t v = THTensor_version(dst);
  CHECK_OK(THTensor_copy(dst, src));
  CHECK(THTensor_version(dst) > v);

  THTensor *all[] = {src, dst, u, s2, b, s3, m, mt, c, h, ht, big};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

/* ---- the threaded path ---- */

static int sameBytes(const THTensor *a, const THTensor *b) {
  if (!a || !b || THTensor_numel(a) != THTensor_numel(b) || THTensor_dtype(a) != THTensor_dtype(b)) return 0;
  THTensor *ca = THTensor_newContiguous(a), *cb = THTensor_newContiguous(b);
  int same = memcmp(THTensor_data(ca), THTensor_data(cb), (size_t)THTensor_numel(a) * THDType_size(THTensor_dtype(a))) == 0;
  THTensor_free(ca);
  THTensor_free(cb);
  return same;
}

/* Runs a set of ops with the given thread count; results into out[]. */
#define NUM_PARALLEL_RESULTS 7
static void parallelOps(int threads, const THTensor *x, const THTensor *xi, THTensor **out) {
  THSetNumThreads(threads);
  int64_t half = THTensor_numel(x) / 1024;
  THTensor *m = THTensor_newView(x, 2, (int64_t[]){1024, half});
  THTensor *mt = THTensor_newT(m);
  THTensor *row = THTensor_newSelect(m, 0, 3);
  THTensor *strided = THTensor_newSlice(x, 0, 1, INT64_MAX, 3);
  THTensor *three = THTensor_newWrappedNumber(3);

  out[0] = bin(TH_OP_add, m, row);               /* broadcast */
  out[1] = un(TH_OP_sin, x);                     /* contiguous transcendental */
  out[2] = un(TH_OP_exp, mt);                    /* transposed input */
  out[3] = bin(TH_OP_div_floor, xi, three);      /* integer kernel */
  out[4] = bin(TH_OP_mul, strided, strided);     /* stepped slice */
  out[5] = THTensor_newWithSize(TH_Int32, 2, (int64_t[]){half, 1024});
  THTensor_copy(out[5], mt);                     /* conversion copy from a transposed source */
  out[6] = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){THTensor_numel(x)});
  THTensor_fill(out[6], 2.5);

  THTensor_free(three);
  THTensor_free(strided);
  THTensor_free(row);
  THTensor_free(mt);
  THTensor_free(m);
}

static void test_parallel_matches_serial(void) {
  int oldThreads = THGetNumThreads();
  int64_t n = (int64_t)1 << 20;
  THTensor *x = THTensor_newWithSize(TH_Float32, 1, &n);
  THTensor *xi = THTensor_newWithSize(TH_Int64, 1, &n);
  for (int64_t k = 0; k < n; k++) {
    ((float *)THTensor_data(x))[k] = (float)((k * 7919) % 10007) / 1000.0f - 5.0f;
    ((int64_t *)THTensor_data(xi))[k] = (k * 7919) % 10007 - 5000;
  }
  THTensor *serial[NUM_PARALLEL_RESULTS], *parallel[NUM_PARALLEL_RESULTS];
  parallelOps(1, x, xi, serial);
  parallelOps(2, x, xi, parallel);
  CHECK_EQ_INT(THGetNumThreads(), 2);
  for (int k = 0; k < NUM_PARALLEL_RESULTS; k++) {
    if (!sameBytes(serial[k], parallel[k])) TH_TEST_FAIL_("parallel result %d differs from the serial one", k);
    th_test_checks++;
  }
  /* spot checks against plain C */
  CHECK_NEAR(th_at(serial[1], 12345), sinf(((float *)THTensor_data(x))[12345]), 1e-6);
  CHECK_NEAR(th_at(serial[3], n - 1), floor((double)(((n - 1) * 7919) % 10007 - 5000) / 3.0), 0);
  CHECK_NEAR(th_at(serial[6], n - 1), 2.5, 0);
  for (int k = 0; k < NUM_PARALLEL_RESULTS; k++) {
    THTensor_free(serial[k]);
    THTensor_free(parallel[k]);
  }

  /* a division by zero in the last element is caught by whichever thread meets it */
  THTensor *d = THTensor_newWithSize(TH_Int64, 1, &n);
  CHECK_OK(THTensor_fill(d, 3));
  ((int64_t *)THTensor_data(d))[n - 1] = 0;
  THTensor *o = THTensor_new(TH_Int64);
  CHECK_ERR(THTensor_binary(o, xi, d, TH_OP_remainder), "ZeroDivisionError");
  THTensor_free(o);
  THTensor_free(d);
  THTensor_free(xi);
  THTensor_free(x);
  THSetNumThreads(oldThreads);
}

/* ---- THIter directly ---- */

typedef struct {
  double sum;
  int64_t calls, elements;
} SumCtx;

/* out = a * b (float32), and accumulate the products */
/* a THLoop: `outer` rows of n elements; strides[0..2] within a row, strides[3..5] between rows */
static void mulLoop(char **data, const int64_t *strides, int64_t n, int64_t outer, void *vctx) {
  SumCtx *ctx = vctx;
  ctx->calls++;
  ctx->elements += n * outer;
  for (int64_t j = 0; j < outer; j++)
    for (int64_t i = 0; i < n; i++) {
      float a = *(float *)(data[1] + j * strides[4] + i * strides[1]), b = *(float *)(data[2] + j * strides[5] + i * strides[2]);
      *(float *)(data[0] + j * strides[3] + i * strides[0]) = a * b;
      ctx->sum += a * b;
    }
}

/* the same without the shared accumulator, for threaded runs */
static void mulLoopNoCtx(char **data, const int64_t *strides, int64_t n, int64_t outer, void *ctx) {
  (void)ctx;
  for (int64_t j = 0; j < outer; j++)
    for (int64_t i = 0; i < n; i++)
      *(float *)(data[0] + j * strides[3] + i * strides[0]) =
          *(float *)(data[1] + j * strides[4] + i * strides[1]) * *(float *)(data[2] + j * strides[5] + i * strides[2]);
}

static void test_iterator(void) {
  THTensor *out = THTensor_newWithSize(TH_Float32, 2, (int64_t[]){2, 3});
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *row = VEC(TH_Float32, 10, 100, 1000);
  THIter it;

  /* same-shape contiguous operands coalesce to one run */
  const THTensor *ops1[3] = {out, a, a};
  CHECK_OK(THIter_init(&it, 3, ops1));
  CHECK_EQ_INT(it.nops, 3);
  CHECK_EQ_INT(it.ndim, 1);
  CHECK_EQ_INT(it.numel, 6);
  CHECK_EQ_INT(it.shape[0], 6);
  CHECK_EQ_INT(it.strides[0][0], 4);
  CHECK_EQ_INT(it.strides[0][1], 4);
  CHECK(it.data[0] == THTensor_data(out) && it.data[1] == THTensor_data(a));
  SumCtx ctx = {0, 0, 0};
  THIter_forEach(&it, mulLoop, &ctx, 0);
  CHECK_EQ_INT(ctx.calls, 1);
  CHECK_EQ_INT(ctx.elements, 6);
  CHECK_NEAR(ctx.sum, 91, 0);
  CHECK_VALUES(out, 0, 1, 4, 9, 16, 25, 36);

  /* a broadcast row cannot be coalesced: two dims, the inner one of size 3 */
  const THTensor *ops2[3] = {out, a, row};
  CHECK_OK(THIter_init(&it, 3, ops2));
  CHECK_EQ_INT(it.ndim, 2);
  CHECK_EQ_INT(it.shape[0], 3);
  CHECK_EQ_INT(it.shape[1], 2);
  CHECK_EQ_INT(it.strides[0][2], 4);
  CHECK_EQ_INT(it.strides[1][2], 0); /* broadcast */
  CHECK_EQ_INT(it.strides[1][0], 12);
  ctx = (SumCtx){0, 0, 0};
  THIter_forEach(&it, mulLoop, &ctx, 0);
  CHECK_EQ_INT(ctx.calls, 1); /* both rows in one call */
  CHECK_EQ_INT(ctx.elements, 6);
  CHECK_VALUES(out, 0, 10, 200, 3000, 40, 500, 6000);

  /* a transposed output with a transposed input: reordered to memory order and coalesced */
  THTensor *outT = THTensor_newT(out), *aT = THTensor_newT(a);
  const THTensor *ops3[3] = {outT, aT, aT};
  CHECK_OK(THIter_init(&it, 3, ops3));
  CHECK_EQ_INT(it.ndim, 1);
  CHECK_EQ_INT(it.strides[0][0], 4);
  ctx = (SumCtx){0, 0, 0};
  THIter_forEach(&it, mulLoop, &ctx, 0);
  CHECK_VALUES(out, 0, 1, 4, 9, 16, 25, 36);

  /* a small grain splits the work over threads without changing the result */
  int oldThreads = THGetNumThreads();
  THSetNumThreads(2);
  CHECK_OK(THTensor_zero(out));
  CHECK_OK(THIter_init(&it, 3, ops2));
  THIter_forEach(&it, mulLoopNoCtx, NULL, 1);
  CHECK_VALUES(out, 0, 10, 200, 3000, 40, 500, 6000);
  THSetNumThreads(oldThreads);

  /* a 0-d output: one element */
  THTensor *s = THTensor_newScalar(TH_Float32, 0), *s2 = THTensor_newScalar(TH_Float32, 3);
  const THTensor *ops4[3] = {s, s2, s2};
  CHECK_OK(THIter_init(&it, 3, ops4));
  CHECK_EQ_INT(it.numel, 1);
  CHECK_EQ_INT(it.ndim, 1);
  ctx = (SumCtx){0, 0, 0};
  THIter_forEach(&it, mulLoop, &ctx, 0);
  CHECK_VALUES(s, 0, 9);

  /* an empty output runs nothing */
  THTensor *e = THTensor_new(TH_Float32);
  const THTensor *ops5[3] = {e, e, e};
  CHECK_OK(THIter_init(&it, 3, ops5));
  ctx = (SumCtx){0, 0, 0};
  THIter_forEach(&it, mulLoop, &ctx, 0);
  CHECK_EQ_INT(ctx.calls, 0);

  const THTensor *many[TH_ITER_MAX_OPERANDS + 1] = {out, a, a, a, a, a};
  CHECK_ERR(THIter_init(&it, TH_ITER_MAX_OPERANDS + 1, many), "too many operands");

  /* the output layout follows a transposed input: outermost dim first */
  int perm[2] = {-1, -1};
  const THTensor *ins[1] = {aT};
  THIter_outputLayout(1, ins, 2, THTensor_sizes(aT), perm);
  CHECK(perm[0] == 1 && perm[1] == 0);
  ins[0] = a;
  THIter_outputLayout(1, ins, 2, THTensor_sizes(a), perm);
  CHECK(perm[0] == 0 && perm[1] == 1);

  THTensor *all[] = {out, a, row, outT, aT, s, s2, e};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
}

/* THVector_unary*: contiguous runs of every length (vector body and tail), in place, bad ops. */
static void test_vector_unary(void) {
  float xf[19], yf[19];
  double xd[19], yd[19];
  for (int i = 0; i < 19; i++) xf[i] = (float)(xd[i] = -2.0 + 0.23 * i);
  for (int n = 0; n <= 19; n++) {
    memset(yf, 0, sizeof yf);
    CHECK_OK(THVector_unaryFloat32(TH_OP_exp, yf, xf, n));
    CHECK_OK(THVector_unaryFloat64(TH_OP_tanh, yd, xd, n));
    for (int i = 0; i < n; i++) {
      CHECK_NEAR(yf[i], expf(xf[i]), 2e-7 * expf(xf[i]));
      CHECK_NEAR(yd[i], tanh(xd[i]), 1e-15);
    }
    for (int i = n; i < 19; i++) CHECK(yf[i] == 0); /* nothing written past n */
  }
  memcpy(yd, xd, sizeof xd);
  CHECK_OK(THVector_unaryFloat64(TH_OP_erf, yd, yd, 19));
  for (int i = 0; i < 19; i++) CHECK_NEAR(yd[i], erf(xd[i]), 1e-15);
  CHECK_OK(THVector_unaryFloat32(TH_OP_abs, yf, xf, 19));
  CHECK(yf[0] == 2.0f);
  CHECK_ERR(THVector_unaryFloat32(TH_OP_isnan, yf, xf, 3), "does not keep the dtype");
  CHECK_ERR(THVector_unaryFloat64(TH_NumUnaryOps, yd, xd, 3), "invalid op");
}

int main(void) {
  RUN_TEST(test_broadcasting);
  RUN_TEST(test_result_type);
  RUN_TEST(test_noncontiguous_inputs);
  RUN_TEST(test_inplace_and_out);
  RUN_TEST(test_division);
  RUN_TEST(test_binary_misc);
  RUN_TEST(test_unary);
  RUN_TEST(test_clamp_lerp_addc_where);
  RUN_TEST(test_fill_and_ranges);
  RUN_TEST(test_copy);
  RUN_TEST(test_parallel_matches_serial);
  RUN_TEST(test_iterator);
  RUN_TEST(test_vector_unary);
  return TH_TEST_RESULT();
}
