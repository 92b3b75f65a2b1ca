#!/bin/sh
# Rebuilds src/lib/kernels/wasm/training-kernels.wasm from training_kernels.c.
# The built .wasm is committed, so only someone changing the C needs a compiler:
#   apt-get install -y clang lld     (Debian 12: clang 14; any clang >= 14 works)
# The module may run inside the TF.js backend's own memory, so the build fails
# if the binary has a data section or touches a global (the C stack pointer).
set -eu
cd "$(dirname "$0")/.."
dir=src/lib/kernels/wasm
clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
  -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all -Wl,-z,stack-size=0 \
  -o "$dir/training-kernels.wasm" "$dir/training_kernels.c"
if llvm-objdump -h "$dir/training-kernels.wasm" | grep -q ' DATA '; then
  echo "training-kernels.wasm has a data section: it would overwrite the backend's memory" >&2; exit 1
fi
if llvm-objdump -d "$dir/training-kernels.wasm" | grep -q 'global\.[gs]et'; then
  echo "training-kernels.wasm uses a global (the C stack?): it would write into the backend's memory" >&2; exit 1
fi
echo "built $dir/training-kernels.wasm ($(wc -c < "$dir/training-kernels.wasm") bytes)"
