/* The caching allocators' logic over a table of raw operations (see THCBlockPool.h). No CUDA here:
 * test/c/test_block_pool.c compiles this file into itself and drives it with fake operations. */
#include "THCBlockPool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================================== */
/* An intrusive AVL tree: nodes live inside the blocks, keys are unique (they end with the block's
 * address), and the comparator sees two nodes (searches compare against a probe node). */

typedef struct TreeNode {
  struct TreeNode *left, *right;
  int height;
} TreeNode;
typedef int (*TreeCmp)(const TreeNode *a, const TreeNode *b);

static int treeHeight(const TreeNode *n) { return n ? n->height : 0; }

static void treeFix(TreeNode *n) {
  int l = treeHeight(n->left), r = treeHeight(n->right);
  n->height = (l > r ? l : r) + 1;
}

static TreeNode *treeRotateRight(TreeNode *y) {
  TreeNode *x = y->left;
  y->left = x->right;
  x->right = y;
  treeFix(y);
  treeFix(x);
  return x;
}

static TreeNode *treeRotateLeft(TreeNode *x) {
  TreeNode *y = x->right;
  x->right = y->left;
  y->left = x;
  treeFix(x);
  treeFix(y);
  return y;
}

static TreeNode *treeBalance(TreeNode *n) {
  treeFix(n);
  int b = treeHeight(n->left) - treeHeight(n->right);
  if (b > 1) {
    if (treeHeight(n->left->left) < treeHeight(n->left->right)) n->left = treeRotateLeft(n->left);
    return treeRotateRight(n);
  }
  if (b < -1) {
    if (treeHeight(n->right->right) < treeHeight(n->right->left)) n->right = treeRotateRight(n->right);
    return treeRotateLeft(n);
  }
  return n;
}

static TreeNode *treeInsert(TreeNode *root, TreeNode *n, TreeCmp cmp) {
  if (!root) {
    n->left = n->right = NULL;
    n->height = 1;
    return n;
  }
  if (cmp(n, root) < 0) root->left = treeInsert(root->left, n, cmp);
  else root->right = treeInsert(root->right, n, cmp);
  return treeBalance(root);
}

static TreeNode *treeRemoveMin(TreeNode *root, TreeNode **min) {
  if (!root->left) {
    *min = root;
    return root->right;
  }
  root->left = treeRemoveMin(root->left, min);
  return treeBalance(root);
}

/* n must be in the tree, with the key it was inserted with. */
static TreeNode *treeRemove(TreeNode *root, TreeNode *n, TreeCmp cmp) {
  if (!root) return NULL;
  int c = cmp(n, root);
  if (c < 0) root->left = treeRemove(root->left, n, cmp);
  else if (c > 0) root->right = treeRemove(root->right, n, cmp);
  else {
    TreeNode *l = root->left, *r = root->right, *m = NULL;
    if (!r) return l;
    r = treeRemoveMin(r, &m);
    m->left = l;
    m->right = r;
    return treeBalance(m);
  }
  return treeBalance(root);
}

/* The smallest node >= key. */
static TreeNode *treeLowerBound(TreeNode *root, const TreeNode *key, TreeCmp cmp) {
  TreeNode *best = NULL;
  while (root) {
    if (cmp(root, key) >= 0) {
      best = root;
      root = root->left;
    } else {
      root = root->right;
    }
  }
  return best;
}

/* The greatest node <= key. */
static TreeNode *treeFloor(TreeNode *root, const TreeNode *key, TreeCmp cmp) {
  TreeNode *best = NULL;
  while (root) {
    if (cmp(root, key) <= 0) {
      best = root;
      root = root->right;
    } else {
      root = root->left;
    }
  }
  return best;
}

/* Checks order and balance; counts the nodes; *prev: the last node visited in order. */
static int treeCheck(const TreeNode *n, TreeCmp cmp, const TreeNode **prev, int64_t *count) {
  if (!n) return TH_OK;
  if (treeCheck(n->left, cmp, prev, count)) return TH_ERR;
  if (*prev && cmp(*prev, n) >= 0) return THError("tree out of order");
  *prev = n;
  (*count)++;
  if (treeCheck(n->right, cmp, prev, count)) return TH_ERR;
  int l = treeHeight(n->left), r = treeHeight(n->right);
  if (n->height != (l > r ? l : r) + 1) return THError("tree height wrong");
  if (l - r > 1 || r - l > 1) return THError("tree unbalanced");
  return TH_OK;
}

/* ======================================================================================== */
/* Helpers shared by both pools. */

#define container_of(p, type, field) ((type *)((char *)(p) - offsetof(type, field)))

static int cmpAddr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
  return x < y ? -1 : x > y;
}

static void statUpdate(THCMemoryStat *s, int64_t amount) {
  s->current += amount;
  if (s->current > s->peak) s->peak = s->current;
  if (amount > 0) s->allocated += amount;
  else s->freed -= amount;
}

