// Embedding and embedding bags: embedding, embeddingRenorm, embeddingBackward, embeddingBag,
// embeddingBagBackward, embeddingBagPerSampleWeightsBackward. A null paddingIdx means none.
#include "thnn_binding.h"

namespace {

using tt::Args;

bool PaddingIdx(const Args &a, size_t i, int64_t *out) {
  *out = THNN_NO_PADDING_IDX;
  return a.isNullish(i) || a.integer(i, out, "paddingIdx");
}

bool Mode(const Args &a, size_t i, THNNEmbeddingBagMode *out) {
  int64_t m;
  if (!a.integer(i, &m, "mode")) return false;
  *out = (THNNEmbeddingBagMode)m;
  return true;
}

// embedding(indices, weight, output, paddingIdx)
napi_value Embedding(napi_env env, napi_callback_info info) {
  Args a(env, info, "embedding");
  THTensor *indices, *weight, *output;
  int64_t pad;
  if (!a.tensor(0, &indices, "indices") || !a.tensor(1, &weight, "weight") || !a.tensor(2, &output, "output") ||
      !PaddingIdx(a, 3, &pad))
    return nullptr;
  thnn::Check(env, THNN_Embedding_updateOutput(indices, weight, output, pad));
  return thnn::Undefined(env);
}

// embeddingRenorm(weight, indices, maxNorm, normType)
napi_value EmbeddingRenorm(napi_env env, napi_callback_info info) {
  Args a(env, info, "embeddingRenorm");
  THTensor *weight, *indices;
  double maxNorm, normType;
  if (!a.tensor(0, &weight, "weight") || !a.tensor(1, &indices, "indices") || !a.number(2, &maxNorm, "maxNorm") ||
      !a.number(3, &normType, "normType"))
    return nullptr;
  thnn::Check(env, THNN_Embedding_renorm(weight, indices, maxNorm, normType));
  return thnn::Undefined(env);
}

// embeddingBackward(indices, gradOutput, gradWeight, paddingIdx, scaleGradByFreq, scale)
napi_value EmbeddingBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "embeddingBackward");
  THTensor *indices, *gradOutput, *gradWeight;
  int64_t pad;
  bool freq;
  double scale;
  if (!a.tensor(0, &indices, "indices") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !a.tensor(2, &gradWeight, "gradWeight") || !PaddingIdx(a, 3, &pad) || !a.boolean(4, &freq, "scaleGradByFreq") ||
      !a.number(5, &scale, "scale"))
    return nullptr;
  thnn::Check(env, THNN_Embedding_accGradParameters(indices, gradOutput, gradWeight, pad, freq, scale));
  return thnn::Undefined(env);
}

// embeddingBag(indices, offsets, weight, perSampleWeights, output, offset2bag, bagSize, maxIndices, mode,
//              includeLastOffset, paddingIdx)
napi_value EmbeddingBag(napi_env env, napi_callback_info info) {
  Args a(env, info, "embeddingBag");
  THTensor *indices, *offsets, *weight, *psw, *output, *offset2bag, *bagSize, *maxIndices;
  THNNEmbeddingBagMode mode;
  bool includeLast;
  int64_t pad;
  if (!a.tensor(0, &indices, "input") || !thnn::OptionalTensor(a, 1, &offsets, "offsets") ||
      !a.tensor(2, &weight, "weight") || !thnn::OptionalTensor(a, 3, &psw, "perSampleWeights") ||
      !a.tensor(4, &output, "output") || !a.tensor(5, &offset2bag, "offset2bag") || !a.tensor(6, &bagSize, "bagSize") ||
      !thnn::OptionalTensor(a, 7, &maxIndices, "maxIndices") || !Mode(a, 8, &mode) ||
      !a.boolean(9, &includeLast, "includeLastOffset") || !PaddingIdx(a, 10, &pad))
    return nullptr;
  thnn::Check(env, THNN_EmbeddingBag_updateOutput(indices, offsets, weight, psw, output, offset2bag, bagSize, maxIndices,
                                                  mode, includeLast, pad));
  return thnn::Undefined(env);
}

// embeddingBagBackward(indices, gradOutput, offset2bag, bagSize, maxIndices, perSampleWeights, gradWeight, mode,
//                      paddingIdx, scaleGradByFreq, scale)
napi_value EmbeddingBagBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "embeddingBagBackward");
  THTensor *indices, *gradOutput, *offset2bag, *bagSize, *maxIndices, *psw, *gradWeight;
  THNNEmbeddingBagMode mode;
  int64_t pad;
  bool freq;
  double scale;
  if (!a.tensor(0, &indices, "input") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !thnn::OptionalTensor(a, 2, &offset2bag, "offset2bag") || !thnn::OptionalTensor(a, 3, &bagSize, "bagSize") ||
      !thnn::OptionalTensor(a, 4, &maxIndices, "maxIndices") || !thnn::OptionalTensor(a, 5, &psw, "perSampleWeights") ||
      !a.tensor(6, &gradWeight, "gradWeight") || !Mode(a, 7, &mode) || !PaddingIdx(a, 8, &pad) ||
      !a.boolean(9, &freq, "scaleGradByFreq") || !a.number(10, &scale, "scale"))
    return nullptr;
  thnn::Check(env, THNN_EmbeddingBag_accGradParameters(indices, gradOutput, offset2bag, bagSize, maxIndices, psw,
                                                       gradWeight, mode, pad, freq, scale));
  return thnn::Undefined(env);
}

// embeddingBagPerSampleWeightsBackward(indices, gradOutput, offset2bag, weight, gradPerSampleWeights, mode, paddingIdx)
napi_value EmbeddingBagPerSampleWeightsBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, "embeddingBagBackward");
  THTensor *indices, *gradOutput, *offset2bag, *weight, *gradPsw;
  THNNEmbeddingBagMode mode;
  int64_t pad;
  if (!a.tensor(0, &indices, "input") || !a.tensor(1, &gradOutput, "gradOutput") ||
      !a.tensor(2, &offset2bag, "offset2bag") || !a.tensor(3, &weight, "weight") ||
      !a.tensor(4, &gradPsw, "gradPerSampleWeights") || !Mode(a, 5, &mode) || !PaddingIdx(a, 6, &pad))
    return nullptr;
  thnn::Check(env, THNN_EmbeddingBag_updateGradInput(indices, gradOutput, offset2bag, weight, gradPsw, mode, pad));
  return thnn::Undefined(env);
}

}  // namespace

void thnn::RegisterEmbedding(napi_env env, napi_value exports) {
  thnn::SetFunction(env, exports, "embedding", Embedding);
  thnn::SetFunction(env, exports, "embeddingRenorm", EmbeddingRenorm);
  thnn::SetFunction(env, exports, "embeddingBackward", EmbeddingBackward);
  thnn::SetFunction(env, exports, "embeddingBag", EmbeddingBag);
  thnn::SetFunction(env, exports, "embeddingBagBackward", EmbeddingBagBackward);
  thnn::SetFunction(env, exports, "embeddingBagPerSampleWeightsBackward", EmbeddingBagPerSampleWeightsBackward);
}
