// Fused LSTM / GRU cells: fusedLstmCell, fusedLstmCellBackward, fusedLstmCellBiasBackward,
// fusedGruCell, fusedGruCellBackward, fusedGruCellBiasBackward. Null biases / gradients mean none.
#include "thnn_binding.h"

namespace {

using tt::Args;

// fusedLstmCell(inputGates, hiddenGates, cx, inputBias, hiddenBias, hy, cy, workspace)
napi_value FusedLstmCell(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedLstmCell");
  THTensor *ig, *hg, *cx, *ib, *hb, *hy, *cy, *ws;
  if (!a.tensor(0, &ig, "inputGates") || !a.tensor(1, &hg, "hiddenGates") || !a.tensor(2, &cx, "cx") ||
      !thnn::OptionalTensor(a, 3, &ib, "inputBias") || !thnn::OptionalTensor(a, 4, &hb, "hiddenBias") ||
      !a.tensor(5, &hy, "hy") || !a.tensor(6, &cy, "cy") || !a.tensor(7, &ws, "workspace"))
    return nullptr;
  thnn::Check(env, THNN_FusedLSTMCell_updateOutput(ig, hg, cx, ib, hb, hy, cy, ws));
  return thnn::Undefined(env);
}

// fusedLstmCellBackward(gradHy, gradCy, cx, cy, workspace, gradGates, gradCx)
napi_value FusedLstmCellBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedLstmCellBackward");
  THTensor *ghy, *gcy, *cx, *cy, *ws, *gg, *gcx;
  if (!thnn::OptionalTensor(a, 0, &ghy, "gradHy") || !thnn::OptionalTensor(a, 1, &gcy, "gradCy") ||
      !a.tensor(2, &cx, "cx") || !a.tensor(3, &cy, "cy") || !a.tensor(4, &ws, "workspace") ||
      !a.tensor(5, &gg, "gradGates") || !a.tensor(6, &gcx, "gradCx"))
    return nullptr;
  thnn::Check(env, THNN_FusedLSTMCell_updateGradInput(ghy, gcy, cx, cy, ws, gg, gcx));
  return thnn::Undefined(env);
}

// fusedLstmCellBiasBackward(gradGates, gradBias, scale)
napi_value FusedLstmCellBiasBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedLstmCellBackward");
  THTensor *gg, *gb;
  double scale;
  if (!a.tensor(0, &gg, "gradGates") || !a.tensor(1, &gb, "gradBias") || !a.number(2, &scale, "scale")) return nullptr;
  thnn::Check(env, THNN_FusedLSTMCell_accGradParameters(gg, gb, scale));
  return thnn::Undefined(env);
}

// fusedGruCell(inputGates, hiddenGates, hx, inputBias, hiddenBias, hy, workspace)
napi_value FusedGruCell(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedGruCell");
  THTensor *ig, *hg, *hx, *ib, *hb, *hy, *ws;
  if (!a.tensor(0, &ig, "inputGates") || !a.tensor(1, &hg, "hiddenGates") || !a.tensor(2, &hx, "hx") ||
      !thnn::OptionalTensor(a, 3, &ib, "inputBias") || !thnn::OptionalTensor(a, 4, &hb, "hiddenBias") ||
      !a.tensor(5, &hy, "hy") || !a.tensor(6, &ws, "workspace"))
    return nullptr;
  thnn::Check(env, THNN_FusedGRUCell_updateOutput(ig, hg, hx, ib, hb, hy, ws));
  return thnn::Undefined(env);
}

// fusedGruCellBackward(gradHy, workspace, gradInputGates, gradHiddenGates, gradHx)
napi_value FusedGruCellBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedGruCellBackward");
  THTensor *ghy, *ws, *gig, *ghg, *ghx;
  if (!a.tensor(0, &ghy, "gradHy") || !a.tensor(1, &ws, "workspace") || !a.tensor(2, &gig, "gradInputGates") ||
      !a.tensor(3, &ghg, "gradHiddenGates") || !a.tensor(4, &ghx, "gradHx"))
    return nullptr;
  thnn::Check(env, THNN_FusedGRUCell_updateGradInput(ghy, ws, gig, ghg, ghx));
  return thnn::Undefined(env);
}

// fusedGruCellBiasBackward(gradInputGates, gradHiddenGates, gradInputBias, gradHiddenBias, scale)
napi_value FusedGruCellBiasBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "fusedGruCellBackward");
  THTensor *gig, *ghg, *gib, *ghb;
  double scale;
  if (!a.tensor(0, &gig, "gradInputGates") || !a.tensor(1, &ghg, "gradHiddenGates") ||
      !a.tensor(2, &gib, "gradInputBias") || !a.tensor(3, &ghb, "gradHiddenBias") || !a.number(4, &scale, "scale"))
    return nullptr;
  thnn::Check(env, THNN_FusedGRUCell_accGradParameters(gig, ghg, gib, ghb, scale));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterFusedRNN(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "fusedLstmCell", FusedLstmCell);
  thnn::SetFunction(env, exports, "fusedLstmCellBackward", FusedLstmCellBackward);
  thnn::SetFunction(env, exports, "fusedLstmCellBiasBackward", FusedLstmCellBiasBackward);
  thnn::SetFunction(env, exports, "fusedGruCell", FusedGruCell);
  thnn::SetFunction(env, exports, "fusedGruCellBackward", FusedGruCellBackward);
  thnn::SetFunction(env, exports, "fusedGruCellBiasBackward", FusedGruCellBiasBackward);
}
