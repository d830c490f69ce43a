/* test_block_pool.c — the caching allocators' logic (src/THCBlockPool.c) without a GPU: the pools
 * run over a fake driver on host memory (aligned_alloc'ed segments, a capacity that makes the
 * fake run out of memory, streams and events whose completion the test decides). The core is
 * compiled into this program, since libTHC does not export it. */
#include "thc_test.h"

#include "THCBlockPool.c"

#include <pthread.h>

#define KiB ((size_t)1024)
#define MiB ((size_t)1024 * 1024)

/* ---- the fake driver ---- */

#define MAX_STREAMS 4

typedef struct FakeStream {
  int64_t recorded, done; /* tickets of events recorded on it, and how far its work is done */
} FakeStream;

typedef struct FakeEvent {
  FakeStream *stream;
  int64_t ticket;
} FakeEvent;

typedef struct RawRec {
  void *ptr;
  size_t size;
} RawRec;

typedef struct Fake {
  size_t capacity, used;
  int64_t rawMallocs, rawFrees, badFrees, ooms;
  int64_t eventsLive, eventsCreated, eventSyncs, syncs;
  int failMalloc, failEventCreate, failEventRecord, failEventQuery;
  size_t lastRawSize;
  RawRec *raw;
  int nRaw, capRaw;
  FakeStream streams[MAX_STREAMS];
} Fake;

static int fakeRawMalloc(void *ctx, void **ptr, size_t size) {
  Fake *f = ctx;
  if (f->failMalloc) {
    f->failMalloc = 0;
    return THError("fake driver: launch failure");
  }
  if (size > f->capacity - f->used) {
    f->ooms++;
    return THC_POOL_OOM;
  }
  void *p = aligned_alloc(512, size);
  if (!p) return THC_POOL_OOM;
  if (f->nRaw == f->capRaw) {
    f->capRaw = f->capRaw ? 2 * f->capRaw : 64;
    f->raw = realloc(f->raw, (size_t)f->capRaw * sizeof *f->raw);
  }
  f->raw[f->nRaw++] = (RawRec){p, size};
  f->used += size;
  f->rawMallocs++;
  f->lastRawSize = size;
  *ptr = p;
  return TH_OK;
}

static int fakeRawFree(void *ctx, void *ptr) {
  Fake *f = ctx;
  for (int i = 0; i < f->nRaw; i++) {
    if (f->raw[i].ptr == ptr) {
      f->used -= f->raw[i].size;
      f->raw[i] = f->raw[--f->nRaw];
      f->rawFrees++;
      free(ptr);
      return TH_OK;
    }
  }
  f->badFrees++;
  return THError("fake driver: free of unknown pointer %p", ptr);
}

static int fakeEventCreate(void *ctx, void *stream, void **event) {
  Fake *f = ctx;
  if (f->failEventCreate) return THError("fake driver: cannot create an event");
  FakeEvent *e = calloc(1, sizeof *e);
  e->stream = stream;
  f->eventsLive++;
  f->eventsCreated++;
  *event = e;
  return TH_OK;
}

static int fakeEventRecord(void *ctx, void *event, void *stream) {
  Fake *f = ctx;
  if (f->failEventRecord) return THError("fake driver: cannot record an event");
  FakeEvent *e = event;
  e->stream = stream;
  e->ticket = ++e->stream->recorded;
  return TH_OK;
}

static int fakeEventQuery(void *ctx, void *event) {
  Fake *f = ctx;
  if (f->failEventQuery) return THError("fake driver: event query failed");
  FakeEvent *e = event;
  return e->stream->done >= e->ticket;
}

static int fakeEventSynchronize(void *ctx, void *event) {
  Fake *f = ctx;
  FakeEvent *e = event;
  if (e->stream->done < e->ticket) e->stream->done = e->ticket;
  f->eventSyncs++;
  return TH_OK;
}

static void fakeEventDestroy(void *ctx, void *event) {
  Fake *f = ctx;
  f->eventsLive--;
  free(event);
}

static int fakeSynchronize(void *ctx) {
  Fake *f = ctx;
  for (int i = 0; i < MAX_STREAMS; i++) f->streams[i].done = f->streams[i].recorded;
  f->syncs++;
  return TH_OK;
}

static int fakeMemInfo(void *ctx, size_t *freeBytes, size_t *totalBytes) {
  Fake *f = ctx;
  *freeBytes = f->capacity - f->used;
  *totalBytes = f->capacity;
  return TH_OK;
}

static const THCBlockPoolOps fakeOps = {fakeRawMalloc,        fakeRawFree,      fakeEventCreate,
                                        fakeEventRecord,      fakeEventQuery,   fakeEventSynchronize,
                                        fakeEventDestroy,     fakeSynchronize,  fakeMemInfo};

static void fakeInit(Fake *f, size_t capacity) {
  memset(f, 0, sizeof *f);
  f->capacity = capacity;
}

/* After the pool is destroyed: nothing of the fake driver's is left. */
static void fakeCheckClean(Fake *f) {
  CHECK_EQ_INT(f->nRaw, 0);
  CHECK_EQ_INT(f->used, 0);
  CHECK_EQ_INT(f->badFrees, 0);
  CHECK_EQ_INT(f->eventsLive, 0);
  CHECK_EQ_INT(f->rawMallocs, f->rawFrees);
  free(f->raw);
  f->raw = NULL;
}

static void completeStream(FakeStream *s) { s->done = s->recorded; }

static void *pmalloc(THCBlockPool *p, size_t size, void *stream) {
  void *ptr = NULL;
  THClearError();
  if (THCBlockPool_malloc(p, size, stream, &ptr) != TH_OK) return NULL;
  return ptr;
}

static THCMemoryStats stats(THCBlockPool *p) {
  THCMemoryStats s;
  THCBlockPool_stats(p, &s);
  return s;
}

static size_t blockSize(THCBlockPool *p, void *ptr) {
  size_t size = 0;
  void *base = NULL;
  if (!THCBlockPool_lookup(p, ptr, &base, &size) || base != ptr) return 0;
  return size;
}

#define CHECK_STAT(st, cur, pk, alloc, fr)     \
  do {                                         \
    CHECK_EQ_INT((st).current, (int64_t)(cur)); \
    CHECK_EQ_INT((st).peak, (int64_t)(pk));     \
    CHECK_EQ_INT((st).allocated, (int64_t)(alloc)); \
    CHECK_EQ_INT((st).freed, (int64_t)(fr));    \
  } while (0)

/* ---- tests ---- */

