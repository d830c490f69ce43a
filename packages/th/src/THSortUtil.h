/* Private helpers of the sorting area (THSort.c, THSearch.c, THUnique.c, THHist.c): iteration over
 * the slices of a tensor along one dim, order-preserving integer keys for every dtype, and a stable
 * LSD radix sort of (key, index) pairs. */
#ifndef TH_SORT_UTIL_H
#define TH_SORT_UTIL_H

#include "THDispatch.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- slices along one dim ----
 * Slice m (0 <= m < count) is the 1-d run along `dim` at position m of the other dims, counted in
 * row-major order; for each registered tensor, ptr(m) is its first element and step its stride
 * along dim (bytes). Reduced outputs (without dim) are registered with `reduced` set. */
#define TH_SLICE_MAX 4
typedef struct THSliceIter {
  int nd;                                  /* number of other dims */
  int nt;                                  /* tensors registered */
  int64_t count;                           /* number of slices */
  int64_t sizes[TH_MAX_DIMS];              /* sizes of the other dims */
  int64_t strides[TH_SLICE_MAX][TH_MAX_DIMS]; /* bytes, per tensor, per other dim */
  int64_t step[TH_SLICE_MAX];              /* bytes along dim */
  char *base[TH_SLICE_MAX];
} THSliceIter;

/* a is the tensor whose dim is iterated; dim is already wrapped (0 for a 0-d tensor). */
static inline void THSliceIter_init(THSliceIter *it, const THTensor *a, int dim) {
  it->nd = 0;
  it->nt = 0;
  it->count = 1;
  for (int d = 0; d < a->ndim; d++) {
    if (d == dim) continue;
    it->sizes[it->nd++] = a->sizes[d];
    it->count *= a->sizes[d];
  }
}

/* Registers t: same ndim as the iterated tensor (reduced = 0; a 0-d tensor is one element), or
 * without dim (reduced = 1). Returns its slot. */
static inline int THSliceIter_add(THSliceIter *it, const THTensor *t, int dim, int reduced) {
  int k = it->nt++;
  int64_t es = (int64_t)THDType_size(t->dtype);
  it->base[k] = THTensor_bytes(t);
  int j = 0;
  if (reduced) {
    it->step[k] = 0;
    for (int d = 0; d < t->ndim; d++) it->strides[k][j++] = t->strides[d] * es;
  } else {
    it->step[k] = t->ndim > 0 ? t->strides[dim] * es : 0;
    for (int d = 0; d < t->ndim; d++)
      if (d != dim) it->strides[k][j++] = t->strides[d] * es;
  }
  return k;
}

static inline void THSliceIter_ptrs(const THSliceIter *it, int64_t m, char **ptrs) {
  for (int k = 0; k < it->nt; k++) ptrs[k] = it->base[k];
  for (int d = it->nd - 1; d >= 0 && m > 0; d--) {
    int64_t i = m % it->sizes[d];
    m /= it->sizes[d];
    for (int k = 0; k < it->nt; k++) ptrs[k] += i * it->strides[k][d];
  }
}

/* Threads for `count` units of `work` each (in element-steps): 1 below `grain` in all, or inside
 * another parallel region. Waking a second thread costs far more than a cheap selection over a
 * few million elements when the machine is busy, so callers size the grain by their cost. */
static inline int THSort_threads(int64_t count, int64_t work, int64_t grain) {
#ifdef _OPENMP
  if (omp_in_parallel()) return 1;
#endif
  int t = THGetNumThreads();
  if (count < 2 || count * (work > 0 ? work : 1) < grain) return 1;
  if (t > count) t = (int)count;
  return t < 1 ? 1 : t;
}

/* ---- raw elements ---- */

/* Copies n elements of es bytes from a strided slice into contiguous memory. */
static inline void THSort_gather(char *dst, const char *src, int64_t step, int64_t n, size_t es) {
  if (step == (int64_t)es) {
    memcpy(dst, src, (size_t)n * es);
    return;
  }
  switch (es) {
    case 1: for (int64_t i = 0; i < n; i++) dst[i] = src[i * step]; break;
    case 2: for (int64_t i = 0; i < n; i++) ((uint16_t *)dst)[i] = *(const uint16_t *)(src + i * step); break;
    case 4: for (int64_t i = 0; i < n; i++) ((uint32_t *)dst)[i] = *(const uint32_t *)(src + i * step); break;
    default: for (int64_t i = 0; i < n; i++) ((uint64_t *)dst)[i] = *(const uint64_t *)(src + i * step); break;
  }
}

