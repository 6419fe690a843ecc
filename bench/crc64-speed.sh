#!/usr/bin/env bash
# Measures CRC64 throughput on a 1 GiB buffer (or the byte count given as $1), on both paths:
# "table" (slicing-by-16, the fallback) and "automatic" (PCLMULQDQ folding when the CPU has it).
# Compiles Sources/CCRC64 (clang -O3, as the package does) and Sources/CRC64 together with
# bench/crc64/main.swift using the flags the package uses.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/CCRC64"
cat > "$out/CCRC64/module.modulemap" <<MAP
module CCRC64 {
    header "$PWD/Sources/CCRC64/include/ccrc64.h"
    export *
}
MAP
clang -O3 -c Sources/CCRC64/ccrc64.c -I Sources/CCRC64/include -o "$out/ccrc64.o"
swiftc -O -enforce-exclusivity=unchecked -module-name CRC64Bench -I "$out/CCRC64" \
    Sources/CRC64/*.swift bench/crc64/main.swift "$out/ccrc64.o" -o "$out/crc64-bench"
"$out/crc64-bench" "${1:-1073741824}"
