#!/usr/bin/env bash
# Measures CRC64 throughput on a 1 GiB buffer (or the byte count given as $1).
# Compiles Sources/CRC64 together with bench/crc64/main.swift using the flags the package uses.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swiftc -O -enforce-exclusivity=unchecked -module-name CRC64Bench \
    Sources/CRC64/*.swift bench/crc64/main.swift -o "$out/crc64-bench"
"$out/crc64-bench" "${1:-1073741824}"
