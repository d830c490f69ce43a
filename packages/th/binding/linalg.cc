// torch.linalg: argument conversion for THLinalg.h (no math here).
#include <cmath>
#include <string>
#include <vector>

#include "convert.h"
#include "ops.h"

namespace tt {
namespace {

// Results of the given dtypes, filled by fn: the tensors of an array of N handles at argument
// outIndex (out=; that array is returned), else fresh ones returned as an array of handles.
template <size_t N, typename F>
napi_value Fresh(const Args &a, const THDType (&dtypes)[N], F fn, size_t outIndex = Args::kMax) {
  if (outIndex < Args::kMax && !a.isNullish(outIndex)) {
    std::vector<THTensor *> outs;
    if (!a.tensorList(outIndex, &outs, "out")) return nullptr;
    if (outs.size() != N) {
      std::string msg = std::string(a.op) + ": expected out to hold " + std::to_string(N) + " tensors, got " + std::to_string(outs.size());
      ThrowTypeError(a.env, msg.c_str());
      return nullptr;
    }
    THTensor *ts[N];
    for (size_t i = 0; i < N; i++) ts[i] = outs[i];
    if (fn(ts)) {
      ThrowTHError(a.env);
      return nullptr;
    }
    return a.at(outIndex);
  }
  THTensor *ts[N] = {};
  for (size_t i = 0; i < N; i++) {
    ts[i] = THTensor_new(dtypes[i]);
    if (!ts[i]) {
      for (size_t j = 0; j < i; j++) THTensor_free(ts[j]);
      ThrowTHError(a.env);
      return nullptr;
    }
  }
  if (fn(ts)) {
    for (size_t i = 0; i < N; i++) THTensor_free(ts[i]);
    ThrowTHError(a.env);
    return nullptr;
  }
  return WrapTensors(a.env, N, ts);
}

bool OptString(const Args &a, size_t i, std::string *out, const char *what) {
  if (a.isNullish(i)) return true;
  size_t len = 0;
  if (napi_get_value_string_utf8(a.env, a.at(i), nullptr, 0, &len) != napi_ok) return a.typeError(what, "a string");
  out->resize(len + 1);
  napi_get_value_string_utf8(a.env, a.at(i), &(*out)[0], len + 1, &len);
  out->resize(len);
  return true;
}

bool OptNumber(const Args &a, size_t i, double *out, const char *what) {
  *out = NAN;
  return a.isNullish(i) || a.number(i, out, what);
}

bool OptDtype(const Args &a, size_t i, int *out) {
  *out = -1;
  if (a.isNullish(i)) return true;
  THDType d;
  if (!a.dtype(i, &d)) return false;
  *out = (int)d;
  return true;
}

napi_value LapackAvailable(napi_env env, napi_callback_info) {
  napi_value v;
  napi_get_boolean(env, THLinalg_lapackAvailable() != 0, &v);
  return v;
}

// linalgInv(a, out)
napi_value Inv(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.inv");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  return IntoOut(a, 1, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_inv(r, x); });
}

// linalgDet(a, out)
napi_value Det(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.det");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  return IntoOut(a, 1, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_det(r, x); });
}

// linalgSlogdet(a, out: [sign, logabsdet] | null) -> [sign, logabsdet]
napi_value Slogdet(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.slogdet");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d}, [&](THTensor **t) { return THLinalg_slogdet(t[0], t[1], x); }, 1);
}

// linalgSolve(a, b, left, out)
napi_value Solve(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.solve");
  THTensor *x, *y;
  bool left = true;
  if (!a.tensor(0, &x, "A") || !a.tensor(1, &y, "B")) return nullptr;
  if (!a.isNullish(2) && !a.boolean(2, &left, "left")) return nullptr;
  return IntoOut(a, 3, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_solve(r, x, y, left); });
}

// linalgLstsq(a, b, rcond|null, driver|null) -> [solution, residuals, rank, singularValues]
napi_value Lstsq(napi_env env, napi_callback_info info) {
  Args a(env, info, "torch.linalg.lstsq");
  THTensor *x, *y;
  double rcond;
  std::string driver;
  if (!a.tensor(0, &x, "input") || !a.tensor(1, &y, "other") || !OptNumber(a, 2, &rcond, "rcond") ||
      !OptString(a, 3, &driver, "driver"))
    return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d, TH_Int64, d}, [&](THTensor **t) {
    return THLinalg_lstsq(t[0], t[1], t[2], t[3], x, y, rcond, a.isNullish(3) ? nullptr : driver.c_str());
  });
}