/* PyTorch's format_size. */
static void formatSize(char *buf, size_t n, uint64_t size) {
  if (size <= 1024) snprintf(buf, n, "%llu bytes", (unsigned long long)size);
  else if (size <= 1048576) snprintf(buf, n, "%.2f KiB", size / 1024.0);
  else if (size <= 1073741824ULL) snprintf(buf, n, "%.2f MiB", size / 1048576.0);
  else snprintf(buf, n, "%.2f GiB", size / 1073741824.0);
}

/* The streams a live block is also used on (a small set). */
typedef struct StreamSet {
  void **items;
  int n, cap;
} StreamSet;

static int streamSetAdd(StreamSet *s, void *stream) {
  for (int i = 0; i < s->n; i++)
    if (s->items[i] == stream) return TH_OK;
  if (s->n == s->cap) {
    int cap = s->cap ? 2 * s->cap : 4;
    void **items = realloc(s->items, (size_t)cap * sizeof *items);
    if (!items) return THError("recordStream: out of host memory");
    s->items = items;
    s->cap = cap;
  }
  s->items[s->n++] = stream;
  return TH_OK;
}

static void streamSetRelease(StreamSet *s) {
  free(s->items);
  s->items = NULL;
  s->n = s->cap = 0;
}

/* Events waiting to complete, one FIFO per stream (events of one stream complete in order, so
 * processing stops at the first pending one of each stream). `owner` is the block to return. */
typedef struct EventRec {
  void *event;
  void *owner;
  struct EventRec *next;
} EventRec;
typedef struct EventQueue {
  void *stream;
  EventRec *head, *tail;
} EventQueue;
typedef struct EventQueues {
  EventQueue *q;
  int n, cap;
  int64_t count; /* records in all queues */
} EventQueues;
/* Called when one of the owner's events completes. */
typedef void (*EventDoneFn)(void *pool, void *owner);

static int eventsPush(EventQueues *qs, void *stream, void *event, void *owner) {
  EventRec *r = malloc(sizeof *r);
  if (!r) return THError("out of host memory recording an allocator event");
  r->event = event;
  r->owner = owner;
  r->next = NULL;
  EventQueue *q = NULL;
  for (int i = 0; i < qs->n && !q; i++)
    if (qs->q[i].stream == stream) q = &qs->q[i];
  if (!q) {
    if (qs->n == qs->cap) {
      int cap = qs->cap ? 2 * qs->cap : 4;
      EventQueue *nq = realloc(qs->q, (size_t)cap * sizeof *nq);
      if (!nq) {
        free(r);
        return THError("out of host memory recording an allocator event");
      }
      qs->q = nq;
      qs->cap = cap;
    }
    q = &qs->q[qs->n++];
    q->stream = stream;
    q->head = q->tail = NULL;
  }
  if (q->tail) q->tail->next = r;
  else q->head = r;
  q->tail = r;
  qs->count++;
  return TH_OK;
}

/* Completes the finished events (wait = 0) or waits for every event (wait = 1: with
 * eventSynchronize, falling back on synchronize when that fails; every event is then taken as
 * complete). Queues that become empty are dropped. */
static int eventsProcess(EventQueues *qs, const THCBlockPoolOps *ops, void *ctx, int wait, EventDoneFn done,
                         void *pool) {
  int rc = TH_OK;
  for (int i = 0; i < qs->n;) {
    EventQueue *q = &qs->q[i];
    while (q->head) {
      EventRec *r = q->head;
      if (wait) {
        if (ops->eventSynchronize(ctx, r->event) != TH_OK) {
          rc = TH_ERR;
          ops->synchronize(ctx);
        }
      } else {
        int st = ops->eventQuery(ctx, r->event);
        if (st == 0) break;
        if (st != 1) return TH_ERR;
      }
      q->head = r->next;
      if (!q->head) q->tail = NULL;
      qs->count--;
      ops->eventDestroy(ctx, r->event);
      void *owner = r->owner;
      free(r);
      done(pool, owner);
    }
    if (!q->head) qs->q[i] = qs->q[--qs->n]; /* drop the empty queue; the last one moves here */
    else i++;
  }
  return rc;
}

static void eventsRelease(EventQueues *qs) {
  free(qs->q);
  qs->q = NULL;
  qs->n = qs->cap = 0;
}

/* Records an event on every stream of `uses` for `owner` (counted in *eventCount) and empties the
 * set. When an event cannot be made, waits for all work instead (so that stream is done). */
static int recordUses(EventQueues *qs, const THCBlockPoolOps *ops, void *ctx, StreamSet *uses, void *owner,
                      int *eventCount) {
  int failed = 0;
  for (int i = 0; i < uses->n; i++) {
    void *ev = NULL;
    if (ops->eventCreate(ctx, uses->items[i], &ev) != TH_OK) {
      failed = 1;
      continue;
    }
    if (ops->eventRecord(ctx, ev, uses->items[i]) != TH_OK || eventsPush(qs, uses->items[i], ev, owner) != TH_OK) {
      ops->eventDestroy(ctx, ev);
      failed = 1;
      continue;
    }
    (*eventCount)++;
  }
  uses->n = 0;
  if (failed) return ops->synchronize(ctx);
  return TH_OK;
}

