#!/usr/bin/env bash
# Builds the native addon with AddressSanitizer and UndefinedBehaviorSanitizer into
# packages/kernels/build-sanitize/ (the normal build/ is left alone) and runs the kernel tests
# against it. Any finding aborts the process that made it, so the run fails. `npm run
# test:sanitize` from the repository root; needs g++ (GCC's libasan and libubsan).
#
# Node itself is not instrumented, so the ASan runtime must be loaded before everything else
# (LD_PRELOAD); leak checking is off (Node and V8 keep memory until exit by design).
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
out="$pkg/build-sanitize"
cxx="${CXX:-g++}"
start=$SECONDS

node_include="$(dirname "$(dirname "$(command -v node)")")/include/node"
if [[ ! -f "$node_include/node_api.h" ]]; then
  node_include="$HOME/.cache/node-gyp/$(node -p 'process.versions.node')/include/node"
fi
if [[ ! -f "$node_include/node_api.h" ]]; then
  echo "test-sanitize: Node's headers (node_api.h) were not found" >&2
  exit 1
fi
napi_include="$(cd "$root" && node -p "require('path').dirname(require.resolve('node-addon-api/package.json'))")"
asan="$("$cxx" -print-file-name=libasan.so)"
if [[ ! -f "$asan" ]]; then
  echo "test-sanitize: $cxx has no libasan.so (install GCC's sanitizer runtimes)" >&2
  exit 1
fi

# The release build's flags (binding.gyp), -O1 instead of -O3 for readable reports, and every
# sanitizer finding fatal (-fno-sanitize-recover).
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fPIC -pthread -fno-exceptions -fno-rtti
  -fno-math-errno -fno-trapping-math -Wall -Wextra -Wno-unused-parameter
  -fsanitize=address,undefined -fno-sanitize-recover=all
  -DNAPI_VERSION=8 -DNAPI_DISABLE_CPP_EXCEPTIONS -DNODE_ADDON_API_DISABLE_DEPRECATED
  -DBUILDING_NODE_EXTENSION -D_FILE_OFFSET_BITS=64 -D_LARGEFILE_SOURCE
  -I"$node_include" -I"$napi_include")

rm -rf "$out"
mkdir -p "$out"
echo "test-sanitize: compiling native/*.cc with -fsanitize=address,undefined into $out"
export cxx out
printf '%s\n' "$pkg"/native/*.cc |
  xargs -P "$(nproc)" -I{} sh -c '"$cxx" "$@" -c "{}" -o "$out/$(basename "{}" .cc).o"' _ "${flags[@]}"
"$cxx" -shared -pthread -fsanitize=address,undefined -o "$out/qudao_kernels.node" "$out"/*.o
echo "test-sanitize: built in $((SECONDS - start)) s"

# QUDAO_REQUIRE_NATIVE=1: if the instrumented addon failed to load, the tests fail rather than
# skip. require-native.test.ts builds and runs vitest itself; it tests no kernel.
cd "$root"
LD_PRELOAD="$asan" \
  ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:print_summary=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  QUDAO_NATIVE_ADDON="$out/qudao_kernels.node" \
  QUDAO_REQUIRE_NATIVE=1 \
  npx vitest run packages/kernels/src packages/ml/src/layers/fused-ops.test.ts \
  packages/ml/src/layers/conv-block.test.ts packages/ml/src/layers/conv-block-model.test.ts \
  packages/ml/src/optimizers/fused-adam.test.ts --exclude '**/require-native.test.ts'
echo "test-sanitize: passed in $((SECONDS - start)) s"
