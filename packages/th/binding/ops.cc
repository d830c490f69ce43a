// The binding's functions: convert arguments, call libTH, wrap results or throw its error.
// No math here.
#include <cstring>

#include "convert.h"
#include "ops.h"

namespace tt {

#define TH_VIEW_NAME(name) #name,
const char *const kViewNames[TH_NumViewKinds] = {TH_VIEW_KINDS(TH_VIEW_NAME)};
#undef TH_VIEW_NAME

namespace {

// ---- creation ----

napi_value Empty(napi_env env, napi_callback_info info) {
  Args a(env, info, "empty");
  THDType dtype;
  int n;
  int64_t sizes[TH_MAX_DIMS];
  if (!a.dtype(0, &dtype) || !a.intList(1, &n, sizes, "size")) return nullptr;
  return WrapTensor(env, THTensor_newWithSize(dtype, n, sizes));
}

struct BorrowedJS {
  napi_env env;
  napi_ref ref;
};

void DeleteRef(napi_env env, void *data, void *) {
  BorrowedJS *b = static_cast<BorrowedJS *>(data);
  napi_delete_reference(env, b->ref);
  delete b;
}

// Storage release may happen inside GC, where JS may not be touched: defer the unref.
void ReleaseBorrowed(void *ctx, void *) {
  BorrowedJS *b = static_cast<BorrowedJS *>(ctx);
  node_api_post_finalizer(b->env, DeleteRef, b, nullptr);
}

// fromBuffer(typedArray, dtype, shape): a tensor over the array's memory, no copy.
napi_value FromBuffer(napi_env env, napi_callback_info info) {
  Args a(env, info, "fromTypedArray");
  THDType dtype;
  int n;
  int64_t sizes[TH_MAX_DIMS];
  bool isTA = false;
  napi_is_typedarray(env, a.at(0), &isTA);
  if (!isTA) return a.typeError("data", "a TypedArray"), nullptr;
  if (!a.dtype(1, &dtype) || !a.intList(2, &n, sizes, "shape")) return nullptr;
  napi_typedarray_type type;
  size_t length, byteOffset;
  void *data;
  napi_value buffer;
  napi_get_typedarray_info(env, a.at(0), &type, &length, &data, &buffer, &byteOffset);
  size_t elem = THDType_size(dtype);
  size_t bytes = 0;
  napi_get_arraybuffer_info(env, buffer, nullptr, &bytes);
  bytes -= byteOffset;
  if ((uintptr_t)data % elem != 0) {
    ThrowRangeError(env, "fromTypedArray: the array's byte offset is not a multiple of the element size");
    return nullptr;
  }
  BorrowedJS *b = new BorrowedJS{env, nullptr};
  napi_create_reference(env, a.at(0), 1, &b->ref);
  THStorage *s = THStorage_newWithData(data, bytes, ReleaseBorrowed, b);
  if (!s) {
    napi_delete_reference(env, b->ref);
    delete b;
    ThrowTHError(env);
    return nullptr;
  }
  THTensor *t = THTensor_newWithStorage(s, dtype, 0, n, sizes, nullptr);
  THStorage_free(s);  // the tensor holds it now (or, on failure, this releases the JS array)
  return WrapTensor(env, t);
}

napi_value Full(napi_env env, napi_callback_info info) {
  Args a(env, info, "full");
  THDType dtype;
  int n;
  int64_t sizes[TH_MAX_DIMS];
  double v;
  if (!a.dtype(0, &dtype) || !a.intList(1, &n, sizes, "size") || !a.number(2, &v, "fill_value")) return nullptr;
  THTensor *t = THTensor_newWithSize(dtype, n, sizes);
  if (t && THTensor_fill(t, v)) {
    THTensor_free(t);
    t = nullptr;
  }
  return WrapTensor(env, t);
}

// range(kind, dtype, a, b, c, d): kind 0 arange(start,end,step), 1 linspace(start,end,steps),
// 2 logspace(start,end,steps,base), 3 eye(n,m)
napi_value Range(napi_env env, napi_callback_info info) {
  Args a(env, info, "range");
  int64_t kind;
  THDType dtype;
  double v[4] = {0, 0, 0, 0};
  if (!a.integer(0, &kind, "kind") || !a.dtype(1, &dtype)) return nullptr;
  for (int i = 0; i < 4; i++)
    if (!a.isNullish(2 + i) && !a.number(2 + i, &v[i], "range argument")) return nullptr;
  return IntoOut(a, 6, dtype, [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_arange(r, v[0], v[1], v[2]);
      case 1: return THTensor_linspace(r, v[0], v[1], (int64_t)v[2]);
      case 2: return THTensor_logspace(r, v[0], v[1], (int64_t)v[2], v[3]);
      default: return THTensor_eye(r, (int64_t)v[0], (int64_t)v[1]);
    }
  });
}

// ---- metadata and data out ----

napi_value MetaInto(napi_env env, napi_callback_info info) {
  // metaInto(h): [dtype, ndim, offset, isContiguous, version, sizes..., strides..., device] into
  // metaBuffer (device -1: host memory)
  Args a(env, info, "metaInto");
  THTensor *t;
  if (!a.anyTensor(0, &t, "tensor")) return nullptr;
  double *m = MetaBuffer(env);
  int n = THTensor_ndim(t);
  const int64_t *sizes = THTensor_sizes(t), *strides = THTensor_strides(t);
  m[0] = THTensor_dtype(t);
  m[1] = n;
  m[2] = (double)THTensor_storageOffset(t);
  m[3] = THTensor_isContiguous(t);
  m[4] = (double)THTensor_version(t);
  for (int d = 0; d < n; d++) {
    m[5 + d] = (double)sizes[d];
    m[5 + n + d] = (double)strides[d];
  }
  m[5 + 2 * n] = THStorage_device(THTensor_storage(t));
  return nullptr;
}

napi_value Item(napi_env env, napi_callback_info info) {
  Args a(env, info, "item");
  THTensor *t;
  if (!a.tensor(0, &t, "tensor")) return nullptr;
  int status;
  double v = THTensor_item(t, &status);
  if (status) return ThrowTHError(env), nullptr;
  return Number(env, v);
}

napi_typedarray_type ArrayTypeFor(THDType d) {
  switch (d) {
    case TH_Bool:
    case TH_UInt8: return napi_uint8_array;
    case TH_Int8: return napi_int8_array;
    case TH_Int16: return napi_int16_array;
    case TH_Int32: return napi_int32_array;
    case TH_Int64: return napi_bigint64_array;
    case TH_Float16:
    case TH_BFloat16: return napi_uint16_array;
    case TH_Float32: return napi_float32_array;
    default: return napi_float64_array;
  }
}

// copyOut(h, dtype): a fresh TypedArray with the tensor's elements converted to dtype.
napi_value CopyOut(napi_env env, napi_callback_info info) {
  Args a(env, info, "toTypedArray");
  THTensor *t;
  THDType dtype;
  if (!a.tensor(0, &t, "tensor") || !a.dtype(1, &dtype)) return nullptr;
  int64_t numel = THTensor_numel(t);
  size_t bytes = (size_t)numel * THDType_size(dtype);
  void *data;
  napi_value buffer, result;
  if (napi_create_arraybuffer(env, bytes, &data, &buffer) != napi_ok) return nullptr;
  if (numel > 0) {
    THStorage *s = THStorage_newWithData(data, bytes, nullptr, nullptr);
    THTensor *dst = s ? THTensor_newWithStorage(s, dtype, 0, THTensor_ndim(t), THTensor_sizes(t), nullptr) : nullptr;
    THStorage_free(s);
    int status = dst ? THTensor_copy(dst, t) : TH_ERR;
    THTensor_free(dst);
    if (status) return ThrowTHError(env), nullptr;
  }
  napi_create_typedarray(env, ArrayTypeFor(dtype), (size_t)numel, buffer, 0, &result);
  return result;
}

void ReleaseStorageView(node_api_basic_env, void *, void *hint) { THStorage_free(static_cast<THStorage *>(hint)); }

// storageView(h): an ArrayBuffer over the tensor's whole storage, zero-copy; keeps it alive.
napi_value StorageView(napi_env env, napi_callback_info info) {
  Args a(env, info, "asTypedArray");
  THTensor *t;
  if (!a.tensor(0, &t, "tensor")) return nullptr;
  THStorage *s = THTensor_storage(t);
  napi_value buffer;
  if (THStorage_nbytes(s) == 0) {
    void *unused;
    napi_create_arraybuffer(env, 0, &unused, &buffer);
    return buffer;
  }
  THStorage_retain(s);
  if (napi_create_external_arraybuffer(env, THStorage_data(s), THStorage_nbytes(s), ReleaseStorageView, s, &buffer) != napi_ok) {
    THStorage_free(s);
    ThrowError(env, "storageView: could not create an external ArrayBuffer");
    return nullptr;
  }
  return buffer;
}

napi_value StorageUseCount(napi_env env, napi_callback_info info) {
  // how many native tensors share t's storage (autograd keeps a gradient without copying at 1)
  Args a(env, info, "storageUseCount");
  THTensor *t;
  if (!a.anyTensor(0, &t, "tensor")) return nullptr;
  return Number(env, (double)THStorage_refcount(THTensor_storage(t)));
}

napi_value Dispose(napi_env env, napi_callback_info info) {
  Args a(env, info, "dispose");
  DisposeHandle(env, a.at(0));
  return Undefined(env);
}

napi_value IsDisposed(napi_env env, napi_callback_info info) {
  Args a(env, info, "isDisposed");
  bool disposed = !IsTensorHandle(env, a.at(0));
  if (!disposed) {
    disposed = UnwrapAnyTensor(env, a.at(0)) == nullptr;
    if (disposed) DiscardError(env);
  }
  napi_value r;
  napi_get_boolean(env, disposed, &r);
  return r;
}

// ---- views ----

// view(kind, h, ...): one entry point for the view family, selected by kind.
napi_value View(napi_env env, napi_callback_info info) {
  Args a(env, info, "view");
  int64_t kind;
  THTensor *t;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind >= 0 && kind < TH_NumViewKinds) a.op = kViewNames[kind];
  // Views only make metadata, so they serve device tensors too; the kinds that may copy do not.
  bool copies = kind == TH_VIEW_reshape || kind == TH_VIEW_contiguous || kind == TH_VIEW_clone;
  if (!(copies ? a.tensor(1, &t, "tensor") : a.anyTensor(1, &t, "tensor"))) return nullptr;
  int n = 0, m = 0;
  int64_t s1[TH_MAX_DIMS], s2[TH_MAX_DIMS];
  int64_t i0 = 0, i1 = 0, i2 = 0;
  switch (kind) {
    case TH_VIEW_view:
    case TH_VIEW_reshape:
    case TH_VIEW_expand:
    case TH_VIEW_permute:
      if (!a.intList(2, &n, s1, "shape")) return nullptr;
      break;
    case TH_VIEW_asStrided:
      if (!a.intList(2, &n, s1, "size") || !a.intList(3, &m, s2, "stride") || !a.integer(4, &i0, "storage_offset")) return nullptr;
      if (n != m) return ThrowRangeError(env, "as_strided: mismatch in length of strides and shape"), nullptr;
      break;
    case TH_VIEW_movedim:
      if (!a.intList(2, &n, s1, "source") || !a.intList(3, &m, s2, "destination")) return nullptr;
      if (n != m)
        return ThrowRangeError(env, "movedim: Invalid source or destination dims: source and destination must have the same number of dims"), nullptr;
      break;
    case TH_VIEW_unflatten:
      if (!a.integer(2, &i0, "dim") || !a.intList(3, &n, s1, "sizes")) return nullptr;
      break;
    case TH_VIEW_squeeze:
      if (!a.isNullish(2) && !a.integer(2, &i0, "dim")) return nullptr;
      break;
    default:
      if ((a.argc > 2 && !a.isNullish(2) && !a.integer(2, &i0, "dim")) || (a.argc > 3 && !a.isNullish(3) && !a.integer(3, &i1, "argument")) ||
          (a.argc > 4 && !a.isNullish(4) && !a.integer(4, &i2, "argument")))
        return nullptr;
  }
  THTensor *r = nullptr;
  switch (kind) {
    case TH_VIEW_view: r = THTensor_newView(t, n, s1); break;
    case TH_VIEW_reshape: r = THTensor_newReshape(t, n, s1); break;
    case TH_VIEW_expand: r = THTensor_newExpand(t, n, s1); break;
    case TH_VIEW_permute: r = THTensor_newPermute(t, n, s1); break;
    case TH_VIEW_asStrided: r = THTensor_newAsStrided(t, n, s1, s2, i0); break;
    case TH_VIEW_movedim: r = THTensor_newMovedim(t, n, s1, s2); break;
    case TH_VIEW_unflatten: r = THTensor_newUnflatten(t, i0, n, s1); break;
    case TH_VIEW_squeeze: r = a.isNullish(2) ? THTensor_newSqueeze(t) : THTensor_newSqueezeDim(t, i0); break;
    case TH_VIEW_flatten: r = THTensor_newFlatten(t, i0, i1); break;
    case TH_VIEW_transpose: r = THTensor_newTranspose(t, i0, i1); break;
    case TH_VIEW_t: r = THTensor_newT(t); break;
    case TH_VIEW_mT: r = THTensor_newMT(t); break;
    case TH_VIEW_narrow: r = THTensor_newNarrow(t, i0, i1, i2); break;
    case TH_VIEW_select: r = THTensor_newSelect(t, i0, i1); break;
    case TH_VIEW_unsqueeze: r = THTensor_newUnsqueeze(t, i0); break;
    case TH_VIEW_unfold: r = THTensor_newUnfold(t, i0, i1, i2); break;
    case TH_VIEW_diagonal: r = THTensor_newDiagonal(t, i0, i1, i2); break;
    case TH_VIEW_alias: r = THTensor_newAlias(t); break;
    case TH_VIEW_contiguous: r = THTensor_newContiguous(t); break;
    case TH_VIEW_clone: r = THTensor_newClone(t); break;
    default: ThrowRangeError(env, "unknown view kind"); return nullptr;
  }
  return WrapTensor(env, r);
}

