// Generator handles: a THGenerator crosses into JS as its own type-tagged External; its finalizer
// drops the reference (the process-wide default generator is borrowed and never freed). Compiled
// into th.node and into the addons above it (thnn.node) that take generators as arguments.
#include "generator_handle.h"

#include <string>

namespace tt {

// An addon whose generators are another library's (thc.node's CUDA generators) defines its own tag,
// so that one addon never takes the other's generator for its own.
#ifndef TT_GENERATOR_TAG
#define TT_GENERATOR_TAG {0x7479706574f07267ULL, 0x54485f67656e6572ULL}
#endif
static const napi_type_tag kGeneratorTag = TT_GENERATOR_TAG;

static void FinalizeGenerator(node_api_basic_env, void *data, void *) {
  GenHandle *h = static_cast<GenHandle *>(data);
  THGenerator_free(h->gen);  // a no-op for the default generator
  delete h;
}

napi_value WrapGenerator(napi_env env, THGenerator *g) {
  if (!g) return ThrowTHError(env), nullptr;
  GenHandle *h = new GenHandle{g};
  napi_value ext;
  if (napi_create_external(env, h, FinalizeGenerator, nullptr, &ext) != napi_ok) {
    THGenerator_free(g);
    delete h;
    ThrowError(env, "could not create a generator handle");
    return nullptr;
  }
  napi_type_tag_object(env, ext, &kGeneratorTag);
  return ext;
}

GenHandle *GetGenHandle(napi_env env, napi_value v) {
  napi_valuetype type;
  bool tagged = false;
  if (napi_typeof(env, v, &type) != napi_ok || type != napi_external) return nullptr;
  if (napi_check_object_type_tag(env, v, &kGeneratorTag, &tagged) != napi_ok || !tagged) return nullptr;
  void *data = nullptr;
  napi_get_value_external(env, v, &data);
  return static_cast<GenHandle *>(data);
}

bool GeneratorArg(const Args &a, size_t i, THGenerator **out) {
  *out = nullptr;
  if (a.isNullish(i)) return true;
  GenHandle *h = GetGenHandle(a.env, a.at(i));
  if (!h) return a.typeError("generator", "a Generator");
  if (!h->gen) {
    std::string msg = std::string(a.op) + ": the generator has been disposed and cannot be used any more";
    ThrowError(a.env, msg.c_str());
    return false;
  }
  *out = h->gen;
  return true;
}

}  // namespace tt
