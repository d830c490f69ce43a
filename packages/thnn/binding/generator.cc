#include "generator.h"

#include <string>

namespace {

// th's random.cc: struct GenHandle { THGenerator *gen; } behind an External with this tag.
struct GenHandle {
  THGenerator *gen;  // null once disposed
};
const napi_type_tag kGeneratorTag = {0x7479706574f07267ULL, 0x54485f67656e6572ULL};

}  // namespace

bool thnn::GeneratorArg(const tt::Args &a, size_t i, THGenerator **out) {
  *out = nullptr;
  if (a.isNullish(i)) return true;
  napi_valuetype type;
  bool tagged = false;
  napi_value v = a.at(i);
  if (napi_typeof(a.env, v, &type) != napi_ok || type != napi_external ||
      napi_check_object_type_tag(a.env, v, &kGeneratorTag, &tagged) != napi_ok || !tagged)
    return a.typeError("generator", "a Generator");
  void *data = nullptr;
  napi_get_value_external(a.env, v, &data);
  THGenerator *g = static_cast<GenHandle *>(data)->gen;
  if (!g) {
    std::string msg = std::string(a.op) + ": the generator has been disposed and cannot be used any more";
    tt::ThrowError(a.env, msg.c_str());
    return false;
  }
  *out = g;
  return true;
}
