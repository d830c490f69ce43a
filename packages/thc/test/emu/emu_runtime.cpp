/* emu_runtime.cpp — the CUDA runtime for libTHC built by test/emu (THC_EMU): the part of the
 * runtime API libTHC calls, and the scheduler that runs kernels on CPU threads (emu_cuda.h).
 *
 * THC_EMU_DEVICES fake devices (default 2) whose memory is registered, so that every copy, memset
 * and kernel operand is checked to be memory of the right kind on the right device. Device memory
 * is out of the host's reach outside kernels, copies and memsets, as on a GPU (see DeviceWork).
 * Streams and events exist; work runs at once, in the order it is issued. A kernel launch runs
 * each block's threads as fibers on the calling thread, blocks one after another in a shuffled
 * order (see shuffleOrder); launches are serialised. */
#include "emu_cuda.h"

#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define THC_EMU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define THC_EMU_ASAN 1
#endif
#endif

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

/* ---------------------------------------------------------------- memory */

extern "C" int64_t thcEmuIndexLimit; /* THCApply.h: iterators above it are split */
int64_t thcEmuIndexLimit = 2147483647LL;

namespace {

struct Region {
  size_t bytes;
  int device; /* -1: pinned host memory */
};
std::mutex memMutex;
std::map<const char *, Region> regions; /* by start address */
constexpr size_t kDeviceBytes = (size_t)4 << 30;
size_t deviceUsed[64]; /* bytes cudaMalloc'ed on each device: it refuses more than kDeviceBytes */
thread_local int current = 0;
thread_local cudaError_t lastError = cudaSuccess;
int ndev = -1;
uint64_t orderSeed = 1; /* THC_EMU_SEED: 0 runs threads and blocks in index order */
long launches, launchedThreads, contigLaunches, stridedLaunches, dynamicLaunches;

[[noreturn]] void die(const char *what, const void *p) {
  fprintf(stderr, "THC emulator: %s (%p, current device %d)\n", what, p, current);
  abort();
}

void init() {
  if (ndev >= 0) return;
  const char *e = getenv("THC_EMU_DEVICES");
  ndev = e ? atoi(e) : 2;
  if (ndev < 0 || ndev > 64) die("THC_EMU_DEVICES must be 0 to 64", nullptr);
  const char *l = getenv("THC_EMU_INDEX_LIMIT");
  if (l) thcEmuIndexLimit = atoll(l);
  const char *seed = getenv("THC_EMU_SEED");
  if (seed) orderSeed = strtoull(seed, nullptr, 10);
}

/* the region holding p, or null */
const std::pair<const char *const, Region> *find(const void *p) {
  std::lock_guard<std::mutex> lk(memMutex);
  auto it = regions.upper_bound((const char *)p);
  if (it == regions.begin()) return nullptr;
  --it;
  const char *q = (const char *)p;
  return q < it->first + (it->second.bytes ? it->second.bytes : 1) ? &*it : nullptr;
}

/* p .. p + n is memory of `device` (-1: any device) */
void checkDevice(const void *p, size_t n, int device, const char *what) {
  auto r = find(p);
  if (!r || r->second.device < 0) die(what, p);
  if (device >= 0 && r->second.device != device) die("device memory of another device", p);
  if ((const char *)p + n > r->first + r->second.bytes) die("past the end of a device allocation", p);
}
void checkHost(const void *p, const char *what) {
  auto r = find(p);
  if (r && r->second.device >= 0) die(what, p);
}

/* Device memory is not host memory: host code that reads or writes it outside emulated device work
 * (kernels, copies, memsets, CUB) is stopped, as on a GPU, where the emulator would otherwise let it
 * pass. Under AddressSanitizer device memory is malloc'ed (kernels' out-of-bounds accesses are
 * reported) and poisoned while closed, so that a host access is reported with its stack; otherwise
 * it is mapped PROT_NONE while closed, and a host access is a SIGSEGV. */
int deviceOpen = 0; /* > 0 while device work runs (memMutex) */
size_t mappedBytes(size_t n) {
  static const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  return (n ? n + page - 1 : page) / page * page;
}
void setAccess(char *p, size_t n, bool open) { /* under memMutex */
#ifdef THC_EMU_ASAN
  if (open) ASAN_UNPOISON_MEMORY_REGION(p, n);
  else ASAN_POISON_MEMORY_REGION(p, n);
#else
  if (mprotect(p, mappedBytes(n), open ? PROT_READ | PROT_WRITE : PROT_NONE) != 0) die("mprotect of device memory failed", p);
#endif
}
void deviceAccess(bool open) {
  std::lock_guard<std::mutex> lk(memMutex);
  if (open ? deviceOpen++ != 0 : --deviceOpen != 0) return;
  for (auto &r : regions)
    if (r.second.device >= 0) setAccess((char *)r.first, r.second.bytes, open);
}
/* the scope of emulated device work */
struct DeviceWork {
  DeviceWork() { deviceAccess(true); }
  ~DeviceWork() { deviceAccess(false); }
};

void *allocate(size_t n, int device) {
  std::lock_guard<std::mutex> lk(memMutex);
  if (device >= 0 && n > kDeviceBytes - deviceUsed[device]) return nullptr;
  char *p;
#ifndef THC_EMU_ASAN
  if (device >= 0) {
    void *m = mmap(nullptr, mappedBytes(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    p = m == MAP_FAILED ? nullptr : (char *)m;
  } else
#endif
    p = (char *)malloc(n ? n : 1);
  if (!p) return nullptr;
  regions[p] = Region{n, device};
  if (device >= 0) {
    deviceUsed[device] += n;
    if (!deviceOpen) setAccess(p, n, false);
  }
  return p;
}
bool release(void *p, bool pinned) {
  std::lock_guard<std::mutex> lk(memMutex);
  auto it = regions.find((const char *)p);
  if (it == regions.end() || (it->second.device < 0) != pinned) return false;
  const size_t n = it->second.bytes;
  const int device = it->second.device;
  regions.erase(it);
  if (pinned) {
    free(p);
    return true;
  }
  deviceUsed[device] -= n;
#ifdef THC_EMU_ASAN
  ASAN_UNPOISON_MEMORY_REGION(p, n);
  free(p);
#else
  munmap(p, mappedBytes(n));
#endif
  return true;
}

cudaError_t fail(cudaError_t e) { return lastError = e; }

} // namespace

struct CUstream_st {
  int device;
};
struct CUevent_st {
  int device;
};

static int streamDevice(cudaStream_t s) { return s ? s->device : current; }

extern "C" void thcEmuCheckDevicePtr(const void *p, const char *what) {
  auto r = find(p);
  if (!r || r->second.device < 0) die(what, p);
  if (r->second.device != current) die("a kernel operand on another device than the current one", p);
}
extern "C" void thcEmuCountPath(int contiguous, int dynamic) {
  if (contiguous) contigLaunches++;
  else if (dynamic) dynamicLaunches++;
  else stridedLaunches++;
}
void thcEmuTrap() { die("__trap() in a kernel", nullptr); }
extern "C" void thcEmuDeviceAccess(int open) { deviceAccess(open != 0); }

const char *cudaGetErrorName(cudaError_t error) { return error == cudaSuccess ? "cudaSuccess" : "cudaErrorEmulated"; }
const char *cudaGetErrorString(cudaError_t error) {
  switch (error) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    case cudaErrorMemoryAllocation: return "out of memory";
    default: return "emulated error";
  }
}
cudaError_t cudaGetLastError(void) {
  cudaError_t e = lastError;
  lastError = cudaSuccess;
  return e;
}
cudaError_t cudaPeekAtLastError(void) { return lastError; }
cudaError_t cudaGetDeviceCount(int *count) {
  init();
  *count = ndev;
  return cudaSuccess;
}
cudaError_t cudaRuntimeGetVersion(int *v) { return *v = 13000, cudaSuccess; }
cudaError_t cudaDriverGetVersion(int *v) { return *v = 13000, cudaSuccess; }
cudaError_t cudaGetDevice(int *device) {
  init();
  *device = current;
  return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) {
  init();
  if (device < 0 || device >= ndev) return fail(cudaErrorInvalidDevice);
  current = device;
  return cudaSuccess;
}
cudaError_t cudaDeviceSynchronize(void) { return cudaSuccess; }
/* two multiprocessors: small inputs already take the split (multi-block, two-pass) paths */
cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device) {
  memset(prop, 0, sizeof *prop);
  snprintf(prop->name, sizeof prop->name, "THC emulator %d", device);
  prop->major = 9;
  prop->multiProcessorCount = 2;
  prop->maxThreadsPerBlock = 1024;
  prop->maxThreadsPerMultiProcessor = 512;
  prop->warpSize = 32;
  prop->totalGlobalMem = kDeviceBytes;
  prop->sharedMemPerBlock = 48 << 10;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device) {
  switch (attr) {
    case cudaDevAttrMultiProcessorCount: *value = 2; break;
    case cudaDevAttrMaxThreadsPerMultiProcessor: *value = 512; break;
    case cudaDevAttrComputeCapabilityMajor: *value = 9; break;
    default: *value = 0; break;
  }
  return cudaSuccess;
}
cudaError_t cudaMemGetInfo(size_t *freeBytes, size_t *totalBytes) {
  std::lock_guard<std::mutex> lk(memMutex);
  *freeBytes = kDeviceBytes - deviceUsed[current];
  *totalBytes = kDeviceBytes;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetStreamPriorityRange(int *least, int *greatest) {
  *least = 0;
  *greatest = -1;
  return cudaSuccess;
}
cudaError_t cudaStreamCreateWithPriority(cudaStream_t *s, unsigned int, int) {
  *s = new CUstream_st{current};
  return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t s) {
  delete s;
  return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t s) {
  if (s && s->device != current) return fail(cudaErrorInvalidResourceHandle);
  return cudaSuccess;
}
cudaError_t cudaStreamQuery(cudaStream_t) { return cudaSuccess; }
cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t, unsigned int) {
  if (streamDevice(s) != current) return fail(cudaErrorInvalidResourceHandle);
  return cudaSuccess;
}
cudaError_t cudaEventCreateWithFlags(cudaEvent_t *e, unsigned int) {
  *e = new CUevent_st{current};
  return cudaSuccess;
}
cudaError_t cudaEventDestroy(cudaEvent_t e) {
  delete e;
  return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) {
  if (streamDevice(s) != current || e->device != current) return fail(cudaErrorInvalidResourceHandle);
  return cudaSuccess;
}
cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }
cudaError_t cudaEventQuery(cudaEvent_t) { return cudaSuccess; }
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t, cudaEvent_t) {
  *ms = 0;
  return cudaSuccess;
}

