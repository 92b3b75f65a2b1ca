#!/bin/sh
# Rebuilds src/lib/kernels/wasm/training-kernels.wasm and training-kernels-shared.wasm
# from training_kernels.c.
# The built .wasm is committed, so only someone changing the C needs a compiler:
#   apt-get install -y clang lld     (Debian 12: clang 14; any clang >= 14 works)
# The module may run inside the TF.js backend's own memory, so the build fails
# if the binary has a data section or touches a global (the C stack pointer).
set -eu
cd "$(dirname "$0")/.."
dir=src/lib/kernels/wasm
# Two builds of the same C: for the single-threaded backends' plain memory, and
# (atomics, shared memory up to 4 GiB like the backend's) for the threaded one's.
build() {
  out="$dir/$1"; shift
  clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
    -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all -Wl,-z,stack-size=0 \
    "$@" -o "$out" "$dir/training_kernels.c"
  if llvm-objdump -h "$out" | grep -q ' DATA '; then
    echo "$out has a data section: it would overwrite the backend's memory" >&2; exit 1
  fi
  if llvm-objdump -d "$out" | grep -q 'global\.[gs]et'; then
    echo "$out uses a global (the C stack?): it would write into the backend's memory" >&2; exit 1
  fi
  echo "built $out ($(wc -c < "$out") bytes)"
}
build training-kernels.wasm
build training-kernels-shared.wasm -matomics -Wl,--shared-memory -Wl,--max-memory=4294967296