/* ======================================================================================== */
/* The device pool. */

typedef struct Segment Segment;

typedef struct Block {
  TreeNode node; /* in its pool's free tree, or (allocated) in the live tree; in neither while it
                    waits for events */
  char *ptr;
  size_t size;
  void *stream; /* the segment's stream */
  Segment *segment;
  struct Block *prev, *next; /* neighbours in the segment */
  struct Block *link;        /* scratch list while releasing */
  int allocated;
  int eventCount;
  StreamSet uses; /* other streams the live block is used on */
} Block;

struct Segment {
  char *ptr;
  size_t size;
  int small;
  void *stream;
  Block *head; /* its first block */
  Segment *prevSeg, *nextSeg;
};

struct THCBlockPool {
  pthread_mutex_t mutex;
  const THCBlockPoolOps *ops;
  void *ctx;
  int device;
  TreeNode *smallFree, *largeFree; /* free blocks by (stream, size, address) */
  TreeNode *live;                  /* allocated blocks by address */
  Segment *segments;
  EventQueues events;
  THCMemoryStats stats;
};

#define BLOCK(n) container_of(n, Block, node)

static int cmpFree(const TreeNode *a, const TreeNode *b) {
  const Block *x = BLOCK(a), *y = BLOCK(b);
  int c = cmpAddr(x->stream, y->stream);
  if (c) return c;
  if (x->size != y->size) return x->size < y->size ? -1 : 1;
  return cmpAddr(x->ptr, y->ptr);
}

static int cmpLive(const TreeNode *a, const TreeNode *b) { return cmpAddr(BLOCK(a)->ptr, BLOCK(b)->ptr); }

static TreeNode **freeTree(THCBlockPool *p, const Block *b) { return b->segment->small ? &p->smallFree : &p->largeFree; }

size_t THCBlockPool_roundSize(size_t size) {
  if (size < THC_POOL_MIN_BLOCK) return THC_POOL_MIN_BLOCK;
  return (size + THC_POOL_MIN_BLOCK - 1) / THC_POOL_MIN_BLOCK * THC_POOL_MIN_BLOCK;
}

size_t THCBlockPool_segmentSize(size_t size) {
  if (size <= THC_POOL_SMALL_SIZE) return THC_POOL_SMALL_BUFFER;
  if (size < THC_POOL_MIN_LARGE_ALLOC) return THC_POOL_LARGE_BUFFER;
  return (size + THC_POOL_ROUND_LARGE - 1) / THC_POOL_ROUND_LARGE * THC_POOL_ROUND_LARGE;
}

THCBlockPool *THCBlockPool_new(const THCBlockPoolOps *ops, void *ctx, int device) {
  THCBlockPool *p = calloc(1, sizeof *p);
  if (!p) return THError("out of host memory creating the caching allocator"), NULL;
  if (pthread_mutex_init(&p->mutex, NULL) != 0) {
    free(p);
    return THError("could not create the caching allocator's mutex"), NULL;
  }
  p->ops = ops;
  p->ctx = ctx;
  p->device = device;
  return p;
}

static void blockDelete(Block *b) {
  streamSetRelease(&b->uses);
  free(b);
}

/* A fresh segment of `size` bytes for `stream`, as one free block (in no tree). THC_POOL_OOM when
 * the driver has no memory left. */
static int allocSegment(THCBlockPool *p, size_t size, int small, void *stream, Block **out) {
  Segment *seg = calloc(1, sizeof *seg);
  Block *b = calloc(1, sizeof *b);
  if (!seg || !b) {
    free(seg);
    free(b);
    return THError("out of host memory in the caching allocator");
  }
  void *ptr = NULL;
  int rc = p->ops->rawMalloc(p->ctx, &ptr, size);
  if (rc != TH_OK) {
    free(seg);
    free(b);
    return rc;
  }
  seg->ptr = ptr;
  seg->size = size;
  seg->small = small;
  seg->stream = stream;
  seg->head = b;
  seg->nextSeg = p->segments;
  if (p->segments) p->segments->prevSeg = seg;
  p->segments = seg;
  b->ptr = ptr;
  b->size = size;
  b->stream = stream;
  b->segment = seg;
  statUpdate(&p->stats.segment, 1);
  statUpdate(&p->stats.reservedBytes, (int64_t)size);
  p->stats.numDeviceAllocs++;
  *out = b;
  return TH_OK;
}

/* Returns a segment that is one free block (in no tree) to the driver. */
static int releaseSegment(THCBlockPool *p, Block *b) {
  Segment *seg = b->segment;
  int rc = p->ops->rawFree(p->ctx, seg->ptr);
  if (seg->prevSeg) seg->prevSeg->nextSeg = seg->nextSeg;
  else p->segments = seg->nextSeg;
  if (seg->nextSeg) seg->nextSeg->prevSeg = seg->prevSeg;
  statUpdate(&p->stats.segment, -1);
  statUpdate(&p->stats.reservedBytes, -(int64_t)seg->size);
  p->stats.numDeviceFrees++;
  free(seg);
  blockDelete(b);
  return rc;
}

