/* Convolutions and transposed convolutions (THNNConvolution.h).
 *
 * Both are built from three products between an "image" X and "vectors" Y, with the weight W seen
 * as [cY, (cX / groups) * kernel volume] and columns(X) the im2col matrices of THNNColumns.h:
 *   imageToVector   Y[n] (+)= W @ columns(X[n])          per group
 *   vectorToImage   X[n] (+)= col2im(W^T @ Y[n])         per group (the adjoint)
 *   accWeight       dW += scale * Y[n] @ columns(X[n])^T  summed over n, per group
 * A convolution has X = input, Y = output: its forward is imageToVector, its gradInput
 * vectorToImage, its gradWeight accWeight. A transposed convolution swaps the roles (X = output,
 * Y = input): forward vectorToImage, gradInput imageToVector, gradWeight accWeight(gradOutput,
 * input). The products take the first path that applies:
 *   depthwise (one image channel per group): direct kernels (THNNConvolutionDepthwise.c);
 *   3x3, stride 1, undilated 2-D with >= 32 channels per group: Winograd F(2x2, 3x3) for
 *     imageToVector and vectorToImage, F(3x3, 2x2) for accWeight (THNNConvolutionWinograd.c);
 *   identity columns (1x1 kernel, stride 1, no padding): columns(X) is X itself, plain GEMMs;
 *   im2col + GEMM, in chunks whose columns stay in cache (Chunking).
 * The GEMMs are libTH's batched matrix products on views of the tensors (THNNGemm.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "THNNColumns.h"
#include "THNNConvolutionDepthwise.h"
#include "THNNConvolutionWinograd.h"
#include "THNNGemm.h"

/* elements below which one thread sums the bias gradient; it is split over OpenMP threads only
 * after the depthwise kernels, which run no BLAS (see Chunking for why the two kinds of threads
 * must not overlap) */
#define THNN_CONV_GRAIN 65536
/* column elements per chunk and thread (see Chunking): 512 KiB of float32, half an L2 cache */
#define THNN_CONV_COLUMNS_BUDGET ((int64_t)1 << 17)

#define THNN_GENERIC_FILE "generic/THNNConvolution.c"
#include "THNNGenerateFloatTypes.h"

/* ---- the checked geometry of one call ---- */

typedef struct Conv {
  char op[40]; /* "conv2d", "convTranspose3dBackward", ... */
  int nDims, transposed;
  THDType dtype;
  int64_t batch, groups, inC, outC;
  int outNdim;
  int64_t outSizes[5];
  THNNColShape col; /* the image side (the input of a convolution, the output of a transposed one) */
  int64_t cY;       /* channels of the vector side */
  int identity;     /* columns(X) == X */
  int depthwise;    /* one image channel per group */
  int winograd;     /* 3x3, stride 1, undilated, 2-D, many channels per group: Winograd for the
                       products (for vectorToImage, when padding <= 2) */
} Conv;

/* "(2 x 3)" or "[2, 3]" into buf. */
static const char *dimsStr(char *buf, size_t n, int nDims, const int64_t *v, const char *open, const char *sep,
                           const char *close) {
  size_t used = (size_t)snprintf(buf, n, "%s", open);
  for (int d = 0; d < nDims && used < n; d++) used += (size_t)snprintf(buf + used, n - used, "%s%lld", d ? sep : "", (long long)v[d]);
  if (used < n) snprintf(buf + used, n - used, "%s", close);
  return buf;
}
#define TUPLE(buf, n, v) dimsStr(buf, sizeof buf, n, v, "(", " x ", ")")
#define LIST(buf, n, v) dimsStr(buf, sizeof buf, n, v, "[", ", ", "]")

