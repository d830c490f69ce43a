/* THStorage.h — a refcounted, untyped block of memory that tensors view. */
#ifndef TH_STORAGE_H
#define TH_STORAGE_H

#include "THAllocator.h"

typedef struct THStorage THStorage;

/* Owned memory from an allocator (NULL: the default one). Contents are uninitialised. */
TH_API THStorage *THStorage_new(size_t nbytes, THAllocator *allocator);
/* Borrowed memory: `release(ctx, data)` is called once, when the last reference goes. */
TH_API THStorage *THStorage_newWithData(void *data, size_t nbytes, THReleaseFn release, void *ctx);
TH_API void THStorage_retain(THStorage *s);
TH_API void THStorage_free(THStorage *s);
TH_API void *THStorage_data(const THStorage *s);
TH_API size_t THStorage_nbytes(const THStorage *s);
TH_API int THStorage_refcount(const THStorage *s);
/* -1 for host memory, else the device index of the allocator the storage came from. */
TH_API int THStorage_device(const THStorage *s);
TH_API THAllocator *THStorage_allocator(const THStorage *s); /* NULL for borrowed memory */
/* Grows owned storage, keeping its contents (borrowed storage cannot grow). */
TH_API int THStorage_resize(THStorage *s, size_t nbytes);

#endif
