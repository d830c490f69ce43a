#!/usr/bin/env bash
# On the lent GPU machine (no Node.js): unpacks what pack.sh packed and runs THC's GPU checks, as
# `npm run test:gpu` and `npm run bench:gpu` would, from the binaries built here. Logs go to $OUT:
#   gpu.txt       nvidia-smi, and where cuBLAS was found
#   ctest.log     every libTHC C test program (exit 77: skipped)
#   memcheck.log  the same under compute-sanitizer memcheck (small sizes)
#   jest.log      the GPU jest suites of thc and autograd, TYPETORCH_REQUIRE_GPU=1
#   bench.log     bench:gpu beside PyTorch on the same GPU
#   hgemm.log     test_blas's GEMM timings with the sm_90 kernel on and off (THC_GEMM_SM90)
#   summary.txt   one line per part
# Usage: bash tools/gpu-kit/device.sh [part ...]   (parts: ctest memcheck jest bench hgemm; all by default)
# ctest, memcheck and jest run side by side; bench and hgemm alone, after them.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
kit=tools/gpu-kit/out
OUT=${OUT:-/tmp/gpu-kit-out}
mkdir -p "$OUT"
parts=${*:-ctest memcheck jest bench hgemm}
want() { [[ " $parts " == *" $1 "* ]]; }

tmp=$(mktemp -d)
xz -dc $kit/node.xz > "$tmp/node" && chmod +x "$tmp/node"
mkdir -p "$tmp/lib"
tar -xJf $kit/libs.tar.xz -C "$tmp/lib"
tar -xJf $kit/nm.tar.xz
tar -xJf $kit/tree.tar.xz
bin=$root/packages/thc/build-ctest-gpu
# the test programs' run paths name this tree as it was where they were built
export PATH="$tmp:$PATH" LD_LIBRARY_PATH="$tmp/lib:$bin:$bin/th${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
cublas=$(python3 -c '
import glob, os, sys
try:
    import nvidia
except ImportError:
    sys.exit()
for root in nvidia.__path__:
    for d in sorted(glob.glob(os.path.join(root, "*", "lib"))):
        if glob.glob(os.path.join(d, "libcublas.so.*")):
            print(d)
            sys.exit()' 2>/dev/null)
[ -n "$cublas" ] && export TYPETORCH_CUBLAS=$cublas
{
  nvidia-smi
  echo "cuBLAS: ${TYPETORCH_CUBLAS:-from the loader paths}"
  echo "node: $(command -v node) $(node --version)"
  ldd packages/th/build/Release/libTH.so.0 "$bin/test_blas"
} > "$OUT/gpu.txt" 2>&1

# each C test program once; $1: log, the rest: a command prefix (empty, or the sanitizer)
run_tests() {
  local log=$1 pass=0 fail=0 skip=0 rc
  shift
  for t in "$bin"/test_*; do
    echo "=== $(basename "$t")" >> "$log"
    timeout 900 "$@" "$t" >> "$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then pass=$((pass + 1)); elif [ $rc -eq 77 ]; then skip=$((skip + 1)); else fail=$((fail + 1)); echo "=== $(basename "$t") exit $rc" >> "$log"; fi
  done
  echo "$(basename "$log" .log): $pass passed, $fail failed, $skip skipped" >> "$OUT/summary.txt"
}

pids=()
if want ctest; then run_tests "$OUT/ctest.log" & pids+=($!); fi
if want memcheck; then
  san=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null)
  if [ -n "$san" ]; then
    THC_TEST_SHARED_GPU=1 THC_TEST_SMALL=1 run_tests "$OUT/memcheck.log" "$san" --tool memcheck --report-api-errors no \
      --error-exitcode 99 --leak-check full & pids+=($!)
  else
    echo "memcheck: skipped (no compute-sanitizer)" >> "$OUT/summary.txt"
  fi
fi
if want jest; then
  (TYPETORCH_REQUIRE_GPU=1 timeout 900 node node_modules/jest/bin/jest.js packages/thc/test/gpu packages/autograd/test/cuda \
    > "$OUT/jest.log" 2>&1
   echo "jest: exit $? ($(grep -E '^Tests:' "$OUT/jest.log" | tail -n 1))" >> "$OUT/summary.txt") & pids+=($!)
fi
for p in "${pids[@]}"; do wait "$p"; done

if want bench; then
  timeout 600 node tools/bench/gpu-bench.js > "$OUT/bench.log" 2>&1
  echo "bench: exit $?" >> "$OUT/summary.txt"
fi
if want hgemm; then
  for on in 1 0; do
    echo "=== THC_GEMM_SM90=$on" >> "$OUT/hgemm.log"
    THC_GEMM_SM90=$on THC_BENCH=1 timeout 300 "$bin/test_blas" >> "$OUT/hgemm.log" 2>&1
    echo "hgemm (THC_GEMM_SM90=$on): exit $?" >> "$OUT/summary.txt"
  done
fi
cat "$OUT/summary.txt"
