/* test_pointwise.c — every elementwise op of THCTensorMath.h against libTH's on the same random
 * inputs: every op and dtype, mixed dtypes, non-contiguous, broadcast, misaligned, 0-d, empty and
 * large (multi-block, and > 2^31 bytes, which the iterator splits) operands, host scalars, in-place,
 * out= of another dtype and strided out=, and errors (the same message as libTH's). Needs a GPU. */
#include "test_pointwise_util.h"

static const THDType allDTypes[] = {TH_Bool,  TH_UInt8,   TH_Int8,    TH_Int16,   TH_Int32,
                                    TH_Int64, TH_Float16, TH_BFloat16, TH_Float32, TH_Float64};
#define NDT (int)(sizeof allDTypes / sizeof allDTypes[0])

typedef enum { K_UNARY, K_BINARY, K_ADD, K_SUB, K_CLAMP, K_LERP, K_ADDCMUL, K_ADDCDIV, K_WHERE, K_NANTONUM } Kind;
typedef struct Call {
  Kind kind;
  int op;
  double value; /* alpha, value, or nan_to_num's replacement for NaN */
  int nin;
} Call;

static const char *callName(const Call *c) {
  switch (c->kind) {
    case K_UNARY: return THUnaryOp_name((THUnaryOp)c->op);
    case K_BINARY: return THBinaryOp_name((THBinaryOp)c->op);
    case K_ADD: return "add(alpha)";
    case K_SUB: return "sub(alpha)";
    case K_CLAMP: return "clamp";
    case K_LERP: return "lerp";
    case K_ADDCMUL: return "addcmul";
    case K_ADDCDIV: return "addcdiv";
    case K_WHERE: return "where";
    default: return "nan_to_num";
  }
}

static int callTH(const Call *c, THTensor *r, THTensor *const *in) {
  switch (c->kind) {
    case K_UNARY: return THTensor_unary(r, in[0], (THUnaryOp)c->op);
    case K_BINARY: return THTensor_binary(r, in[0], in[1], (THBinaryOp)c->op);
    case K_ADD: return THTensor_add(r, in[0], in[1], c->value);
    case K_SUB: return THTensor_sub(r, in[0], in[1], c->value);
    case K_CLAMP: return THTensor_clamp(r, in[0], in[1], in[2]);
    case K_LERP: return THTensor_lerp(r, in[0], in[1], in[2]);
    case K_ADDCMUL: return THTensor_addcmul(r, in[0], in[1], in[2], c->value);
    case K_ADDCDIV: return THTensor_addcdiv(r, in[0], in[1], in[2], c->value);
    case K_WHERE: return THTensor_where(r, in[0], in[1], in[2]);
    default: return THTensor_nanToNum(r, in[0], c->value, c->op & 1, 1000.0, c->op & 2, -2000.0);
  }
}

static int callTHC(const Call *c, THTensor *r, THTensor *const *in) {
  THCState *s = thc_test_state;
  switch (c->kind) {
    case K_UNARY: return THCTensor_unary(s, r, in[0], (THUnaryOp)c->op);
    case K_BINARY: return THCTensor_binary(s, r, in[0], in[1], (THBinaryOp)c->op);
    case K_ADD: return THCTensor_add(s, r, in[0], in[1], c->value);
    case K_SUB: return THCTensor_sub(s, r, in[0], in[1], c->value);
    case K_CLAMP: return THCTensor_clamp(s, r, in[0], in[1], in[2]);
    case K_LERP: return THCTensor_lerp(s, r, in[0], in[1], in[2]);
    case K_ADDCMUL: return THCTensor_addcmul(s, r, in[0], in[1], in[2], c->value);
    case K_ADDCDIV: return THCTensor_addcdiv(s, r, in[0], in[1], in[2], c->value);
    case K_WHERE: return THCTensor_where(s, r, in[0], in[1], in[2]);
    default: return THCTensor_nanToNum(s, r, in[0], c->value, c->op & 1, 1000.0, c->op & 2, -2000.0);
  }
}

/* The dtype of a fresh result, as libTH computes it (any dtype when the call is invalid). */
static THDType freshType(const Call *c, THTensor *const *in) {
  THDType t = TH_Float32;
  switch (c->kind) {
    case K_UNARY:
      if (THTensor_unaryResultType((THUnaryOp)c->op, in[0], &t)) t = THTensor_dtype(in[0]);
      break;
    case K_BINARY:
      if (THTensor_binaryResultType((THBinaryOp)c->op, in[0], in[1], &t)) t = THTensor_dtype(in[0]);
      break;
    case K_WHERE: t = THTensor_resultType(2, (const THTensor *const *)in + 1); break;
    case K_NANTONUM: t = THTensor_dtype(in[0]); break;
    default: t = THTensor_resultType(c->nin, (const THTensor *const *)in); break;
  }
  THClearError();
  return t;
}