/* Checks the arguments every pass shares and fills cv. weight is the weight (or gradWeight). */
static int setup(Conv *cv, int transposed, int backward, int nDims, const THTensor *input, const THTensor *weight,
                 const char *weightName, const int64_t *stride, const int64_t *padding, const int64_t *paddingEnd,
                 const int64_t *outputPadding, const int64_t *dilation, int64_t groups) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF], c[TH_SHAPE_BUF];
  memset(cv, 0, sizeof *cv);
  snprintf(cv->op, sizeof cv->op, "%s%dd%s", transposed ? "convTranspose" : "conv", nDims, backward ? "Backward" : "");
  const char *op = cv->op;
  if (nDims < 1 || nDims > 3) return THError("%s: expected 1, 2 or 3 spatial dims, but got %d", op, nDims);
  if (!input || !weight) return THError("%s: a tensor argument is NULL", op);
  if (!stride || !padding || !dilation || (transposed && !outputPadding))
    return THError("%s: stride, padding, dilation%s must be given", op, transposed ? " and outputPadding" : "");
  if (THNN_checkFloating(op, "input", input) || THNN_checkSameDType(op, weightName, weight, "input", input)) return TH_ERR;
  cv->nDims = nDims;
  cv->transposed = transposed;
  cv->dtype = THTensor_dtype(input);

  int inNdim = THTensor_ndim(input);
  if (inNdim != nDims + 1 && inNdim != nDims + 2)
    return THError("%s: Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s", op, nDims + 1,
                   nDims + 2, op, THNN_shapeStr(a, sizeof a, input));
  if (THTensor_ndim(weight) != nDims + 2)
    return THError("%s: expected %s to be %d-dimensional, but got %s of size %s", op, weightName, nDims + 2, weightName,
                   THNN_shapeStr(a, sizeof a, weight));
  for (int d = 0; d < nDims; d++)
    if (stride[d] <= 0) return THError("%s: non-positive stride is not supported", op);
  for (int d = 0; d < nDims; d++)
    if (padding[d] < 0 || (paddingEnd && paddingEnd[d] < 0)) return THError("%s: negative padding is not supported", op);
  for (int d = 0; d < nDims; d++)
    if (dilation[d] <= 0)
      return THError("%s: dilation should be greater than zero, but got %s", op, LIST(a, nDims, dilation));
  if (transposed)
    for (int d = 0; d < nDims; d++) {
      if (outputPadding[d] < 0) return THError("%s: negative output padding is not supported", op);
      if (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d])
        return THError("%s: output padding must be smaller than either stride or dilation, but got outputPadding=%s, "
                       "stride=%s, dilation=%s",
                       op, LIST(a, nDims, outputPadding), LIST(b, nDims, stride), LIST(c, nDims, dilation));
    }
  if (groups <= 0) return THError("%s: non-positive groups is not supported", op);

  const int64_t *ws = THTensor_sizes(weight), *kernel = ws + 2;
  if (ws[0] < 1)
    return THError("%s: Given groups=%lld, expected %s to be at least 1 at dimension 0, but got %s of size %s instead", op,
                   (long long)groups, weightName, weightName, THNN_shapeStr(a, sizeof a, weight));
  if (ws[0] % groups != 0)
    return THError("%s: Given groups=%lld, expected %s to be divisible by %lld at dimension 0, but got %s of size %s instead",
                   op, (long long)groups, weightName, (long long)groups, weightName, THNN_shapeStr(a, sizeof a, weight));
  for (int d = 0; d < nDims; d++)
    if (kernel[d] <= 0) return THError("%s: kernel size should be greater than zero, but got %s", op, TUPLE(a, nDims, kernel));

  /* the input as a batch; PyTorch names an unbatched input by its batched shape */
  int batched = inNdim == nDims + 2;
  int64_t in[5];
  in[0] = 1;
  memcpy(in + !batched, THTensor_sizes(input), sizeof(int64_t) * (size_t)inNdim);
  cv->batch = in[0];
  cv->inC = in[1];
  cv->groups = groups;
  const int64_t *S = in + 2;
  if (!transposed && in[1] != ws[1] * groups)
    return THError("%s: Given groups=%lld, weight of size %s, expected input%s to have %lld channels, but got %lld channels "
                   "instead",
                   op, (long long)groups, THNN_shapeStr(a, sizeof a, weight), LIST(b, nDims + 2, in),
                   (long long)(ws[1] * groups), (long long)in[1]);
  if (transposed && in[1] != ws[0])
    return THError("%s: Given transposed=1, weight of size %s, expected input%s to have %lld channels, but got %lld "
                   "channels instead",
                   op, THNN_shapeStr(a, sizeof a, weight), LIST(b, nDims + 2, in), (long long)ws[0], (long long)in[1]);
  cv->outC = transposed ? ws[1] * groups : ws[0];

  int64_t O[3];
  if (!transposed) {
    int64_t padded[3], dilated[3];
    int tooSmall = 0;
    for (int d = 0; d < nDims; d++) {
      padded[d] = S[d] + padding[d] + (paddingEnd ? paddingEnd[d] : padding[d]);
      dilated[d] = dilation[d] * (kernel[d] - 1) + 1;
      tooSmall |= padded[d] < dilated[d];
      O[d] = (padded[d] - dilated[d]) / stride[d] + 1;
    }
    if (tooSmall)
      return THError("%s: Calculated padded input size per channel: %s. Kernel size: %s. Kernel size can't be greater "
                     "than actual input size",
                     op, TUPLE(a, nDims, padded), TUPLE(b, nDims, dilated));
  } else {
    int tooSmall = 0;
    for (int d = 0; d < nDims; d++) {
      O[d] = (S[d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernel[d] - 1) + outputPadding[d] + 1;
      tooSmall |= O[d] <= 0;
    }
    if (tooSmall)
      return THError("%s: Given input size per channel: %s. Calculated output size per channel: %s. Output size is too "
                     "small",
                     op, TUPLE(a, nDims, S), TUPLE(b, nDims, O));
  }
  cv->outNdim = inNdim;
  int64_t *os = cv->outSizes;
  if (batched) *os++ = cv->batch;
  *os++ = cv->outC;
  memcpy(os, O, sizeof(int64_t) * (size_t)nDims);

  THNNColShape *s = &cv->col;
  s->channels = transposed ? cv->outC : cv->inC;
  cv->cY = transposed ? cv->inC : cv->outC;
  THNN_lift3(nDims, transposed ? O : S, s->image, 1);
  THNN_lift3(nDims, transposed ? S : O, s->blocks, 1);
  THNN_lift3(nDims, kernel, s->kernel, 1);
  THNN_lift3(nDims, stride, s->stride, 1);
  THNN_lift3(nDims, padding, s->padding, 0);
  THNN_lift3(nDims, dilation, s->dilation, 1);
  cv->identity = 1;
  for (int d = 0; d < 3; d++)
    cv->identity &= s->kernel[d] == 1 && s->stride[d] == 1 && s->padding[d] == 0 && s->blocks[d] == s->image[d];
  cv->depthwise = groups > 1 && s->channels == groups && s->kernel[2] <= THNN_DEPTHWISE_MAX_KW;
  cv->winograd = !cv->depthwise && s->image[0] == 1 && s->kernel[0] == 1 && s->kernel[1] == 3 && s->kernel[2] == 3;
  for (int d = 0; d < 3; d++) cv->winograd &= s->stride[d] == 1 && s->dilation[d] == 1;
  cv->winograd &= s->channels / groups >= THNN_WINOGRAD_MIN_CHANNELS && cv->cY / groups >= THNN_WINOGRAD_MIN_CHANNELS;
  return TH_OK;
}