cudaError_t cudaMalloc(void **p, size_t n) {
  init();
  *p = allocate(n, current);
  return *p ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}
cudaError_t cudaFree(void *p) {
  if (p && !release(p, false)) die("cudaFree of memory cudaMalloc did not give", p);
  return cudaSuccess;
}
cudaError_t cudaHostAlloc(void **p, size_t n, unsigned int) {
  *p = allocate(n, -1);
  return *p ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}
cudaError_t cudaFreeHost(void *p) {
  if (p && !release(p, true)) die("cudaFreeHost of memory cudaHostAlloc did not give", p);
  return cudaSuccess;
}

static cudaError_t memcpyOn(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind, int device) {
  if (n == 0) return cudaSuccess;
  switch (kind) {
    case cudaMemcpyHostToDevice:
      checkDevice(dst, n, device, "H2D copy to host memory");
      checkHost(src, "H2D copy from device memory");
      break;
    case cudaMemcpyDeviceToHost:
      checkDevice(src, n, device, "D2H copy from host memory");
      checkHost(dst, "D2H copy to device memory");
      break;
    case cudaMemcpyDeviceToDevice:
      checkDevice(src, n, device, "D2D copy from host memory");
      checkDevice(dst, n, device, "D2D copy to host memory");
      break;
    default: die("cudaMemcpyDefault/HostToHost is not used by libTHC", dst);
  }
  DeviceWork work;
  memmove(dst, src, n);
  return cudaSuccess;
}
cudaError_t cudaMemcpy(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind) { return memcpyOn(dst, src, n, kind, current); }
cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind, cudaStream_t s) {
  if (streamDevice(s) != current) die("cudaMemcpyAsync on a stream of another device than the current one", s);
  return memcpyOn(dst, src, n, kind, streamDevice(s));
}
cudaError_t cudaMemsetAsync(void *p, int value, size_t n, cudaStream_t s) {
  if (streamDevice(s) != current) die("cudaMemsetAsync on a stream of another device than the current one", s);
  if (n) checkDevice(p, n, streamDevice(s), "cudaMemsetAsync of host memory");
  DeviceWork work;
  memset(p, value, n);
  return cudaSuccess;
}
cudaError_t cudaMemset(void *p, int value, size_t n) { return cudaMemsetAsync(p, value, n, nullptr); }
cudaError_t cudaPointerGetAttributes(struct cudaPointerAttributes *attr, const void *p) {
  memset(attr, 0, sizeof *attr);
  auto r = find(p);
  if (!r) return cudaSuccess; /* cudaMemoryTypeUnregistered */
  attr->type = r->second.device < 0 ? cudaMemoryTypeHost : cudaMemoryTypeDevice;
  attr->device = r->second.device < 0 ? 0 : r->second.device;
  if (r->second.device < 0) attr->hostPointer = (void *)p;
  attr->devicePointer = (void *)p;
  return cudaSuccess;
}
/* work runs at once here, so nothing queued can wait for a host function */
cudaError_t cudaLaunchHostFunc(cudaStream_t, cudaHostFn_t, void *) { return fail(cudaErrorNotSupported); }
cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice, size_t n, cudaStream_t) {
  if (n == 0) return cudaSuccess;
  checkDevice(dst, n, dstDevice, "peer copy to memory not on dstDevice");
  checkDevice(src, n, srcDevice, "peer copy from memory not on srcDevice");
  DeviceWork work;
  memmove(dst, src, n);
  return cudaSuccess;
}

