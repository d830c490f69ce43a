// Losses: the elementwise table (pointwiseLoss / pointwiseLossBackward, kinds by index into
// pointwiseLosses), nll, cross-entropy, the margin and embedding losses and CTC. Reductions are
// THNNReduction codes (0 none, 1 mean, 2 sum); optional tensors may be null. nll's and
// cross-entropy's total weight (one number, mean's divisor) is returned and taken as a JS number.
#include <cmath>

#include "thnn_binding.h"

namespace {

using tt::Args;

bool Reduction(const Args &a, size_t i, THNNReduction *out) {
  int64_t r;
  if (!a.integer(i, &r, "reduction")) return false;
  *out = (THNNReduction)r;  // libTHNN rejects codes out of range
  return true;
}

// An array of at most THNN_POINTWISE_LOSS_MAX_PARAMS numbers (missing entries stay NaN: libTHNN's defaults apply only to a null list).
bool Params(const Args &a, size_t i, double *out, bool *given) {
  for (int k = 0; k < THNN_POINTWISE_LOSS_MAX_PARAMS; k++) out[k] = NAN;
  *given = !a.isNullish(i);
  if (!*given) return true;
  bool isArray = false;
  napi_is_array(a.env, a.at(i), &isArray);
  uint32_t len = 0;
  if (isArray) napi_get_array_length(a.env, a.at(i), &len);
  if (!isArray || len > THNN_POINTWISE_LOSS_MAX_PARAMS) return a.typeError("params", "an array of at most 3 numbers");
  for (uint32_t k = 0; k < len; k++) {
    napi_value v;
    napi_get_element(a.env, a.at(i), k, &v);
    if (napi_get_value_double(a.env, v, &out[k]) != napi_ok) return a.typeError("params", "an array of numbers");
  }
  return true;
}

// The total weight of nll / cross-entropy travels as a JS number: here a 0-d tensor of the input's
// dtype, one per dtype and thread, kept (these losses are often tiny; no allocation per call).
THTensor *TotalWeightScratch(const THTensor *input) {
  thread_local THTensor *scratch[2] = {nullptr, nullptr};
  THDType dt = THTensor_dtype(input) == TH_Float32 ? TH_Float32 : TH_Float64;  // libTHNN rejects the others
  THTensor *&t = scratch[dt == TH_Float32 ? 0 : 1];
  if (!t) t = THTensor_newWithSize(dt, 0, nullptr);
  return t;
}
napi_value TotalWeightValue(napi_env env, THTensor *totalWeight, int status) {
  int ok = TH_OK;
  double v = status == TH_OK ? THTensor_item(totalWeight, &ok) : 0;
  if (!thnn::Check(env, status == TH_OK ? ok : status)) return thnn::Undefined(env);
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}
bool TotalWeightArg(const Args &a, size_t i, const THTensor *input, THTensor **out) {
  *out = nullptr;
  if (a.isNullish(i)) return true;
  double v;
  if (!a.number(i, &v, "totalWeight")) return false;
  *out = THTensor_newScalar(THTensor_dtype(input), v);
  if (!*out) tt::ThrowTHError(a.env);
  return *out != nullptr;
}

// pointwiseLoss(kind, input, target, extra1, extra2, output, reduction, params)
napi_value PointwiseLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "pointwiseLoss");
  int64_t kind;
  THTensor *input, *target, *extra1, *extra2, *output;
  THNNReduction reduction;
  double params[THNN_POINTWISE_LOSS_MAX_PARAMS];
  bool given;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (const char *name = THNN_PointwiseLoss_name((THNNPointwiseLoss)kind)) a.op = name;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &target, "target") || !thnn::OptionalTensor(a, 3, &extra1, "extra1") ||
      !thnn::OptionalTensor(a, 4, &extra2, "extra2") || !a.tensor(5, &output, "output") || !Reduction(a, 6, &reduction) ||
      !Params(a, 7, params, &given))
    return nullptr;
  thnn::Check(env, THNN_PointwiseLoss_updateOutput((THNNPointwiseLoss)kind, input, target, extra1, extra2, output, reduction,
                                                   given ? params : nullptr));
  return thnn::Undefined(env);
}