static int checkDType(const Conv *cv, const char *what, const THTensor *t) {
  if (THTensor_dtype(t) == cv->dtype) return TH_OK;
  return THError("%s: expected %s to have the dtype of input (%s), but got %s", cv->op, what, THDType_name(cv->dtype),
                 THDType_name(THTensor_dtype(t)));
}

/* bias (or gradBias) is [outC] of the input's dtype. */
static int checkBias(const Conv *cv, const THTensor *bias, const char *what, const THTensor *weight) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  if (checkDType(cv, what, bias)) return TH_ERR;
  if (THTensor_ndim(bias) != 1 || THTensor_size(bias, 0) != cv->outC)
    return THError("%s: Given %sweight of size %s, expected %s to be 1-dimensional with %lld elements, but got %s of size %s "
                   "instead",
                   cv->op, cv->transposed ? "transposed=1, " : "", THNN_shapeStr(a, sizeof a, weight), what,
                   (long long)cv->outC, what, THNN_shapeStr(b, sizeof b, bias));
  return TH_OK;
}

/* gradOutput has the output's shape and the input's dtype. */
static int checkGradOutput(const Conv *cv, const THTensor *gradOutput) {
  char a[TH_SHAPE_BUF], b[TH_SHAPE_BUF];
  if (checkDType(cv, "gradOutput", gradOutput)) return TH_ERR;
  int same = THTensor_ndim(gradOutput) == cv->outNdim;
  for (int d = 0; same && d < cv->outNdim; d++) same = THTensor_size(gradOutput, d) == cv->outSizes[d];
  if (!same)
    return THError("%s: expected gradOutput to have the output's shape %s, but got %s", cv->op,
                   LIST(a, cv->outNdim, cv->outSizes), THNN_shapeStr(b, sizeof b, gradOutput));
  return TH_OK;
}

/* A result written in place must not overlap what the call reads (or its scratch): t against the
 * NULL-terminated list of (name, tensor) pairs. */
static int checkNoOverlap(const Conv *cv, const char *what, const THTensor *t, ...) {
  va_list ap;
  va_start(ap, t);
  const char *name;
  int status = TH_OK;
  while (status == TH_OK && (name = va_arg(ap, const char *))) {
    const THTensor *other = va_arg(ap, const THTensor *);
    if (other && THTensor_storage(t) && THTensor_storage(other) == THTensor_storage(t))
      status = THError("%s: %s must not share memory with %s", cv->op, what, name);
  }
  va_end(ap);
  return status;
}

/* ---- chunks and the column buffer ---- */

typedef struct Dims {
  int64_t cX, cY, cXg, cYg, kVol, Kg, blocks, imageVol;
  int64_t rows, rowLen; /* block rows (od, oh) and their length oW */
} Dims;

static Dims dimsOf(const Conv *cv) {
  Dims d;
  d.cX = cv->col.channels;
  d.cY = cv->cY;
  d.cXg = d.cX / cv->groups;
  d.cYg = d.cY / cv->groups;
  d.kVol = THNN_volume3(cv->col.kernel);
  d.Kg = d.cXg * d.kVol;
  d.blocks = THNN_volume3(cv->col.blocks);
  d.imageVol = THNN_volume3(cv->col.image);
  d.rows = cv->col.blocks[0] * cv->col.blocks[1];
  d.rowLen = cv->col.blocks[2];
  return d;
}

/* The im2col work is cut in chunks whose columns stay in cache between im2col and the GEMMs:
 * samples [n0, n0 + nb) and their block rows [r0, r0 + nr) -- several whole samples when one
 * sample's columns are small (one batched GEMM call for them), else a band of rows of one.
 *
 * Threads: when a chunk's products are small enough for the BLAS to run them on the calling thread
 * (up to 64^3 multiply-adds: OpenBLAS does, and libTH's batched products follow it), chunks are
 * split over OpenMP threads, each with its own columns; otherwise the chunks run in turn on the
 * calling thread and the GEMMs use the BLAS threads. (The im2col loops then stay on one thread:
 * OpenMP workers left spinning after a parallel region would compete with the BLAS threads --
 * measured 4-10x slower GEMMs on 2 cores.) */
typedef struct Chunking {
  int64_t samples, rows; /* the largest chunk */
  int64_t bands;         /* chunks per sample */
  int threads;           /* > 1: chunks split over OpenMP threads */
} Chunking;

#define THNN_CONV_ONE_THREAD_GEMM ((int64_t)1 << 18)