/* Gathers b (<= 16) neighbouring slices at once: slice c starts at src + c * es and steps by
 * `step` bytes; element r of slice c goes to dst + (c * n + r) * es. Reading rows of b neighbours
 * uses each cache line b times instead of once. */
static inline void THSort_gatherTile(char *dst, const char *src, int64_t step, int64_t n, size_t es, int b) {
  switch (es) {
#define TH_SORT_TILE_CASE(ES, T)                                                   \
  case ES:                                                                         \
    for (int64_t r = 0; r < n; r++) {                                              \
      const T *row = (const T *)(src + r * step);                                  \
      T *d = (T *)dst + r;                                                         \
      for (int c = 0; c < b; c++) d[(int64_t)c * n] = row[c];                      \
    }                                                                              \
    break;
    TH_SORT_TILE_CASE(1, uint8_t)
    TH_SORT_TILE_CASE(2, uint16_t)
    TH_SORT_TILE_CASE(4, uint32_t)
    default:
    TH_SORT_TILE_CASE(8, uint64_t)
#undef TH_SORT_TILE_CASE
  }
}

/* dst[i * step] = raw[idx[i]] for i < n: values in sorted order. */
static inline void THSort_scatterValues(char *dst, int64_t step, const char *raw, const uint32_t *idx, int64_t n, size_t es) {
  switch (es) {
    case 1: for (int64_t i = 0; i < n; i++) dst[i * step] = raw[idx[i]]; break;
    case 2: for (int64_t i = 0; i < n; i++) *(uint16_t *)(dst + i * step) = ((const uint16_t *)raw)[idx[i]]; break;
    case 4: for (int64_t i = 0; i < n; i++) *(uint32_t *)(dst + i * step) = ((const uint32_t *)raw)[idx[i]]; break;
    default: for (int64_t i = 0; i < n; i++) *(uint64_t *)(dst + i * step) = ((const uint64_t *)raw)[idx[i]]; break;
  }
}

static inline void THSort_scatterIndices(char *dst, int64_t step, const uint32_t *idx, int64_t n) {
  if (step == 8) {
    int64_t *d = (int64_t *)dst;
    for (int64_t i = 0; i < n; i++) d[i] = idx[i];
  } else {
    for (int64_t i = 0; i < n; i++) *(int64_t *)(dst + i * step) = idx[i];
  }
}

/* ---- keys ----
 * Every dtype maps to unsigned keys of its own width whose unsigned order is PyTorch's order:
 * integers by value, floats by value with -0 == +0 and every NaN above +inf (one NaN key, all
 * bits set). Inverting the bits gives the descending order, NaN first. */
static inline size_t THSort_keyWidth(THDType t) {
  switch (t) {
    case TH_Bool: case TH_UInt8: case TH_Int8: return 1;
    case TH_Int16: case TH_Float16: case TH_BFloat16: return 2;
    case TH_Int32: case TH_Float32: return 4;
    default: return 8;
  }
}

