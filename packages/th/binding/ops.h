// The functions the addon exports, and the view kinds shared with the TS wrapper.
#pragma once
#include <initializer_list>
#include <vector>

#include "handle.h"

namespace tt {

struct FunctionEntry {
  const char *name;
  napi_callback fn;
};
// Every binding file (one per area: ops.cc, reduce.cc, blas.cc, ...) registers its functions at
// load with a namespace-scope `const Registrar kXFunctions({{"name", Fn}, ...});`; addon.cc
// exports everything registered. A name registered twice is an error at load.
std::vector<FunctionEntry> &RegisteredFunctions();
struct Registrar {
  Registrar(std::initializer_list<FunctionEntry> entries) {
    for (const FunctionEntry &e : entries) RegisteredFunctions().push_back(e);
  }
};

// The order is exported as `viewKinds` so the TS side never hard-codes numbers.
#define TH_VIEW_KINDS(_)                                                                                 \
  _(view) _(reshape) _(expand) _(permute) _(asStrided) _(movedim) _(unflatten) _(squeeze) _(flatten)   \
  _(transpose) _(t) _(mT) _(narrow) _(select) _(unsqueeze) _(unfold) _(diagonal) _(alias) _(contiguous) \
  _(clone)
#define TH_VIEW_ENUM(name) TH_VIEW_##name,
enum { TH_VIEW_KINDS(TH_VIEW_ENUM) TH_NumViewKinds };
#undef TH_VIEW_ENUM
extern const char *const kViewNames[TH_NumViewKinds];

}  // namespace tt