static Chunking chunkingOf(const Dims *d, int64_t batch) {
  const int64_t perRow = d->cX * d->kVol * d->rowLen, perSample = perRow * d->rows;
  const int64_t rowProduct = d->cYg * d->Kg * d->rowLen; /* multiply-adds of one block row, one group */
  const int threads = THGetNumThreads();
  Chunking c = {1, d->rows, 1, 1};
  if (threads > 1 && rowProduct <= THNN_CONV_ONE_THREAD_GEMM) {
    int64_t most = THNN_CONV_ONE_THREAD_GEMM / rowProduct;
    if (perRow > 0 && THNN_CONV_COLUMNS_BUDGET / perRow < most) most = THNN_CONV_COLUMNS_BUDGET / perRow;
    if (most < 1) most = 1;
    c.bands = (d->rows + most - 1) / most;
    c.rows = (d->rows + c.bands - 1) / c.bands;
    if (batch * c.bands > 1) c.threads = threads;
    return c;
  }
  const int64_t budget = THNN_CONV_COLUMNS_BUDGET * threads; /* each BLAS thread's share stays in its cache */
  if (perSample <= budget) {
    c.samples = perSample > 0 ? budget / perSample : batch;
    if (c.samples > batch) c.samples = batch;
  } else {
    const int64_t most = perRow > 0 && budget / perRow > 0 ? budget / perRow : 1;
    c.bands = (d->rows + most - 1) / most;
    c.rows = (d->rows + c.bands - 1) / c.bands; /* bands of equal height */
  }
  return c;
}