static inline void THSort_keys(THDType t, const char *raw, int64_t n, void *keys, int invert) {
  switch (t) {
    case TH_Bool:
    case TH_UInt8: {
      const uint8_t *s = (const uint8_t *)raw;
      uint8_t *k = (uint8_t *)keys, x = invert ? 0xFF : 0;
      for (int64_t i = 0; i < n; i++) k[i] = s[i] ^ x;
      break;
    }
    case TH_Int8: {
      const uint8_t *s = (const uint8_t *)raw;
      uint8_t *k = (uint8_t *)keys, x = invert ? 0x7F : 0x80;
      for (int64_t i = 0; i < n; i++) k[i] = s[i] ^ x;
      break;
    }
    case TH_Int16: {
      const uint16_t *s = (const uint16_t *)raw;
      uint16_t *k = (uint16_t *)keys, x = invert ? 0x7FFF : 0x8000;
      for (int64_t i = 0; i < n; i++) k[i] = s[i] ^ x;
      break;
    }
    case TH_Int32: {
      const uint32_t *s = (const uint32_t *)raw;
      uint32_t *k = (uint32_t *)keys, x = invert ? 0x7FFFFFFFu : 0x80000000u;
      for (int64_t i = 0; i < n; i++) k[i] = s[i] ^ x;
      break;
    }
    case TH_Int64: {
      const uint64_t *s = (const uint64_t *)raw;
      uint64_t *k = (uint64_t *)keys, x = invert ? 0x7FFFFFFFFFFFFFFFull : 0x8000000000000000ull;
      for (int64_t i = 0; i < n; i++) k[i] = s[i] ^ x;
      break;
    }
    case TH_Float16:
    case TH_BFloat16: {
      const uint16_t *s = (const uint16_t *)raw;
      uint16_t *k = (uint16_t *)keys, x = invert ? 0xFFFF : 0, inf = t == TH_Float16 ? 0x7C00 : 0x7F80;
      for (int64_t i = 0; i < n; i++) {
        uint16_t u = s[i];
        uint16_t key = (u & 0x8000) ? (uint16_t)~u : (uint16_t)(u | 0x8000);
        if ((u & 0x7FFF) > inf) key = 0xFFFF;
        if (u == 0x8000) key = 0x8000;
        k[i] = key ^ x;
      }
      break;
    }
    case TH_Float32: {
      const uint32_t *s = (const uint32_t *)raw;
      uint32_t *k = (uint32_t *)keys, x = invert ? 0xFFFFFFFFu : 0;
      for (int64_t i = 0; i < n; i++) {
        uint32_t u = s[i];
        uint32_t key = u ^ ((uint32_t)((int32_t)u >> 31) | 0x80000000u);
        key = (u & 0x7FFFFFFFu) > 0x7F800000u ? 0xFFFFFFFFu : key;
        key = u == 0x80000000u ? 0x80000000u : key;
        k[i] = key ^ x;
      }
      break;
    }
    default: {
      const uint64_t *s = (const uint64_t *)raw;
      uint64_t *k = (uint64_t *)keys, x = invert ? ~0ull : 0;
      for (int64_t i = 0; i < n; i++) {
        uint64_t u = s[i];
        uint64_t key = u ^ ((uint64_t)((int64_t)u >> 63) | 0x8000000000000000ull);
        key = (u & 0x7FFFFFFFFFFFFFFFull) > 0x7FF0000000000000ull ? ~0ull : key;
        key = u == 0x8000000000000000ull ? 0x8000000000000000ull : key;
        k[i] = key ^ x;
      }
      break;
    }
  }
}

/* The key every NaN gets (ascending order). */
static inline uint64_t THSort_nanKey(size_t kw) { return kw == 8 ? ~0ull : ((1ull << (8 * kw)) - 1); }

static inline uint64_t THSort_keyAt(const void *keys, size_t kw, int64_t i) {
  switch (kw) {
    case 1: return ((const uint8_t *)keys)[i];
    case 2: return ((const uint16_t *)keys)[i];
    case 4: return ((const uint32_t *)keys)[i];
    default: return ((const uint64_t *)keys)[i];
  }
}

/* ---- stable sort of (key, index) pairs ----
 * radix_W(k, ix, k2, ix2, n, &kout, &ixout): sorts k[0..n) ascending, carrying ix, using k2/ix2
 * as the second buffer; the result is in (kout, ixout), one of the two buffers. Digits (bytes)
 * that are the same in every key are skipped, and only the others get a histogram.
 * select_W(keys, n, r, buf, &eqRank): the r-th smallest key (0-based), by radix selection: a
 * histogram of the top digit, then only the bucket holding rank r (compacted into buf) goes on;
 * eqRank: how many keys equal to it rank below r. */
