/* THRandom.h — random generators (seedable, state get/set) and sampling into tensors.
 *
 * A THGenerator is PyTorch's CPU generator: an mt19937 engine seeded with the low 32 bits of the
 * seed, plus the cached second Box–Muller sample. The same seed gives the same streams as
 * `torch.manual_seed(seed)` for rand/uniform_, randint/random_, randperm, bernoulli, exponential_,
 * geometric_, cauchy_, logNormal_, multinomial, and randn/normal_ (float64 bit for bit; float32
 * to the last bit or so, see THDistributions.c). Sampling is serial from the generator (as in
 * PyTorch), so results never depend on the thread count; only pure per-block transforms run in
 * parallel. Every sampler takes a generator; NULL means the process-wide default generator.
 * Samplers fill r in place in PyTorch's element order (memory order for a permuted dense tensor). */
#ifndef TH_RANDOM_H
#define TH_RANDOM_H

#include "THTensor.h"

typedef struct THGenerator THGenerator;

/* The seed PyTorch's generators start from. */
#define TH_DEFAULT_SEED 67280421310721ULL
/* Bytes of a generator state: PyTorch's CPUGeneratorImplState (torch.get_rng_state()). */
#define TH_GENERATOR_STATE_SIZE 5056
/* The older THGeneratorState layout, also accepted by setState, as in PyTorch. */
#define TH_GENERATOR_LEGACY_STATE_SIZE 5048

/* A new generator (owned; free with THGenerator_free). */
TH_API THGenerator *THGenerator_new(uint64_t seed);
TH_API void THGenerator_retain(THGenerator *g);
TH_API void THGenerator_free(THGenerator *g);
/* The process-wide default generator (borrowed; never freed). */
TH_API THGenerator *THGenerator_default(void);
TH_API void THGenerator_manualSeed(THGenerator *g, uint64_t seed);
/* Seeds g from the operating system's entropy (53 bits, so that it is exact as a double) and
 * returns the seed. */
TH_API uint64_t THGenerator_seed(THGenerator *g);
/* A seed from the operating system's entropy (the clock where none can be read): 53 bits, exact as
 * a double, for every backend's generators. */
TH_API uint64_t THRandom_entropySeed(void);
TH_API uint64_t THGenerator_initialSeed(THGenerator *g);
/* The state as TH_GENERATOR_STATE_SIZE bytes, in PyTorch's layout (little-endian). */
TH_API void THGenerator_getState(THGenerator *g, uint8_t *out);
/* A fresh 1-d uint8 tensor holding the state. */
TH_API THTensor *THGenerator_newStateTensor(THGenerator *g);
/* Sets the state from bytes (either size above); checks it as PyTorch does. */
TH_API int THGenerator_setState(THGenerator *g, const uint8_t *state, size_t n);
/* Sets the state from a contiguous 1-d uint8 tensor. */
TH_API int THGenerator_setStateTensor(THGenerator *g, const THTensor *state);
/* Raw draws (mt19937 output; random64 = two draws, the first one high). */
TH_API uint32_t THGenerator_random(THGenerator *g);
TH_API uint64_t THGenerator_random64(THGenerator *g);

/* ---- in-place samplers (r is any strided tensor of a supported dtype) ---- */
/* Uniform on [from, to): floating dtypes. */
TH_API int THTensor_uniform_(THTensor *r, double from, double to, THGenerator *g);
/* Normal(mean, std): floating dtypes; std >= 0. */
TH_API int THTensor_normal_(THTensor *r, double mean, double std, THGenerator *g);
/* random_: integers uniform on [from, to) (hasTo), on [from, dtype's max] (hasFrom only), or on
 * [0, 2^mantissa] / [0, max] (neither), as PyTorch's random_ overloads. */
TH_API int THTensor_random_(THTensor *r, int hasFrom, int64_t from, int hasTo, int64_t to, THGenerator *g);
/* What random_'s arguments ask of dtype t, checked with PyTorch's rules and messages (bounds rounded
 * to a floating dtype, out-of-range bounds refused), for every backend to draw the same way. */
typedef enum { TH_RANDOM_DEFAULT, TH_RANDOM_FULL, TH_RANDOM_RANGE32, TH_RANDOM_RANGE64 } THRandomKind;
typedef struct THRandomRange {
  THRandomKind kind; /* DEFAULT: [0, 2^digits] or [0, max]; FULL: all 64 bits; RANGE32/64: base + a 32-/64-bit draw % range */
  int64_t base;
  uint64_t range;
} THRandomRange;
TH_API int THRandom_range(THDType t, int hasFrom, int64_t from, int hasTo, int64_t to, THRandomRange *out);
/* 1 with probability p, else 0. */
TH_API int THTensor_bernoulli_(THTensor *r, double p, THGenerator *g);
/* Elementwise p (a tensor broadcastable to r's shape, values in [0, 1]). */
TH_API int THTensor_bernoulliTensor_(THTensor *r, const THTensor *p, THGenerator *g);
TH_API int THTensor_exponential_(THTensor *r, double lambd, THGenerator *g);
TH_API int THTensor_geometric_(THTensor *r, double p, THGenerator *g);
TH_API int THTensor_logNormal_(THTensor *r, double mean, double std, THGenerator *g);
TH_API int THTensor_cauchy_(THTensor *r, double median, double sigma, THGenerator *g);

/* ---- sampling into a result (resized) ---- */
/* r = a random permutation of 0..n-1 (r's dtype; int64 as in PyTorch by default). */
TH_API int THTensor_randperm(THTensor *r, int64_t n, THGenerator *g);
/* randperm's checks of n against the result's dtype, with PyTorch's messages. */
TH_API int THRandom_randpermCheck(THDType t, int64_t n);
/* r (int64) = numSamples category indices per row of the 1-d or 2-d probabilities p. */
TH_API int THTensor_multinomial(THTensor *r, const THTensor *p, int64_t numSamples, int replacement, THGenerator *g);
/* torch.normal with tensor arguments: mean and/or std are tensors (NULL: use the number), r is
 * resized to their broadcast shape: r = N(0,1) * std + mean (r = N(0,std) + mean when only mean
 * is a tensor), computed as PyTorch does. */
/* torch.bernoulli(p): r resized to p's shape (when it differs), then bernoulliTensor_(r, p). */
TH_API int THTensor_bernoulli(THTensor *r, const THTensor *p, THGenerator *g);
/* The fresh result of rand_like/randn_like/randint_like/bernoulli: t's shape and, when t is
 * dense, its memory layout (PyTorch's preserve_format), uninitialised. */
TH_API THTensor *THRandom_newLike(const THTensor *t, THDType dtype);
TH_API int THTensor_normalTensor(THTensor *r, const THTensor *mean, double meanValue, const THTensor *std, double stdValue,
                                 THGenerator *g);

#endif
