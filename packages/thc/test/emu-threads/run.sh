#!/bin/sh
# run.sh [out dir] — builds libTHC's reductions and scans for the CPU emulator (emu_cuda.h), with
# AddressSanitizer and UBSan, and runs test_reduce and test_scan on it with small sizes
# (THC_TEST_SMALL). For machines without a GPU: it checks the kernels' index arithmetic, block
# and warp combination and launch shapes against libTH; not their speed or real-GPU behaviour.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
THC=$(cd "$HERE/../.." && pwd)
TH=$(cd "$THC/../th" && pwd)
OUT=${1:-/tmp/thc-emu-$(printf %s "$THC" | md5sum | cut -c1-8)}
CUDA_INC=${CUDA_INC:-/usr/local/cuda/include}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$OUT"
cmake -S "$TH" -B "$OUT/th" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DCMAKE_C_FLAGS="$SAN" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" > "$OUT/th-cmake.log"
cmake --build "$OUT/th" -j2 --target TH > "$OUT/th-build.log"
INC="-I$THC/include -I$THC/src -I$TH/include -I$TH/test/c -I$HERE -I$CUDA_INC"
CXX="g++ -std=c++17 -O1 -g -Wall -Wno-unused-function $SAN $INC"
CC="gcc -std=gnu11 -O1 -g -Wall -Wno-unused-function $SAN $INC"
for f in THCReduceSum THCReduceMaxMin THCReduceArg THCReduceStats THCScanKernels THCReduceCopy; do
  $CXX -include emu_cuda.h -x c++ -c "$THC/src/$f.cu" -o "$OUT/$f.o" &
done
$CXX -c "$HERE/emu_runtime.cpp" -o "$OUT/emu_runtime.o" &
for f in THCReduce THCReduceRun THCScan THCTensor; do $CC -c "$THC/src/$f.c" -o "$OUT/$f.o"; done
$CC -c "$HERE/emu_thc.c" -o "$OUT/emu_thc.o"
wait
OBJS=""
for f in THCReduceSum THCReduceMaxMin THCReduceArg THCReduceStats THCScanKernels THCReduceCopy emu_runtime THCReduce \
         THCReduceRun THCScan THCTensor emu_thc; do OBJS="$OBJS $OUT/$f.o"; done
status=0
for t in ${TESTS:-test_reduce test_scan}; do
  $CC -DTHC_TEST_SMALL -c "$THC/test/c/$t.c" -o "$OUT/$t.o"
  g++ $SAN -o "$OUT/$t" "$OUT/$t.o" $OBJS -L"$OUT/th" -lTH -Wl,-rpath,"$OUT/th" -lpthread -lm
  echo "== $t (emulated)"
  TH_CPU_CACHE=0 ASAN_OPTIONS=detect_leaks=1 "$OUT/$t" || status=1
done
exit $status
