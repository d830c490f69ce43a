/* The emulator's scheduler (see emu_cuda.h): a pool of CPU threads, one per CUDA thread of the
 * block being run; blocks in order (blockIdx.x fastest), with a barrier between them. */
#include "emu_cuda.h"

#include <pthread.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace thcr {
/* the kernels' dynamic shared memory: one block runs at a time */
alignas(16) unsigned char thcr_smem[48 * 1024];
}

static thread_local EmuIdx tTid, tBid;
static thread_local int tLinear;
static EmuIdx gBdim, gGdim;
EmuIdx &thcr_emu_tid() { return tTid; }
EmuIdx &thcr_emu_bid() { return tBid; }
const EmuIdx &thcr_emu_bdim() { return gBdim; }
const EmuIdx &thcr_emu_gdim() { return gGdim; }

static std::mutex mtx;
static std::condition_variable wake, finished;
static unsigned long generation;
static int nthreads, remaining, nworkers;
static const std::function<void()> *kernelBody;
static pthread_barrier_t blockBar, warpBar[32];
static int warpBuf[32][32];

static void *worker(void *arg) {
  const int id = (int)(intptr_t)arg;
  unsigned long seen = 0;
  for (;;) {
    std::unique_lock<std::mutex> lk(mtx);
    wake.wait(lk, [&] { return generation != seen; });
    seen = generation;
    const int n = nthreads;
    lk.unlock();
    if (id >= n) continue;
    tLinear = id;
    tTid = EmuIdx{(unsigned)id % gBdim.x, (unsigned)id / gBdim.x, 0};
    for (unsigned by = 0; by < gGdim.y; by++)
      for (unsigned bx = 0; bx < gGdim.x; bx++) {
        tBid = EmuIdx{bx, by, 0};
        (*kernelBody)();
        pthread_barrier_wait(&blockBar);
      }
    lk.lock();
    if (--remaining == 0) finished.notify_one();
  }
  return nullptr;
}

static void fail(const char *what) {
  fprintf(stderr, "emulated launch: %s\n", what);
  abort();
}

void thcr_emu_launch(dim3 grid, dim3 block, size_t smem, const std::function<void()> &body) {
  const unsigned long n = (unsigned long)block.x * block.y * block.z;
  if (block.z != 1 || grid.z != 1) fail("3-d grids or blocks are not used");
  if (n == 0 || n > 1024) fail("block size out of range");
  if (grid.x == 0 || grid.y == 0 || grid.y > 65535) fail("grid size out of range");
  if (smem > sizeof thcr::thcr_smem) fail("more than 48 KiB of dynamic shared memory");
  std::unique_lock<std::mutex> lk(mtx);
  while (nworkers < (int)n) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1 << 20);
    pthread_t t;
    if (pthread_create(&t, &attr, worker, (void *)(intptr_t)nworkers)) fail("pthread_create");
    pthread_detach(t);
    pthread_attr_destroy(&attr);
    nworkers++;
  }
  pthread_barrier_init(&blockBar, nullptr, (unsigned)n);
  const int nwarps = (int)((n + 31) / 32);
  for (int w = 0; w < nwarps; w++) pthread_barrier_init(&warpBar[w], nullptr, (unsigned)(n - 32 * w < 32 ? n - 32 * w : 32));
  gBdim = EmuIdx{block.x, block.y, 1};
  gGdim = EmuIdx{grid.x, grid.y, 1};
  memset(thcr::thcr_smem, 0xA5, smem); /* uninitialised shared memory is garbage */
  kernelBody = &body;
  nthreads = (int)n;
  remaining = (int)n;
  generation++;
  wake.notify_all();
  finished.wait(lk, [] { return remaining == 0; });
  pthread_barrier_destroy(&blockBar);
  for (int w = 0; w < nwarps; w++) pthread_barrier_destroy(&warpBar[w]);
}

void thcr_emu_sync() { pthread_barrier_wait(&blockBar); }

int thcr_emu_shfl(int v, int kind, int arg, int width) {
  const int lane = tLinear & 31, w = tLinear >> 5;
  if (nthreads - 32 * w < 32) fail("shuffle with a full mask in a partial warp");
  if (width < 1 || width > 32 || (width & (width - 1))) fail("shuffle width");
  warpBuf[w][lane] = v;
  pthread_barrier_wait(&warpBar[w]);
  const int base = lane & ~(width - 1), l = lane & (width - 1);
  int src = lane;
  if (kind == 0) src = l + arg < width ? base + l + arg : lane;
  else if (kind == 1) src = l - arg >= 0 ? base + l - arg : lane;
  else src = base + (arg & (width - 1));
  const int r = warpBuf[w][src];
  pthread_barrier_wait(&warpBar[w]);
  return r;
}