#define TH_SORT_RADIX(KT)                                                                              \
  static inline void THSort_insertion_##KT(KT *k, uint32_t *ix, int64_t n) {                          \
    for (int64_t i = 1; i < n; i++) {                                                                  \
      KT v = k[i];                                                                                     \
      uint32_t vi = ix[i];                                                                             \
      int64_t j = i;                                                                                   \
      while (j > 0 && k[j - 1] > v) {                                                                  \
        k[j] = k[j - 1];                                                                               \
        ix[j] = ix[j - 1];                                                                             \
        j--;                                                                                           \
      }                                                                                                \
      k[j] = v;                                                                                        \
      ix[j] = vi;                                                                                      \
    }                                                                                                  \
  }                                                                                                    \
  static inline KT THSort_diffBits_##KT(const KT *k, int64_t n) {                                      \
    KT first = k[0], acc = 0;                                                                          \
    for (int64_t i = 0; i < n; i++) acc |= (KT)(k[i] ^ first);                                         \
    return acc;                                                                                        \
  }                                                                                                    \
  __attribute__((unused)) static void THSort_radix_##KT(KT *k, uint32_t *ix, KT *k2, uint32_t *ix2, int64_t n, KT **kout, uint32_t **ixout) { \
    enum { P = sizeof(KT) };                                                                           \
    *kout = k;                                                                                         \
    *ixout = ix;                                                                                       \
    if (n <= 48) {                                                                                     \
      THSort_insertion_##KT(k, ix, n);                                                                 \
      return;                                                                                          \
    }                                                                                                  \
    KT diff = THSort_diffBits_##KT(k, n);                                                              \
    int digits[P], nd = 0;                                                                             \
    for (int p = 0; p < P; p++)                                                                        \
      if ((diff >> (8 * p)) & 0xFF) digits[nd++] = p;                                                  \
    if (nd == 0) return;                                                                               \
    uint32_t hist[P][256];                                                                             \
    memset(hist, 0, sizeof(uint32_t) * 256 * (size_t)nd);                                              \
    if (nd == P) {                                                                                     \
      for (int64_t i = 0; i < n; i++) {                                                                \
        KT v = k[i];                                                                                   \
        for (int p = 0; p < P; p++) hist[p][(v >> (8 * p)) & 0xFF]++;                                  \
      }                                                                                                \
    } else if (nd == 1) {                                                                              \
      const int sh = 8 * digits[0];                                                                    \
      for (int64_t i = 0; i < n; i++) hist[0][(k[i] >> sh) & 0xFF]++;                                  \
    } else {                                                                                           \
      for (int64_t i = 0; i < n; i++) {                                                                \
        KT v = k[i];                                                                                   \
        for (int q = 0; q < nd; q++) hist[q][(v >> (8 * digits[q])) & 0xFF]++;                         \
      }                                                                                                \
    }                                                                                                  \
    KT *src = k, *dst = k2;                                                                            \
    uint32_t *isrc = ix, *idst = ix2;                                                                  \
    for (int q = 0; q < nd; q++) {                                                                     \
      const int sh = 8 * digits[q];                                                                    \
      uint32_t off[256], sum = 0;                                                                      \
      for (int b = 0; b < 256; b++) {                                                                  \
        off[b] = sum;                                                                                  \
        sum += hist[q][b];                                                                             \
      }                                                                                                \
      for (int64_t i = 0; i < n; i++) {                                                                \
        KT v = src[i];                                                                                 \
        uint32_t pos = off[(v >> sh) & 0xFF]++;                                                        \
        dst[pos] = v;                                                                                  \
        idst[pos] = isrc[i];                                                                           \
      }                                                                                                \
      KT *t = src;                                                                                     \
      src = dst;                                                                                       \
      dst = t;                                                                                         \
      uint32_t *ti = isrc;                                                                             \
      isrc = idst;                                                                                     \
      idst = ti;                                                                                       \
    }                                                                                                  \
    *kout = src;                                                                                       \
    *ixout = isrc;                                                                                     \
  }                                                                                                    \
  __attribute__((unused)) static KT THSort_select_##KT(const KT *keys, int64_t n, int64_t r, KT *buf, int64_t *eqRank) {       \
    const KT *src = keys;                                                                              \
    int64_t m = n;                                                                                     \
    const int bits = 8 * (int)sizeof(KT);                                                              \
    int sh = bits;                                                                                     \
    uint32_t hist[2048];                                                                               \
    while (sh > 0 && m > 1) {                                                                          \
      int w = sh == bits && bits >= 32 ? 11 : 8; /* a wider first digit splits skewed keys better */  \
      if (w > sh) w = sh;                                                                              \
      sh -= w;                                                                                         \
      const KT mask = (KT)((1u << w) - 1);                                                             \
      memset(hist, 0, sizeof(uint32_t) << w);                                                          \
      for (int64_t i = 0; i < m; i++) hist[(src[i] >> sh) & mask]++;                                   \
      uint32_t b = 0;                                                                                  \
      while (r >= (int64_t)hist[b]) r -= hist[b++];                                                    \
      if ((int64_t)hist[b] == m) continue; /* every key has this digit */                             \
      int64_t j = 0;                                                                                   \
      for (int64_t i = 0; i < m; i++) { /* branchless: the bucket may hold any share of the keys */    \
        KT v = src[i];                                                                                 \
        buf[j] = v;                                                                                    \
        j += ((v >> sh) & mask) == b;                                                                  \
      }                                                                                                \
      src = buf;                                                                                       \
      m = j;                                                                                           \
    }                                                                                                  \
    *eqRank = r; /* the rank among the keys equal to the result */                                      \
    return src[r];                                                                                     \
  }
