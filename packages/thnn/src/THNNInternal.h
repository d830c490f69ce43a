/* THNNInternal.h — argument checks shared by the kernels (not installed). */
#ifndef THNN_INTERNAL_H
#define THNN_INTERNAL_H

#include "THNN/THNN.h"

/* "[2, 3]" into buf. */
const char *THNN_shapeStr(char *buf, size_t n, const THTensor *t);
#define THNN_SHAPE_BUF 256
/* t is float32 or float64, else TH_ERR: "<op>: expected <what> to be a float32 or float64 tensor, but got int64". */
int THNN_checkFloating(const char *op, const char *what, const THTensor *t);
/* t has ref's dtype, else TH_ERR naming both. */
int THNN_checkSameDType(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref);
/* t has ref's shape, else TH_ERR naming both shapes. */
int THNN_checkSameShape(const char *op, const char *what, const THTensor *t, const char *refWhat, const THTensor *ref);

#endif