enum { OUT_FRESH, OUT_INPLACE, OUT_STRIDED };

/* Runs c on host inputs hin and device inputs din (host scalars appear in both) into a fresh result
 * of dtype outDt (-1: the op's result type), in place into input 0, or into a transposed out=
 * tensor; expects libTH's status, message, values, shape and (fresh results) strides. */
static void runCase(const Call *c, THTensor *const *hin, THTensor *const *din, int outMode, int outDt, double ulps,
                    const char *desc) {
  char what[512];
  THDType rt = outDt >= 0 ? (THDType)outDt : freshType(c, hin);
  snprintf(what, sizeof what, "%s %s -> %s%s", callName(c), desc, THDType_name(rt),
           outMode == OUT_INPLACE ? " (in place)" : outMode == OUT_STRIDED ? " (strided out=)" : "");
  THTensor *rh = NULL, *rd = NULL;
  THTensor *hin2[3] = {hin[0], hin[1], hin[2]}, *din2[3] = {din[0], din[1], din[2]};
  if (outMode == OUT_INPLACE) {
    rh = hin[0];
    rd = din[0];
    THTensor_retain(rh);
    THTensor_retain(rd);
  } else if (outMode == OUT_STRIDED) {
    /* out= of the right shape whose last two dims are transposed (learn the shape from libTH) */
    THTensor *probe = THTensor_new(rt);
    int ok = callTH(c, probe, hin) == TH_OK && THTensor_ndim(probe) >= 2;
    if (ok) {
      int n = THTensor_ndim(probe);
      int64_t sz[TH_MAX_DIMS];
      memcpy(sz, THTensor_sizes(probe), sizeof(int64_t) * (size_t)n);
      int64_t t = sz[n - 1];
      sz[n - 1] = sz[n - 2], sz[n - 2] = t;
      THTensor *bh = THTensor_newWithSize(rt, n, sz), *bd = THCTensor_newWithSize(thc_test_state, rt, 0, n, sz);
      rh = THTensor_newTranspose(bh, n - 2, n - 1);
      rd = THTensor_newTranspose(bd, n - 2, n - 1);
      THTensor_free(bh);
      THTensor_free(bd);
    }
    THTensor_free(probe);
    THClearError();
    if (!ok) return;
  } else {
    rh = THTensor_new(rt);
    rd = THCTensor_new(thc_test_state, rt, 0);
  }
  THClearError();
  pw_precision = rt;
  if (c->kind == K_UNARY || c->kind == K_BINARY) pw_precision = freshType(c, hin);
  /* libTH's float erf/erfc: an approximation to 1.5e-7 */
  pw_absTol = c->kind == K_UNARY && (c->op == TH_OP_erf || c->op == TH_OP_erfc) ? 3e-7 : 0;
  int sh = callTH(c, rh, hin2);
  char herr[1024];
  snprintf(herr, sizeof herr, "%s", sh == TH_OK ? "" : THGetLastError());
  THClearError();
  int sd = callTHC(c, rd, din2);
  th_test_checks++;
  if (sh != TH_OK) {
    if (sd == TH_OK) TH_TEST_FAIL_("%s: expected the error \"%s\", but it succeeded", what, herr);
    else if (strcmp(herr, THGetLastError()) != 0) TH_TEST_FAIL_("%s: error \"%s\", expected \"%s\"", what, THGetLastError(), herr);
  } else if (sd != TH_OK) {
    TH_TEST_FAIL_("%s: failed: %s", what, THGetLastError());
  } else {
    pw_expectSame(rh, rd, ulps, outMode == OUT_FRESH, what);
  }
  THTensor_free(rh);
  THTensor_free(rd);
  pw_precision = -1;
  pw_absTol = 0;
}

typedef struct Operand {
  THDType dt;
  int layout;
  int ndim;
  int64_t sizes[4];
  int mode;
  int nonzero;
} Operand;

/* Makes the operands (NULL specs: no operand, e.g. clamp's missing bound) and runs the case. */
static void runOperands(const Call *c, const Operand *ops, int outMode, int outDt, double ulps) {
  THTensor *h[3] = {0}, *d[3] = {0};
  char desc[256];
  size_t len = 0;
  int ok = 1;
  for (int k = 0; k < c->nin && ok; k++) {
    if (ops[k].layout < 0) continue; /* absent */
    ok = pw_operand(ops[k].dt, ops[k].layout, ops[k].ndim, ops[k].sizes, ops[k].mode, ops[k].nonzero, &h[k], &d[k]);
    if (ok && !d[k]) {
      d[k] = h[k];
      THTensor_retain(h[k]);
    }
    len += (size_t)snprintf(desc + len, sizeof desc - len, "%s%s %s %s", k ? ", " : "(", THDType_name(THTensor_dtype(h[k])),
                            pw_layoutName(ops[k].layout), th_test_dims_str(THTensor_ndim(h[k]), THTensor_sizes(h[k]), 0));
  }
  snprintf(desc + len, sizeof desc - len, ")");
  CHECK(ok);
  if (ok) runCase(c, h, d, outMode, outDt, ulps, desc);
  for (int k = 0; k < 3; k++) {
    THTensor_free(h[k]);
    THTensor_free(d[k]);
  }
}