/* ---------------------------------------------------------------- kernels */

/* A launch runs on the calling thread: each CUDA thread of a block is a fiber that runs until it
 * finishes or waits at a barrier; when every live thread of the block (or warp) waits, the barrier
 * opens. Threads that have returned count as arrived, as on sm_70 and later. Fibers switch with the
 * few instructions below (swapcontext makes a system call, and AddressSanitizer's interception of
 * it clears the whole stack's shadow, on every switch). */

#if !defined(__x86_64__)
#error "test/emu switches fibers with x86-64 instructions"
#endif
/* thcEmuSwitch(&save, to): saves the callee-saved registers and the FP control words on this stack,
 * stores its pointer in save, and resumes the fiber whose stack pointer is `to` */
extern "C" void thcEmuSwitch(void **save, void *to);
asm(R"(
  .text
  .globl thcEmuSwitch
  .hidden thcEmuSwitch
  .type thcEmuSwitch, @function
thcEmuSwitch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size thcEmuSwitch, .-thcEmuSwitch
)");

thread_local ThcEmuDim thcEmuThreadIdx, thcEmuBlockIdx;
ThcEmuDim thcEmuBlockDim, thcEmuGridDim;

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define EMU_ASAN 1
#endif

namespace {

constexpr size_t kSharedBytes = 48 << 10; /* without cudaFuncSetAttribute, as libTHC launches */
constexpr size_t kStackBytes = 256 << 10, kGuardBytes = 4096;
alignas(128) unsigned char dynamicShared[kSharedBytes];

enum State { kReady, kAtBlockBarrier, kAtWarpBarrier, kDone };
struct Fiber {
  void *sp; /* saved stack pointer while it does not run */
  char *stack;
  State state;
};

std::mutex launchMutex; /* one launch at a time: static __shared__ arrays are the kernels' statics */
Fiber fibers[1024];
void *schedulerSp;
int nthreads = 0;
int running = -1; /* the fiber running now; -1: none (not in a kernel) */
const std::function<void()> *kernelBody;
alignas(16) unsigned char warpValues[32][32][16];
#ifdef EMU_ASAN
const void *schedulerStack;
size_t schedulerStackSize;
#endif

/* fiber `running` gives the scheduler back its thread (finished: for good) */
void yieldToScheduler(bool finished) {
#ifdef EMU_ASAN
  void *fake = nullptr;
  __sanitizer_start_switch_fiber(finished ? nullptr : &fake, schedulerStack, schedulerStackSize);
#endif
  thcEmuSwitch(&fibers[running].sp, schedulerSp);
#ifdef EMU_ASAN
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
}

/* a fiber's first frame: entered by thcEmuSwitch's return, it never returns */
void fiberMain() {
#ifdef EMU_ASAN
  __sanitizer_finish_switch_fiber(nullptr, &schedulerStack, &schedulerStackSize);
#endif
  (*kernelBody)();
  fibers[running].state = kDone;
  yieldToScheduler(true);
}

void resume(int t) {
  running = t;
  thcEmuThreadIdx = ThcEmuDim{(unsigned)t % thcEmuBlockDim.x, (unsigned)t / thcEmuBlockDim.x, 0};
#ifdef EMU_ASAN
  void *fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, fibers[t].stack, kStackBytes);
#endif
  thcEmuSwitch(&schedulerSp, fibers[t].sp);
#ifdef EMU_ASAN
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
  running = -1;
}

