#!/bin/sh
# Builds libTHC for the host (kernels emulated by thc_emu.h, the CUDA runtime by
# thc_emu_runtime.c) under AddressSanitizer and UBSan, and runs the C tests on it. For a machine
# without a GPU: it checks the logic of the kernels, the iterator and the drivers (and that no
# operand is host memory, or on the wrong device), not CUDA itself.
#   test/emu/run.sh [build dir] [test names...]
# Env: THC_EMU_INDEX_LIMIT=4096 splits every iterator larger than that (32-bit splitting);
#      THC_EMU_DEVICES=n fake devices (default 2).
set -e
here=$(cd "$(dirname "$0")" && pwd)
thc=$(cd "$here/../.." && pwd)
th=$(cd "$thc/../th" && pwd)
out=${1:-/tmp/thc-emu}
shift 2>/dev/null || true
cuda=${CUDA_HOME:-/usr/local/cuda}
mkdir -p "$out/obj"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
if [ ! -f "$out/th/libTH.so" ]; then
  cmake -S "$th" -B "$out/th" -DBUILD_TESTING=OFF -DTT_BUILD_ADDON=OFF -DTT_SANITIZE=ON >/dev/null
  cmake --build "$out/th" -j2 --target TH >/dev/null
fi
inc="-I$thc/include -I$thc/src -I$th/include -I$th/test/c -I$here -I$cuda/include"
printf '#include <stdint.h>\nextern int64_t thcEmuIndexLimit;\n' > "$out/limit.h"
# an object is rebuilt when its source or any header is newer
stale() { [ ! -f "$2" ] || [ -n "$(find "$1" "$thc/src" "$thc/include" "$here" -newer "$2" -name '*.[ch]*' | head -1)" ]; }
objs=""
for f in "$thc"/src/*.c; do
  o="$out/obj/$(basename "$f").o"
  objs="$objs $o"
  stale "$f" "$o" || continue
  gcc -std=gnu11 -O1 -g $san -Wall -Wextra -Wno-unused-parameter -fPIC $inc -include "$out/limit.h" \
    -DTHC_INDEX32_LIMIT=thcEmuIndexLimit -c "$f" -o "$o"
done
for f in "$thc"/src/*.cu; do
  o="$out/obj/$(basename "$f").o"
  objs="$objs $o"
  stale "$f" "$o" || continue
  g++ -std=c++17 -O1 -g $san -ffp-contract=off -Wall -Wno-unused-parameter -Wno-unknown-pragmas -fPIC -DTHC_EMU $inc -x c++ \
    -c "$f" -o "$o" &
done
wait
gcc -std=gnu11 -O1 -g $san -fPIC $inc -c "$here/thc_emu_runtime.c" -o "$out/obj/emu.o"
g++ -shared $san -o "$out/libTHC_emu.so" $objs "$out/obj/emu.o" -L"$out/th" -lTH -Wl,-rpath,"$out/th"
# the placeholder device allocator's table is never freed (THCCachingAllocator.c replaces it)
printf 'leak:THCCachingAllocator_get\n' > "$out/lsan.supp"
export LSAN_OPTIONS="suppressions=$out/lsan.supp"
tests=${*:-$(cd "$thc/test/c" && ls test_*.c | sed 's/\.c$//')}
status=0
for t in $tests; do
  gcc -std=gnu11 -O1 -g $san $inc "$thc/test/c/$t.c" -o "$out/$t" -L"$out" -lTHC_emu -L"$out/th" -lTH \
    -Wl,-rpath,"$out" -Wl,-rpath,"$out/th" -lm
  echo "== $t"
  TH_CPU_CACHE=0 "$out/$t" || status=1
done
exit $status