static int64_t threadNum(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

/* What a product does with one chunk: samples [n0, n0 + nb), block rows [r0, r0 + nr), its
 * columns at element colsAt of the column buffer, its share of per-thread results at partAt. */
typedef struct ChunkJob ChunkJob;
typedef int (*ChunkFn)(const ChunkJob *job, int64_t n0, int64_t nb, int64_t r0, int64_t nr, int64_t colsAt,
                       int64_t partAt);
struct ChunkJob {
  const Conv *cv;
  Dims d;
  const THTensor *W, *in; /* the product's other operands */
  THTensor *out, *cols;
  int start;    /* 1: out starts from what it holds (the bias), 0: from zero */
  double alpha; /* for the GEMMs */
};

/* Runs fn over every chunk: in turn, or split over ch.threads OpenMP threads (each with
 * perThreadCols column elements and perThreadPart result elements of its own). wholeSamples:
 * a thread takes all the bands of a sample, in order (their col2im writes overlap). */
static int runChunks(const ChunkJob *job, Chunking ch, ChunkFn fn, int64_t perThreadCols, int64_t perThreadPart,
                     int wholeSamples) {
  const int64_t N = job->cv->batch, rows = job->d.rows;
  if (ch.threads <= 1) {
    for (int64_t n0 = 0, nb; n0 < N; n0 += nb) {
      nb = N - n0 < ch.samples ? N - n0 : ch.samples;
      for (int64_t r0 = 0, nr; r0 < rows; r0 += nr) {
        nr = rows - r0 < ch.rows ? rows - r0 : ch.rows;
        if (fn(job, n0, nb, r0, nr, 0, 0)) return TH_ERR;
      }
    }
    return TH_OK;
  }
  const int64_t units = wholeSamples ? N : N * ch.bands;
  int failed = 0;
  int64_t u;
#pragma omp parallel for num_threads(ch.threads) schedule(dynamic, 1)
  for (u = 0; u < units; u++) {
    const int64_t t = threadNum(), n = wholeSamples ? u : u / ch.bands;
    const int64_t first = wholeSamples ? 0 : u % ch.bands, last = wholeSamples ? ch.bands : first + 1;
    for (int64_t b = first; b < last && !__atomic_load_n(&failed, __ATOMIC_RELAXED); b++) {
      const int64_t r0 = b * ch.rows, nr = rows - r0 < ch.rows ? rows - r0 : ch.rows;
      if (fn(job, n, 1, r0, nr, t * perThreadCols, t * perThreadPart)) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
    }
  }
  /* a worker's own error message stays in its thread: the one left says what it can only be */
  return failed ? THError("%s: out of memory", job->cv->op) : TH_OK;
}

/* elems of contiguous scratch: columns itself (grown when too small, never shrunk), or a temporary
 * when the caller gave none. Release with THTensor_free. */
static THTensor *workBuffer(const Conv *cv, THTensor *columns, int64_t elems) {
  if (!columns) return THTensor_newWithSize(cv->dtype, 1, &elems);
  if (checkDType(cv, "columns", columns)) return NULL;
  if (!THTensor_isContiguous(columns)) return THError("%s: expected columns to be contiguous", cv->op), NULL;
  if (THTensor_numel(columns) < elems && THTensor_resize(columns, 1, &elems)) return NULL;
  THTensor_retain(columns);
  return columns;
}

/* Column elements of the largest chunk. */
static int64_t chunkColumns(const Dims *d, Chunking ch) { return ch.samples * d->cX * d->kVol * ch.rows * d->rowLen; }

/* Scratch for the largest chunk's columns, one per thread. */
static THTensor *columnsBuffer(const Conv *cv, const Dims *d, Chunking ch, THTensor *columns) {
  return workBuffer(cv, columns, ch.threads * chunkColumns(d, ch));
}

/* The Winograd view of the image-to-vector product (in = X, out = Y) or of its adjoint (in = Y,
 * out = X: the filters turned and transposed, the padding 2 - padding). */
static THNNWinograd winogradOf(const Conv *cv, int adjoint) {
  const THNNColShape *s = &cv->col;
  THNNWinograd w = {.batch = cv->batch, .groups = cv->groups, .adjoint = adjoint};
  if (!adjoint) {
    w.inC = s->channels, w.outC = cv->cY, w.inH = s->image[1], w.inW = s->image[2];
    w.outH = s->blocks[1], w.outW = s->blocks[2], w.padTop = s->padding[1], w.padLeft = s->padding[2];
  } else {
    w.inC = cv->cY, w.outC = s->channels, w.inH = s->blocks[1], w.inW = s->blocks[2];
    w.outH = s->image[1], w.outW = s->image[2], w.padTop = 2 - s->padding[1], w.padLeft = 2 - s->padding[2];
  }
  return w;
}

/* out = bias + the F(2x2, 3x3) correlation of in (see winogradOf). */
static int winogradPass(const Conv *cv, const THTensor *in, const THTensor *W, const THTensor *bias, THTensor *out,
                        THTensor *columns, int adjoint) {
  const THNNWinograd w = winogradOf(cv, adjoint);
  THTensor *work = workBuffer(cv, columns, THNN_winogradWorkSize(&w, 0));
  if (!work) return TH_ERR;
  int status = THNN_winograd(&w, in, W, bias, out, work);
  THTensor_free(work);
  return status;
}

static char *at(const THTensor *t, int64_t elems) {
  return (char *)THTensor_data(t) + elems * (int64_t)THDType_size(THTensor_dtype(t));
}

/* ---- the three products ---- */

/* Group g's weight rows [cYg, Kg], or their transpose. */
static THNNOperand weightOf(const THTensor *W, const Dims *d, int64_t g, int transpose) {
  return transpose ? (THNNOperand){W, g * d->cYg * d->Kg, 0, 1, d->Kg} : (THNNOperand){W, g * d->cYg * d->Kg, 0, d->Kg, 1};
}
/* Group g's rows of Y [cYg, blocks] from sample n0 and block p0 on. */
static THNNOperand vectorsOf(const THTensor *Y, const Dims *d, int64_t n0, int64_t p0, int64_t g) {
  return (THNNOperand){Y, (n0 * d->cY + g * d->cYg) * d->blocks + p0, d->cY * d->blocks, d->blocks, 1};
}
/* Group g's rows [Kg, len] of a chunk's columns at element colsAt of the buffer (len blocks per
 * sample), or their transpose. */
static THNNOperand chunkColumnsOf(const THTensor *cols, const Dims *d, int64_t colsAt, int64_t len, int64_t g,
                                  int transpose) {
  const int64_t at = colsAt + g * d->Kg * len, perSample = d->cX * d->kVol * len;
  return transpose ? (THNNOperand){cols, at, perSample, 1, len} : (THNNOperand){cols, at, perSample, len, 1};
}
/* Group g's rows of the image X [Kg, blocks], or their transpose: its own columns when they are
 * the identity. */
static THNNOperand imageColumnsOf(const THTensor *X, const Dims *d, int64_t g, int transpose) {
  const int64_t at = g * d->cXg * d->blocks;
  return transpose ? (THNNOperand){X, at, d->cX * d->blocks, 1, d->blocks} : (THNNOperand){X, at, d->cX * d->blocks, d->blocks, 1};
}

/* Y = bias + the products' sum (bias NULL: 0), in place of what Y held; tells whether to add
 * the products (1: Y holds the bias) or to overwrite Y with them (0). */
static int startFromBias(const Conv *cv, THTensor *Y, const THTensor *bias, int64_t channels) {
  if (!bias) return 0;
  const int64_t n = cv->batch * channels, plane = n > 0 ? THTensor_numel(Y) / n : 0;
  if (cv->dtype == TH_Float32) fillBias_Float(THTensor_data(Y), THTensor_data(bias), cv->batch, channels, plane);
  else fillBias_Double(THTensor_data(Y), THTensor_data(bias), cv->batch, channels, plane);
  return 1;
}

/* imageToVector's chunk: Y's rows (+)= W @ columns(X). */
static int forwardChunk(const ChunkJob *j, int64_t n0, int64_t nb, int64_t r0, int64_t nr, int64_t colsAt,
                        int64_t partAt) {
  const Dims *d = &j->d;
  const int64_t len = nr * d->rowLen;
  (void)partAt;
  THNN_im2colBatch(j->cv->dtype, &j->cv->col, at(j->in, n0 * d->cX * d->imageVol), at(j->cols, colsAt), nb, r0, nr, 0);
  for (int64_t g = 0; g < j->cv->groups; g++)
    if (THNN_gemmBatch(nb, d->cYg, len, d->Kg, 1, weightOf(j->W, d, g, 0), chunkColumnsOf(j->cols, d, colsAt, len, g, 0),
                       j->start, vectorsOf(j->out, d, n0, r0 * d->rowLen, g), 0))
      return TH_ERR;
  return TH_OK;
}

/* vectorToImage's chunk: X (+)= col2im(W^T @ Y's rows). */
static int backwardChunk(const ChunkJob *j, int64_t n0, int64_t nb, int64_t r0, int64_t nr, int64_t colsAt,
                         int64_t partAt) {
  const Dims *d = &j->d;
  const int64_t len = nr * d->rowLen;
  (void)partAt;
  for (int64_t g = 0; g < j->cv->groups; g++)
    if (THNN_gemmBatch(nb, d->Kg, len, d->cYg, 1, weightOf(j->W, d, g, 1), vectorsOf(j->in, d, n0, r0 * d->rowLen, g), 0,
                       chunkColumnsOf(j->cols, d, colsAt, len, g, 0), 0))
      return TH_ERR;
  /* the images start from zero (or the bias): whole samples clear channel by channel inside
   * col2im, bands of rows once, before the first */
  char *images = at(j->out, n0 * d->cX * d->imageVol);
  const int whole = nr == d->rows;
  if (!j->start && !whole && r0 == 0) memset(images, 0, (size_t)(nb * d->cX * d->imageVol) * THDType_size(j->cv->dtype));
  THNN_col2imBatch(j->cv->dtype, &j->cv->col, at(j->cols, colsAt), images, nb, r0, nr, !j->start && whole, 0);
  return TH_OK;
}

/* accWeight's chunk: dW (or this thread's part of it) += alpha * Y's rows @ columns(X)^T. */
static int weightChunk(const ChunkJob *j, int64_t n0, int64_t nb, int64_t r0, int64_t nr, int64_t colsAt,
                       int64_t partAt) {
  const Dims *d = &j->d;
  const int64_t len = nr * d->rowLen;
  THNN_im2colBatch(j->cv->dtype, &j->cv->col, at(j->in, n0 * d->cX * d->imageVol), at(j->cols, colsAt), nb, r0, nr, 0);
  for (int64_t g = 0; g < j->cv->groups; g++)
    if (THNN_gemmBatch(nb, d->cYg, d->Kg, len, j->alpha, vectorsOf(j->W, d, n0, r0 * d->rowLen, g),
                       chunkColumnsOf(j->cols, d, colsAt, len, g, 1), 1,
                       (THNNOperand){j->out, partAt + g * d->cYg * d->Kg, 0, d->Kg, 1}, 1))
      return TH_ERR;
  return TH_OK;
}

/* Y[n] = bias + W @ columns(X[n]) (bias: NULL or contiguous [cY]). */
static int imageToVector(const Conv *cv, const THTensor *X, const THTensor *W, const THTensor *bias, THTensor *Y,
                         THTensor *columns) {
  const Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.blocks == 0) return TH_OK;
  if (cv->depthwise) {
    THNN_depthwiseImageToVector(cv->dtype, &cv->col, d.cYg, N, THTensor_data(X), THTensor_data(W),
                                bias ? THTensor_data(bias) : NULL, THTensor_data(Y));
    return TH_OK;
  }
  if (cv->winograd) return winogradPass(cv, X, W, bias, Y, columns, 0);
  const double beta = startFromBias(cv, Y, bias, d.cY);
  if (d.Kg == 0) return beta ? TH_OK : THTensor_zero(Y);
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (THNN_gemmBatch(N, d.cYg, d.blocks, d.Kg, 1, weightOf(W, &d, g, 0), imageColumnsOf(X, &d, g, 0), beta,
                    vectorsOf(Y, &d, 0, 0, g), 0))
        return TH_ERR;
    return TH_OK;
  }
  const Chunking ch = chunkingOf(&d, N);
  ChunkJob job = {cv, d, W, X, Y, columnsBuffer(cv, &d, ch, columns), beta != 0, 1};
  if (!job.cols) return TH_ERR;
  const int status = runChunks(&job, ch, forwardChunk, chunkColumns(&d, ch), 0, 0);
  THTensor_free(job.cols);
  return status;
}

