#!/usr/bin/env bash
# Packs what the lent GPU machine (no Node.js, no network; see README.md) needs to run THC's GPU
# checks into tools/gpu-kit/out (gitignored, under the device tool's 64 MiB carry limit):
#   node.xz      this machine's node binary
#   libs.tar.xz  the shared libraries the addons and tests load beyond glibc/libstdc++ (OpenBLAS,
#                LAPACKE, sleef, gfortran, ...): the GPU machine may lack them
#   nm.tar.xz    node_modules without what only the build and release tools use (nx, changesets)
#   tree.tar.xz  the gitignored build outputs: dist/ of each package, the addons, and libTHC's C
#                test programs built for sm_90 (packages/thc/build-ctest-gpu)
# Run after `npm install` (which builds the addons, thc.node with sm_90 among its architectures).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tools/gpu-kit/out
jobs=${TT_JOBS:-$(nproc)}

nvcc=$(node -e "process.stdout.write(require('./packages/thc/scripts/find-nvcc.js').findNvcc() || '')")
[ -n "$nvcc" ] || { echo "pack.sh: nvcc not found" >&2; exit 1; }
for p in th thnn thc; do
  [ -f packages/$p/build/Release/$p.node ] || { echo "pack.sh: packages/$p/build/Release/$p.node missing: npm install first" >&2; exit 1; }
done

# libTHC's C tests for the GPU machines' architecture only (sm_90 with its sm_90a GEMM)
ctest_dir=packages/thc/build-ctest-gpu
cmake -S packages/thc -B $ctest_dir -DBUILD_TESTING=ON -DTT_BUILD_ADDON=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CUDA_COMPILER="$nvcc" -DTHC_CUDA_ARCHITECTURES=90-real > /dev/null
cmake --build $ctest_dir -j "$jobs"

rm -rf "$out"
mkdir -p "$out"
xz -T0 -6 -c "$(command -v node)" > "$out/node.xz"

mapfile -t tests < <(find $ctest_dir -maxdepth 1 -type f -name 'test_*' -executable | sort)
mapfile -t libs < <(ldd packages/*/build/Release/*.node "${tests[@]}" 2>/dev/null | awk '/=> \//{print $3}' | sort -u |
  grep -v -E '/(libc|libm|libpthread|libdl|librt|libstdc\+\+|libgcc_s|ld-linux-x86-64)\.so' | grep -v "^$PWD/")
tar -cJf "$out/libs.tar.xz" --dereference --transform 's|.*/||' "${libs[@]}"

tar -cJf "$out/nm.tar.xz" --exclude=node_modules/nx --exclude=node_modules/@nx --exclude=node_modules/@changesets \
  --exclude=node_modules/prettier --exclude=node_modules/.cache node_modules

mapfile -t built < <(find packages/*/dist -type f; find packages/*/build/Release -maxdepth 1 \( -name '*.node' -o -name 'lib*.so*' \))
mapfile -t ctest_files < <(find $ctest_dir -maxdepth 2 \( -name 'test_*' -type f -executable -o -name 'lib*.so*' \) | sort)
tar -cJf "$out/tree.tar.xz" "${built[@]}" "${ctest_files[@]}"

echo "libraries: ${libs[*]}"
echo "C tests: ${#tests[@]}"
du -ch "$out"/* | tail -n 1