static Operand opnd(THDType dt, int layout, int ndim, int64_t s0, int64_t s1, int64_t s2) {
  Operand o = {dt, layout, ndim, {s0, s1, s2, 1}, PW_SPECIAL, 0};
  return o;
}

/* shapes of the layouts: an odd 1-d size, 2-d ones for the views, 0-d, empty */
static Operand layoutOperand(THDType dt, int layout, int variant) {
  switch (layout) {
    case L_T: return opnd(dt, L_T, 2, 5, 7, 0);
    case L_SLICE: return opnd(dt, L_SLICE, 2, 3, 9, 0);
    case L_EXPAND: return opnd(dt, L_EXPAND, 2, 4, 6, 0);
    case L_OFFSET: return opnd(dt, L_OFFSET, 2, 2, 13, 0);
    case L_WRAPPED: case L_HOST0D: case L_DEV0D: return opnd(dt, layout, 0, 0, 0, 0);
    default:
      if (variant == 1) return opnd(dt, L_CONTIG, 2, 0, 3, 0);  /* empty */
      if (variant == 2) return opnd(dt, L_CONTIG, 3, 2, 3, 40); /* a few vectors and a tail */
      return opnd(dt, L_CONTIG, 1, 37, 0, 0);
  }
}

static double ulpsFor(const Call *c) {
  /* CUDA's float functions are within 4 ulps of the correctly rounded result (pow, tan, erfc
   * among the worst), libm's within 1 */
  return c->kind == K_UNARY || (c->kind == K_BINARY && (c->op == TH_OP_pow || c->op == TH_OP_atan2)) ? 8 : 2;
}

static void test_unary(void) {
  static const int layouts[] = {L_CONTIG, L_T, L_SLICE, L_EXPAND, L_OFFSET, L_HOST0D, L_DEV0D};
  for (int op = 0; op < TH_NumUnaryOps; op++) {
    Call c = {K_UNARY, op, 0, 1};
    for (int t = 0; t < NDT; t++) {
      for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        Operand a = layoutOperand(allDTypes[t], layouts[l], 0);
        runOperands(&c, &a, OUT_FRESH, -1, ulpsFor(&c));
      }
      for (int variant = 1; variant <= 2; variant++) {
        Operand a = layoutOperand(allDTypes[t], L_CONTIG, variant);
        runOperands(&c, &a, OUT_FRESH, -1, ulpsFor(&c));
      }
      Operand a = layoutOperand(allDTypes[t], L_CONTIG, 2);
      runOperands(&c, &a, OUT_INPLACE, -1, ulpsFor(&c));
      a = layoutOperand(allDTypes[t], L_T, 0);
      runOperands(&c, &a, OUT_INPLACE, -1, ulpsFor(&c));
      a = layoutOperand(allDTypes[t], L_SLICE, 0);
      runOperands(&c, &a, OUT_STRIDED, -1, ulpsFor(&c));
      /* out= of other dtypes (errors where libTH refuses them) */
      static const THDType outs[] = {TH_Float64, TH_Int64, TH_Bool, TH_Float16};
      for (size_t o = 0; o < sizeof outs / sizeof outs[0]; o++) {
        a = layoutOperand(allDTypes[t], L_CONTIG, 0);
        runOperands(&c, &a, OUT_FRESH, outs[o], ulpsFor(&c));
      }
    }
  }
}

/* An operand of the layout whose logical shape is [5, 7] (0-d for scalars). */
static Operand shaped57(THDType dt, int layout) {
  return layout >= L_WRAPPED ? opnd(dt, layout, 0, 0, 0, 0) : opnd(dt, layout, 2, 5, 7, 0);
}