// slice(h, dim, start, end, step): start/end may be null (open).
napi_value Slice(napi_env env, napi_callback_info info) {
  Args a(env, info, "slice");
  THTensor *t;
  int64_t dim, start = 0, end = INT64_MAX, step = 1;
  if (!a.anyTensor(0, &t, "tensor") || !a.integer(1, &dim, "dim")) return nullptr;
  if (!a.isNullish(2) && !a.integer(2, &start, "start")) return nullptr;
  if (!a.isNullish(3) && !a.integer(3, &end, "end")) return nullptr;
  if (!a.isNullish(4) && !a.integer(4, &step, "step")) return nullptr;
  return WrapTensor(env, THTensor_newSlice(t, dim, start, end, step));
}

// to(h, dtype, copy): converted (a copy unless already that dtype and contiguous, or copy is set).
napi_value To(napi_env env, napi_callback_info info) {
  Args a(env, info, "to");
  THTensor *t;
  THDType dtype;
  bool copy = false;
  if (!a.tensor(0, &t, "tensor") || !a.dtype(1, &dtype)) return nullptr;
  if (!a.isNullish(2)) napi_get_value_bool(env, a.at(2), &copy);
  if (!copy && THTensor_dtype(t) == dtype) return a.at(0);
  return WrapTensor(env, THTensor_newTo(t, dtype, copy));
}