/* Merges the free neighbour src into dst (which is being freed, in no tree); the bytes gained. */
static size_t tryMerge(THCBlockPool *p, Block *dst, Block *src) {
  if (!src || src->allocated || src->eventCount > 0) return 0;
  TreeNode **tree = freeTree(p, src);
  *tree = treeRemove(*tree, &src->node, cmpFree);
  if (dst->prev == src) {
    dst->ptr = src->ptr;
    dst->prev = src->prev;
    if (dst->prev) dst->prev->next = dst;
    else dst->segment->head = dst;
  } else {
    dst->next = src->next;
    if (dst->next) dst->next->prev = dst;
  }
  size_t subsumed = src->size;
  dst->size += subsumed;
  blockDelete(src);
  return subsumed;
}

/* A block that is neither live nor waiting for events goes back to its pool. */
static void freeBlock(THCBlockPool *p, Block *b) {
  size_t original = b->size;
  int64_t splitBlocks = 0, splitBytes = 0;
  Block *candidates[2] = {b->prev, b->next};
  for (int i = 0; i < 2; i++) {
    size_t subsumed = tryMerge(p, b, candidates[i]);
    if (subsumed) {
      splitBlocks--;
      splitBytes -= (int64_t)subsumed;
    }
  }
  TreeNode **tree = freeTree(p, b);
  *tree = treeInsert(*tree, &b->node, cmpFree);
  if (b->prev || b->next) {
    splitBlocks++;
    splitBytes += (int64_t)b->size;
  }
  statUpdate(&p->stats.inactiveSplit, splitBlocks);
  statUpdate(&p->stats.inactiveSplitBytes, splitBytes);
  statUpdate(&p->stats.activeCount, -1);
  statUpdate(&p->stats.activeBytes, -(int64_t)original);
}

static void blockEventDone(void *pool, void *owner) {
  Block *b = owner;
  if (--b->eventCount == 0) freeBlock(pool, b);
}

static int processEvents(THCBlockPool *p, int wait) {
  if (!p->events.n) return TH_OK;
  return eventsProcess(&p->events, p->ops, p->ctx, wait, blockEventDone, p);
}

static void collectWholeSegments(TreeNode *n, Block **list) {
  if (!n) return;
  collectWholeSegments(n->left, list);
  Block *b = BLOCK(n);
  if (!b->prev && !b->next) {
    b->link = *list;
    *list = b;
  }
  collectWholeSegments(n->right, list);
}

/* Releases every free block that is a whole segment. */
static int releaseCached(THCBlockPool *p) {
  int rc = TH_OK;
  TreeNode **trees[2] = {&p->largeFree, &p->smallFree};
  for (int t = 0; t < 2; t++) {
    Block *list = NULL;
    collectWholeSegments(*trees[t], &list);
    while (list) {
      Block *b = list;
      list = b->link;
      *trees[t] = treeRemove(*trees[t], &b->node, cmpFree);
      if (releaseSegment(p, b) != TH_OK) rc = TH_ERR;
    }
  }
  return rc;
}

/* Takes the smallest free block of `stream` with at least `size` bytes out of `tree`. */
static Block *findFree(TreeNode **tree, void *stream, size_t size) {
  Block key;
  key.stream = stream;
  key.size = size;
  key.ptr = NULL;
  TreeNode *n = treeLowerBound(*tree, &key.node, cmpFree);
  if (!n || BLOCK(n)->stream != stream) return NULL;
  *tree = treeRemove(*tree, n, cmpFree);
  return BLOCK(n);
}

static void oomError(THCBlockPool *p, size_t size) {
  char want[32], total[32], allocated[32], reserved[32];
  size_t freeBytes = 0, totalBytes = 0;
  formatSize(want, sizeof want, size);
  if (p->ops->memInfo && p->ops->memInfo(p->ctx, &freeBytes, &totalBytes) == TH_OK)
    formatSize(total, sizeof total, totalBytes);
  else
    snprintf(total, sizeof total, "unknown");
  formatSize(allocated, sizeof allocated, (uint64_t)p->stats.allocatedBytes.current);
  formatSize(reserved, sizeof reserved, (uint64_t)p->stats.reservedBytes.current);
  THError("CUDA out of memory. Tried to allocate %s (GPU %d; %s total capacity; %s already allocated; %s reserved "
          "in total by TypeTorch)",
          want, p->device, total, allocated, reserved);
}