TH_SORT_RADIX(uint8_t)
TH_SORT_RADIX(uint16_t)
TH_SORT_RADIX(uint32_t)
TH_SORT_RADIX(uint64_t)

/* Per-thread scratch for one slice of up to n elements. */
typedef struct THSortScratch {
  char *raw;         /* the slice's elements, contiguous */
  void *ka, *kb;     /* keys, two buffers */
  uint32_t *ia, *ib; /* indices, two buffers */
  char *block;
  size_t bytes;
} THSortScratch;

/* nraw: room for that many slices' raw elements (tiled gathers), at least 1. */
static inline int THSortScratch_allocRaw(THSortScratch *s, int64_t n, size_t es, size_t kw, int nraw) {
  size_t m = (size_t)(n > 0 ? n : 1);
  size_t rawB = ((size_t)(nraw > 1 ? nraw : 1) * m * es + 63) & ~(size_t)63, keyB = (m * kw + 63) & ~(size_t)63, idxB = (m * 4 + 63) & ~(size_t)63;
  /* the default allocator keeps big blocks for reuse: no page faults on every call */
  s->bytes = rawB + 2 * keyB + 2 * idxB;
  s->block = (char *)THDefaultAllocator()->malloc(THDefaultAllocator()->ctx, s->bytes);
  if (!s->block) return TH_ERR;
  s->raw = s->block;
  s->ka = s->block + rawB;
  s->kb = s->block + rawB + keyB;
  s->ia = (uint32_t *)(s->block + rawB + 2 * keyB);
  s->ib = (uint32_t *)(s->block + rawB + 2 * keyB + idxB);
  return TH_OK;
}
static inline int THSortScratch_alloc(THSortScratch *s, int64_t n, size_t es, size_t kw) {
  return THSortScratch_allocRaw(s, n, es, kw, 1);
}
static inline void THSortScratch_free(THSortScratch *s) {
  if (s->block) THDefaultAllocator()->free(THDefaultAllocator()->ctx, s->block, s->bytes);
  s->block = NULL;
}

/* Sorts the keys in s->ka (indices 0..n-1) stably; *keys and *idx point at the result. */
static inline void THSort_sortKeys(THSortScratch *s, size_t kw, int64_t n, void **keys, uint32_t **idx) {
  for (int64_t i = 0; i < n; i++) s->ia[i] = (uint32_t)i;
  switch (kw) {
    case 1: THSort_radix_uint8_t((uint8_t *)s->ka, s->ia, (uint8_t *)s->kb, s->ib, n, (uint8_t **)keys, idx); break;
    case 2: THSort_radix_uint16_t((uint16_t *)s->ka, s->ia, (uint16_t *)s->kb, s->ib, n, (uint16_t **)keys, idx); break;
    case 4: THSort_radix_uint32_t((uint32_t *)s->ka, s->ia, (uint32_t *)s->kb, s->ib, n, (uint32_t **)keys, idx); break;
    default: THSort_radix_uint64_t((uint64_t *)s->ka, s->ia, (uint64_t *)s->kb, s->ib, n, (uint64_t **)keys, idx); break;
  }
}

/* Loads element i of a contiguous array of dtype t as a double. */
static inline double THSort_load(THDType t, const char *raw, int64_t i) {
  switch (t) {
#define TH_SORT_LOAD_CASE(D, unused) \
  case TH_##D: return (double)TH_LOAD_##D(raw + i * (int64_t)sizeof(CT_##D));
    TH_ALL_DTYPES(TH_SORT_LOAD_CASE, _)
#undef TH_SORT_LOAD_CASE
    default: return 0;
  }
}

/* Resizes r to (ndim, sizes) unless it already has that shape (then its strides are kept). */
/* An out tensor kept as it is must not have elements that alias each other (e.g. expanded). */
static inline int THSort_resizeOut(THTensor *r, int ndim, const int64_t *sizes) {
  if (THTensor_hasShape(r, ndim, sizes)) return THCheckWriteOverlap("out", r, 0, NULL);
  return THTensor_resize(r, ndim, sizes);
}

#endif