/* Binary cases over layout pairs, for one dtype pair. */
static void binaryLayouts(const Call *c, THDType da, THDType db, int mode, int nonzeroB) {
  static const int pairs[][2] = {{L_T, L_CONTIG},     {L_CONTIG, L_T},      {L_SLICE, L_EXPAND},  {L_OFFSET, L_OFFSET},
                                 {L_CONTIG, L_WRAPPED}, {L_WRAPPED, L_CONTIG}, {L_CONTIG, L_HOST0D}, {L_DEV0D, L_CONTIG},
                                 {L_DEV0D, L_DEV0D},   {L_HOST0D, L_DEV0D},  {L_EXPAND, L_SLICE}};
  double ulps = ulpsFor(c);
  Operand ops[2];
  for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
    ops[0] = shaped57(da, pairs[p][0]);
    ops[1] = shaped57(db, pairs[p][1]);
    ops[0].mode = ops[1].mode = mode;
    ops[1].nonzero = nonzeroB;
    runOperands(c, ops, OUT_FRESH, -1, ulps);
  }
  /* contiguous, with vectors and a tail; broadcasting shapes [3, 1, 5] with [4, 5]; empty */
  static const int64_t shapes[][2][4] = {{{3, 2, 3, 40}, {3, 2, 3, 40}}, {{3, 3, 1, 5}, {2, 4, 5, 0}}, {{2, 0, 3, 0}, {1, 3, 0, 0}}};
  for (int k = 0; k < 3; k++) {
    ops[0] = opnd(da, L_CONTIG, (int)shapes[k][0][0], shapes[k][0][1], shapes[k][0][2], shapes[k][0][3]);
    ops[1] = opnd(db, L_CONTIG, (int)shapes[k][1][0], shapes[k][1][1], shapes[k][1][2], shapes[k][1][3]);
    ops[0].mode = ops[1].mode = mode;
    ops[1].nonzero = nonzeroB;
    runOperands(c, ops, OUT_FRESH, -1, ulps);
  }
  /* in place, strided out= and out= of other dtypes */
  ops[0] = shaped57(da, L_T);
  ops[1] = shaped57(db, L_CONTIG);
  ops[0].mode = ops[1].mode = mode;
  ops[1].nonzero = nonzeroB;
  runOperands(c, ops, OUT_INPLACE, -1, ulps);
  runOperands(c, ops, OUT_STRIDED, -1, ulps);
  runOperands(c, ops, OUT_FRESH, TH_Float64, ulps);
  runOperands(c, ops, OUT_FRESH, TH_Int32, ulps);
}

static int isIntDivision(int op) {
  return op == TH_OP_div_trunc || op == TH_OP_div_floor || op == TH_OP_remainder || op == TH_OP_fmod;
}

static void test_binary_same_dtype(void) {
  for (int op = 0; op < TH_NumBinaryOps; op++) {
    Call c = {K_BINARY, op, 0, 2};
    for (int t = 0; t < NDT; t++) {
      THDType dt = allDTypes[t];
      int intDiv = isIntDivision(op) && !THDType_isFloating(dt);
      binaryLayouts(&c, dt, dt, PW_SPECIAL, intDiv);
      if (!THDType_isFloating(dt)) binaryLayouts(&c, dt, dt, PW_SMALL, intDiv); /* meaningful pow/shift counts */
    }
  }
}

static void test_binary_mixed_dtypes(void) {
  static const THDType pairs[][2] = {{TH_Int32, TH_Float32},  {TH_UInt8, TH_Int8},      {TH_Bool, TH_Int64},
                                     {TH_Float16, TH_Float32}, {TH_BFloat16, TH_Float16}, {TH_Int16, TH_Float64},
                                     {TH_Float32, TH_Float64}, {TH_Int64, TH_BFloat16},   {TH_UInt8, TH_Bool},
                                     {TH_Float16, TH_Int32},   {TH_Int8, TH_Int64},       {TH_Bool, TH_Float16}};
  for (int op = 0; op < TH_NumBinaryOps; op++) {
    Call c = {K_BINARY, op, 0, 2};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
      int intDiv = isIntDivision(op);
      binaryLayouts(&c, pairs[p][0], pairs[p][1], PW_SPECIAL, intDiv);
      binaryLayouts(&c, pairs[p][1], pairs[p][0], PW_SMALL, intDiv);
    }
  }
}

static void test_alpha(void) {
  static const double alphas[] = {1, 2, -1, 0.5, -3};
  for (int t = 0; t < NDT; t++)
    for (size_t a = 0; a < sizeof alphas / sizeof alphas[0]; a++)
      for (int sub = 0; sub < 2; sub++) {
        Call c = {sub ? K_SUB : K_ADD, 0, alphas[a], 2};
        binaryLayouts(&c, allDTypes[t], allDTypes[t], PW_SPECIAL, 0);
        binaryLayouts(&c, allDTypes[t], TH_Float32, PW_SMALL, 0);
      }
}

/* Integer division by zero: libTH's ZeroDivisionError, from a host scalar and from a device tensor
 * (the kernel reports it); and INT_MIN / -1 wraps. */