static void test_rounding(void) {
  CHECK_EQ_INT(THCBlockPool_roundSize(0), 512);
  CHECK_EQ_INT(THCBlockPool_roundSize(1), 512);
  CHECK_EQ_INT(THCBlockPool_roundSize(512), 512);
  CHECK_EQ_INT(THCBlockPool_roundSize(513), 1024);
  CHECK_EQ_INT(THCBlockPool_roundSize(1000), 1024);
  CHECK_EQ_INT(THCBlockPool_roundSize(MiB), MiB);
  CHECK_EQ_INT(THCBlockPool_roundSize(MiB + 1), MiB + 512);
  CHECK_EQ_INT(THCBlockPool_segmentSize(512), 2 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(MiB), 2 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(MiB + 512), 20 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(10 * MiB - 512), 20 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(10 * MiB), 10 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(10 * MiB + 512), 12 * MiB);
  CHECK_EQ_INT(THCBlockPool_segmentSize(21 * MiB), 22 * MiB);

  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  void *a = pmalloc(p, 1, s), *b = pmalloc(p, 513, s), *c = pmalloc(p, 0, s);
  CHECK_NOT_NULL(a);
  CHECK_NOT_NULL(b);
  CHECK_NOT_NULL(c);
  CHECK_EQ_INT(blockSize(p, a), 512);
  CHECK_EQ_INT(blockSize(p, b), 1024);
  CHECK_EQ_INT(blockSize(p, c), 512); /* 0 bytes still get a block, so NULL always means failure */
  CHECK((char *)b == (char *)a + 512); /* carved one after the other from one segment */
  CHECK((char *)c == (char *)b + 1024);
  CHECK_EQ_INT(stats(p).allocatedBytes.current, 2048);
  CHECK_EQ_INT(f.rawMallocs, 1);
  CHECK_EQ_INT(f.lastRawSize, 2 * MiB);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p); /* live blocks too */
  fakeCheckClean(&f);

  CHECK_EQ_INT(THCHostPool_roundSize(0), 512);
  CHECK_EQ_INT(THCHostPool_roundSize(512), 512);
  CHECK_EQ_INT(THCHostPool_roundSize(513), 1024);
  CHECK_EQ_INT(THCHostPool_roundSize(4096), 4096);
  CHECK_EQ_INT(THCHostPool_roundSize(5000), 8192);
  CHECK_EQ_INT(THCHostPool_roundSize((size_t)3 << 30), (size_t)4 << 30);
  CHECK_EQ_INT(THCHostPool_roundSize(SIZE_MAX), 0);
}

