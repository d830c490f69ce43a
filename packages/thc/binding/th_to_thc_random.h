// th_to_thc_random.h — th.node's random.cc and generator_handle.cc compiled into thc.node (as
// th_to_thc.h does for the other binding files): generators are libTHC's Philox generators of the
// current device, with their own handle tag, and the samplers fill device tensors.
#pragma once
#include "th_to_thc.h"

#define TT_GENERATOR_TAG {0x7468635f67656e65ULL, 0x7261746f725f6375ULL}
#define THGenerator THCGenerator
#define THGenerator_new(seed) THCGenerator_new(tc::State(), -1, seed)
#define THGenerator_default() THCGenerator_default(tc::State(), -1)
#define THGenerator_free(...) THCGenerator_free(__VA_ARGS__)
#define THGenerator_manualSeed(...) THCGenerator_manualSeed(__VA_ARGS__)
#define THGenerator_seed(...) THCGenerator_seed(__VA_ARGS__)
#define THGenerator_initialSeed(...) THCGenerator_initialSeed(__VA_ARGS__)
#define THGenerator_newStateTensor(...) THCGenerator_newStateTensor(__VA_ARGS__)
#define THGenerator_setStateTensor(...) THCGenerator_setStateTensor(__VA_ARGS__)
#define THTensor_uniform_(...) THCTensor_uniform_(tc::State(), __VA_ARGS__)
#define THTensor_normal_(...) THCTensor_normal_(tc::State(), __VA_ARGS__)
#define THTensor_random_(...) THCTensor_random_(tc::State(), __VA_ARGS__)
#define THTensor_bernoulli_(...) THCTensor_bernoulli_(tc::State(), __VA_ARGS__)
#define THTensor_bernoulliTensor_(...) THCTensor_bernoulliTensor_(tc::State(), __VA_ARGS__)
#define THTensor_exponential_(...) THCTensor_exponential_(tc::State(), __VA_ARGS__)
#define THTensor_geometric_(...) THCTensor_geometric_(tc::State(), __VA_ARGS__)
#define THTensor_logNormal_(...) THCTensor_logNormal_(tc::State(), __VA_ARGS__)
#define THTensor_cauchy_(...) THCTensor_cauchy_(tc::State(), __VA_ARGS__)
#define THTensor_randperm(...) THCTensor_randperm(tc::State(), __VA_ARGS__)
#define THTensor_multinomial(...) THCTensor_multinomial(tc::State(), __VA_ARGS__)
#define THTensor_bernoulli(...) THCTensor_bernoulli(tc::State(), __VA_ARGS__)
#define THTensor_normalTensor(...) THCTensor_normalTensor(tc::State(), __VA_ARGS__)
#define THRandom_newLike(...) THCRandom_newLike(tc::State(), __VA_ARGS__)
