/* The column transforms (see THNNColumns.h): typed kernels, and their batches split over OpenMP
 * threads by (image, channel) — each task owns its channel's rows of the columns and, for col2im,
 * its channel's plane of the image, so no two threads write the same memory. */
#include <string.h>

#include "THNNColumns.h"

/* im2col / col2im elements below which one thread does the whole batch. */
#define THNN_COLUMNS_GRAIN 65536

#define THNN_GENERIC_FILE "generic/THNNColumns.c"
#include "THNNGenerateFloatTypes.h"

void THNN_im2colBatch(THDType dtype, const THNNColShape *s, const void *images, void *columns, int64_t n, int64_t r0,
                      int64_t nr, int parallel) {
  if (dtype == TH_Float32) im2colBatch_Float(s, images, columns, n, r0, nr, parallel);
  else im2colBatch_Double(s, images, columns, n, r0, nr, parallel);
}

void THNN_col2imBatch(THDType dtype, const THNNColShape *s, const void *columns, void *images, int64_t n, int64_t r0,
                      int64_t nr, int zeroFirst, int parallel) {
  if (dtype == TH_Float32) col2imBatch_Float(s, columns, images, n, r0, nr, zeroFirst, parallel);
  else col2imBatch_Double(s, columns, images, n, r0, nr, zeroFirst, parallel);
}