// pointwiseLossBackward(kind, input, target, extra1, extra2, gradOutput, gradInput, gradTarget, gradExtra1, reduction, params)
napi_value PointwiseLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "pointwiseLossBackward");
  int64_t kind;
  THTensor *input, *target, *extra1, *extra2, *gradOutput, *gradInput, *gradTarget, *gradExtra1;
  THNNReduction reduction;
  double params[THNN_POINTWISE_LOSS_MAX_PARAMS];
  bool given;
  if (!a.integer(0, &kind, "kind")) return nullptr;
  if (!a.tensor(1, &input, "input") || !a.tensor(2, &target, "target") || !thnn::OptionalTensor(a, 3, &extra1, "extra1") ||
      !thnn::OptionalTensor(a, 4, &extra2, "extra2") || !a.tensor(5, &gradOutput, "gradOutput") ||
      !a.tensor(6, &gradInput, "gradInput") || !thnn::OptionalTensor(a, 7, &gradTarget, "gradTarget") ||
      !thnn::OptionalTensor(a, 8, &gradExtra1, "gradExtra1") || !Reduction(a, 9, &reduction) || !Params(a, 10, params, &given))
    return nullptr;
  thnn::Check(env, THNN_PointwiseLoss_updateGradInput((THNNPointwiseLoss)kind, input, target, extra1, extra2, gradOutput,
                                                      gradInput, gradTarget, gradExtra1, reduction, given ? params : nullptr));
  return thnn::Undefined(env);
}

// nllLoss(input, target, weight, output, reduction, ignoreIndex) -> totalWeight
napi_value NllLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "nllLoss");
  THTensor *input, *target, *weight, *output;
  THNNReduction reduction;
  int64_t ignoreIndex;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !thnn::OptionalTensor(a, 2, &weight, "weight") ||
      !a.tensor(3, &output, "output") || !Reduction(a, 4, &reduction) || !a.integer(5, &ignoreIndex, "ignoreIndex"))
    return nullptr;
  THTensor *totalWeight = TotalWeightScratch(input);
  if (!totalWeight) {
    thnn::Check(env, TH_ERR);
    return nullptr;
  }
  int status = THNN_ClassNLLCriterion_updateOutput(input, target, output, reduction, weight, totalWeight, ignoreIndex);
  return TotalWeightValue(env, totalWeight, status);
}

// nllLossBackward(input, target, gradOutput, weight, totalWeight, gradInput, reduction, ignoreIndex)
napi_value NllLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "nllLossBackward");
  THTensor *input, *target, *gradOutput, *weight, *totalWeight, *gradInput;
  THNNReduction reduction;
  int64_t ignoreIndex;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 3, &weight, "weight") || !a.tensor(5, &gradInput, "gradInput") || !Reduction(a, 6, &reduction) ||
      !a.integer(7, &ignoreIndex, "ignoreIndex") || !TotalWeightArg(a, 4, input, &totalWeight))
    return nullptr;
  int status = THNN_ClassNLLCriterion_updateGradInput(input, target, gradOutput, gradInput, reduction, weight, totalWeight,
                                                      ignoreIndex);
  if (totalWeight) THTensor_free(totalWeight);
  thnn::Check(env, status);
  return thnn::Undefined(env);
}

// crossEntropy(input, target, weight, output, logSumExp, reduction, ignoreIndex, labelSmoothing) -> totalWeight
napi_value CrossEntropy(napi_env env, napi_callback_info info) {
  Args a(env, info, "crossEntropy");
  THTensor *input, *target, *weight, *output, *logSumExp;
  THNNReduction reduction;
  int64_t ignoreIndex;
  double labelSmoothing;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !thnn::OptionalTensor(a, 2, &weight, "weight") ||
      !a.tensor(3, &output, "output") || !a.tensor(4, &logSumExp, "logSumExp") || !Reduction(a, 5, &reduction) ||
      !a.integer(6, &ignoreIndex, "ignoreIndex") || !a.number(7, &labelSmoothing, "labelSmoothing"))
    return nullptr;
  THTensor *totalWeight = TotalWeightScratch(input);
  if (!totalWeight) {
    thnn::Check(env, TH_ERR);
    return nullptr;
  }
  int status = THNN_CrossEntropyCriterion_updateOutput(input, target, output, logSumExp, totalWeight, reduction, weight,
                                                       ignoreIndex, labelSmoothing);
  return TotalWeightValue(env, totalWeight, status);
}

