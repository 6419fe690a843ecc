#!/usr/bin/env bash
# One end-to-end migration through the real scripts against a local oss-local server, with figures:
# files, bytes, wall time, files/s, MB/s, peak RSS of the service. Release build.
#
#   bash bench/import-run.sh [SMALL_FILES] [SMALL_SIZE_BYTES] [LARGE_FILES] [LARGE_SIZE_MIB] [--discard]
#
# Defaults: 20000 files of 4096 bytes and 4 files of 256 MiB. Data and state go under bench/data/ (ignored by git).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
small=${1:-20000}
small_size=${2:-4096}
large=${3:-4}
large_mib=${4:-256}
discard=""
[ "${5:-}" = "--discard" ] && discard="--discard"

swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)
root=bench/data/run
src="$PWD/bench/data/src-${small}x${small_size}-${large}x${large_mib}m/"
rm -rf "$root"
mkdir -p "$root/conf" "$root/oss" "$src"
if [ ! -f "$src/.complete" ]; then
    echo "generating $small files of $small_size bytes and $large files of $large_mib MiB in $src"
    python3 - "$src" "$small" "$small_size" <<'PY'
import os, sys
root, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = os.urandom(size)
for i in range(count):
    d = os.path.join(root, "small", "d%03d" % (i // 1000))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.bin" % i), "wb") as f:
        f.write(block[i % 97:] + block[:i % 97])
PY
    mkdir -p "$src/large"
    for i in $(seq 1 "$large"); do head -c $((large_mib << 20)) /dev/urandom >"$src/large/big-$i.bin"; done
    touch "$src/.complete"
fi

port=$((20000 + RANDOM % 20000))
"$bin/oss-local" --root "$root/oss" --port "$port" --access-key-id bench --access-key-secret bench-secret $discard \
    >"$root/oss-local.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 0.5

sed -e "s|^srcPrefix=.*|srcPrefix=$src|" -e "s|^destDomain=.*|destDomain=http://127.0.0.1:$port|" \
    -e "s|^destAccessKey=.*|destAccessKey=bench|" -e "s|^destSecretKey=.*|destSecretKey=bench-secret|" \
    -e "s|^jobName=.*|jobName=bench_job|" conf/local_job.cfg >"$root/conf/local_job.cfg"
cp conf/sys.properties "$root/conf/sys.properties"
cd "$root"
"$bin/ossimport" create-bucket conf/local_job.cfg >/dev/null
"$bin/ossimport" submit conf/local_job.cfg >/dev/null
files=$(find "$src" -type f ! -name .complete | wc -l)
bytes=$(find "$src" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {print s}')
start=$(date +%s.%N)
/usr/bin/time -v "$bin/ossimport" run >run.log 2>time.log || true
end=$(date +%s.%N)
"$bin/ossimport" stat | grep -E "^(JobState|Files|Bytes):"
rss=$(grep "Maximum resident set size" time.log | awk '{print $NF}')
cpu=$(grep -E "User time|System time" time.log | awk '{s+=$NF} END {print s}')
python3 - "$files" "$bytes" "$start" "$end" "$rss" "$cpu" <<'PY'
import sys
files, size, start, end, rss, cpu = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
wall = end - start
print(f"files={files} bytes={size} wall={wall:.2f}s files/s={files/wall:.0f} MB/s={size/wall/1e6:.1f} cpu={cpu:.1f}s peakRSS={rss/1024:.1f}MiB")
PY