/* X[n] = bias + col2im(W^T @ Y[n]) (bias: NULL or contiguous [cX]). */
static int vectorToImage(const Conv *cv, const THTensor *Y, const THTensor *W, const THTensor *bias, THTensor *X,
                         THTensor *columns) {
  const Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.imageVol == 0 || d.cX == 0) return TH_OK;
  if (cv->depthwise) {
    THNN_depthwiseVectorToImage(cv->dtype, &cv->col, d.cYg, N, THTensor_data(Y), THTensor_data(W),
                                bias ? THTensor_data(bias) : NULL, THTensor_data(X));
    return TH_OK;
  }
  if (cv->winograd && cv->col.padding[1] <= 2 && cv->col.padding[2] <= 2)
    return winogradPass(cv, Y, W, bias, X, columns, 1);
  const int accumulate = startFromBias(cv, X, bias, d.cX);
  if (d.blocks == 0) return accumulate ? TH_OK : THTensor_zero(X);
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (THNN_gemmBatch(N, d.Kg, d.blocks, d.cYg, 1, weightOf(W, &d, g, 1), vectorsOf(Y, &d, 0, 0, g), accumulate ? 1 : 0,
                    imageColumnsOf(X, &d, g, 0), 0))
        return TH_ERR;
    return TH_OK;
  }
  const Chunking ch = chunkingOf(&d, N);
  ChunkJob job = {cv, d, W, Y, X, columnsBuffer(cv, &d, ch, columns), accumulate, 1};
  if (!job.cols) return TH_ERR;
  const int status = runChunks(&job, ch, backwardChunk, chunkColumns(&d, ch), 0, 1);
  THTensor_free(job.cols);
  return status;
}

