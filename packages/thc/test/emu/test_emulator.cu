/* test_emulator.cu — the emulator itself (built only with THC_EMULATE): barriers order what they
 * must, and nothing else is ordered. Threads between barriers and the blocks of a grid run in a
 * shuffled order unless THC_EMU_SEED=0 (ctest runs this program both ways), so that a kernel
 * counting on an order a GPU does not promise fails here too. Device memory is out of the host's
 * reach outside kernels and copies. */
#include "THCKernel.cuh"
#include "th_test.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

static const int kThreads = 256, kBlocks = 64;

/* Each thread takes a ticket before any barrier (the order threads ran in), writes its index to
 * shared memory, and after __syncthreads reads its neighbour's. */
__global__ void ticketKernel(int *threadTickets, int *blockTickets, int *blockCounter, int *neighbours) {
  __shared__ int counter;
  __shared__ int slots[kThreads];
  const int t = threadIdx.x;
  if (t == 0) blockTickets[blockIdx.x] = atomicAdd(blockCounter, 1);
  if (t == 0) counter = 0;
  __syncthreads();
  threadTickets[blockIdx.x * kThreads + t] = atomicAdd(&counter, 1);
  slots[t] = t;
  __syncthreads();
  neighbours[blockIdx.x * kThreads + t] = slots[(t + 1) % kThreads];
}

/* Lanes exchange values through shared memory with __syncwarp between. */
__global__ void warpKernel(int *out) {
  __shared__ int lanes[32];
  const int lane = threadIdx.x;
  lanes[lane] = lane * 3;
  __syncwarp();
  out[lane] = lanes[31 - lane];
}

template <typename T> static T *deviceArray(size_t n) {
  void *p = NULL;
  if (cudaMalloc(&p, n * sizeof(T)) != cudaSuccess) abort();
  cudaMemset(p, 0xFF, n * sizeof(T));
  return (T *)p;
}
template <typename T> static void toHost(T *dst, const T *src, size_t n) { cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyDeviceToHost); }

/* Whether v[0..n) is 0..n-1 in index order, and whether it is a permutation of 0..n-1 at all. */
static int isIdentity(const int *v, int n) {
  for (int i = 0; i < n; i++)
    if (v[i] != i) return 0;
  return 1;
}
static int isPermutation(const int *v, int n) {
  static char seen[kThreads * kBlocks];
  memset(seen, 0, sizeof seen);
  for (int i = 0; i < n; i++) {
    if (v[i] < 0 || v[i] >= n || seen[v[i]]) return 0;
    seen[v[i]] = 1;
  }
  return 1;
}

static void test_order(void) {
  const char *seed = getenv("THC_EMU_SEED");
  const int inOrder = seed && strtoull(seed, NULL, 10) == 0;
  int *tt = deviceArray<int>(kThreads * kBlocks), *bt = deviceArray<int>(kBlocks), *bc = deviceArray<int>(1);
  int *nb = deviceArray<int>(kThreads * kBlocks);
  cudaMemset(bc, 0, sizeof(int));
  THC_LAUNCH(ticketKernel, dim3(kBlocks), dim3(kThreads), 0, NULL, tt, bt, bc, nb);
  CHECK_EQ_INT(cudaGetLastError(), cudaSuccess);
  static int threadTickets[kThreads * kBlocks], blockTickets[kBlocks], neighbours[kThreads * kBlocks];
  toHost(threadTickets, tt, kThreads * kBlocks);
  toHost(blockTickets, bt, kBlocks);
  toHost(neighbours, nb, kThreads * kBlocks);
  CHECK(isPermutation(blockTickets, kBlocks));
  CHECK_EQ_INT(isIdentity(blockTickets, kBlocks), inOrder);
  int shuffledBlocks = 0;
  for (int b = 0; b < kBlocks; b++) {
    CHECK(isPermutation(threadTickets + b * kThreads, kThreads));
    shuffledBlocks += !isIdentity(threadTickets + b * kThreads, kThreads);
    for (int t = 0; t < kThreads; t++) CHECK_EQ_INT(neighbours[b * kThreads + t], (t + 1) % kThreads);
  }
  /* shuffled: every block's threads (the chance of one drawing index order is 1/256!) */
  CHECK_EQ_INT(shuffledBlocks, inOrder ? 0 : kBlocks);
  cudaFree(tt), cudaFree(bt), cudaFree(bc), cudaFree(nb);
}

static void test_warp_barrier(void) {
  int *o = deviceArray<int>(32), out[32];
  THC_LAUNCH(warpKernel, dim3(1), dim3(32), 0, NULL, o);
  toHost(out, o, 32);
  for (int l = 0; l < 32; l++) CHECK_EQ_INT(out[l], (31 - l) * 3);
  cudaFree(o);
}

/* A kernel writes, a copy reads: both reach device memory. The host itself does not, as on a GPU:
 * a child process that reads it must die (SIGSEGV, or AddressSanitizer's report) before it can
 * say it got through. */
__global__ void fillKernel(int *out) { out[threadIdx.x] = 7 * (int)threadIdx.x; }

static void test_host_cannot_touch_device_memory(void) {
  int *d = deviceArray<int>(64), back[64];
  THC_LAUNCH(fillKernel, dim3(1), dim3(64), 0, NULL, d);
  toHost(back, d, 64);
  for (int i = 0; i < 64; i++) CHECK_EQ_INT(back[i], 7 * i);
  fflush(NULL);
  const pid_t child = fork();
  if (child == 0) {
    dup2(open("/dev/null", O_WRONLY), 2); /* the expected report is not the test's output */
    volatile int v = d[5];                /* what libTHC must never do */
    printf("  the host read device memory: %d\n", v);
    _exit(0);
  }
  int status = 0;
  CHECK(child > 0 && waitpid(child, &status, 0) == child);
  CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
  cudaFree(d);
}

int main(void) {
  RUN_TEST(test_order);
  RUN_TEST(test_warp_barrier);
  RUN_TEST(test_host_cannot_touch_device_memory);
  return TH_TEST_RESULT();
}