napi_value Copy(napi_env env, napi_callback_info info) {
  Args a(env, info, "copy_");
  THTensor *dst, *src;
  if (!a.tensor(0, &dst, "self") || !a.tensor(1, &src, "src")) return nullptr;
  if (THTensor_copy(dst, src)) return ThrowTHError(env), nullptr;
  return a.at(0);
}

napi_value Fill(napi_env env, napi_callback_info info) {
  Args a(env, info, "fill_");
  THTensor *t;
  double v;
  if (!a.tensor(0, &t, "self") || !a.number(1, &v, "value")) return nullptr;
  if (THTensor_fill(t, v)) return ThrowTHError(env), nullptr;
  return a.at(0);
}

// ---- math ----

// unary(op, a, out)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info, "unary op");
  int64_t op;
  THTensor *x;
  THDType rt;
  if (!a.integer(0, &op, "op")) return nullptr;
  a.op = THUnaryOp_name((THUnaryOp)op);
  if (!a.tensor(1, &x, "input")) return nullptr;
  if (THTensor_unaryResultType((THUnaryOp)op, x, &rt)) return ThrowTHError(env), nullptr;
  return IntoOut(a, 2, rt, [&](THTensor *r) { return THTensor_unary(r, x, (THUnaryOp)op); });
}

