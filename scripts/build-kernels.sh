#!/bin/sh
# Rebuilds src/lib/kernels/wasm/training-kernels*.wasm from training_kernels.c.
# The built .wasm is committed, so only someone changing the C needs a compiler:
#   apt-get install -y clang lld python3     (Debian 12: clang 14; any clang >= 14 works)
# The module may run inside the TF.js backend's own memory, so the build fails
# if the binary has a data section or touches a global (the C stack pointer).
set -eu
cd "$(dirname "$0")/.."
dir=src/lib/kernels/wasm
# Four builds of the same C: for the single-threaded backends' plain memory and
# (atomics, shared memory up to 4 GiB like the backend's) for the threaded one's,
# each with plain SIMD and with relaxed SIMD (fused multiply-add, Chrome 114+).
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
# clang 14 encodes the fused multiply-add as the relaxed-SIMD proposal's early
# f32x4.fma (0xfd 0xaf 0x01, a + b*c), which browsers never shipped; the final
# f32x4.relaxed_madd is 0xfd 0x85 0x02 (a*b + c), also three bytes. MADD in the
# C passes its operands in relaxed_madd's order. Every occurrence objdump
# disassembles is rewritten, and the byte count must match it exactly.
to_relaxed_madd() {
  out="$dir/$1"
  expected=$(llvm-objdump -d "$out" | grep -c 'f32x4.fma' || true)
  python3 - "$out" "$expected" <<'PY'
import sys
path, expected = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, 'rb').read())
old, new = bytes([0xfd, 0xaf, 0x01]), bytes([0xfd, 0x85, 0x02])
found = data.count(old)
if found != expected or expected == 0:
    sys.exit(f"{path}: {found} byte patterns for {expected} f32x4.fma instructions; not rewriting")
open(path, 'wb').write(data.replace(old, new))
print(f"{path}: {expected} fused multiply-adds as f32x4.relaxed_madd")
PY
}
build training-kernels.wasm
build training-kernels-shared.wasm -matomics -Wl,--shared-memory -Wl,--max-memory=4294967296
build training-kernels-relaxed.wasm -mrelaxed-simd
to_relaxed_madd training-kernels-relaxed.wasm
build training-kernels-relaxed-shared.wasm -mrelaxed-simd -matomics -Wl,--shared-memory -Wl,--max-memory=4294967296
to_relaxed_madd training-kernels-relaxed-shared.wasm
