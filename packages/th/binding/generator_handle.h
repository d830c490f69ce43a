// Generator handles shared by th.node and the addons above it (see generator_handle.cc).
#ifndef TT_GENERATOR_HANDLE_H
#define TT_GENERATOR_HANDLE_H

#include "args.h"

namespace tt {

struct GenHandle {
  THGenerator *gen;  // null once disposed
};

// A new External for g (owning a reference to it); nullptr with a pending error on failure.
napi_value WrapGenerator(napi_env env, THGenerator *g);
// The handle behind v, or nullptr when v is not a Generator handle.
GenHandle *GetGenHandle(napi_env env, napi_value v);
// The generator argument i: null/undefined means the default one (*out = nullptr); a disposed or
// foreign value fails with a pending error naming a.op.
bool GeneratorArg(const Args &a, size_t i, THGenerator **out);

}  // namespace tt

#endif