// binary(op, a, b, out, alpha): a and b may be numbers.
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info, "binary op");
  int64_t op;
  Operand x, y;
  double alpha = 1;
  THDType rt;
  if (!a.integer(0, &op, "op")) return nullptr;
  a.op = THBinaryOp_name((THBinaryOp)op);
  if (!x.get(a, 1, "input") || !y.get(a, 2, "other")) return nullptr;
  if (!a.isNullish(4) && !a.number(4, &alpha, "alpha")) return nullptr;
  if (THTensor_binaryResultType((THBinaryOp)op, x.t, y.t, &rt)) return ThrowTHError(env), nullptr;
  if (alpha != 1) {
    if (op == TH_OP_add) return IntoOut(a, 3, rt, [&](THTensor *r) { return THTensor_add(r, x.t, y.t, alpha); });
    if (op == TH_OP_sub) return IntoOut(a, 3, rt, [&](THTensor *r) { return THTensor_sub(r, x.t, y.t, alpha); });
  }
  return IntoOut(a, 3, rt, [&](THTensor *r) { return THTensor_binary(r, x.t, y.t, (THBinaryOp)op); });
}

// ternary(kind, a, b, c, out, value): kind 0 clamp (b/c may be null), 1 lerp, 2 addcmul, 3 addcdiv, 4 where(a=cond)
napi_value Ternary(napi_env env, napi_callback_info info) {
  Args a(env, info, "ternary op");
  int64_t kind;
  Operand x, y, z;
  double value = 1;
  static const char *const kTernaryNames[] = {"clamp", "lerp", "addcmul", "addcdiv", "where"};
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind >= 0 && kind < 5) a.op = kTernaryNames[kind];
  if (!x.get(a, 1, kind == 4 ? "condition" : "input")) return nullptr;
  if (!(kind == 0 && a.isNullish(2)) && !y.get(a, 2, kind == 0 ? "min" : "tensor1")) return nullptr;
  if (!(kind == 0 && a.isNullish(3)) && !z.get(a, 3, kind == 0 ? "max" : "tensor2")) return nullptr;
  if (!a.isNullish(5) && !a.number(5, &value, "value")) return nullptr;
  const THTensor *ts[3] = {x.t, y.t, z.t};
  THDType rt = kind == 4 ? THTensor_resultType(2, ts + 1) : kind == 1 ? THTensor_dtype(x.t) : THTensor_resultType(3, ts);
  return IntoOut(a, 4, rt, [&](THTensor *r) {
    switch (kind) {
      case 0: return THTensor_clamp(r, x.t, y.t, z.t);
      case 1: return THTensor_lerp(r, x.t, y.t, z.t);
      case 2: return THTensor_addcmul(r, x.t, y.t, z.t, value);
      case 3: return THTensor_addcdiv(r, x.t, y.t, z.t, value);
      default: return THTensor_where(r, x.t, y.t, z.t);
    }
  });
}