static void test_small_and_large_pools(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  void *a = pmalloc(p, 1000, s);
  CHECK_EQ_INT(f.rawMallocs, 1);
  CHECK_EQ_INT(f.lastRawSize, 2 * MiB);
  void *b = pmalloc(p, MiB, s); /* still small: fits in the rest of the 2 MiB segment */
  CHECK_EQ_INT(f.rawMallocs, 1);
  CHECK((char *)b == (char *)a + 1024);
  void *d = pmalloc(p, 12 * MiB, s); /* large, >= 10 MiB: its own segment, rounded to 2 MiB */
  CHECK_EQ_INT(f.rawMallocs, 2);
  CHECK_EQ_INT(f.lastRawSize, 12 * MiB);
  void *e = pmalloc(p, 13 * MiB - 5, s);
  CHECK_EQ_INT(f.rawMallocs, 3);
  CHECK_EQ_INT(f.lastRawSize, 14 * MiB);
  CHECK_EQ_INT(blockSize(p, e), 14 * MiB); /* the 1 MiB left is too small to split off */
  void *c = pmalloc(p, MiB + 1, s); /* large, < 10 MiB: a 20 MiB segment */
  CHECK_EQ_INT(f.rawMallocs, 4);
  CHECK_EQ_INT(f.lastRawSize, 20 * MiB);
  CHECK_EQ_INT(blockSize(p, c), MiB + 512);
  void *g = pmalloc(p, 2 * MiB, s); /* large request from the rest of the 20 MiB segment */
  CHECK_EQ_INT(f.rawMallocs, 4);
  void *k = pmalloc(p, 11 * MiB, s); /* >= 10 MiB, but the 17 MiB rest fits: no new segment */
  CHECK((char *)k == (char *)g + 2 * MiB);
  CHECK_EQ_INT(f.rawMallocs, 4);
  THCBlockPool_free(p, k);
  CHECK((char *)g == (char *)c + MiB + 512);
  CHECK_OK(THCBlockPool_check(p));

  /* a small request never takes a block of the large pool, and the other way round */
  CHECK_OK(THCBlockPool_free(p, a));
  CHECK_OK(THCBlockPool_free(p, b));
  CHECK_OK(THCBlockPool_free(p, d));
  CHECK_OK(THCBlockPool_free(p, e));
  CHECK_OK(THCBlockPool_free(p, c));
  CHECK_OK(THCBlockPool_free(p, g));
  CHECK_EQ_INT(stats(p).segment.current, 4);
  void *h = pmalloc(p, 4 * MiB, s); /* best fit among free large blocks: the 12 MiB one */
  CHECK(h == d);
  CHECK_EQ_INT(blockSize(p, h), 4 * MiB);
  void *i = pmalloc(p, 1536 * KiB, s); /* large, but must not come from the 2 MiB small segment */
  CHECK(i != a);
  CHECK((char *)i == (char *)d + 4 * MiB); /* rest of the 12 MiB segment: 8 MiB, the best fit */
  CHECK_EQ_INT(f.rawMallocs, 4);
  THCBlockPool_free(p, h);
  THCBlockPool_free(p, i);
  /* a 20 MiB segment is free: a 1 MiB request (small) still takes the 2 MiB small segment */
  void *j = pmalloc(p, MiB, s);
  CHECK(j == a);
  CHECK_EQ_INT(f.rawMallocs, 4);
  THCBlockPool_free(p, j);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_best_fit(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  /* large pool: free whole segments of 12, 16 and 14 MiB */
  void *a = pmalloc(p, 12 * MiB, s), *b = pmalloc(p, 16 * MiB, s), *c = pmalloc(p, 14 * MiB, s);
  THCBlockPool_free(p, a);
  THCBlockPool_free(p, b);
  THCBlockPool_free(p, c);
  CHECK_EQ_INT(f.rawMallocs, 3);
  void *x = pmalloc(p, 13 * MiB, s);
  CHECK(x == c);
  CHECK_EQ_INT(blockSize(p, x), 14 * MiB); /* 1 MiB rest: not split */
  void *y = pmalloc(p, 11 * MiB, s);
  CHECK(y == a);
  void *z = pmalloc(p, 12 * MiB, s); /* only the 16 MiB one is left; 4 MiB rest > 1 MiB: split */
  CHECK(z == b);
  CHECK_EQ_INT(blockSize(p, z), 12 * MiB);
  CHECK_EQ_INT(f.rawMallocs, 3);
  THCBlockPool_free(p, x);
  THCBlockPool_free(p, y);
  THCBlockPool_free(p, z);

  /* small pool: holes of 1 KiB (b) and 2 KiB (d) inside one segment, and its big tail */
  char *sa = pmalloc(p, 4 * KiB, s), *sb = pmalloc(p, KiB, s), *sc = pmalloc(p, 8 * KiB, s);
  char *sd = pmalloc(p, 2 * KiB, s), *se = pmalloc(p, 4 * KiB, s);
  CHECK(sb == sa + 4 * KiB && sc == sb + KiB && sd == sc + 8 * KiB && se == sd + 2 * KiB);
  THCBlockPool_free(p, sb);
  THCBlockPool_free(p, sd);
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 3);
  char *t = pmalloc(p, 1536, s); /* smallest hole that fits: d, split into 1536 + 512 */
  CHECK(t == sd);
  CHECK_EQ_INT(blockSize(p, t), 1536);
  char *u = pmalloc(p, 1000, s); /* b, exactly */
  CHECK(u == sb);
  char *v = pmalloc(p, 512, s); /* the 512 B left of d */
  CHECK(v == sd + 1536);
  char *w = pmalloc(p, 600, s); /* no hole left: the tail, after e */
  CHECK(w == se + 4 * KiB);
  CHECK_EQ_INT(f.rawMallocs, 4);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_split_and_merge(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  char *a = pmalloc(p, 10 * KiB, s), *b = pmalloc(p, 10 * KiB, s), *c = pmalloc(p, 10 * KiB, s);
  CHECK(b == a + 10 * KiB && c == b + 10 * KiB);
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 1); /* the tail */
  CHECK_EQ_INT(stats(p).inactiveSplitBytes.current, 2 * MiB - 30 * KiB);
  THCBlockPool_free(p, b);
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 2);
  CHECK_EQ_INT(stats(p).inactiveSplitBytes.current, 2 * MiB - 20 * KiB);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_free(p, a); /* merges with b */
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 2);
  CHECK_EQ_INT(stats(p).inactiveSplitBytes.current, 2 * MiB - 10 * KiB);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_free(p, c); /* merges with a+b and the tail: one free segment again */
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 0);
  CHECK_EQ_INT(stats(p).inactiveSplitBytes.current, 0);
  CHECK_OK(THCBlockPool_check(p));
  CHECK(p->smallFree && !p->smallFree->left && !p->smallFree->right);
  CHECK_EQ_INT(BLOCK(p->smallFree)->size, 2 * MiB);
  /* the whole segment is reused without a new raw allocation */
  void *all = pmalloc(p, MiB, s);
  CHECK((char *)all == a);
  CHECK_EQ_INT(f.rawMallocs, 1);
  THCBlockPool_free(p, all);
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_EQ_INT(f.rawFrees, 1);

  /* large pool: the rest is split off only when > 1 MiB */
  void *l1 = pmalloc(p, 2 * MiB, s);
  CHECK_EQ_INT(blockSize(p, l1), 2 * MiB);
  CHECK_EQ_INT(stats(p).inactiveSplitBytes.current, 18 * MiB);
  void *l2 = pmalloc(p, 17 * MiB, s); /* 1 MiB rest: not split */
  CHECK_EQ_INT(blockSize(p, l2), 18 * MiB);
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 0);
  THCBlockPool_free(p, l1);
  THCBlockPool_free(p, l2);
  void *l3 = pmalloc(p, 19 * MiB + 512, s); /* merged again: the whole 20 MiB segment */
  CHECK(l3 == l1);
  CHECK_EQ_INT(blockSize(p, l3), 20 * MiB);
  CHECK_EQ_INT(f.rawMallocs, 2);
  THCBlockPool_free(p, l3);

  /* small pool: a rest of exactly 512 B is split off */
  char *m1 = pmalloc(p, MiB, s);
  char *m2 = pmalloc(p, MiB - 512, s);
  CHECK(m2 == m1 + MiB);
  CHECK_EQ_INT(blockSize(p, m2), MiB - 512);
  char *m3 = pmalloc(p, 1, s);
  CHECK(m3 == m2 + MiB - 512);
  CHECK_EQ_INT(f.rawMallocs, 3);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_reuse_without_raw_calls(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  void *first = pmalloc(p, 100 * KiB, s), *big = pmalloc(p, 30 * MiB, s);
  THCBlockPool_free(p, first);
  THCBlockPool_free(p, big);
  for (int i = 0; i < 1000; i++) {
    void *a = pmalloc(p, 100 * KiB, s), *b = pmalloc(p, 30 * MiB, s);
    CHECK(a == first && b == big);
    THCBlockPool_free(p, b);
    THCBlockPool_free(p, a);
  }
  CHECK_EQ_INT(f.rawMallocs, 2);
  CHECK_EQ_INT(f.rawFrees, 0);
  CHECK_EQ_INT(stats(p).numDeviceAllocs, 2);
  CHECK_EQ_INT(stats(p).allocation.allocated, 2002);
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_streams_are_separate(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s1 = &f.streams[0], *s2 = &f.streams[1];
  void *a = pmalloc(p, 4 * KiB, s1);
  THCBlockPool_free(p, a);
  void *b = pmalloc(p, 4 * KiB, s2); /* s1's free block is not handed to s2 */
  CHECK(b != NULL && b != a);
  CHECK_EQ_INT(f.rawMallocs, 2);
  void *c = pmalloc(p, 4 * KiB, s1);
  CHECK(c == a);
  void *d = pmalloc(p, 3 * MiB, s2), *e = pmalloc(p, 3 * MiB, s1);
  CHECK_EQ_INT(f.rawMallocs, 4);
  THCBlockPool_free(p, d);
  void *g = pmalloc(p, 3 * MiB, s1); /* the free large block belongs to s2 */
  CHECK(g != d && (char *)g == (char *)e + 3 * MiB);
  CHECK_EQ_INT(f.rawMallocs, 4);
  THCBlockPool_free(p, b);
  THCBlockPool_free(p, c);
  THCBlockPool_free(p, e);
  THCBlockPool_free(p, g);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_record_stream(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s1 = &f.streams[0], *s2 = &f.streams[1], *s3 = &f.streams[2];
  char *a = pmalloc(p, 4 * KiB, s1);
  char *n = pmalloc(p, 4 * KiB, s1); /* a's neighbour */
  CHECK_OK(THCBlockPool_recordStream(p, a + 100, s2)); /* any address inside the block */
  CHECK_OK(THCBlockPool_recordStream(p, a, s2));       /* twice: one event */
  CHECK_OK(THCBlockPool_recordStream(p, a, s1));       /* its own stream: nothing to do */
  CHECK_EQ_INT(THCBlockPool_recordStream(p, a + 4 * KiB + 4 * KiB, s2), THC_POOL_NOT_FOUND); /* free tail */
  CHECK_EQ_INT(THCBlockPool_recordStream(p, &f, s2), THC_POOL_NOT_FOUND);
  CHECK_OK(THCBlockPool_free(p, a));
  CHECK_EQ_INT(f.eventsCreated, 1);
  CHECK_EQ_INT(s2->recorded, 1);
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.allocation.current, 1);
  CHECK_EQ_INT(st.activeCount.current, 2); /* a waits for s2 */
  CHECK_EQ_INT(st.activeBytes.current, 8 * KiB);
  CHECK_EQ_INT(THCBlockPool_free(p, a), THC_POOL_NOT_FOUND); /* not live any more */
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_free(p, n); /* n does not merge with a while a waits */
  CHECK_OK(THCBlockPool_check(p));
  CHECK_EQ_INT(stats(p).inactiveSplit.current, 1);
  char *b = pmalloc(p, 4 * KiB, s1); /* s2 has not finished: a is not reused */
  CHECK(b != a && b == n);
  THCBlockPool_free(p, b);
  completeStream(s2);
  char *c = pmalloc(p, 4 * KiB, s1); /* processes the event: a is back (merged) and first in line */
  CHECK(c == a);
  CHECK_EQ_INT(f.eventsLive, 0);
  CHECK_EQ_INT(stats(p).activeCount.current, 1);
  CHECK_OK(THCBlockPool_check(p));

  /* two other streams: free only when both are done, in any order */
  CHECK_OK(THCBlockPool_recordStream(p, c, s2));
  CHECK_OK(THCBlockPool_recordStream(p, c, s3));
  CHECK_OK(THCBlockPool_free(p, c));
  CHECK_EQ_INT(f.eventsLive, 2);
  completeStream(s3);
  char *d = pmalloc(p, 4 * KiB, s1);
  CHECK(d != c);
  CHECK_EQ_INT(f.eventsLive, 1);
  completeStream(s2);
  char *e = pmalloc(p, 4 * KiB, s1);
  CHECK(e == c);
  CHECK_EQ_INT(f.eventsLive, 0);
  THCBlockPool_free(p, d);
  THCBlockPool_free(p, e);
  CHECK_OK(THCBlockPool_check(p));

  /* events of one stream are processed in order; the later ones wait behind a pending one */
  char *x = pmalloc(p, KiB, s1), *y = pmalloc(p, KiB, s1);
  THCBlockPool_recordStream(p, x, s2);
  THCBlockPool_recordStream(p, y, s2);
  THCBlockPool_free(p, x);
  THCBlockPool_free(p, y);
  s2->done = s2->recorded - 1; /* x's event done, y's not */
  void *z = pmalloc(p, 512, s1);
  CHECK(z == x);
  CHECK_EQ_INT(f.eventsLive, 1);
  THCBlockPool_free(p, z);

  /* emptyCache waits for pending events (eventSynchronize), then releases the whole segments */
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_EQ_INT(f.eventsLive, 0);
  CHECK(f.eventSyncs >= 1);
  CHECK_EQ_INT(stats(p).segment.current, 0);
  CHECK_EQ_INT(stats(p).activeCount.current, 0);

  /* an event that cannot be made: the pool waits for all work instead and reuses the block at once */
  char *g = pmalloc(p, KiB, s1);
  THCBlockPool_recordStream(p, g, s2);
  f.failEventRecord = 1;
  CHECK_OK(THCBlockPool_free(p, g));
  f.failEventRecord = 0;
  CHECK_EQ_INT(f.syncs, 1);
  CHECK_EQ_INT(f.eventsLive, 0);
  CHECK(pmalloc(p, KiB, s1) == g);
  THCBlockPool_recordStream(p, g, s3);
  f.failEventCreate = 1;
  CHECK_OK(THCBlockPool_free(p, g));
  f.failEventCreate = 0;
  CHECK_EQ_INT(f.syncs, 2);
  CHECK_EQ_INT(stats(p).activeCount.current, 0);

  /* an event query that fails: malloc reports it */
  char *h = pmalloc(p, KiB, s1);
  THCBlockPool_recordStream(p, h, s2);
  THCBlockPool_free(p, h);
  f.failEventQuery = 1;
  CHECK_ERR(THCBlockPool_malloc(p, KiB, s1, (void **)&h), "event query failed");
  f.failEventQuery = 0;
  CHECK_OK(THCBlockPool_check(p));

  /* destroy with a waiting block: waits for it, releases everything */
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_oom_frees_cache_and_retries(void) {
  Fake f;
  fakeInit(&f, 24 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s1 = &f.streams[0], *s2 = &f.streams[1];
  void *a = pmalloc(p, KiB, s1);     /* 2 MiB small segment, split: stays */
  void *b = pmalloc(p, 12 * MiB, s1); /* 12 MiB segment */
  THCBlockPool_free(p, b);           /* cached */
  CHECK_EQ_INT(f.used, 14 * MiB);
  void *c = pmalloc(p, 16 * MiB, s1); /* 14 + 16 > 24: flush the 12 MiB segment, retry */
  CHECK_NOT_NULL(c);
  CHECK_EQ_INT(f.used, 18 * MiB);
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.numAllocRetries, 1);
  CHECK_EQ_INT(st.numOOMs, 0);
  CHECK_EQ_INT(st.numDeviceAllocs, 3);
  CHECK_EQ_INT(st.numDeviceFrees, 1);
  CHECK_EQ_INT(st.segment.current, 2);
  CHECK_EQ_INT(st.reservedBytes.current, 18 * MiB);
  CHECK_EQ_INT(f.ooms, 1);

  /* a block waiting for another stream is waited for and released by the flush too */
  CHECK_OK(THCBlockPool_recordStream(p, c, s2));
  THCBlockPool_free(p, c);
  void *d = pmalloc(p, 20 * MiB, s1); /* 18 + 20 > 24: wait for s2's event, release c's segment */
  CHECK_NOT_NULL(d);
  CHECK_EQ_INT(f.eventsLive, 0);
  CHECK_EQ_INT(f.eventSyncs, 1);
  CHECK_EQ_INT(stats(p).numAllocRetries, 2);
  CHECK_EQ_INT(f.used, 22 * MiB);

  /* after the flush, a block that was waiting and fits is used without a new segment */
  THCBlockPool_free(p, d);
  void *e2 = pmalloc(p, 2 * MiB, s1); /* from d's cached segment, split */
  CHECK(e2 == d);
  void *e = pmalloc(p, 17 * MiB, s1); /* its 18 MiB rest (1 MiB left: not split) */
  CHECK((char *)e == (char *)e2 + 2 * MiB);
  CHECK_OK(THCBlockPool_recordStream(p, e, s2));
  THCBlockPool_free(p, e); /* waits for s2 */
  int64_t raw = f.rawMallocs;
  void *g = pmalloc(p, 17 * MiB, s1); /* 22 + 20 > 24: OOM; the flush makes e free, and it fits */
  CHECK(g == e);
  CHECK_EQ_INT(f.rawMallocs, raw);
  CHECK_EQ_INT(stats(p).numAllocRetries, 3);
  CHECK_EQ_INT(stats(p).numOOMs, 0);
  THCBlockPool_free(p, g);
  THCBlockPool_free(p, e2);
  THCBlockPool_free(p, a);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_oom_error(void) {
  Fake f;
  fakeInit(&f, 24 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 3);
  FakeStream *s = &f.streams[0];
  void *a = pmalloc(p, 18 * MiB, s);
  CHECK_NOT_NULL(a);
  void *b = (void *)1;
  CHECK_ERR(THCBlockPool_malloc(p, 8 * MiB, s, &b),
            "CUDA out of memory. Tried to allocate 20.00 MiB (GPU 3; 24.00 MiB total capacity; 18.00 MiB already "
            "allocated; 18.00 MiB reserved in total by TypeTorch)");
  CHECK(b == NULL);
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.numOOMs, 1);
  CHECK_EQ_INT(st.numAllocRetries, 1);
  CHECK_EQ_INT(st.numDeviceAllocs, 1);
  CHECK_EQ_INT(st.allocation.current, 1);
  CHECK_EQ_INT(f.ooms, 2); /* first try and retry */
  CHECK_OK(THCBlockPool_check(p));

  CHECK_ERR(THCBlockPool_malloc(p, 7 * MiB, s, &b), "Tried to allocate 20.00 MiB");
  void *tiny[6];
  for (int i = 0; i < 6; i++) { /* three 2 MiB small segments: 24 MiB, full */
    tiny[i] = pmalloc(p, MiB, s);
    CHECK_NOT_NULL(tiny[i]);
  }
  CHECK_ERR(THCBlockPool_malloc(p, 3 * MiB, s, &b), "24.00 MiB already allocated");
  CHECK_ERR(THCBlockPool_malloc(p, 1, s, &b),
            "Tried to allocate 2.00 MiB (GPU 3; 24.00 MiB total capacity; 24.00 MiB already allocated; 24.00 MiB "
            "reserved in total by TypeTorch)");
  CHECK_EQ_INT(stats(p).numOOMs, 4);

  /* absurd sizes fail the same way without reaching the driver */
  int64_t raw = f.rawMallocs;
  CHECK_ERR(THCBlockPool_malloc(p, SIZE_MAX / 2, s, &b), "CUDA out of memory. Tried to allocate");
  CHECK_ERR(THCBlockPool_malloc(p, SIZE_MAX, s, &b), "GiB");
  CHECK_EQ_INT(f.rawMallocs, raw);
  CHECK_EQ_INT(stats(p).numOOMs, 6);

  /* other driver errors are reported as they are, without a flush and retry */
  f.failMalloc = 1;
  int64_t retries = stats(p).numAllocRetries;
  for (int i = 0; i < 6; i++) THCBlockPool_free(p, tiny[i]);
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_ERR(THCBlockPool_malloc(p, KiB, s, &b), "fake driver: launch failure");
  CHECK_EQ_INT(stats(p).numAllocRetries, retries);
  CHECK_EQ_INT(stats(p).numOOMs, 6);
  CHECK_EQ_INT(stats(p).segment.current, 1);
  /* and the pool still works */
  void *d = pmalloc(p, KiB, s);
  CHECK_NOT_NULL(d);
  THCBlockPool_free(p, d);
  THCBlockPool_free(p, a);
  CHECK_EQ_INT(THCBlockPool_free(p, a), THC_POOL_NOT_FOUND);
  CHECK_EQ_INT(THCBlockPool_free(p, NULL), THC_POOL_NOT_FOUND);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);

  char buf[32];
  formatSize(buf, sizeof buf, 512);
  CHECK_STR_CONTAINS(buf, "512 bytes");
  formatSize(buf, sizeof buf, 1024);
  CHECK_STR_CONTAINS(buf, "1024 bytes");
  formatSize(buf, sizeof buf, 1536);
  CHECK_STR_CONTAINS(buf, "1.50 KiB");
  formatSize(buf, sizeof buf, (uint64_t)80 << 30);
  CHECK_STR_CONTAINS(buf, "80.00 GiB");
}

static void test_empty_cache(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  void *a = pmalloc(p, 12 * MiB, s), *b = pmalloc(p, 100 * KiB, s), *c = pmalloc(p, 2 * MiB, s);
  void *d = pmalloc(p, 200 * KiB, s); /* small, second block of b's segment */
  THCBlockPool_free(p, a);
  THCBlockPool_free(p, c); /* its 20 MiB segment is whole again */
  THCBlockPool_free(p, d); /* b's segment still has b */
  CHECK_EQ_INT(stats(p).segment.current, 3);
  CHECK_OK(THCBlockPool_emptyCache(p));
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.segment.current, 1);
  CHECK_EQ_INT(st.reservedBytes.current, 2 * MiB);
  CHECK_EQ_INT(st.numDeviceFrees, 2);
  CHECK_EQ_INT(f.used, 2 * MiB);
  CHECK(blockSize(p, b) == 100 * KiB);
  CHECK_OK(THCBlockPool_check(p));
  CHECK_OK(THCBlockPool_emptyCache(p)); /* nothing more to release */
  CHECK_EQ_INT(stats(p).numDeviceFrees, 2);
  THCBlockPool_free(p, b);
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_EQ_INT(stats(p).segment.current, 0);
  CHECK_EQ_INT(stats(p).reservedBytes.current, 0);
  CHECK_EQ_INT(f.used, 0);
  CHECK(p->smallFree == NULL && p->largeFree == NULL && p->live == NULL && p->segments == NULL);
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_stats_sequence(void) {
  Fake f;
  fakeInit(&f, 1024 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  FakeStream *s = &f.streams[0];
  THCMemoryStats st = stats(p);
  CHECK_STAT(st.segment, 0, 0, 0, 0);
  CHECK_STAT(st.allocatedBytes, 0, 0, 0, 0);

  void *a = pmalloc(p, 1000, s); /* 1024 B from a new 2 MiB segment, split */
  st = stats(p);
  CHECK_STAT(st.segment, 1, 1, 1, 0);
  CHECK_STAT(st.reservedBytes, 2 * MiB, 2 * MiB, 2 * MiB, 0);
  CHECK_STAT(st.allocation, 1, 1, 1, 0);
  CHECK_STAT(st.allocatedBytes, 1024, 1024, 1024, 0);
  CHECK_STAT(st.activeCount, 1, 1, 1, 0);
  CHECK_STAT(st.activeBytes, 1024, 1024, 1024, 0);
  CHECK_STAT(st.inactiveSplit, 1, 1, 1, 0);
  CHECK_STAT(st.inactiveSplitBytes, 2 * MiB - 1024, 2 * MiB - 1024, 2 * MiB - 1024, 0);

  void *b = pmalloc(p, 3000, s); /* 3072 B from the rest */
  st = stats(p);
  CHECK_STAT(st.allocation, 2, 2, 2, 0);
  CHECK_STAT(st.allocatedBytes, 4096, 4096, 4096, 0);
  CHECK_STAT(st.activeBytes, 4096, 4096, 4096, 0);
  CHECK_STAT(st.inactiveSplit, 1, 1, 1, 0);
  CHECK_STAT(st.inactiveSplitBytes, 2 * MiB - 4096, 2 * MiB - 1024, 2 * MiB - 1024, 3072);

  void *c = pmalloc(p, 5 * MiB, s); /* 5 MiB of a new 20 MiB segment, split */
  st = stats(p);
  CHECK_STAT(st.segment, 2, 2, 2, 0);
  CHECK_STAT(st.reservedBytes, 22 * MiB, 22 * MiB, 22 * MiB, 0);
  CHECK_STAT(st.allocation, 3, 3, 3, 0);
  CHECK_STAT(st.allocatedBytes, 4096 + 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB, 0);
  CHECK_STAT(st.activeCount, 3, 3, 3, 0);
  CHECK_STAT(st.inactiveSplit, 2, 2, 2, 0);
  CHECK_STAT(st.inactiveSplitBytes, 17 * MiB - 4096, 17 * MiB - 4096, 17 * MiB - 1024, 3072);

  THCBlockPool_free(p, a); /* next to b (live): a free split block of its own */
  st = stats(p);
  CHECK_STAT(st.allocation, 2, 3, 3, 1);
  CHECK_STAT(st.allocatedBytes, 3072 + 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB, 1024);
  CHECK_STAT(st.activeCount, 2, 3, 3, 1);
  CHECK_STAT(st.activeBytes, 3072 + 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB, 1024);
  CHECK_STAT(st.inactiveSplit, 3, 3, 3, 0);
  CHECK_STAT(st.inactiveSplitBytes, 17 * MiB - 3072, 17 * MiB - 3072, 17 * MiB, 3072);

  THCBlockPool_free(p, b); /* merges with a and the rest: the small segment is whole */
  st = stats(p);
  CHECK_STAT(st.allocation, 1, 3, 3, 2);
  CHECK_STAT(st.allocatedBytes, 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB, 4096);
  CHECK_STAT(st.activeCount, 1, 3, 3, 2);
  CHECK_STAT(st.inactiveSplit, 1, 3, 3, 2);
  CHECK_STAT(st.inactiveSplitBytes, 15 * MiB, 17 * MiB - 3072, 17 * MiB, 2 * MiB);

  CHECK_OK(THCBlockPool_emptyCache(p)); /* releases the small segment */
  st = stats(p);
  CHECK_STAT(st.segment, 1, 2, 2, 1);
  CHECK_STAT(st.reservedBytes, 20 * MiB, 22 * MiB, 22 * MiB, 2 * MiB);
  CHECK_EQ_INT(st.numDeviceAllocs, 2);
  CHECK_EQ_INT(st.numDeviceFrees, 1);

  THCBlockPool_free(p, c); /* merges with the 15 MiB rest */
  st = stats(p);
  CHECK_STAT(st.allocation, 0, 3, 3, 3);
  CHECK_STAT(st.allocatedBytes, 0, 4096 + 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB);
  CHECK_STAT(st.activeCount, 0, 3, 3, 3);
  CHECK_STAT(st.activeBytes, 0, 4096 + 5 * MiB, 4096 + 5 * MiB, 4096 + 5 * MiB);
  CHECK_STAT(st.inactiveSplit, 0, 3, 3, 3);
  CHECK_STAT(st.inactiveSplitBytes, 0, 17 * MiB - 3072, 17 * MiB, 17 * MiB);
  CHECK_EQ_INT(st.numAllocRetries, 0);
  CHECK_EQ_INT(st.numOOMs, 0);

  THCBlockPool_resetPeakStats(p);
  st = stats(p);
  CHECK_STAT(st.segment, 1, 1, 2, 1);
  CHECK_STAT(st.reservedBytes, 20 * MiB, 20 * MiB, 22 * MiB, 2 * MiB);
  CHECK_STAT(st.allocatedBytes, 0, 0, 4096 + 5 * MiB, 4096 + 5 * MiB);
  CHECK_STAT(st.inactiveSplitBytes, 0, 0, 17 * MiB, 17 * MiB);

  THCBlockPool_resetAccumulatedStats(p);
  st = stats(p);
  CHECK_STAT(st.segment, 1, 1, 0, 0);
  CHECK_STAT(st.reservedBytes, 20 * MiB, 20 * MiB, 0, 0);
  CHECK_STAT(st.allocation, 0, 0, 0, 0);
  CHECK_STAT(st.allocatedBytes, 0, 0, 0, 0);
  CHECK_STAT(st.activeCount, 0, 0, 0, 0);
  CHECK_STAT(st.activeBytes, 0, 0, 0, 0);
  CHECK_STAT(st.inactiveSplit, 0, 0, 0, 0);
  CHECK_STAT(st.inactiveSplitBytes, 0, 0, 0, 0);
  CHECK_EQ_INT(st.numDeviceAllocs, 0);
  CHECK_EQ_INT(st.numDeviceFrees, 0);

  void *d = pmalloc(p, 3 * MiB, s); /* from the cached 20 MiB segment, split */
  st = stats(p);
  CHECK_STAT(st.segment, 1, 1, 0, 0);
  CHECK_STAT(st.allocatedBytes, 3 * MiB, 3 * MiB, 3 * MiB, 0);
  CHECK_STAT(st.inactiveSplit, 1, 1, 1, 0);
  CHECK_STAT(st.inactiveSplitBytes, 17 * MiB, 17 * MiB, 17 * MiB, 0);
  CHECK_EQ_INT(st.numDeviceAllocs, 0);
  THCBlockPool_free(p, d);
  CHECK_OK(THCBlockPool_emptyCache(p));
  st = stats(p);
  CHECK_STAT(st.segment, 0, 1, 0, 1);
  CHECK_STAT(st.reservedBytes, 0, 20 * MiB, 0, 20 * MiB);
  CHECK_STAT(st.inactiveSplitBytes, 0, 17 * MiB, 17 * MiB, 17 * MiB);
  CHECK_EQ_INT(st.numDeviceFrees, 1);

  /* retries and OOMs are accumulated counts too */
  f.capacity = MiB;
  void *e = NULL;
  CHECK_ERR(THCBlockPool_malloc(p, 1, s, &e), "CUDA out of memory");
  CHECK_EQ_INT(stats(p).numAllocRetries, 1);
  CHECK_EQ_INT(stats(p).numOOMs, 1);
  THCBlockPool_resetAccumulatedStats(p);
  CHECK_EQ_INT(stats(p).numAllocRetries, 0);
  CHECK_EQ_INT(stats(p).numOOMs, 0);
  CHECK_OK(THCBlockPool_check(p));
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

/* ---- randomised runs ---- */

static uint64_t rngState = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 7;
  rngState ^= rngState << 17;
  return rngState;
}

static size_t randomSize(void) {
  uint64_t r = rnd() % 100;
  if (r < 70) return 1 + rnd() % (64 * KiB);                 /* small */
  if (r < 90) return MiB + 1 + rnd() % (9 * MiB);            /* large, 20 MiB segments */
  if (r < 98) return 10 * MiB + rnd() % (20 * MiB);          /* large, own segment */
  return rnd() % 2 ? (size_t)(rnd() % 600) : MiB - rnd() % 4; /* edges */
}

#define SLOTS 300

typedef struct Slot {
  unsigned char *ptr;
  size_t size;
  FakeStream *stream;
  unsigned char tag;
} Slot;

static void tagBlock(Slot *s) {
  s->ptr[0] = s->tag;
  s->ptr[s->size - 1] = s->tag;
}

static int tagIntact(const Slot *s) { return s->ptr[0] == s->tag && s->ptr[s->size - 1] == s->tag; }

static void checkAccounting(THCBlockPool *p, Slot *slots) {
  int64_t bytes = 0, count = 0;
  for (int i = 0; i < SLOTS; i++) {
    if (!slots[i].ptr) continue;
    size_t bs = blockSize(p, slots[i].ptr);
    if (bs < THCBlockPool_roundSize(slots[i].size)) {
      CHECK(bs >= THCBlockPool_roundSize(slots[i].size));
      return;
    }
    bytes += (int64_t)bs;
    count++;
  }
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.allocatedBytes.current, bytes);
  CHECK_EQ_INT(st.allocation.current, count);
  THCMemoryStat *all[8] = {&st.allocatedBytes, &st.reservedBytes, &st.activeBytes, &st.inactiveSplitBytes,
                           &st.allocation,     &st.segment,       &st.activeCount, &st.inactiveSplit};
  for (int i = 0; i < 8; i++) {
    CHECK_EQ_INT(all[i]->allocated - all[i]->freed, all[i]->current);
    CHECK(all[i]->peak >= all[i]->current && all[i]->current >= 0);
  }
  CHECK_EQ_INT(st.numDeviceAllocs - st.numDeviceFrees, st.segment.current);
  CHECK_OK(THCBlockPool_check(p));
}

static void test_random_mixed(void) {
  Fake f;
  fakeInit(&f, 768 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  Slot slots[SLOTS];
  memset(slots, 0, sizeof slots);
  int64_t ooms = 0, overlaps = 0;
  for (int it = 0; it < 100000; it++) {
    Slot *s = &slots[rnd() % SLOTS];
    uint64_t op = rnd() % 100;
    if (s->ptr) {
      if (op < 10) {
        FakeStream *other = &f.streams[rnd() % MAX_STREAMS];
        if (THCBlockPool_recordStream(p, s->ptr + rnd() % s->size, other) != TH_OK) CHECK(0);
        continue;
      }
      if (!tagIntact(s)) overlaps++;
      if (THCBlockPool_free(p, s->ptr) != TH_OK) CHECK(0);
      s->ptr = NULL;
    } else {
      s->size = randomSize();
      if (s->size == 0) s->size = 1;
      s->stream = &f.streams[rnd() % 3];
      s->tag = (unsigned char)(1 + rnd() % 255);
      void *ptr = NULL;
      THClearError();
      if (THCBlockPool_malloc(p, s->size, s->stream, &ptr) != TH_OK) {
        if (!strstr(THGetLastError(), "CUDA out of memory")) CHECK_STR_CONTAINS(THGetLastError(), "CUDA out of memory");
        ooms++;
        continue;
      }
      s->ptr = ptr;
      tagBlock(s);
    }
    if (op < 20) completeStream(&f.streams[rnd() % MAX_STREAMS]);
    if (op == 99 && rnd() % 20 == 0) CHECK_OK(THCBlockPool_emptyCache(p));
    if (it % 2000 == 0) checkAccounting(p, slots);
  }
  CHECK_EQ_INT(overlaps, 0);
  checkAccounting(p, slots);
  CHECK_EQ_INT(stats(p).numOOMs, ooms);
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].ptr) {
      CHECK(tagIntact(&slots[i]));
      THCBlockPool_free(p, slots[i].ptr);
      slots[i].ptr = NULL;
    }
  fakeSynchronize(&f);
  CHECK_OK(THCBlockPool_emptyCache(p));
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.segment.current, 0);
  CHECK_EQ_INT(st.reservedBytes.current, 0);
  CHECK_EQ_INT(st.activeBytes.current, 0);
  CHECK_EQ_INT(st.inactiveSplitBytes.current, 0);
  CHECK_EQ_INT(f.used, 0);
  CHECK_EQ_INT(f.eventsLive, 0);
  CHECK(st.numAllocRetries > 0); /* the capacity was reached now and then */
  fprintf(stderr, "  random mixed: %lld raw mallocs, %lld retries, %lld OOMs, %lld events\n", (long long)f.rawMallocs,
          (long long)st.numAllocRetries, (long long)ooms, (long long)f.eventsCreated);
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

