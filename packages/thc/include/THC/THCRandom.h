/* THCRandom.h — random generators for CUDA tensors and sampling into them, mirroring libTH's
 * THRandom.h: THTensor_foo_(r, ..., THGenerator *g) is THCTensor_foo_(state, r, ..., THCGenerator *g)
 * here, with the same arguments, dtype rules and error messages.
 *
 * A THCGenerator is PyTorch's CUDA generator: a Philox4x32-10 counter-based generator (THCPhilox.h)
 * of a seed and an offset. Every kernel that draws takes the generator's current offset and
 * advances it by 4, so the same seed (manualSeed) gives the same numbers, launch after launch,
 * whatever the GPU or launch shape; the value of element i of a sampled tensor depends only on
 * (seed, offset, i) in row-major order, not on the tensor's strides. The numbers are not
 * PyTorch's (its CUDA kernels lay Philox's counters out differently), but they follow the same
 * distributions, checked statistically by the tests. Each device has a default generator in the
 * state, seeded with PyTorch's default seed; a NULL generator means the default generator of r's
 * device. Samplers queue their work on the current stream of r's device and do not wait for it,
 * except where a result must be checked on the host (bernoulli with a tensor of probabilities,
 * multinomial, normal with a tensor std), which synchronises that stream as PyTorch's messages
 * require. */
#ifndef THC_RANDOM_H
#define THC_RANDOM_H

#include "THC/THCTensor.h"

typedef struct THCGenerator THCGenerator;

/* Bytes of a generator state: the seed then the offset (uint64 each, little-endian), as
 * torch.cuda.get_rng_state(). setState also takes the 8-byte form (a seed, offset 0). */
#define THC_GENERATOR_STATE_SIZE 16

/* A new generator for `device` (-1: the current one), seeded with seed, offset 0 (owned). */
TH_API THCGenerator *THCGenerator_new(THCState *state, int device, uint64_t seed);
TH_API void THCGenerator_retain(THCGenerator *g);
TH_API void THCGenerator_free(THCGenerator *g);
/* The default generator of `device` (-1: current); borrowed, lives as long as the state. */
TH_API THCGenerator *THCGenerator_default(THCState *state, int device);
TH_API int THCGenerator_device(const THCGenerator *g);
/* Seed, with the offset back to 0 (torch.cuda.manual_seed). */
TH_API void THCGenerator_manualSeed(THCGenerator *g, uint64_t seed);
/* Seeds g from the operating system's entropy (53 bits, exact as a double) and returns the seed. */
TH_API uint64_t THCGenerator_seed(THCGenerator *g);
TH_API uint64_t THCGenerator_initialSeed(THCGenerator *g);
/* Philox's offset: the launches drawn so far, times 4 (PyTorch's get_offset / set_offset). */
TH_API uint64_t THCGenerator_offset(THCGenerator *g);
TH_API int THCGenerator_setOffset(THCGenerator *g, uint64_t offset); /* a multiple of 4 */
/* The state as THC_GENERATOR_STATE_SIZE bytes. */
TH_API void THCGenerator_getState(THCGenerator *g, uint8_t *out);
/* A fresh 1-d uint8 host tensor holding the state (torch.cuda.get_rng_state()). */
TH_API THTensor *THCGenerator_newStateTensor(THCGenerator *g);
/* Sets the state from 16 bytes (seed, offset) or 8 (seed, offset 0); "RNG state is wrong size"
 * otherwise, as PyTorch. */
TH_API int THCGenerator_setState(THCGenerator *g, const uint8_t *state, size_t n);
/* From a contiguous 1-d uint8 host tensor. */
TH_API int THCGenerator_setStateTensor(THCGenerator *g, const THTensor *state);
/* torch.cuda.manual_seed_all / seed_all: every device's default generator. */
TH_API int THCRandom_manualSeedAll(THCState *state, uint64_t seed);
TH_API uint64_t THCRandom_seedAll(THCState *state);

/* ---- in-place samplers (r is any strided device tensor of a supported dtype) ---- */
/* Uniform on [from, to): floating dtypes. */
TH_API int THCTensor_uniform_(THCState *state, THTensor *r, double from, double to, THCGenerator *g);
/* Normal(mean, std): floating dtypes; std >= 0. */
TH_API int THCTensor_normal_(THCState *state, THTensor *r, double mean, double std, THCGenerator *g);
/* random_: integers uniform on [from, to) (hasTo), on [from, dtype's max] (hasFrom only), or on
 * [0, 2^mantissa] / [0, max] (neither), as PyTorch's random_ overloads. */
TH_API int THCTensor_random_(THCState *state, THTensor *r, int hasFrom, int64_t from, int hasTo, int64_t to, THCGenerator *g);
/* 1 with probability p, else 0. */
TH_API int THCTensor_bernoulli_(THCState *state, THTensor *r, double p, THCGenerator *g);
/* Elementwise p (a float32 or float64 tensor broadcastable to r's shape, values in [0, 1]). */
TH_API int THCTensor_bernoulliTensor_(THCState *state, THTensor *r, const THTensor *p, THCGenerator *g);
TH_API int THCTensor_exponential_(THCState *state, THTensor *r, double lambd, THCGenerator *g);
TH_API int THCTensor_geometric_(THCState *state, THTensor *r, double p, THCGenerator *g);
TH_API int THCTensor_logNormal_(THCState *state, THTensor *r, double mean, double std, THCGenerator *g);
TH_API int THCTensor_cauchy_(THCState *state, THTensor *r, double median, double sigma, THCGenerator *g);

/* ---- sampling into a result (resized) ---- */
/* r = a random permutation of 0..n-1 (r's dtype; r must be a device tensor). */
TH_API int THCTensor_randperm(THCState *state, THTensor *r, int64_t n, THCGenerator *g);
/* r (int64) = numSamples category indices per row of the 1-d or 2-d probabilities p. */
TH_API int THCTensor_multinomial(THCState *state, THTensor *r, const THTensor *p, int64_t numSamples, int replacement,
                                 THCGenerator *g);
/* torch.bernoulli(p): r resized to p's shape (when it differs), then bernoulliTensor_(r, p). */
TH_API int THCTensor_bernoulli(THCState *state, THTensor *r, const THTensor *p, THCGenerator *g);
/* The fresh result of rand_like/randn_like/randint_like/bernoulli on t's device: t's shape and,
 * when t is dense, its memory layout (PyTorch's preserve_format), uninitialised. */
TH_API THTensor *THCRandom_newLike(THCState *state, const THTensor *t, THDType dtype);
/* torch.normal with tensor arguments: mean and/or std are tensors (NULL: use the number), r is
 * resized to their broadcast shape: r = N(0,1) * std + mean (r = N(0,std) + mean when only mean
 * is a tensor). */
TH_API int THCTensor_normalTensor(THCState *state, THTensor *r, const THTensor *mean, double meanValue, const THTensor *std,
                                  double stdValue, THCGenerator *g);

#endif