static int poolMalloc(THCBlockPool *p, size_t request, void *stream, void **out) {
  if (processEvents(p, 0)) return TH_ERR;
  if (request > SIZE_MAX / 4) { /* no driver has this; keeps the rounding below from overflowing */
    p->stats.numOOMs++;
    oomError(p, request);
    return TH_ERR;
  }
  size_t size = THCBlockPool_roundSize(request);
  int small = size <= THC_POOL_SMALL_SIZE;
  TreeNode **tree = small ? &p->smallFree : &p->largeFree;
  Block *b = findFree(tree, stream, size);
  if (!b) {
    size_t segSize = THCBlockPool_segmentSize(size);
    int rc = allocSegment(p, segSize, small, stream, &b);
    if (rc == THC_POOL_OOM) {
      /* free and retry: wait for the pending blocks, give the whole free segments back */
      p->stats.numAllocRetries++;
      processEvents(p, 1);
      releaseCached(p);
      b = findFree(tree, stream, size); /* a block that was waiting for events may fit now */
      if (!b) rc = allocSegment(p, segSize, small, stream, &b);
      else rc = TH_OK;
    }
    if (rc == THC_POOL_OOM) {
      p->stats.numOOMs++;
      oomError(p, segSize);
      return TH_ERR;
    }
    if (rc != TH_OK) return TH_ERR;
  }

  int alreadySplit = b->prev || b->next;
  size_t rest = b->size - size;
  int split = small ? rest >= THC_POOL_MIN_BLOCK : rest > THC_POOL_SMALL_SIZE;
  Block *front = split ? calloc(1, sizeof *front) : NULL; /* no host memory: use the whole block */
  if (front) {
    /* front: the new live block; b keeps the rest, free, after it */
    front->ptr = b->ptr;
    front->size = size;
    front->stream = stream;
    front->segment = b->segment;
    front->prev = b->prev;
    if (front->prev) front->prev->next = front;
    else front->segment->head = front;
    front->next = b;
    b->prev = front;
    b->ptr += size;
    b->size -= size;
    *tree = treeInsert(*tree, &b->node, cmpFree);
    if (alreadySplit) {
      statUpdate(&p->stats.inactiveSplitBytes, -(int64_t)size);
    } else {
      statUpdate(&p->stats.inactiveSplitBytes, (int64_t)b->size);
      statUpdate(&p->stats.inactiveSplit, 1);
    }
    b = front;
  } else if (alreadySplit) {
    statUpdate(&p->stats.inactiveSplitBytes, -(int64_t)b->size);
    statUpdate(&p->stats.inactiveSplit, -1);
  }

  b->allocated = 1;
  p->live = treeInsert(p->live, &b->node, cmpLive);
  statUpdate(&p->stats.allocation, 1);
  statUpdate(&p->stats.allocatedBytes, (int64_t)b->size);
  statUpdate(&p->stats.activeCount, 1);
  statUpdate(&p->stats.activeBytes, (int64_t)b->size);
  *out = b->ptr;
  return TH_OK;
}