// crossEntropyBackward(input, target, gradOutput, weight, logSumExp, totalWeight, gradInput, gradTarget, reduction,
//                      ignoreIndex, labelSmoothing)
napi_value CrossEntropyBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "crossEntropyBackward");
  THTensor *input, *target, *gradOutput, *weight, *logSumExp, *totalWeight, *gradInput, *gradTarget;
  THNNReduction reduction;
  int64_t ignoreIndex;
  double labelSmoothing;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 3, &weight, "weight") || !a.tensor(4, &logSumExp, "logSumExp") ||
      !a.tensor(6, &gradInput, "gradInput") || !thnn::OptionalTensor(a, 7, &gradTarget, "gradTarget") ||
      !Reduction(a, 8, &reduction) || !a.integer(9, &ignoreIndex, "ignoreIndex") ||
      !a.number(10, &labelSmoothing, "labelSmoothing") || !TotalWeightArg(a, 5, input, &totalWeight))
    return nullptr;
  int status = THNN_CrossEntropyCriterion_updateGradInput(input, target, gradOutput, logSumExp, totalWeight, gradInput,
                                                          gradTarget, reduction, weight, ignoreIndex, labelSmoothing);
  if (totalWeight) THTensor_free(totalWeight);
  thnn::Check(env, status);
  return thnn::Undefined(env);
}

// multiMarginLoss(input, target, weight, output, reduction, p, margin)
napi_value MultiMarginLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "multiMarginLoss");
  THTensor *input, *target, *weight, *output;
  THNNReduction reduction;
  int64_t p;
  double margin;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !thnn::OptionalTensor(a, 2, &weight, "weight") ||
      !a.tensor(3, &output, "output") || !Reduction(a, 4, &reduction) || !a.integer(5, &p, "p") ||
      !a.number(6, &margin, "margin"))
    return nullptr;
  thnn::Check(env, THNN_MultiMarginCriterion_updateOutput(input, target, output, reduction, (int)p, weight, margin));
  return thnn::Undefined(env);
}

// multiMarginLossBackward(input, target, gradOutput, weight, gradInput, reduction, p, margin)
napi_value MultiMarginLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "multiMarginLossBackward");
  THTensor *input, *target, *gradOutput, *weight, *gradInput;
  THNNReduction reduction;
  int64_t p;
  double margin;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 3, &weight, "weight") || !a.tensor(4, &gradInput, "gradInput") ||
      !Reduction(a, 5, &reduction) || !a.integer(6, &p, "p") || !a.number(7, &margin, "margin"))
    return nullptr;
  thnn::Check(env, THNN_MultiMarginCriterion_updateGradInput(input, target, gradOutput, gradInput, reduction, (int)p, weight,
                                                             margin));
  return thnn::Undefined(env);
}

// multilabelMarginLoss(input, target, output, isTarget, reduction)
napi_value MultilabelMarginLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "multilabelMarginLoss");
  THTensor *input, *target, *output, *isTarget;
  THNNReduction reduction;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &output, "output") ||
      !a.tensor(3, &isTarget, "isTarget") || !Reduction(a, 4, &reduction))
    return nullptr;
  thnn::Check(env, THNN_MultiLabelMarginCriterion_updateOutput(input, target, output, isTarget, reduction));
  return thnn::Undefined(env);
}

// multilabelMarginLossBackward(input, target, gradOutput, isTarget, gradInput, reduction)
napi_value MultilabelMarginLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "multilabelMarginLossBackward");
  THTensor *input, *target, *gradOutput, *isTarget, *gradInput;
  THNNReduction reduction;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !a.tensor(3, &isTarget, "isTarget") || !a.tensor(4, &gradInput, "gradInput") || !Reduction(a, 5, &reduction))
    return nullptr;
  thnn::Check(env, THNN_MultiLabelMarginCriterion_updateGradInput(input, target, gradOutput, isTarget, gradInput, reduction));
  return thnn::Undefined(env);
}

// multilabelSoftMarginLoss(input, target, weight, output, reduction)
napi_value MultilabelSoftMarginLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "multilabelSoftMarginLoss");
  THTensor *input, *target, *weight, *output;
  THNNReduction reduction;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !thnn::OptionalTensor(a, 2, &weight, "weight") ||
      !a.tensor(3, &output, "output") || !Reduction(a, 4, &reduction))
    return nullptr;
  thnn::Check(env, THNN_MultiLabelSoftMarginCriterion_updateOutput(input, target, output, reduction, weight));
  return thnn::Undefined(env);
}

// multilabelSoftMarginLossBackward(input, target, gradOutput, weight, gradInput, gradTarget, reduction)
napi_value MultilabelSoftMarginLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "multilabelSoftMarginLossBackward");
  THTensor *input, *target, *gradOutput, *weight, *gradInput, *gradTarget;
  THNNReduction reduction;
  if (!a.tensor(0, &input, "input") || !a.tensor(1, &target, "target") || !a.tensor(2, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 3, &weight, "weight") || !a.tensor(4, &gradInput, "gradInput") ||
      !thnn::OptionalTensor(a, 5, &gradTarget, "gradTarget") || !Reduction(a, 6, &reduction))
    return nullptr;
  thnn::Check(env, THNN_MultiLabelSoftMarginCriterion_updateGradInput(input, target, gradOutput, gradInput, gradTarget,
                                                                      reduction, weight));
  return thnn::Undefined(env);
}