static void test_integer_division_edges(void) {
  static const int ops[] = {TH_OP_div_trunc, TH_OP_div_floor, TH_OP_remainder, TH_OP_fmod};
  for (size_t o = 0; o < 4; o++) {
    Call c = {K_BINARY, ops[o], 0, 2};
    for (int t = 1; t <= 5; t++) { /* the integer dtypes */
      /* a divisor tensor holding a 0 */
      THTensor *a = pw_rand(allDTypes[t], 1, (int64_t[]){9}, PW_RANDOM, 0), *ad = pw_dev(a);
      THTensor *z = pw_rand(allDTypes[t], 1, (int64_t[]){9}, PW_SMALL, 1);
      th_set(z, 4, 0);
      THTensor *zd = pw_dev(z);
      THTensor *zin[3] = {a, z, NULL}, *zdin[3] = {ad, zd, NULL};
      runCase(&c, zin, zdin, OUT_FRESH, -1, 0, "(int, tensor with a 0)");
      THTensor_free(z);
      THTensor_free(zd);
      /* a wrapped 0 and a wrapped 256 (0 as uint8) */
      for (int w = 0; w < 2; w++) {
        THTensor *b = THTensor_newWrappedNumber(w ? 256 : 0);
        THTensor *in[3] = {a, b, NULL}, *din[3] = {ad, b, NULL};
        runCase(&c, in, din, OUT_FRESH, -1, 0, w ? "(int, wrapped 256)" : "(int, wrapped 0)");
        THTensor_free(b);
      }
      THTensor_free(a);
      THTensor_free(ad);
    }
    /* INT_MIN op -1 */
    for (int t = 2; t <= 5; t++) {
      double lo = t == 2 ? -128 : t == 3 ? -32768 : t == 4 ? -2147483648.0 : -9223372036854775808.0;
      THTensor *a = THTensor_newWithSize(allDTypes[t], 1, (int64_t[]){3}), *b = THTensor_newWithSize(allDTypes[t], 1, (int64_t[]){3});
      for (int i = 0; i < 3; i++) th_set(a, i, lo + i), th_set(b, i, -1);
      THTensor *ad = pw_dev(a), *bd = pw_dev(b);
      THTensor *in[3] = {a, b, NULL}, *din[3] = {ad, bd, NULL};
      runCase(&c, in, din, OUT_FRESH, -1, 0, "(INT_MIN, -1)");
      THTensor_free(a), THTensor_free(b), THTensor_free(ad), THTensor_free(bd);
    }
  }
}

static void test_ternary(void) {
  for (int t = 0; t < NDT; t++) {
    THDType dt = allDTypes[t];
    /* clamp: tensor bounds, scalar bounds, one bound */
    Call clamp = {K_CLAMP, 0, 0, 3};
    Operand ops[3] = {opnd(dt, L_T, 2, 5, 7, 0), opnd(dt, L_CONTIG, 2, 5, 7, 0), opnd(dt, L_EXPAND, 2, 5, 7, 0)};
    runOperands(&clamp, ops, OUT_FRESH, -1, 0);
    runOperands(&clamp, ops, OUT_INPLACE, -1, 0);
    ops[1] = opnd(dt, L_WRAPPED, 0, 0, 0, 0);
    ops[2] = opnd(dt, L_DEV0D, 0, 0, 0, 0);
    runOperands(&clamp, ops, OUT_FRESH, -1, 0);
    ops[1].layout = -1;
    runOperands(&clamp, ops, OUT_FRESH, -1, 0);
    ops[1] = opnd(TH_Float32, L_HOST0D, 0, 0, 0, 0);
    ops[2].layout = -1;
    runOperands(&clamp, ops, OUT_FRESH, -1, 0);
    /* lerp: tensor and scalar weights */
    Call lerp = {K_LERP, 0, 0, 3};
    Operand l[3] = {opnd(dt, L_CONTIG, 3, 2, 3, 40), opnd(dt, L_SLICE, 3, 2, 3, 40), opnd(dt, L_CONTIG, 1, 40, 0, 0)};
    runOperands(&lerp, l, OUT_FRESH, -1, 4);
    l[2] = opnd(TH_Float64, L_WRAPPED, 0, 0, 0, 0);
    runOperands(&lerp, l, OUT_FRESH, -1, 4);
    l[2] = opnd(TH_Float32, L_CONTIG, 1, 40, 0, 0);
    runOperands(&lerp, l, OUT_FRESH, -1, 4);
    /* addcmul, addcdiv */
    for (int k = 0; k < 2; k++) {
      Call ac = {k ? K_ADDCDIV : K_ADDCMUL, 0, k ? 0.5 : -2, 3};
      Operand a3[3] = {opnd(dt, L_CONTIG, 3, 2, 3, 40), opnd(dt, L_T, 2, 3, 40, 0), opnd(dt, L_CONTIG, 1, 40, 0, 0)};
      for (int m = 0; m < 3; m++) a3[m].mode = PW_SMALL;
      a3[2].nonzero = 1;
      runOperands(&ac, a3, OUT_FRESH, -1, 4);
      runOperands(&ac, a3, OUT_INPLACE, -1, 4);
      a3[1] = opnd(TH_Float32, L_DEV0D, 0, 0, 0, 0);
      runOperands(&ac, a3, OUT_FRESH, -1, 4);
    }
    /* where: bool and uint8 conditions (and a float one, an error) */
    Call where = {K_WHERE, 0, 0, 3};
    static const THDType conds[] = {TH_Bool, TH_UInt8, TH_Float32};
    for (int ci = 0; ci < 3; ci++) {
      Operand w[3] = {opnd(conds[ci], L_CONTIG, 2, 5, 7, 0), opnd(dt, L_T, 2, 5, 7, 0), opnd(dt, L_CONTIG, 1, 7, 0, 0)};
      w[0].mode = PW_SMALL;
      runOperands(&where, w, OUT_FRESH, -1, 0);
      w[2] = opnd(TH_Int64, L_WRAPPED, 0, 0, 0, 0);
      runOperands(&where, w, OUT_FRESH, -1, 0);
      w[1] = opnd(TH_Float16, L_HOST0D, 0, 0, 0, 0);
      runOperands(&where, w, OUT_FRESH, -1, 0);
    }
    /* nan_to_num: default and given replacements */
    for (int flags = 0; flags < 4; flags++) {
      Call n = {K_NANTONUM, flags, flags ? 7.5 : 0, 1};
      Operand a = opnd(dt, L_T, 2, 5, 7, 0);
      runOperands(&n, &a, OUT_FRESH, -1, 0);
      runOperands(&n, &a, OUT_INPLACE, -1, 0);
    }
  }
  /* clamp bounds that do not fit the dtype: libTH's error */
  Call clamp = {K_CLAMP, 0, 0, 3};
  THTensor *a = pw_rand(TH_Int8, 1, (int64_t[]){5}, PW_RANDOM, 0), *ad = pw_dev(a), *lo = THTensor_newWrappedNumber(-1000);
  THTensor *in[3] = {a, lo, NULL}, *din[3] = {ad, lo, NULL};
  runCase(&clamp, in, din, OUT_FRESH, -1, 0, "(int8, wrapped -1000)");
  THTensor_free(a), THTensor_free(ad), THTensor_free(lo);
}