/* opens the barriers every live thread of the block, or of a warp, waits at; false: none opened */
bool openBarriers() {
  bool opened = false;
  int live = 0, atBlock = 0;
  for (int t = 0; t < nthreads; t++) {
    live += fibers[t].state != kDone;
    atBlock += fibers[t].state == kAtBlockBarrier;
  }
  if (live > 0 && atBlock == live) {
    for (int t = 0; t < nthreads; t++)
      if (fibers[t].state == kAtBlockBarrier) fibers[t].state = kReady;
    return true;
  }
  for (int w = 0; w * 32 < nthreads; w++) {
    int wLive = 0, atWarp = 0;
    for (int t = w * 32; t < nthreads && t < w * 32 + 32; t++) {
      wLive += fibers[t].state != kDone;
      atWarp += fibers[t].state == kAtWarpBarrier;
    }
    if (wLive > 0 && atWarp == wLive) {
      for (int t = w * 32; t < nthreads && t < w * 32 + 32; t++)
        if (fibers[t].state == kAtWarpBarrier) fibers[t].state = kReady;
      opened = true;
    }
  }
  return opened;
}

/* A GPU promises no order among a block's threads between barriers, nor among a grid's blocks.
 * So each round of the scheduler runs the ready threads in a fresh pseudo-random order, and the
 * blocks run in a pseudo-random order too (reproducible: THC_EMU_SEED, default 1; 0 keeps index
 * order). A thread that reads what another writes without a barrier between, or a block that
 * counts on another having run, then gets a wrong result here as it may on a GPU. */