/* dW += scale * sum_n Y[n] @ columns(X[n])^T. */
static int accWeight(const Conv *cv, const THTensor *X, const THTensor *Y, THTensor *dW, THTensor *columns,
                     double scale) {
  const Dims d = dimsOf(cv);
  const int64_t N = cv->batch;
  if (N == 0 || d.blocks == 0 || d.Kg == 0) return TH_OK;
  if (cv->depthwise)
    return THNN_depthwiseAccWeight(cv->dtype, &cv->col, d.cYg, N, THTensor_data(X), THTensor_data(Y), THTensor_data(dW),
                                   scale);
  if (cv->winograd) {
    const THNNWinograd w = winogradOf(cv, 0);
    THTensor *work = workBuffer(cv, columns, THNN_winogradWorkSize(&w, 1));
    if (!work) return TH_ERR;
    int status = THNN_winogradWeight(&w, X, Y, dW, scale, work);
    THTensor_free(work);
    return status;
  }
  if (cv->identity) {
    for (int64_t g = 0; g < cv->groups; g++)
      if (THNN_gemmBatch(N, d.cYg, d.Kg, d.blocks, scale, vectorsOf(Y, &d, 0, 0, g), imageColumnsOf(X, &d, g, 1), 1,
                    weightOf(dW, &d, g, 0), 1))
        return TH_ERR;
    return TH_OK;
  }
  const Chunking ch = chunkingOf(&d, N);
  ChunkJob job = {cv, d, Y, X, dW, columnsBuffer(cv, &d, ch, columns), 1, scale};
  if (!job.cols) return TH_ERR;
  int status;
  if (ch.threads <= 1) {
    status = runChunks(&job, ch, weightChunk, chunkColumns(&d, ch), 0, 0);
  } else { /* each thread sums into its own part; the parts add up into dW at the end */
    int64_t perPart = d.cY * d.Kg, partsSize = ch.threads * perPart;
    THTensor *parts = THTensor_newWithSize(cv->dtype, 1, &partsSize);
    status = parts ? THTensor_zero(parts) : TH_ERR;
    if (status == TH_OK) {
      job.out = parts, job.alpha = 1;
      status = runChunks(&job, ch, weightChunk, chunkColumns(&d, ch), perPart, 0);
    }
    if (status == TH_OK) {
      if (cv->dtype == TH_Float32) addParts_Float(THTensor_data(dW), THTensor_data(parts), perPart, ch.threads, scale);
      else addParts_Double(THTensor_data(dW), THTensor_data(parts), perPart, ch.threads, scale);
    }
    if (parts) THTensor_free(parts);
  }
  THTensor_free(job.cols);
  return status;
}

/* ---- the passes ---- */

static int forward(const Conv *cv, const THTensor *input, THTensor *output, const THTensor *weight, const THTensor *bias,
                   THTensor *columns) {
  if (checkNoOverlap(cv, "output", output, "input", input, "weight", weight, "bias", bias, "columns", columns, NULL) ||
      (columns && checkNoOverlap(cv, "columns", columns, "input", input, "weight", weight, "bias", bias, NULL)))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *w = x ? THTensor_newContiguous(weight) : NULL;
  THTensor *b = w && bias ? THTensor_newContiguous(bias) : NULL;
  THTensor *tmp = NULL, *y = w && (b || !bias) ? THNN_resultTarget(output, cv->outNdim, cv->outSizes, &tmp) : NULL;
  int status = TH_ERR;
  if (y) {
    status = cv->transposed ? vectorToImage(cv, x, w, b, y, columns) : imageToVector(cv, x, w, b, y, columns);
    int finished = THNN_resultFinish(output, tmp);
    if (status == TH_OK) status = finished;
  }
  if (x) THTensor_free(x);
  if (w) THTensor_free(w);
  if (b) THTensor_free(b);
  return status;
}

static int gradInputPass(const Conv *cv, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                         const THTensor *weight, THTensor *columns) {
  if (checkGradOutput(cv, gradOutput) || checkDType(cv, "gradInput", gradInput) ||
      checkNoOverlap(cv, "gradInput", gradInput, "input", input, "gradOutput", gradOutput, "weight", weight, "columns",
                     columns, NULL) ||
      (columns && checkNoOverlap(cv, "columns", columns, "gradOutput", gradOutput, "weight", weight, NULL)))
    return TH_ERR;
  THTensor *g = THTensor_newContiguous(gradOutput), *w = g ? THTensor_newContiguous(weight) : NULL;
  THTensor *tmp = NULL, *gi = w ? THNN_resultTarget(gradInput, THTensor_ndim(input), THTensor_sizes(input), &tmp) : NULL;
  int status = TH_ERR;
  if (gi) {
    status = cv->transposed ? imageToVector(cv, g, w, NULL, gi, columns) : vectorToImage(cv, g, w, NULL, gi, columns);
    int finished = THNN_resultFinish(gradInput, tmp);
    if (status == TH_OK) status = finished;
  }
  if (g) THTensor_free(g);
  if (w) THTensor_free(w);
  return status;
}

/* Accumulating into t: t itself when contiguous, else a contiguous copy that accFinish copies back. */
static int accFinish(THTensor *t, THTensor *c, int status) {
  if (status == TH_OK && c != t) status = THTensor_copy(t, c);
  if (status == TH_OK) THTensor_bumpVersion(t);
  THTensor_free(c);
  return status;
}