/* More than 2^20 elements: many blocks, grid-stride loops, vector tails; contiguous, strided and
 * mixed-dtype (converting) kernels. */
static void test_large(void) {
  const int64_t n = (1 << 20) + 3;
  Call exp = {K_UNARY, TH_OP_exp, 0, 1}, add = {K_BINARY, TH_OP_add, 0, 2}, mul = {K_BINARY, TH_OP_mul, 0, 2};
  Call where = {K_WHERE, 0, 0, 3}, lt = {K_BINARY, TH_OP_lt, 0, 2};
  static const THDType dts[] = {TH_Float32, TH_Float16, TH_Float64, TH_UInt8};
  for (int t = 0; t < 4; t++) {
    Operand a = opnd(dts[t], L_CONTIG, 1, n, 0, 0);
    runOperands(&exp, &a, OUT_FRESH, -1, 8);
    Operand ab[2] = {opnd(dts[t], L_CONTIG, 1, n, 0, 0), opnd(dts[t], L_CONTIG, 1, n, 0, 0)};
    runOperands(&add, ab, OUT_FRESH, -1, 2);
    runOperands(&add, ab, OUT_INPLACE, -1, 2);
    ab[1] = opnd(dts[t], L_WRAPPED, 0, 0, 0, 0);
    runOperands(&mul, ab, OUT_FRESH, -1, 2);
    Operand tt[2] = {opnd(dts[t], L_T, 2, 1031, 1029, 0), opnd(dts[t], L_CONTIG, 2, 1031, 1029, 0)};
    runOperands(&add, tt, OUT_FRESH, -1, 2);
    runOperands(&lt, tt, OUT_FRESH, -1, 0);
  }
  Operand mixed[2] = {opnd(TH_Int32, L_CONTIG, 1, n, 0, 0), opnd(TH_Float32, L_SLICE, 1, n, 0, 0)};
  runOperands(&mul, mixed, OUT_FRESH, -1, 2);
  runOperands(&mul, mixed, OUT_FRESH, TH_Float64, 2);
  Operand w[3] = {opnd(TH_Bool, L_CONTIG, 2, 1024, 1025, 0), opnd(TH_Float16, L_T, 2, 1024, 1025, 0), opnd(TH_Float32, L_CONTIG, 1, 1025, 0, 0)};
  w[0].mode = PW_SMALL;
  runOperands(&where, w, OUT_FRESH, -1, 0);
}