// cosineEmbeddingLoss(input1, input2, target, output, reduction, margin)
napi_value CosineEmbeddingLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "cosineEmbeddingLoss");
  THTensor *input1, *input2, *target, *output;
  THNNReduction reduction;
  double margin;
  if (!a.tensor(0, &input1, "input1") || !a.tensor(1, &input2, "input2") || !a.tensor(2, &target, "target") ||
      !a.tensor(3, &output, "output") || !Reduction(a, 4, &reduction) || !a.number(5, &margin, "margin"))
    return nullptr;
  thnn::Check(env, THNN_CosineEmbeddingCriterion_updateOutput(input1, input2, target, output, reduction, margin));
  return thnn::Undefined(env);
}

// cosineEmbeddingLossBackward(input1, input2, target, gradOutput, gradInput1, gradInput2, reduction, margin)
napi_value CosineEmbeddingLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "cosineEmbeddingLossBackward");
  THTensor *input1, *input2, *target, *gradOutput, *gradInput1, *gradInput2;
  THNNReduction reduction;
  double margin;
  if (!a.tensor(0, &input1, "input1") || !a.tensor(1, &input2, "input2") || !a.tensor(2, &target, "target") ||
      !a.tensor(3, &gradOutput, "gradOutput") || !a.tensor(4, &gradInput1, "gradInput1") ||
      !a.tensor(5, &gradInput2, "gradInput2") || !Reduction(a, 6, &reduction) || !a.number(7, &margin, "margin"))
    return nullptr;
  thnn::Check(env, THNN_CosineEmbeddingCriterion_updateGradInput(input1, input2, target, gradOutput, gradInput1, gradInput2,
                                                                 reduction, margin));
  return thnn::Undefined(env);
}

// tripletMarginLoss(anchor, positive, negative, output, reduction, margin, p, eps, swap)
napi_value TripletMarginLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "tripletMarginLoss");
  THTensor *anchor, *positive, *negative, *output;
  THNNReduction reduction;
  double margin, p, eps;
  bool swap;
  if (!a.tensor(0, &anchor, "anchor") || !a.tensor(1, &positive, "positive") || !a.tensor(2, &negative, "negative") ||
      !a.tensor(3, &output, "output") || !Reduction(a, 4, &reduction) || !a.number(5, &margin, "margin") ||
      !a.number(6, &p, "p") || !a.number(7, &eps, "eps") || !a.boolean(8, &swap, "swap"))
    return nullptr;
  thnn::Check(env, THNN_TripletMarginCriterion_updateOutput(anchor, positive, negative, output, reduction, margin, p, eps, swap));
  return thnn::Undefined(env);
}

// tripletMarginLossBackward(anchor, positive, negative, gradOutput, gradAnchor, gradPositive, gradNegative, reduction,
//                           margin, p, eps, swap)
napi_value TripletMarginLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "tripletMarginLossBackward");
  THTensor *anchor, *positive, *negative, *gradOutput, *gradAnchor, *gradPositive, *gradNegative;
  THNNReduction reduction;
  double margin, p, eps;
  bool swap;
  if (!a.tensor(0, &anchor, "anchor") || !a.tensor(1, &positive, "positive") || !a.tensor(2, &negative, "negative") ||
      !a.tensor(3, &gradOutput, "gradOutput") || !a.tensor(4, &gradAnchor, "gradAnchor") ||
      !a.tensor(5, &gradPositive, "gradPositive") || !a.tensor(6, &gradNegative, "gradNegative") ||
      !Reduction(a, 7, &reduction) || !a.number(8, &margin, "margin") || !a.number(9, &p, "p") ||
      !a.number(10, &eps, "eps") || !a.boolean(11, &swap, "swap"))
    return nullptr;
  thnn::Check(env, THNN_TripletMarginCriterion_updateGradInput(anchor, positive, negative, gradOutput, gradAnchor, gradPositive,
                                                               gradNegative, reduction, margin, p, eps, swap));
  return thnn::Undefined(env);
}