static int gradParamsPass(const Conv *cv, const THTensor *input, const THTensor *gradOutput, THTensor *gradWeight,
                          THTensor *gradBias, THTensor *columns, double scale) {
  if (checkGradOutput(cv, gradOutput) || (gradBias && checkBias(cv, gradBias, "gradBias", gradWeight)) ||
      checkNoOverlap(cv, "gradWeight", gradWeight, "input", input, "gradOutput", gradOutput, "gradBias", gradBias,
                     "columns", columns, NULL) ||
      (gradBias && checkNoOverlap(cv, "gradBias", gradBias, "input", input, "gradOutput", gradOutput, "columns", columns,
                                  NULL)) ||
      (columns && checkNoOverlap(cv, "columns", columns, "input", input, "gradOutput", gradOutput, NULL)))
    return TH_ERR;
  THTensor *x = THTensor_newContiguous(input), *g = x ? THTensor_newContiguous(gradOutput) : NULL;
  THTensor *gw = g ? THTensor_newContiguous(gradWeight) : NULL;
  int status = gw ? TH_OK : TH_ERR;
  if (gw) {
    /* a convolution's image is its input, a transposed one's its output (whose gradient is g) */
    status = cv->transposed ? accWeight(cv, g, x, gw, columns, scale) : accWeight(cv, x, g, gw, columns, scale);
    status = accFinish(gradWeight, gw, status);
  }
  if (status == TH_OK && gradBias) {
    THTensor *gb = THTensor_newContiguous(gradBias);
    if (!gb) status = TH_ERR;
    else {
      const int64_t plane = THTensor_numel(g) / (cv->batch * cv->outC > 0 ? cv->batch * cv->outC : 1);
      if (cv->dtype == TH_Float32)
        accBiasGrad_Float(THTensor_data(g), THTensor_data(gb), cv->batch, cv->outC, plane, scale, cv->depthwise);
      else
        accBiasGrad_Double(THTensor_data(g), THTensor_data(gb), cv->batch, cv->outC, plane, scale, cv->depthwise);
      status = accFinish(gradBias, gb, status);
    }
  }
  if (x) THTensor_free(x);
  if (g) THTensor_free(g);
  return status;
}

/* ---- the API ---- */

int THNN_Convolution_updateOutput(int nDims, const THTensor *input, THTensor *output, const THTensor *weight,
                                  const THTensor *bias, THTensor *columns, const int64_t *stride, const int64_t *padding,
                                  const int64_t *paddingEnd, const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 0, 0, nDims, input, weight, "weight", stride, padding, paddingEnd, NULL, dilation, groups)) return TH_ERR;
  if (!output) return THError("%s: output is NULL", cv.op);
  if (checkDType(&cv, "output", output) || (bias && checkBias(&cv, bias, "bias", weight)))
    return TH_ERR;
  return forward(&cv, input, output, weight, bias, columns);
}

int THNN_Convolution_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput, THTensor *gradInput,
                                     const THTensor *weight, THTensor *columns, const int64_t *stride,
                                     const int64_t *padding, const int64_t *paddingEnd, const int64_t *dilation,
                                     int64_t groups) {
  Conv cv;
  if (setup(&cv, 0, 1, nDims, input, weight, "weight", stride, padding, paddingEnd, NULL, dilation, groups)) return TH_ERR;
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradInputPass(&cv, input, gradOutput, gradInput, weight, columns);
}

int THNN_Convolution_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                       THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                       const int64_t *stride, const int64_t *padding, const int64_t *paddingEnd,
                                       const int64_t *dilation, int64_t groups, double scale) {
  Conv cv;
  if (setup(&cv, 0, 1, nDims, input, gradWeight, "gradWeight", stride, padding, paddingEnd, NULL, dilation, groups))
    return TH_ERR;
  if (!gradOutput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradParamsPass(&cv, input, gradOutput, gradWeight, gradBias, columns, scale);
}

int THNN_ConvolutionTranspose_updateOutput(int nDims, const THTensor *input, THTensor *output, const THTensor *weight,
                                           const THTensor *bias, THTensor *columns, const int64_t *stride,
                                           const int64_t *padding, const int64_t *outputPadding,
                                           const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 1, 0, nDims, input, weight, "weight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!output) return THError("%s: output is NULL", cv.op);
  if (checkDType(&cv, "output", output) || (bias && checkBias(&cv, bias, "bias", weight)))
    return TH_ERR;
  return forward(&cv, input, output, weight, bias, columns);
}

int THNN_ConvolutionTranspose_updateGradInput(int nDims, const THTensor *input, const THTensor *gradOutput,
                                              THTensor *gradInput, const THTensor *weight, THTensor *columns,
                                              const int64_t *stride, const int64_t *padding,
                                              const int64_t *outputPadding, const int64_t *dilation, int64_t groups) {
  Conv cv;
  if (setup(&cv, 1, 1, nDims, input, weight, "weight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!gradOutput || !gradInput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradInputPass(&cv, input, gradOutput, gradInput, weight, columns);
}

int THNN_ConvolutionTranspose_accGradParameters(int nDims, const THTensor *input, const THTensor *gradOutput,
                                                THTensor *gradWeight, THTensor *gradBias, THTensor *columns,
                                                const int64_t *stride, const int64_t *padding,
                                                const int64_t *outputPadding, const int64_t *dilation, int64_t groups,
                                                double scale) {
  Conv cv;
  if (setup(&cv, 1, 1, nDims, input, gradWeight, "gradWeight", stride, padding, NULL, outputPadding, dilation, groups))
    return TH_ERR;
  if (!gradOutput) return THError("%s: a tensor argument is NULL", cv.op);
  return gradParamsPass(&cv, input, gradOutput, gradWeight, gradBias, columns, scale);
}