uint64_t rngState;
uint64_t nextRandom() {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 7;
  rngState ^= rngState << 17;
  return rngState;
}
int order[1024];
void shuffleOrder() {
  for (int t = 0; t < nthreads; t++) order[t] = t;
  if (!orderSeed) return;
  for (int t = nthreads - 1; t > 0; t--) {
    int j = (int)(nextRandom() % (uint64_t)(t + 1));
    int x = order[t];
    order[t] = order[j];
    order[j] = x;
  }
}
uint64_t gcd(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t r = a % b;
    a = b;
    b = r;
  }
  return a;
}

void runBlock() {
  for (int t = 0; t < nthreads; t++) {
    Fiber &f = fibers[t];
    if (!f.stack) { /* below it, a page that faults on a stack overflow */
      void *m = mmap(nullptr, kStackBytes + kGuardBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (m == MAP_FAILED) die("no memory for an emulated thread's stack", nullptr);
      mprotect(m, kGuardBytes, PROT_NONE);
      f.stack = (char *)m + kGuardBytes;
    }
#ifdef EMU_ASAN
    /* a finished fiber's last frames (fiberMain's, yieldToScheduler's) never returned: their
     * redzones would still be poisoned for the next block's thread */
    __asan_unpoison_memory_region(f.stack + kStackBytes - 8192, 8192);
#endif
    /* what thcEmuSwitch pops: FP control words, six registers, then fiberMain as the return
     * address, placed so that fiberMain starts with the stack aligned as after a call */
    void **sp = (void **)(f.stack + kStackBytes) - 2;
    *sp = (void *)fiberMain;
    for (int r = 0; r < 6; r++) *--sp = nullptr;
    *--sp = (void *)(uintptr_t)(0x1F80u | (0x037Full << 32)); /* MXCSR and x87 control word defaults */
    f.sp = sp;
    f.state = kReady;
  }
  for (;;) {
    bool ran = false;
    shuffleOrder();
    for (int i = 0; i < nthreads; i++)
      if (fibers[order[i]].state == kReady) {
        resume(order[i]);
        ran = true;
      }
    if (openBarriers()) continue;
    if (ran) continue;
    for (int t = 0; t < nthreads; t++)
      if (fibers[t].state != kDone) die("deadlock: the block's threads wait at different barriers", nullptr);
    return;
  }
}

void wait(State at, const char *outside) {
  if (running < 0) die(outside, nullptr);
  fibers[running].state = at;
  yieldToScheduler(false);
}

} // namespace