/* Strictly one free and one malloc of the same slot: the freed block always fits, so no raw call
 * may happen after the first round. */
static void test_steady_state_strict(void) {
  Fake f;
  fakeInit(&f, 4096 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  Slot slots[SLOTS];
  memset(slots, 0, sizeof slots);
  for (int i = 0; i < SLOTS; i++) {
    slots[i].size = randomSize() + 1;
    slots[i].stream = &f.streams[i % 3];
    slots[i].tag = (unsigned char)(1 + i % 255);
    slots[i].ptr = pmalloc(p, slots[i].size, slots[i].stream);
    tagBlock(&slots[i]);
  }
  int64_t raw = f.rawMallocs;
  THCMemoryStats before = stats(p);
  int64_t overlaps = 0, failures = 0;
  for (int it = 0; it < 100000; it++) {
    Slot *s = &slots[rnd() % SLOTS];
    if (!tagIntact(s)) overlaps++;
    if (THCBlockPool_free(p, s->ptr) != TH_OK) failures++;
    s->ptr = pmalloc(p, s->size, s->stream);
    if (!s->ptr) {
      failures++;
      break;
    }
    tagBlock(s);
  }
  CHECK_EQ_INT(failures, 0);
  CHECK_EQ_INT(overlaps, 0);
  CHECK_EQ_INT(f.rawMallocs, raw);
  CHECK_EQ_INT(f.rawFrees, 0);
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.numDeviceAllocs, raw);
  CHECK_EQ_INT(st.segment.current, before.segment.current);
  CHECK_EQ_INT(st.reservedBytes.current, before.reservedBytes.current);
  CHECK_EQ_INT(st.allocation.current, SLOTS);
  CHECK_EQ_INT(st.allocation.allocated, SLOTS + 100000);
  CHECK_EQ_INT(st.allocation.freed, 100000);
  checkAccounting(p, slots);
  for (int i = 0; i < SLOTS; i++) THCBlockPool_free(p, slots[i].ptr);
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_EQ_INT(stats(p).segment.current, 0);
  CHECK_EQ_INT(f.used, 0);
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

/* ---- threads: the pool's mutex ---- */

typedef struct ThreadArg {
  THCBlockPool *pool;
  FakeStream *stream;
  uint64_t seed;
  int failures;
} ThreadArg;

static void *threadMain(void *arg) {
  ThreadArg *a = arg;
  unsigned char *live[32] = {0};
  size_t sizes[32] = {0};
  uint64_t x = a->seed;
  for (int it = 0; it < 20000; it++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    int k = (int)(x % 32);
    if (live[k]) {
      if (live[k][0] != (unsigned char)k || live[k][sizes[k] - 1] != (unsigned char)k) a->failures++;
      if (THCBlockPool_free(a->pool, live[k]) != TH_OK) a->failures++;
      live[k] = NULL;
    } else {
      sizes[k] = 1 + (x >> 8) % (x % 5 ? 32 * KiB : 3 * MiB);
      void *p = NULL;
      if (THCBlockPool_malloc(a->pool, sizes[k], a->stream, &p) != TH_OK) {
        a->failures++;
        continue;
      }
      live[k] = p;
      live[k][0] = live[k][sizes[k] - 1] = (unsigned char)k;
    }
  }
  for (int k = 0; k < 32; k++)
    if (live[k] && THCBlockPool_free(a->pool, live[k]) != TH_OK) a->failures++;
  return NULL;
}

static void test_threads(void) {
  Fake f;
  fakeInit(&f, 4096 * MiB);
  THCBlockPool *p = THCBlockPool_new(&fakeOps, &f, 0);
  pthread_t th[4];
  ThreadArg args[4];
  for (int i = 0; i < 4; i++) {
    /* two threads share a stream, so they share blocks */
    args[i] = (ThreadArg){p, &f.streams[i / 2], 0x1234567ULL * (uint64_t)(i + 1), 0};
    pthread_create(&th[i], NULL, threadMain, &args[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    CHECK_EQ_INT(args[i].failures, 0);
  }
  THCMemoryStats st = stats(p);
  CHECK_EQ_INT(st.allocation.current, 0);
  CHECK_EQ_INT(st.allocatedBytes.current, 0);
  CHECK_EQ_INT(st.allocation.allocated, st.allocation.freed);
  CHECK_OK(THCBlockPool_check(p));
  CHECK_OK(THCBlockPool_emptyCache(p));
  CHECK_EQ_INT(f.used, 0);
  THCBlockPool_destroy(p);
  fakeCheckClean(&f);
}

/* ---- the pinned host pool ---- */

static void test_host_pool(void) {
  Fake f;
  fakeInit(&f, 64 * MiB);
  THCHostPool *p = THCHostPool_new(&fakeOps, &f);
  FakeStream *s1 = &f.streams[0], *s2 = &f.streams[1];
  int64_t reserved = -1, allocated = -1, raws = 0, rawFrees = 0, pending = 0;
  char *a = NULL;
  CHECK_OK(THCHostPool_malloc(p, 1000, (void **)&a));
  CHECK_EQ_INT(f.lastRawSize, 1024);
  THCHostPool_stats(p, &reserved, &allocated);
  CHECK_EQ_INT(reserved, 1024);
  CHECK_EQ_INT(allocated, 1024);
  CHECK(THCHostPool_isPinned(p, a));
  CHECK(THCHostPool_isPinned(p, a + 1023));
  CHECK(!THCHostPool_isPinned(p, a + 1024));
  CHECK(!THCHostPool_isPinned(p, a - 1));
  CHECK(!THCHostPool_isPinned(p, &f));
  CHECK_OK(THCHostPool_free(p, a));
  CHECK(THCHostPool_isPinned(p, a)); /* cached blocks are still pinned memory */
  THCHostPool_stats(p, &reserved, &allocated);
  CHECK_EQ_INT(reserved, 1024);
  CHECK_EQ_INT(allocated, 0);
  char *b = NULL;
  CHECK_OK(THCHostPool_malloc(p, 513, (void **)&b)); /* same size class: reused */
  CHECK(b == a);
  CHECK_EQ_INT(f.rawMallocs, 1);
  char *c = NULL;
  CHECK_OK(THCHostPool_malloc(p, 1025, (void **)&c)); /* next class: a new block of 2048 */
  CHECK_EQ_INT(f.lastRawSize, 2048);
  CHECK_EQ_INT(f.rawMallocs, 2);

  /* a block read by an async copy on s1 is reused only after s1 has done it */
  CHECK_OK(THCHostPool_recordEvent(p, b + 10, s1));
  CHECK_OK(THCHostPool_recordEvent(p, b, s2));
  CHECK_EQ_INT(THCHostPool_recordEvent(p, &f, s1), THC_POOL_NOT_FOUND);
  CHECK_OK(THCHostPool_free(p, b));
  THCHostPool_counts(p, &raws, &rawFrees, &pending);
  CHECK_EQ_INT(pending, 1);
  CHECK_EQ_INT(f.eventsLive, 2);
  CHECK_EQ_INT(THCHostPool_free(p, b), THC_POOL_NOT_FOUND); /* not live */
  CHECK_EQ_INT(THCHostPool_recordEvent(p, b, s1), THC_POOL_NOT_FOUND);
  char *d = NULL;
  CHECK_OK(THCHostPool_malloc(p, 1000, (void **)&d));
  CHECK(d != b);
  CHECK_EQ_INT(f.rawMallocs, 3);
  completeStream(s1);
  char *e = NULL;
  CHECK_OK(THCHostPool_malloc(p, 1000, (void **)&e)); /* s2 still pending */
  CHECK(e != b);
  CHECK_EQ_INT(f.eventsLive, 1);
  completeStream(s2);
  char *g = NULL;
  CHECK_OK(THCHostPool_malloc(p, 1000, (void **)&g));
  CHECK(g == b);
  CHECK_EQ_INT(f.eventsLive, 0);
  THCHostPool_counts(p, &raws, &rawFrees, &pending);
  CHECK_EQ_INT(pending, 0);
  CHECK_EQ_INT(raws, 4);

  /* emptyCache releases the cached blocks only, after waiting for pending ones */
  CHECK_OK(THCHostPool_free(p, d));
  CHECK_OK(THCHostPool_recordEvent(p, e, s1));
  CHECK_OK(THCHostPool_free(p, e));
  CHECK_OK(THCHostPool_emptyCache(p));
  THCHostPool_counts(p, &raws, &rawFrees, &pending);
  CHECK_EQ_INT(rawFrees, 2);
  CHECK_EQ_INT(pending, 0);
  THCHostPool_stats(p, &reserved, &allocated);
  CHECK_EQ_INT(reserved, 1024 + 2048);
  CHECK_EQ_INT(allocated, 1024 + 2048);
  CHECK(!THCHostPool_isPinned(p, d));
  CHECK(THCHostPool_isPinned(p, g) && THCHostPool_isPinned(p, c + 2047));
  CHECK_EQ_INT(THCHostPool_free(p, d), THC_POOL_NOT_FOUND);

  /* out of memory: the cache is released and the allocation retried, then a clear error */
  CHECK_OK(THCHostPool_free(p, c));
  f.capacity = f.used + 32 * MiB - 1; /* 3 KiB in use, 2 KiB of it cached */
  char *big = NULL;
  CHECK_OK(THCHostPool_malloc(p, 32 * MiB - 1024, (void **)&big)); /* 32 MiB: only after releasing c */
  CHECK_EQ_INT(f.used, 1024 + 32 * MiB);
  char *more = NULL;
  CHECK_ERR(THCHostPool_malloc(p, 32 * MiB, (void **)&more),
            "CUDA out of memory. Tried to allocate 32.00 MiB of pinned host memory");
  CHECK(more == NULL);
  CHECK_ERR(THCHostPool_malloc(p, SIZE_MAX, (void **)&more), "CUDA out of memory");
  f.failMalloc = 1;
  CHECK_ERR(THCHostPool_malloc(p, 100, (void **)&more), "fake driver: launch failure");

  /* destroy releases live blocks too, after waiting for pending ones */
  CHECK_OK(THCHostPool_recordEvent(p, g, s2));
  CHECK_OK(THCHostPool_free(p, g));
  THCHostPool_destroy(p);
  fakeCheckClean(&f);
}

static void test_host_pool_random(void) {
  Fake f;
  fakeInit(&f, 4096 * MiB);
  THCHostPool *p = THCHostPool_new(&fakeOps, &f);
  Slot slots[64];
  memset(slots, 0, sizeof slots);
  int64_t live = 0, failures = 0;
  for (int it = 0; it < 100000; it++) {
    Slot *s = &slots[rnd() % 64];
    if (s->ptr) {
      if (rnd() % 8 == 0) {
        if (THCHostPool_recordEvent(p, s->ptr + rnd() % s->size, &f.streams[rnd() % MAX_STREAMS]) != TH_OK) failures++;
        continue;
      }
      if (!tagIntact(s)) failures++;
      if (THCHostPool_free(p, s->ptr) != TH_OK) failures++;
      live -= (int64_t)THCHostPool_roundSize(s->size);
      s->ptr = NULL;
    } else {
      s->size = 1 + rnd() % (256 * KiB);
      s->tag = (unsigned char)(1 + rnd() % 255);
      void *ptr = NULL;
      if (THCHostPool_malloc(p, s->size, &ptr) != TH_OK) {
        failures++;
        continue;
      }
      s->ptr = ptr;
      if (!THCHostPool_isPinned(p, s->ptr + s->size - 1)) failures++;
      tagBlock(s);
      live += (int64_t)THCHostPool_roundSize(s->size);
    }
    if (rnd() % 5 == 0) completeStream(&f.streams[rnd() % MAX_STREAMS]);
    if (rnd() % 5000 == 0 && THCHostPool_emptyCache(p) != TH_OK) failures++;
  }
  CHECK_EQ_INT(failures, 0);
  int64_t reserved = 0, allocated = 0, raws = 0, rawFrees = 0, pending = 0;
  THCHostPool_stats(p, &reserved, &allocated);
  THCHostPool_counts(p, &raws, &rawFrees, &pending);
  CHECK_EQ_INT(allocated, live);
  CHECK_EQ_INT(reserved, (int64_t)f.used);
  CHECK_EQ_INT(raws - rawFrees, f.nRaw);
  CHECK(raws < 10000); /* cached: far fewer raw calls than the ~50000 allocations */
  for (int i = 0; i < 64; i++)
    if (slots[i].ptr) THCHostPool_free(p, slots[i].ptr);
  CHECK_OK(THCHostPool_emptyCache(p));
  THCHostPool_stats(p, &reserved, &allocated);
  CHECK_EQ_INT(reserved, 0);
  CHECK_EQ_INT(allocated, 0);
  CHECK_EQ_INT(f.used, 0);
  THCHostPool_destroy(p);
  fakeCheckClean(&f);
}

/* ---- the public API without a GPU: every call fails cleanly or does nothing ---- */

static void test_api_without_gpu(void) {
  THCState *s = THCState_new();
  CHECK_NOT_NULL(s);
  if (THCState_deviceCount(s) > 0) { /* a machine with a GPU: test_caching_allocator covers it */
    THCState_free(s);
    return;
  }
  CHECK(THCCachingAllocator_get(s, 0) == NULL);
  CHECK_STR_CONTAINS(THGetLastError(), "CUDA is not available");
  CHECK(THCCachingAllocator_get(s, -1) == NULL);
  CHECK(THCCachingAllocator_malloc(s, 16, NULL) == NULL);
  THCCachingAllocator_free(s, NULL);
  CHECK_OK(THCCachingAllocator_recordStream(s, NULL, NULL));
  CHECK_OK(THCCachingAllocator_emptyCache(s));
  THCMemoryStats st;
  CHECK_ERR(THCCachingAllocator_stats(s, 0, &st), "CUDA is not available");
  CHECK_ERR(THCCachingAllocator_resetPeakStats(s, 0), "CUDA is not available");
  CHECK_ERR(THCCachingAllocator_resetAccumulatedStats(s, -1), "CUDA is not available");
  CHECK(THCCachingHostAllocator_get(s) == NULL);
  CHECK_STR_CONTAINS(THGetLastError(), "CUDA is not available");
  CHECK(!THCCachingHostAllocator_isPinned(s, &st));
  CHECK_OK(THCCachingHostAllocator_recordEvent(s, &st, NULL));
  CHECK_OK(THCCachingHostAllocator_emptyCache(s));
  int64_t r = -1, a = -1;
  THCCachingHostAllocator_stats(s, &r, &a);
  CHECK_EQ_INT(r, 0);
  CHECK_EQ_INT(a, 0);
  CHECK_NULL_ERR(THCTensor_new(s, TH_Float32, 0), "CUDA is not available");
  THCState_free(s);
}

int main(void) {
  RUN_TEST(test_rounding);
  RUN_TEST(test_small_and_large_pools);
  RUN_TEST(test_best_fit);
  RUN_TEST(test_split_and_merge);
  RUN_TEST(test_reuse_without_raw_calls);
  RUN_TEST(test_streams_are_separate);
  RUN_TEST(test_record_stream);
  RUN_TEST(test_oom_frees_cache_and_retries);
  RUN_TEST(test_oom_error);
  RUN_TEST(test_empty_cache);
  RUN_TEST(test_stats_sequence);
  RUN_TEST(test_random_mixed);
  RUN_TEST(test_steady_state_strict);
  RUN_TEST(test_threads);
  RUN_TEST(test_host_pool);
  RUN_TEST(test_host_pool_random);
  RUN_TEST(test_api_without_gpu);
  return TH_TEST_RESULT();
}
