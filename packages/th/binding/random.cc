// Random generators and sampling: argument conversion only, the sampling is libTH's.
// Generator handles are in generator_handle.cc.
#include <cmath>
#include <string>

#include "convert.h"
#include "generator_handle.h"
#include "ops.h"

namespace tt {

namespace {

// A seed: an integer number or a bigint, taken modulo 2^64 as PyTorch does for negative seeds.
bool SeedArg(const Args &a, size_t i, uint64_t *out) {
  napi_valuetype t;
  napi_typeof(a.env, a.at(i), &t);
  if (t == napi_bigint) {
    int sign = 0;
    size_t words = 2;
    uint64_t w[2] = {0, 0};
    napi_get_value_bigint_words(a.env, a.at(i), &sign, &words, w);
    if (words > 1 && w[1] != 0) {
      ThrowRangeError(a.env, (std::string(a.op) + ": the seed must fit in 64 bits").c_str());
      return false;
    }
    *out = sign ? (uint64_t)0 - w[0] : w[0];
    return true;
  }
  double d;
  if (t != napi_number || napi_get_value_double(a.env, a.at(i), &d) != napi_ok || !std::isfinite(d) || d != std::trunc(d))
    return a.typeError("seed", "an integer (a number or a bigint)");
  if (d >= 18446744073709551616.0 || d < -9223372036854775808.0) {
    ThrowRangeError(a.env, (std::string(a.op) + ": the seed must fit in 64 bits").c_str());
    return false;
  }
  *out = d >= 0 ? (uint64_t)d : (uint64_t)(int64_t)d;
  return true;
}

napi_value SeedValue(napi_env env, uint64_t s) {
  if (s <= 9007199254740991ULL) return Number(env, (double)s);
  napi_value r;
  napi_create_bigint_uint64(env, s, &r);
  return r;
}

// genNew(seed | null)
napi_value GenNew(napi_env env, napi_callback_info info) {
  Args a(env, info, "Generator");
  uint64_t seed = TH_DEFAULT_SEED;
  if (!a.isNullish(0) && !SeedArg(a, 0, &seed)) return nullptr;
  return WrapGenerator(env, THGenerator_new(seed));
}

napi_value GenDefault(napi_env env, napi_callback_info) { return WrapGenerator(env, THGenerator_default()); }

napi_value GenManualSeed(napi_env env, napi_callback_info info) {
  Args a(env, info, "manualSeed");
  THGenerator *g;
  uint64_t seed;
  if (!GeneratorArg(a, 0, &g) || !SeedArg(a, 1, &seed)) return nullptr;
  THGenerator_manualSeed(g, seed);
  return Undefined(env);
}

napi_value GenSeed(napi_env env, napi_callback_info info) {
  Args a(env, info, "seed");
  THGenerator *g;
  if (!GeneratorArg(a, 0, &g)) return nullptr;
  return SeedValue(env, THGenerator_seed(g));
}

napi_value GenInitialSeed(napi_env env, napi_callback_info info) {
  Args a(env, info, "initialSeed");
  THGenerator *g;
  if (!GeneratorArg(a, 0, &g)) return nullptr;
  return SeedValue(env, THGenerator_initialSeed(g));
}

napi_value GenGetState(napi_env env, napi_callback_info info) {
  Args a(env, info, "getState");
  THGenerator *g;
  if (!GeneratorArg(a, 0, &g)) return nullptr;
  return WrapTensor(env, THGenerator_newStateTensor(g));
}

napi_value GenSetState(napi_env env, napi_callback_info info) {
  Args a(env, info, "setState");
  THGenerator *g;
  THTensor *state;
  if (!GeneratorArg(a, 0, &g) || !a.tensor(1, &state, "new_state")) return nullptr;
  if (THGenerator_setStateTensor(g, state)) return ThrowTHError(env), nullptr;
  return Undefined(env);
}

napi_value GenDispose(napi_env env, napi_callback_info info) {
  Args a(env, info, "dispose");
  GenHandle *h = GetGenHandle(env, a.at(0));
  if (h && h->gen) {
    THGenerator_free(h->gen);
    h->gen = nullptr;
  }
  return Undefined(env);
}

napi_value GenIsDisposed(napi_env env, napi_callback_info info) {
  Args a(env, info, "isDisposed");
  GenHandle *h = GetGenHandle(env, a.at(0));
  napi_value r;
  napi_get_boolean(env, !h || !h->gen, &r);
  return r;
}

// The in-place samplers, by kind (the order of RANDOM_KINDS in random.ts).
enum { K_uniform, K_normal, K_random, K_bernoulli, K_bernoulliTensor, K_exponential, K_geometric, K_logNormal, K_cauchy, K_count };
const char *const kKindNames[K_count] = {"uniform_", "normal_", "random_", "bernoulli_", "bernoulli_",
                                          "exponential_", "geometric_", "log_normal_", "cauchy_"};

// sample_(kind, self, generator, a, b): a/b are the distribution's numbers (a tensor p for
// bernoulliTensor; for random_, a = from or null, b = to or null).
napi_value Sample(napi_env env, napi_callback_info info) {
  Args a(env, info, "sample");
  int64_t kind;
  THTensor *self;
  THGenerator *g;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (kind < 0 || kind >= K_count) return ThrowRangeError(env, "sample: unknown kind"), nullptr;
  a.op = kKindNames[kind];
  if (!a.tensor(1, &self, "self") || !GeneratorArg(a, 2, &g)) return nullptr;
  int status;
  if (kind == K_random) {
    int64_t from = 0, to = 0;
    bool hasFrom = !a.isNullish(3), hasTo = !a.isNullish(4);
    if ((hasFrom && !a.integer(3, &from, "from")) || (hasTo && !a.integer(4, &to, "to"))) return nullptr;
    status = THTensor_random_(self, hasFrom, from, hasTo, to, g);
  } else if (kind == K_bernoulliTensor) {
    THTensor *p;
    if (!a.tensor(3, &p, "p")) return nullptr;
    status = THTensor_bernoulliTensor_(self, p, g);
  } else {
    double x = 0, y = 0;
    if (!a.number(3, &x, "parameter") || (!a.isNullish(4) && !a.number(4, &y, "parameter"))) return nullptr;
    switch (kind) {
      case K_uniform: status = THTensor_uniform_(self, x, y, g); break;
      case K_normal: status = THTensor_normal_(self, x, y, g); break;
      case K_bernoulli: status = THTensor_bernoulli_(self, x, g); break;
      case K_exponential: status = THTensor_exponential_(self, x, g); break;
      case K_geometric: status = THTensor_geometric_(self, x, g); break;
      case K_logNormal: status = THTensor_logNormal_(self, x, y, g); break;
      default: status = THTensor_cauchy_(self, x, y, g); break;
    }
  }
  if (status) return ThrowTHError(env), nullptr;
  return a.at(1);
}

// randomLike(h, dtype): uninitialised, with h's shape and (dense) memory layout.
napi_value RandomLike(napi_env env, napi_callback_info info) {
  Args a(env, info, "randomLike");
  THTensor *t;
  THDType dtype;
  if (!a.tensor(0, &t, "input") || !a.dtype(1, &dtype)) return nullptr;
  return WrapTensor(env, THRandom_newLike(t, dtype));
}

// randperm(n, dtype, generator, out)
napi_value Randperm(napi_env env, napi_callback_info info) {
  Args a(env, info, "randperm");
  int64_t n;
  THDType dtype;
  THGenerator *g;
  if (!a.integer(0, &n, "n") || !a.dtype(1, &dtype) || !GeneratorArg(a, 2, &g)) return nullptr;
  return IntoOut(a, 3, dtype, [&](THTensor *r) { return THTensor_randperm(r, n, g); });
}

// multinomial(input, numSamples, replacement, generator, out)
napi_value Multinomial(napi_env env, napi_callback_info info) {
  Args a(env, info, "multinomial");
  THTensor *p;
  int64_t n;
  bool replacement = false;
  THGenerator *g;
  if (!a.tensor(0, &p, "input") || !a.integer(1, &n, "num_samples")) return nullptr;
  if (!a.isNullish(2) && !a.boolean(2, &replacement, "replacement")) return nullptr;
  if (!GeneratorArg(a, 3, &g)) return nullptr;
  return IntoOut(a, 4, TH_Int64, [&](THTensor *r) { return THTensor_multinomial(r, p, n, replacement, g); });
}

// bernoulli(input, generator, out): 0/1 samples with the probabilities in input.
napi_value Bernoulli(napi_env env, napi_callback_info info) {
  Args a(env, info, "bernoulli");
  THTensor *p;
  THGenerator *g;
  if (!a.tensor(0, &p, "input") || !GeneratorArg(a, 1, &g)) return nullptr;
  // a fresh result is contiguous (PyTorch 1.13's empty_like with the legacy contiguous format)
  return IntoOut(a, 2, THTensor_dtype(p), [&](THTensor *r) { return THTensor_bernoulli(r, p, g); });
}

// normalTensor(mean, std, generator, out): mean and/or std are tensors, the other may be a number.
napi_value NormalTensor(napi_env env, napi_callback_info info) {
  Args a(env, info, "normal");
  THTensor *mean = nullptr, *std = nullptr;
  double meanValue = 0, stdValue = 1;
  THGenerator *g;
  if (IsTensorHandle(env, a.at(0))) {
    if (!a.tensor(0, &mean, "mean")) return nullptr;
  } else if (!a.number(0, &meanValue, "mean")) {
    return nullptr;
  }
  if (IsTensorHandle(env, a.at(1))) {
    if (!a.tensor(1, &std, "std")) return nullptr;
  } else if (!a.number(1, &stdValue, "std")) {
    return nullptr;
  }
  if (!mean && !std) return a.typeError("mean or std", "a Tensor"), nullptr;
  if (!GeneratorArg(a, 2, &g)) return nullptr;
  THDType dtype = THTensor_dtype(mean ? mean : std);
  return IntoOut(a, 3, dtype, [&](THTensor *r) { return THTensor_normalTensor(r, mean, meanValue, std, stdValue, g); });
}

}  // namespace

const Registrar kRandomFunctions({
    {"genNew", GenNew},
    {"genDefault", GenDefault},
    {"genManualSeed", GenManualSeed},
    {"genSeed", GenSeed},
    {"genInitialSeed", GenInitialSeed},
    {"genGetState", GenGetState},
    {"genSetState", GenSetState},
    {"genDispose", GenDispose},
    {"genIsDisposed", GenIsDisposed},
    {"sample", Sample},
    {"randomLike", RandomLike},
    {"randperm", Randperm},
    {"multinomial", Multinomial},
    {"bernoulli", Bernoulli},
    {"normalTensor", NormalTensor},
});

}  // namespace tt