/* Iterators whose byte offsets pass 2^31 are split into parts the kernels index in 32 bits. */
static void test_over_2gb(void) {
  size_t freeBytes = 0, total = 0;
  if (THCState_memGetInfo(thc_test_state, 0, &freeBytes, &total) || freeBytes < ((size_t)10 << 30)) {
    printf("test_over_2gb: skipped (needs 10 GiB of free device memory)\n");
    THClearError();
    return;
  }
  const int64_t n = ((int64_t)1 << 31) + 77;
  THCState *s = thc_test_state;
  /* contiguous: a uint8 of 2^31 + 77 elements */
  THTensor *a = THCTensor_newWithSize(s, TH_UInt8, 0, 1, &n), *r = THCTensor_new(s, TH_UInt8, 0);
  THTensor *three = THTensor_newWrappedNumber(3);
  CHECK_OK(THCTensor_fill(s, a, 7));
  CHECK_OK(THCTensor_add(s, r, a, three, 1));
  THTensor *h = pw_host(r);
  CHECK_NOT_NULL(h);
  if (h) {
    const uint8_t *p = (const uint8_t *)THTensor_data(h);
    int64_t bad = -1;
    for (int64_t i = 0; i < n && bad < 0; i++)
      if (p[i] != 10) bad = i;
    CHECK_EQ_INT(bad, -1);
  }
  THTensor_free(h);
  THTensor_free(r);
  /* strided: every other element of it (2^30 + 39 elements spanning more than 2^31 bytes) */
  int64_t half = (n + 1) / 2;
  CHECK_OK(THCTensor_arange(s, a, 0, (double)n, 1)); /* a[i] = i mod 256 */
  THTensor *v = THTensor_newSlice(a, 0, 0, n, 2);
  r = THCTensor_new(s, TH_Int16, 0);
  CHECK_OK(THCTensor_add(s, r, v, three, 2)); /* (2i mod 256) + 6 in int16 */
  CHECK_EQ_INT(THTensor_size(r, 0), half);
  h = pw_host(r);
  CHECK_NOT_NULL(h);
  if (h) {
    const int16_t *p = (const int16_t *)THTensor_data(h);
    int64_t bad = -1;
    for (int64_t i = 0; i < half && bad < 0; i++)
      if (p[i] != (int16_t)(((2 * i) % 256 + 6) % 256)) bad = i; /* computed in uint8 */
    CHECK_EQ_INT(bad, -1);
  }
  THTensor_free(h);
  THTensor_free(r);
  THTensor_free(v);
  THTensor_free(a);
  THTensor_free(three);
}

static void test_fill_and_ranges(void) {
  THCState *s = thc_test_state;
  static const double values[] = {0, 1, -1, 2.5, 300, -129, 1e6, NAN, INFINITY, 70000};
  for (int t = 0; t < NDT; t++) {
    THDType dt = allDTypes[t];
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
      for (int layout = 0; layout < 3; layout++) {
        int lay = layout == 0 ? L_CONTIG : layout == 1 ? L_T : L_SLICE;
        THTensor *h, *d;
        CHECK(pw_operand(dt, lay, 2, (int64_t[]){5, 7}, PW_RANDOM, 0, &h, &d));
        THClearError();
        int sh = THTensor_fill(h, values[v]);
        char herr[512];
        snprintf(herr, sizeof herr, "%s", sh ? THGetLastError() : "");
        THClearError();
        int sd = THCTensor_fill(s, d, values[v]);
        CHECK_EQ_INT(sd, sh);
        if (sh) CHECK(strcmp(herr, THGetLastError()) == 0);
        else pw_expectSame(h, d, 0, 0, "fill_");
        THTensor_free(h);
        THTensor_free(d);
      }
    }
    /* zero_ on a misaligned view */
    THTensor *h, *d;
    CHECK(pw_operand(dt, L_OFFSET, 2, (int64_t[]){3, 33}, PW_RANDOM, 0, &h, &d));
    CHECK_OK(THTensor_zero(h));
    CHECK_OK(THCTensor_zero(s, d));
    pw_expectSame(h, d, 0, 0, "zero_");
    THTensor_free(h);
    THTensor_free(d);
    /* ranges */
    static const double ar[][3] = {{0, 10, 1}, {-3.5, 7.25, 0.75}, {10, -5, -2.5}, {0, 1000003, 3}, {5, 5, 1}, {1, 2, 0}, {3, 0, 1}};
    for (size_t k = 0; k < sizeof ar / sizeof ar[0]; k++) {
      THTensor *rh = THTensor_new(dt), *rd = THCTensor_new(s, dt, 0);
      THClearError();
      int sh = THTensor_arange(rh, ar[k][0], ar[k][1], ar[k][2]);
      int sd = THCTensor_arange(s, rd, ar[k][0], ar[k][1], ar[k][2]);
      CHECK_EQ_INT(sd, sh);
      if (!sh) pw_expectSame(rh, rd, 0, 1, "arange");
      THTensor_free(rh);
      THTensor_free(rd);
    }
    static const int64_t steps[] = {0, 1, 2, 7, 1000, 100001};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
      for (int log = 0; log < 2; log++) {
        THTensor *rh = THTensor_new(dt), *rd = THCTensor_new(s, dt, 0);
        int sh = log ? THTensor_logspace(rh, -2, 3.5, steps[k], 2) : THTensor_linspace(rh, -7.5, 20.25, steps[k]);
        int sd = log ? THCTensor_logspace(s, rd, -2, 3.5, steps[k], 2) : THCTensor_linspace(s, rd, -7.5, 20.25, steps[k]);
        CHECK_EQ_INT(sd, sh);
        if (!sh) pw_expectSame(rh, rd, log ? 4 : 0, 1, log ? "logspace" : "linspace");
        THTensor_free(rh);
        THTensor_free(rd);
      }
    static const int64_t eyes[][2] = {{3, 5}, {4, 4}, {0, 3}, {6, 2}};
    for (size_t k = 0; k < 4; k++) {
      THTensor *rh = THTensor_new(dt), *rd = THCTensor_new(s, dt, 0);
      CHECK_OK(THTensor_eye(rh, eyes[k][0], eyes[k][1]));
      CHECK_OK(THCTensor_eye(s, rd, eyes[k][0], eyes[k][1]));
      pw_expectSame(rh, rd, 0, 1, "eye");
      THTensor_free(rh);
      THTensor_free(rd);
    }
  }
}