void *thcEmuDynamicShared() { return dynamicShared; }

void thcEmuLaunch(dim3 grid, dim3 block, size_t smem, cudaStream_t stream, const std::function<void()> &body) {
  const unsigned long n = (unsigned long)block.x * block.y * block.z;
  /* what a real launch refuses, it refuses with the same error */
  if (block.z != 1 || n == 0 || n > 1024 || grid.x == 0 || grid.y == 0 || grid.z == 0 || grid.y > 65535 || grid.z > 65535 ||
      smem > kSharedBytes) {
    fail(cudaErrorInvalidConfiguration);
    return;
  }
  if (streamDevice(stream) != current) die("a kernel launched on a stream of another device than the current one", stream);
  if (running >= 0) die("a kernel launched from a kernel", nullptr);
  init();
  std::lock_guard<std::mutex> one(launchMutex);
  DeviceWork work;
  launches++;
  launchedThreads += (long)(grid.x * grid.y * grid.z) * (long)n;
  thcEmuBlockDim = ThcEmuDim{block.x, block.y, 1};
  thcEmuGridDim = ThcEmuDim{grid.x, grid.y, grid.z};
  kernelBody = &body;
  nthreads = (int)n;
  /* block i of the grid runs as block (step * i + first) mod blocks: a permutation, step being
   * prime to the block count */
  rngState = orderSeed * 0x9E3779B97F4A7C15ull + (uint64_t)launches;
  const uint64_t blocks = (uint64_t)grid.x * grid.y * grid.z;
  uint64_t step = 1, first = 0;
  if (orderSeed && blocks > 1) {
    first = nextRandom() % blocks;
    do step = 1 + nextRandom() % blocks;
    while (gcd(step, blocks) != 1);
  }
  for (uint64_t i = 0; i < blocks; i++) {
    const uint64_t b = (unsigned __int128)step * i % blocks + first;
    const uint64_t lin = b >= blocks ? b - blocks : b;
    thcEmuBlockIdx = ThcEmuDim{(unsigned)(lin % grid.x), (unsigned)(lin / grid.x % grid.y), (unsigned)(lin / ((uint64_t)grid.x * grid.y))};
    memset(dynamicShared, 0xA5, smem); /* shared memory starts as garbage */
    runBlock();
  }
}

void thcEmuSyncBlock() { wait(kAtBlockBarrier, "__syncthreads outside a kernel"); }
void thcEmuSyncWarp() { wait(kAtWarpBarrier, "__syncwarp outside a kernel"); }
int thcEmuLane() { return running & 31; }

void thcEmuShuffle(void *v, size_t bytes, int kind, int arg, int width) {
  if (running < 0) die("a shuffle outside a kernel", nullptr);
  const int lane = running & 31, w = running >> 5;
  if (nthreads - 32 * w < 32) die("a shuffle with a full mask in a partial warp", nullptr);
  if (width < 1 || width > 32 || (width & (width - 1))) die("a shuffle width that is not a power of 2 up to 32", nullptr);
  memcpy(warpValues[w][lane], v, bytes);
  thcEmuSyncWarp();
  const int base = lane & ~(width - 1), l = lane & (width - 1);
  int src = lane;
  if (kind == 0) src = l + arg < width ? base + l + arg : lane;
  else if (kind == 1) src = l - arg >= 0 ? base + l - arg : lane;
  else src = base + (arg & (width - 1));
  memcpy(v, warpValues[w][src], bytes);
  thcEmuSyncWarp();
}

__attribute__((destructor)) static void report(void) {
  if (getenv("THC_EMU_VERBOSE"))
    fprintf(stderr, "THC emulator: %ld launches (pointwise: %ld vectorized, %ld strided, %ld converting), %ld threads\n", launches,
            contigLaunches, stridedLaunches, dynamicLaunches, launchedThreads);
}
