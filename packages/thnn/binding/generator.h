// Generator arguments: the handles of @typetorch/th's Generator objects, unwrapped here.
// th.node creates them in packages/th/binding/random.cc, which is not compiled into thnn.node:
// this file repeats its type tag and handle layout (keep them in step; the lead may move
// th's GeneratorArg into th's handle.h/handle.cc, which thnn.node already compiles in).
#ifndef THNN_GENERATOR_H
#define THNN_GENERATOR_H

#include "thnn_binding.h"

namespace thnn {

// Argument i: null/undefined gives nullptr (libTH's default generator); a disposed or foreign
// value fails with a pending error naming a.op.
bool GeneratorArg(const tt::Args &a, size_t i, THGenerator **out);

}  // namespace thnn

#endif