// nanToNum(a, nan, posinf|null, neginf|null, out)
napi_value NanToNum(napi_env env, napi_callback_info info) {
  Args a(env, info, "nanToNum");
  THTensor *x;
  double nan = 0, posinf = 0, neginf = 0;
  if (!a.tensor(0, &x, "input")) return nullptr;
  if (!a.isNullish(1) && !a.number(1, &nan, "nan")) return nullptr;
  bool hasPos = !a.isNullish(2), hasNeg = !a.isNullish(3);
  if ((hasPos && !a.number(2, &posinf, "posinf")) || (hasNeg && !a.number(3, &neginf, "neginf"))) return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THTensor_nanToNum(r, x, nan, hasPos, posinf, hasNeg, neginf); });
}

napi_value ResultType(napi_env env, napi_callback_info info) {
  Args a(env, info, "resultType");
  Operand ops[Args::kMax];
  const THTensor *ts[Args::kMax];
  for (size_t i = 0; i < a.argc; i++) {
    if (!ops[i].get(a, i, "operand", true)) return nullptr;
    ts[i] = ops[i].t;
  }
  return Number(env, THTensor_resultType((int)a.argc, ts));
}

// ---- runtime ----

napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  Args a(env, info, "setNumThreads");
  int64_t n;
  if (!a.integer(0, &n, "threads")) return nullptr;
  if (n < 1) return ThrowRangeError(env, "setNumThreads: expected a positive number of threads"), nullptr;
  THSetNumThreads((int)n);
  return Undefined(env);
}

napi_value GetNumThreads(napi_env env, napi_callback_info) { return Number(env, THGetNumThreads()); }

napi_value MemoryStats(napi_env env, napi_callback_info) {
  THMemoryStats s;
  THGetMemoryStats(&s);
  int64_t v[4] = {s.liveTensors, s.liveStorages, s.ownedBytes, s.cachedBytes};
  return IntArray(env, 4, v);
}

napi_value EmptyCache(napi_env env, napi_callback_info) {
  THEmptyCache();
  return Undefined(env);
}

}  // namespace

const Registrar kCoreFunctions({
    {"empty", Empty},         {"fromBuffer", FromBuffer},     {"full", Full},
    {"range", Range},         {"metaInto", MetaInto},                 {"item", Item},
    {"copyOut", CopyOut},     {"storageView", StorageView},   {"dispose", Dispose},
    {"isDisposed", IsDisposed}, {"view", View},               {"slice", Slice},
    {"to", To},               {"copy", Copy},                 {"fill", Fill},
    {"unary", Unary},         {"binary", Binary},             {"ternary", Ternary},
    {"nanToNum", NanToNum},   {"resultType", ResultType},     {"setNumThreads", SetNumThreads},
    {"getNumThreads", GetNumThreads}, {"memoryStats", MemoryStats},   {"emptyCache", EmptyCache},
    {"storageUseCount", StorageUseCount},
});

}  // namespace tt