int THCBlockPool_malloc(THCBlockPool *p, size_t size, void *stream, void **ptr) {
  *ptr = NULL;
  pthread_mutex_lock(&p->mutex);
  int rc = poolMalloc(p, size, stream, ptr);
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

/* The live block containing ptr (exact: starting at ptr). */
static Block *findLive(THCBlockPool *p, const void *ptr, int exact) {
  Block key;
  key.ptr = (char *)(uintptr_t)ptr;
  TreeNode *n = treeFloor(p->live, &key.node, cmpLive);
  if (!n) return NULL;
  Block *b = BLOCK(n);
  if (exact ? b->ptr != (const char *)ptr : (uintptr_t)ptr - (uintptr_t)b->ptr >= b->size) return NULL;
  return b;
}

int THCBlockPool_free(THCBlockPool *p, void *ptr) {
  pthread_mutex_lock(&p->mutex);
  Block *b = findLive(p, ptr, 1);
  int rc = THC_POOL_NOT_FOUND;
  if (b) {
    p->live = treeRemove(p->live, &b->node, cmpLive);
    b->allocated = 0;
    statUpdate(&p->stats.allocation, -1);
    statUpdate(&p->stats.allocatedBytes, -(int64_t)b->size);
    rc = TH_OK;
    if (b->uses.n) rc = recordUses(&p->events, p->ops, p->ctx, &b->uses, b, &b->eventCount);
    if (b->eventCount == 0) freeBlock(p, b);
  }
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

int THCBlockPool_recordStream(THCBlockPool *p, const void *ptr, void *stream) {
  pthread_mutex_lock(&p->mutex);
  Block *b = findLive(p, ptr, 0);
  int rc = THC_POOL_NOT_FOUND;
  if (b) rc = stream == b->stream ? TH_OK : streamSetAdd(&b->uses, stream);
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

int THCBlockPool_lookup(THCBlockPool *p, const void *ptr, void **base, size_t *size) {
  pthread_mutex_lock(&p->mutex);
  Block *b = findLive(p, ptr, 0);
  if (b && base) *base = b->ptr;
  if (b && size) *size = b->size;
  pthread_mutex_unlock(&p->mutex);
  return b != NULL;
}

int THCBlockPool_emptyCache(THCBlockPool *p) {
  pthread_mutex_lock(&p->mutex);
  int rc = processEvents(p, 1);
  if (releaseCached(p) != TH_OK) rc = TH_ERR;
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

void THCBlockPool_destroy(THCBlockPool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mutex);
  processEvents(p, 1);
  while (p->segments) {
    Segment *seg = p->segments;
    p->segments = seg->nextSeg;
    for (Block *b = seg->head, *next; b; b = next) {
      next = b->next;
      blockDelete(b);
    }
    p->ops->rawFree(p->ctx, seg->ptr);
    free(seg);
  }
  eventsRelease(&p->events);
  pthread_mutex_unlock(&p->mutex);
  pthread_mutex_destroy(&p->mutex);
  free(p);
}

void THCBlockPool_stats(THCBlockPool *p, THCMemoryStats *out) {
  pthread_mutex_lock(&p->mutex);
  *out = p->stats;
  pthread_mutex_unlock(&p->mutex);
}

static THCMemoryStat *statArray(THCMemoryStats *s, int i) {
  THCMemoryStat *all[8] = {&s->allocatedBytes, &s->reservedBytes, &s->activeBytes, &s->inactiveSplitBytes,
                           &s->allocation,     &s->segment,       &s->activeCount, &s->inactiveSplit};
  return all[i];
}

void THCBlockPool_resetPeakStats(THCBlockPool *p) {
  pthread_mutex_lock(&p->mutex);
  for (int i = 0; i < 8; i++) statArray(&p->stats, i)->peak = statArray(&p->stats, i)->current;
  pthread_mutex_unlock(&p->mutex);
}

void THCBlockPool_resetAccumulatedStats(THCBlockPool *p) {
  pthread_mutex_lock(&p->mutex);
  for (int i = 0; i < 8; i++) statArray(&p->stats, i)->allocated = statArray(&p->stats, i)->freed = 0;
  p->stats.numAllocRetries = p->stats.numOOMs = 0;
  p->stats.numDeviceAllocs = p->stats.numDeviceFrees = 0;
  pthread_mutex_unlock(&p->mutex);
}

static int poolCheck(THCBlockPool *p) {
  int64_t nSmall = 0, nLarge = 0, nLive = 0;
  const TreeNode *prev = NULL;
  if (treeCheck(p->smallFree, cmpFree, &prev, &nSmall)) return THError("small pool: %s", THGetLastError());
  prev = NULL;
  if (treeCheck(p->largeFree, cmpFree, &prev, &nLarge)) return THError("large pool: %s", THGetLastError());
  prev = NULL;
  if (treeCheck(p->live, cmpLive, &prev, &nLive)) return THError("live blocks: %s", THGetLastError());

  THCMemoryStats want;
  memset(&want, 0, sizeof want);
  int64_t freeSmall = 0, freeLarge = 0, events = 0;
  for (Segment *seg = p->segments; seg; seg = seg->nextSeg) {
    if (seg->nextSeg && seg->nextSeg->prevSeg != seg) return THError("segment list broken");
    want.segment.current++;
    want.reservedBytes.current += (int64_t)seg->size;
    if (!seg->head || seg->head->prev || seg->head->ptr != seg->ptr) return THError("segment %p: wrong head", (void *)seg->ptr);
    size_t covered = 0;
    int split = seg->head->next != NULL;
    for (Block *b = seg->head; b; b = b->next) {
      if (b->segment != seg || b->stream != seg->stream) return THError("block %p: wrong segment or stream", (void *)b->ptr);
      if (b->ptr != seg->ptr + covered) return THError("block %p: not where its neighbour ends", (void *)b->ptr);
      if (b->next && b->next->prev != b) return THError("block %p: neighbour links broken", (void *)b->ptr);
      if (b->size == 0 || b->size % THC_POOL_MIN_BLOCK) return THError("block %p: size %zu", (void *)b->ptr, b->size);
      covered += b->size;
      int isFree = !b->allocated && b->eventCount == 0;
      if (b->allocated) {
        if (b->eventCount) return THError("block %p: live with events", (void *)b->ptr);
        if (findLive(p, b->ptr, 1) != b) return THError("block %p: live but not in the live tree", (void *)b->ptr);
        want.allocation.current++;
        want.allocatedBytes.current += (int64_t)b->size;
      } else if (b->eventCount) {
        if (b->uses.n) return THError("block %p: waiting with unrecorded uses", (void *)b->ptr);
        events += b->eventCount;
      } else {
        Block key = *b;
        TreeNode *n = treeLowerBound(*freeTree(p, b), &key.node, cmpFree);
        if (!n || BLOCK(n) != b) return THError("block %p: free but not in its pool", (void *)b->ptr);
        if (b->uses.n) return THError("block %p: free with stream uses", (void *)b->ptr);
        if (seg->small) freeSmall++;
        else freeLarge++;
        if (split) {
          want.inactiveSplit.current++;
          want.inactiveSplitBytes.current += (int64_t)b->size;
        }
      }
      if (!isFree) {
        want.activeCount.current++;
        want.activeBytes.current += (int64_t)b->size;
      }
      if (isFree && b->next && !b->next->allocated && b->next->eventCount == 0)
        return THError("blocks %p and %p: free neighbours not merged", (void *)b->ptr, (void *)b->next->ptr);
    }
    if (covered != seg->size) return THError("segment %p: blocks cover %zu of %zu bytes", (void *)seg->ptr, covered, seg->size);
  }
  if (freeSmall != nSmall || freeLarge != nLarge)
    return THError("free trees hold %lld + %lld blocks, segments %lld + %lld", (long long)nSmall, (long long)nLarge,
                   (long long)freeSmall, (long long)freeLarge);
  if (want.allocation.current != nLive) return THError("live tree holds %lld blocks, segments %lld", (long long)nLive,
                                                        (long long)want.allocation.current);
  if (events != p->events.count) return THError("%lld events queued, blocks wait for %lld", (long long)p->events.count,
                                                (long long)events);
  static const char *names[8] = {"allocatedBytes", "reservedBytes", "activeBytes", "inactiveSplitBytes",
                                 "allocation",     "segment",       "activeCount", "inactiveSplit"};
  for (int i = 0; i < 8; i++) {
    THCMemoryStat *have = statArray(&p->stats, i), *w = statArray(&want, i);
    if (have->current != w->current)
      return THError("stat %s: current %lld, blocks say %lld", names[i], (long long)have->current, (long long)w->current);
    if (have->peak < have->current) return THError("stat %s: peak below current", names[i]);
  }
  return TH_OK;
}

int THCBlockPool_check(THCBlockPool *p) {
  pthread_mutex_lock(&p->mutex);
  int rc = poolCheck(p);
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

/* ======================================================================================== */
/* The pinned host pool. */

typedef struct HostBlock {
  TreeNode node; /* every block, by address */
  char *ptr;
  size_t size;
  int allocated;
  int eventCount;
  StreamSet uses;
  struct HostBlock *nextFree;
} HostBlock;

#define HOST_CLASSES 64

struct THCHostPool {
  pthread_mutex_t mutex;
  const THCBlockPoolOps *ops;
  void *ctx;
  TreeNode *all;
  HostBlock *freeLists[HOST_CLASSES]; /* cached blocks of 2^k bytes */
  EventQueues events;
  int64_t reservedBytes, allocatedBytes, rawAllocs, rawFrees, pendingBlocks;
};

#define HOST_BLOCK(n) container_of(n, HostBlock, node)

static int cmpHost(const TreeNode *a, const TreeNode *b) { return cmpAddr(HOST_BLOCK(a)->ptr, HOST_BLOCK(b)->ptr); }

static int log2Exact(size_t size) {
  int k = 0;
  while (((size_t)1 << k) < size) k++;
  return k;
}

size_t THCHostPool_roundSize(size_t size) {
  if (size <= THC_POOL_MIN_BLOCK) return THC_POOL_MIN_BLOCK;
  if (size > ((size_t)1 << (8 * sizeof(size_t) - 2))) return 0; /* too large to round */
  return (size_t)1 << log2Exact(size);
}

THCHostPool *THCHostPool_new(const THCBlockPoolOps *ops, void *ctx) {
  THCHostPool *p = calloc(1, sizeof *p);
  if (!p) return THError("out of host memory creating the pinned memory allocator"), NULL;
  if (pthread_mutex_init(&p->mutex, NULL) != 0) {
    free(p);
    return THError("could not create the pinned memory allocator's mutex"), NULL;
  }
  p->ops = ops;
  p->ctx = ctx;
  return p;
}

static void hostEventDone(void *pool, void *owner) {
  THCHostPool *p = pool;
  HostBlock *b = owner;
  if (--b->eventCount == 0) {
    int k = log2Exact(b->size);
    b->nextFree = p->freeLists[k];
    p->freeLists[k] = b;
    p->pendingBlocks--;
  }
}

static int hostProcessEvents(THCHostPool *p, int wait) {
  if (!p->events.n) return TH_OK;
  return eventsProcess(&p->events, p->ops, p->ctx, wait, hostEventDone, p);
}

static int hostReleaseCached(THCHostPool *p) {
  int rc = TH_OK;
  for (int k = 0; k < HOST_CLASSES; k++) {
    while (p->freeLists[k]) {
      HostBlock *b = p->freeLists[k];
      p->freeLists[k] = b->nextFree;
      p->all = treeRemove(p->all, &b->node, cmpHost);
      if (p->ops->rawFree(p->ctx, b->ptr) != TH_OK) rc = TH_ERR;
      p->reservedBytes -= (int64_t)b->size;
      p->rawFrees++;
      streamSetRelease(&b->uses);
      free(b);
    }
  }
  return rc;
}

static int hostMalloc(THCHostPool *p, size_t request, void **out) {
  if (hostProcessEvents(p, 0)) return TH_ERR;
  size_t size = THCHostPool_roundSize(request);
  if (size == 0) return THError("CUDA out of memory. Tried to allocate %zu bytes of pinned host memory", request);
  int k = log2Exact(size);
  HostBlock *b = p->freeLists[k];
  if (b) {
    p->freeLists[k] = b->nextFree;
  } else {
    b = calloc(1, sizeof *b);
    if (!b) return THError("out of host memory in the pinned memory allocator");
    void *ptr = NULL;
    int rc = p->ops->rawMalloc(p->ctx, &ptr, size);
    if (rc == THC_POOL_OOM) {
      hostProcessEvents(p, 1);
      hostReleaseCached(p);
      rc = p->ops->rawMalloc(p->ctx, &ptr, size);
    }
    if (rc != TH_OK) {
      free(b);
      if (rc == THC_POOL_OOM) {
        char want[32], reserved[32];
        formatSize(want, sizeof want, size);
        formatSize(reserved, sizeof reserved, (uint64_t)p->reservedBytes);
        THError("CUDA out of memory. Tried to allocate %s of pinned host memory (%s reserved in total by TypeTorch's "
                "pinned allocator)",
                want, reserved);
      }
      return TH_ERR;
    }
    b->ptr = ptr;
    b->size = size;
    p->all = treeInsert(p->all, &b->node, cmpHost);
    p->reservedBytes += (int64_t)size;
    p->rawAllocs++;
  }
  b->allocated = 1;
  p->allocatedBytes += (int64_t)size;
  *out = b->ptr;
  return TH_OK;
}

int THCHostPool_malloc(THCHostPool *p, size_t size, void **ptr) {
  *ptr = NULL;
  pthread_mutex_lock(&p->mutex);
  int rc = hostMalloc(p, size, ptr);
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

/* The block containing ptr (exact: starting at it). */
static HostBlock *hostFind(THCHostPool *p, const void *ptr, int exact) {
  HostBlock key;
  key.ptr = (char *)(uintptr_t)ptr;
  TreeNode *n = treeFloor(p->all, &key.node, cmpHost);
  if (!n) return NULL;
  HostBlock *b = HOST_BLOCK(n);
  if (exact ? b->ptr != (const char *)ptr : (uintptr_t)ptr - (uintptr_t)b->ptr >= b->size) return NULL;
  return b;
}

int THCHostPool_free(THCHostPool *p, void *ptr) {
  pthread_mutex_lock(&p->mutex);
  HostBlock *b = hostFind(p, ptr, 1);
  int rc = THC_POOL_NOT_FOUND;
  if (b && b->allocated) {
    b->allocated = 0;
    p->allocatedBytes -= (int64_t)b->size;
    rc = TH_OK;
    if (b->uses.n) rc = recordUses(&p->events, p->ops, p->ctx, &b->uses, b, &b->eventCount);
    if (b->eventCount == 0) {
      int k = log2Exact(b->size);
      b->nextFree = p->freeLists[k];
      p->freeLists[k] = b;
    } else {
      p->pendingBlocks++;
    }
  }
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

int THCHostPool_recordEvent(THCHostPool *p, const void *ptr, void *stream) {
  pthread_mutex_lock(&p->mutex);
  HostBlock *b = hostFind(p, ptr, 0);
  int rc = b && b->allocated ? streamSetAdd(&b->uses, stream) : THC_POOL_NOT_FOUND;
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

int THCHostPool_isPinned(THCHostPool *p, const void *ptr) {
  pthread_mutex_lock(&p->mutex);
  int found = hostFind(p, ptr, 0) != NULL;
  pthread_mutex_unlock(&p->mutex);
  return found;
}

int THCHostPool_emptyCache(THCHostPool *p) {
  pthread_mutex_lock(&p->mutex);
  int rc = hostProcessEvents(p, 1);
  if (hostReleaseCached(p) != TH_OK) rc = TH_ERR;
  pthread_mutex_unlock(&p->mutex);
  return rc;
}

void THCHostPool_stats(THCHostPool *p, int64_t *reservedBytes, int64_t *allocatedBytes) {
  pthread_mutex_lock(&p->mutex);
  if (reservedBytes) *reservedBytes = p->reservedBytes;
  if (allocatedBytes) *allocatedBytes = p->allocatedBytes;
  pthread_mutex_unlock(&p->mutex);
}

void THCHostPool_counts(THCHostPool *p, int64_t *rawAllocs, int64_t *rawFrees, int64_t *pendingBlocks) {
  pthread_mutex_lock(&p->mutex);
  if (rawAllocs) *rawAllocs = p->rawAllocs;
  if (rawFrees) *rawFrees = p->rawFrees;
  if (pendingBlocks) *pendingBlocks = p->pendingBlocks;
  pthread_mutex_unlock(&p->mutex);
}

static void hostDestroyTree(THCHostPool *p, TreeNode *n) {
  if (!n) return;
  hostDestroyTree(p, n->left);
  hostDestroyTree(p, n->right);
  HostBlock *b = HOST_BLOCK(n);
  p->ops->rawFree(p->ctx, b->ptr);
  streamSetRelease(&b->uses);
  free(b);
}

void THCHostPool_destroy(THCHostPool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mutex);
  hostProcessEvents(p, 1);
  hostDestroyTree(p, p->all);
  eventsRelease(&p->events);
  pthread_mutex_unlock(&p->mutex);
  pthread_mutex_destroy(&p->mutex);
  free(p);
}
