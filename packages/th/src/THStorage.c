/* Refcounted storage over owned (allocator) or borrowed memory. */
#include "THInternal.h"

#include <stdlib.h>
#include <string.h>

static int usesInline(const THAllocator *a) { return a == THDefaultAllocator(); }

/* Allocator memory held by storages: host memory in ownedBytes, device memory in deviceBytes. */
static void countBytes(const THAllocator *a, int64_t delta) {
  if (a->onDevice) TH_COUNT(deviceBytes, delta);
  else TH_COUNT(ownedBytes, delta);
}

THStorage *THStorage_new(size_t nbytes, THAllocator *allocator) {
  if (!allocator) allocator = THDefaultAllocator();
  THStorage *s = calloc(1, sizeof *s);
  if (!s) return THError("out of memory allocating a storage"), NULL;
  /* Small storages of the default allocator (and fresh results before their first resize) use the
   * inline buffer; other allocators' memory is always theirs (device memory, pinned memory). */
  s->data = nbytes > TH_INLINE_BYTES || !usesInline(allocator) ? allocator->malloc(allocator->ctx, nbytes) : s->inlineData;
  if (!s->data && nbytes == 0) s->data = s->inlineData; /* nothing to point at */
  if (!s->data) {
    free(s);
    /* a device allocator says why (e.g. CUDA's out-of-memory report): keep its message */
    if (!allocator->onDevice) THError("out of memory: could not allocate %zu bytes", nbytes);
    return NULL;
  }
  s->refcount = 1;
  s->nbytes = nbytes;
  s->allocator = allocator;
  TH_COUNT(liveStorages, 1);
  if (s->data != s->inlineData) countBytes(allocator, (int64_t)nbytes);
  return s;
}

THStorage *THStorage_newWithData(void *data, size_t nbytes, THReleaseFn release, void *ctx) {
  THStorage *s = calloc(1, sizeof *s);
  if (!s) return THError("out of memory allocating a storage"), NULL;
  s->refcount = 1;
  s->data = data;
  s->nbytes = nbytes;
  s->release = release;
  s->releaseCtx = ctx;
  TH_COUNT(liveStorages, 1);
  return s;
}

void THStorage_retain(THStorage *s) { __atomic_add_fetch(&s->refcount, 1, __ATOMIC_RELAXED); }

void THStorage_free(THStorage *s) {
  if (!s || __atomic_sub_fetch(&s->refcount, 1, __ATOMIC_ACQ_REL) != 0) return;
  if (s->allocator) {
    if (s->data != s->inlineData) {
      s->allocator->free(s->allocator->ctx, s->data, s->nbytes);
      countBytes(s->allocator, -(int64_t)s->nbytes);
    }
  } else if (s->release) {
    s->release(s->releaseCtx, s->data);
  }
  TH_COUNT(liveStorages, -1);
  free(s);
}

void *THStorage_data(const THStorage *s) { return s->data; }
size_t THStorage_nbytes(const THStorage *s) { return s->nbytes; }
int THStorage_refcount(const THStorage *s) { return __atomic_load_n(&s->refcount, __ATOMIC_RELAXED); }
int THStorage_device(const THStorage *s) { return s->allocator && s->allocator->onDevice ? s->allocator->deviceIndex : -1; }
THAllocator *THStorage_allocator(const THStorage *s) { return s->allocator; }

int THStorage_resize(THStorage *s, size_t nbytes) {
  if (nbytes <= s->nbytes) return TH_OK;
  THAllocator *a = s->allocator;
  if (s->data == s->inlineData && nbytes <= TH_INLINE_BYTES && a && usesInline(a)) {
    s->nbytes = nbytes;
    return TH_OK;
  }
  if (!s->allocator) return THError("cannot resize a storage that borrows external memory (%zu bytes) to %zu bytes", s->nbytes, nbytes);
  void *p = s->allocator->malloc(s->allocator->ctx, nbytes);
  if (!p) return a->onDevice ? TH_ERR : THError("out of memory: could not allocate %zu bytes", nbytes);
  if (a->onDevice) {
    if (s->nbytes && s->data != s->inlineData && a->copy(a->ctx, p, s->data, s->nbytes)) {
      a->free(a->ctx, p, nbytes);
      return TH_ERR;
    }
  } else if (s->nbytes) {
    memcpy(p, s->data, s->nbytes);
  }
  if (s->data != s->inlineData) {
    a->free(a->ctx, s->data, s->nbytes);
    countBytes(a, -(int64_t)s->nbytes);
  }
  countBytes(a, (int64_t)nbytes);
  s->data = p;
  s->nbytes = nbytes;
  return TH_OK;
}