/* Argument errors that need device tensors to happen: operands on the host or another device. */
static void test_device_errors(void) {
  THCState *s = thc_test_state;
  THTensor *h = pw_rand(TH_Float32, 1, (int64_t[]){4}, PW_RANDOM, 0), *d = pw_dev(h);
  THTensor *r = THCTensor_new(s, TH_Float32, 0), *rh = THTensor_new(TH_Float32);
  CHECK_ERR(THCTensor_add(s, r, d, h, 1), "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!");
  CHECK_ERR(THCTensor_add(s, rh, d, d, 1), "Expected all tensors to be on the same device");
  THTensor *r0 = THTensor_newWithSize(TH_Float32, 0, NULL);
  CHECK_ERR(THCTensor_add(s, r0, d, d, 1), "add: Expected out tensor to have device cuda:0, but got cpu instead");
  CHECK_ERR(THCTensor_unary(s, rh, h, TH_OP_exp), "exp: expected CUDA tensors");
  CHECK_ERR(THCTensor_fill(s, rh, 1), "fill_: expected CUDA tensors, but every tensor is on the CPU");
  /* a host scalar mixes in */
  THTensor *sc = THTensor_newScalar(TH_Float64, 2);
  CHECK_OK(THCTensor_binary(s, r, sc, d, TH_OP_mul));
  if (THCState_deviceCount(s) > 1) {
    THTensor *d1 = THCTensor_newToDevice(s, h, 1, 0, 0);
    CHECK_ERR(THCTensor_add(s, r, d, d1, 1), "found at least two devices, cuda:0 and cuda:1");
    THTensor *r1 = THCTensor_new(s, TH_Float32, 1);
    CHECK_OK(THCTensor_add(s, r1, d1, sc, 1));
    CHECK_EQ_INT(THCTensor_device(r1), 1);
    THTensor_free(r1);
    THTensor_free(d1);
  }
  THTensor_free(sc);
  THTensor_free(r0);
  THTensor_free(h);
  THTensor_free(d);
  THTensor_free(r);
  THTensor_free(rh);
}

/* Work goes to the current stream. */
static void test_streams(void) {
  THCState *s = thc_test_state;
  THCStream *st = THCStream_new(s, 0, 0);
  CHECK_NOT_NULL(st);
  CHECK_OK(THCState_setCurrentStream(s, st));
  Call c = {K_BINARY, TH_OP_atan2, 0, 2};
  Operand ops[2] = {opnd(TH_Float32, L_T, 2, 300, 301, 0), opnd(TH_Float32, L_CONTIG, 1, 301, 0, 0)};
  runOperands(&c, ops, OUT_FRESH, -1, 8);
  CHECK_OK(THCState_setCurrentStream(s, NULL));
  THCStream_free(st);
}

int main(void) {
  THC_REQUIRE_GPU();
  pw_gen = THGenerator_new(20240611);
  RUN_TEST(test_unary);
  RUN_TEST(test_binary_same_dtype);
  RUN_TEST(test_binary_mixed_dtypes);
  RUN_TEST(test_alpha);
  RUN_TEST(test_integer_division_edges);
  RUN_TEST(test_ternary);
  RUN_TEST(test_large);
  RUN_TEST(test_over_2gb);
  RUN_TEST(test_fill_and_ranges);
  RUN_TEST(test_device_errors);
  RUN_TEST(test_streams);
  THGenerator_free(pw_gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