// ctcLoss(logProbs, targets, inputLengths, targetLengths, output, negLogLikelihood, logAlpha, reduction, blank, zeroInfinity)
napi_value CtcLoss(napi_env env, napi_callback_info info) {
  Args a(env, info, "ctcLoss");
  THTensor *logProbs, *targets, *inputLengths, *targetLengths, *output, *nll, *logAlpha;
  THNNReduction reduction;
  int64_t blank;
  bool zeroInfinity;
  if (!a.tensor(0, &logProbs, "logProbs") || !a.tensor(1, &targets, "targets") ||
      !a.tensor(2, &inputLengths, "inputLengths") || !a.tensor(3, &targetLengths, "targetLengths") ||
      !a.tensor(4, &output, "output") || !a.tensor(5, &nll, "negLogLikelihood") || !a.tensor(6, &logAlpha, "logAlpha") ||
      !Reduction(a, 7, &reduction) || !a.integer(8, &blank, "blank") || !a.boolean(9, &zeroInfinity, "zeroInfinity"))
    return nullptr;
  thnn::Check(env, THNN_CTCCriterion_updateOutput(logProbs, targets, inputLengths, targetLengths, output, nll, logAlpha,
                                                  reduction, blank, zeroInfinity));
  return thnn::Undefined(env);
}

// ctcLossBackward(logProbs, targets, inputLengths, targetLengths, gradOutput, negLogLikelihood, logAlpha, gradInput,
//                 logBeta, reduction, blank, zeroInfinity)
napi_value CtcLossBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "ctcLossBackward");
  THTensor *logProbs, *targets, *inputLengths, *targetLengths, *gradOutput, *nll, *logAlpha, *gradInput, *logBeta;
  THNNReduction reduction;
  int64_t blank;
  bool zeroInfinity;
  if (!a.tensor(0, &logProbs, "logProbs") || !a.tensor(1, &targets, "targets") ||
      !a.tensor(2, &inputLengths, "inputLengths") || !a.tensor(3, &targetLengths, "targetLengths") ||
      !a.tensor(4, &gradOutput, "gradOutput") || !a.tensor(5, &nll, "negLogLikelihood") ||
      !a.tensor(6, &logAlpha, "logAlpha") || !a.tensor(7, &gradInput, "gradInput") ||
      !thnn::OptionalTensor(a, 8, &logBeta, "logBeta") || !Reduction(a, 9, &reduction) || !a.integer(10, &blank, "blank") ||
      !a.boolean(11, &zeroInfinity, "zeroInfinity"))
    return nullptr;
  thnn::Check(env, THNN_CTCCriterion_updateGradInput(logProbs, targets, inputLengths, targetLengths, gradOutput, nll, logAlpha,
                                                     gradInput, logBeta, reduction, blank, zeroInfinity));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterLoss(napi_env env, napi_value exports) {
  napi_value names;
  napi_create_array_with_length(env, THNN_NumPointwiseLosses, &names);
  for (int k = 0; k < THNN_NumPointwiseLosses; k++) {
    napi_value s;
    napi_create_string_utf8(env, THNN_PointwiseLoss_name((THNNPointwiseLoss)k), NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, names, (uint32_t)k, s);
  }
  napi_set_named_property(env, exports, "pointwiseLosses", names);
  static const struct {
    const char *name;
    napi_callback cb;
  } kFunctions[] = {
      {"pointwiseLoss", PointwiseLoss},
      {"pointwiseLossBackward", PointwiseLossBackward},
      {"nllLoss", NllLoss},
      {"nllLossBackward", NllLossBackward},
      {"crossEntropy", CrossEntropy},
      {"crossEntropyBackward", CrossEntropyBackward},
      {"multiMarginLoss", MultiMarginLoss},
      {"multiMarginLossBackward", MultiMarginLossBackward},
      {"multilabelMarginLoss", MultilabelMarginLoss},
      {"multilabelMarginLossBackward", MultilabelMarginLossBackward},
      {"multilabelSoftMarginLoss", MultilabelSoftMarginLoss},
      {"multilabelSoftMarginLossBackward", MultilabelSoftMarginLossBackward},
      {"cosineEmbeddingLoss", CosineEmbeddingLoss},
      {"cosineEmbeddingLossBackward", CosineEmbeddingLossBackward},
      {"tripletMarginLoss", TripletMarginLoss},
      {"tripletMarginLossBackward", TripletMarginLossBackward},
      {"ctcLoss", CtcLoss},
      {"ctcLossBackward", CtcLossBackward},
  };
  for (const auto &f : kFunctions) thnn::SetFunction(env, exports, f.name, f.cb);
}