// linalgCholesky(a, upper, out)
napi_value Cholesky(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.cholesky");
  THTensor *x;
  bool upper = false;
  if (!a.tensor(0, &x, "A")) return nullptr;
  if (!a.isNullish(1) && !a.boolean(1, &upper, "upper")) return nullptr;
  return IntoOut(a, 2, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_cholesky(r, x, upper); });
}

// linalgQr(a, mode|null, out|null) -> [Q, R]
napi_value Qr(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.qr");
  THTensor *x;
  std::string mode = "reduced";
  if (!a.tensor(0, &x, "A") || !OptString(a, 1, &mode, "mode")) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d}, [&](THTensor **t) { return THLinalg_qr(t[0], t[1], x, mode.c_str()); }, 2);
}

// linalgSvd(a, fullMatrices, out|null) -> [U, S, Vh]
napi_value Svd(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.svd");
  THTensor *x;
  bool full = true;
  if (!a.tensor(0, &x, "A")) return nullptr;
  if (!a.isNullish(1) && !a.boolean(1, &full, "fullMatrices")) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d, d}, [&](THTensor **t) { return THLinalg_svd(t[0], t[1], t[2], x, full); }, 2);
}

// linalgSvdvals(a, out)
napi_value Svdvals(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.svdvals");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  return IntoOut(a, 1, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_svdvals(r, x); });
}

bool Uplo(const Args &a, size_t i, char *out) {
  std::string s = "L";
  if (!OptString(a, i, &s, "UPLO")) return false;
  *out = s.size() == 1 ? s[0] : '?';
  if (s.size() != 1) {
    std::string msg = "Expected UPLO argument to be 'L' or 'U', but got " + s;
    ThrowError(a.env, msg.c_str());
    return false;
  }
  return true;
}

// linalgEigh(a, UPLO, out|null) -> [eigenvalues, eigenvectors]
napi_value Eigh(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.eigh");
  THTensor *x;
  char uplo;
  if (!a.tensor(0, &x, "A") || !Uplo(a, 1, &uplo)) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d}, [&](THTensor **t) { return THLinalg_eigh(t[0], t[1], x, uplo); }, 2);
}

// linalgEigvalsh(a, UPLO, out)
napi_value Eigvalsh(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.eigvalsh");
  THTensor *x;
  char uplo;
  if (!a.tensor(0, &x, "A") || !Uplo(a, 1, &uplo)) return nullptr;
  return IntoOut(a, 2, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_eigvalsh(r, x, uplo); });
}

// linalgEig(a, out|null) -> [eigenvalues.real, eigenvalues.imag, eigenvectors.real, eigenvectors.imag]
napi_value Eig(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.eig");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d, d, d}, [&](THTensor **t) { return THLinalg_eig(t[0], t[1], t[2], t[3], x); }, 1);
}

// linalgEigvals(a, out|null) -> [real, imag]
napi_value Eigvals(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.eigvals");
  THTensor *x;
  if (!a.tensor(0, &x, "A")) return nullptr;
  THDType d = THTensor_dtype(x);
  return Fresh(a, {d, d}, [&](THTensor **t) { return THLinalg_eig(t[0], t[1], nullptr, nullptr, x); }, 1);
}

// linalgPinv(a, atol|null, rtol|null, hermitian, out)
napi_value Pinv(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.pinv");
  THTensor *x;
  double atol, rtol;
  bool herm = false;
  if (!a.tensor(0, &x, "A") || !OptNumber(a, 1, &atol, "atol") || !OptNumber(a, 2, &rtol, "rtol")) return nullptr;
  if (!a.isNullish(3) && !a.boolean(3, &herm, "hermitian")) return nullptr;
  return IntoOut(a, 4, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_pinv(r, x, atol, rtol, herm); });
}

// linalgMatrixRank(a, atol|null, rtol|null, hermitian, out)
napi_value MatrixRank(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.matrix_rank");
  THTensor *x;
  double atol, rtol;
  bool herm = false;
  if (!a.tensor(0, &x, "A") || !OptNumber(a, 1, &atol, "atol") || !OptNumber(a, 2, &rtol, "rtol")) return nullptr;
  if (!a.isNullish(3) && !a.boolean(3, &herm, "hermitian")) return nullptr;
  return IntoOut(a, 4, TH_Int64, [&](THTensor *r) { return THLinalg_matrixRank(r, x, atol, rtol, herm); });
}

// linalgMatrixNorm(a, ord: string, dim0, dim1, keepdim, dtype|null, out)
napi_value MatrixNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.matrix_norm");
  THTensor *x;
  std::string ord = "fro";
  int64_t d0 = -2, d1 = -1;
  bool keepdim = false;
  int dtype;
  if (!a.tensor(0, &x, "A") || !OptString(a, 1, &ord, "ord")) return nullptr;
  if ((!a.isNullish(2) && !a.integer(2, &d0, "dim")) || (!a.isNullish(3) && !a.integer(3, &d1, "dim"))) return nullptr;
  if (!a.isNullish(4) && !a.boolean(4, &keepdim, "keepdim")) return nullptr;
  if (!OptDtype(a, 5, &dtype)) return nullptr;
  THDType rt = dtype >= 0 ? (THDType)dtype : THTensor_dtype(x);
  return IntoOut(a, 6, rt, [&](THTensor *r) { return THLinalg_matrixNorm(r, x, ord.c_str(), d0, d1, keepdim, dtype); });
}

// linalgVectorNorm(a, ord, dim|null, keepdim, dtype|null, out)
napi_value VectorNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.vector_norm");
  THTensor *x;
  double ord = 2;
  int ndims = 0;
  int64_t dims[TH_MAX_DIMS];
  bool keepdim = false;
  int dtype;
  if (!a.tensor(0, &x, "input")) return nullptr;
  if (!a.isNullish(1) && !a.number(1, &ord, "ord")) return nullptr;
  if (!a.isNullish(2) && !a.intOrList(2, &ndims, dims, "dim")) return nullptr;
  if (!a.isNullish(3) && !a.boolean(3, &keepdim, "keepdim")) return nullptr;
  if (!OptDtype(a, 4, &dtype)) return nullptr;
  THDType rt = dtype >= 0 ? (THDType)dtype : THTensor_dtype(x);
  return IntoOut(a, 5, rt, [&](THTensor *r) {
    return THLinalg_vectorNorm(r, x, ord, ndims, ndims ? dims : nullptr, keepdim, dtype);
  });
}

// linalgMatrixPower(a, n, out)
napi_value MatrixPower(napi_env env, napi_callback_info info) {
  Args a(env, info, "linalg.matrix_power");
  THTensor *x;
  int64_t n;
  if (!a.tensor(0, &x, "A") || !a.integer(1, &n, "n")) return nullptr;
  return IntoOut(a, 2, THTensor_dtype(x), [&](THTensor *r) { return THLinalg_matrixPower(r, x, n); });
}

}  // namespace

const Registrar kLinalgFunctions({
    {"linalgLapackAvailable", LapackAvailable},
    {"linalgInv", Inv},
    {"linalgDet", Det},
    {"linalgSlogdet", Slogdet},
    {"linalgSolve", Solve},
    {"linalgLstsq", Lstsq},
    {"linalgCholesky", Cholesky},
    {"linalgQr", Qr},
    {"linalgSvd", Svd},
    {"linalgSvdvals", Svdvals},
    {"linalgEigh", Eigh},
    {"linalgEigvalsh", Eigvalsh},
    {"linalgEig", Eig},
    {"linalgEigvals", Eigvals},
    {"linalgPinv", Pinv},
    {"linalgMatrixRank", MatrixRank},
    {"linalgMatrixNorm", MatrixNorm},
    {"linalgVectorNorm", VectorNorm},
    {"linalgMatrixPower", MatrixPower},
});

}  // namespace tt
