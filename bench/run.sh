#!/usr/bin/env bash
# The benchmark: ossimport (release build, real config, `submit` + `run`) against `oss-local --discard`,
# next to the curl references on the same server, plus the scan case and the throughput-limit check.
#
#   bash bench/run.sh                      # every case with the default sizes
#   CASES="small mid" bash bench/run.sh    # some cases only (small mid large scan throttle latency hugedir
#                                          # deeptree incremental latencymount; the last four are not in the
#                                          # default set: see bench/scale-cases.sh; latency: bench/latency-case.sh)
#
# Sizes (environment):
#   SMALL_FILES=20000  SMALL_SIZE=4096        small-file set
#   MID_FILES=200      MID_SIZE=1048576       1 MiB set
#   LARGE_FILES=4      LARGE_MIB=1024         large-file set
#   SCAN_FILES=1000000                         empty files for the scan case (1,000 per directory)
#   THROTTLE_KBPS=20480 THROTTLE_SECONDS=30    workerMaxThroughput(KB/s) check (uses the large set)
#   HUGE_FILES=2000000  DEEP_FILES=10000000    empty files in one directory / a deep tree (hugedir, deeptree)
#   MOUNT_FILES=100000 MOUNT_DIRS=1000 MOUNT_DELAY_MS=1   latencymount: tree behind a FUSE mount adding a delay
#   DATA=bench/data                            where datasets and run state go (not committed)
#   RESULTS=bench/results/results.md           where each run's table is appended
#   GENERATE_ONLY=1                            only generate the datasets
#   NOTE="..."                                 free text recorded with the results (e.g. "machine loaded")
#
# Prints per case: files, bytes, wall, files/s, MB/s, CPU seconds, peak RSS and the ratio to the curl reference.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
repo=$PWD

CASES=${CASES:-"small mid large scan throttle latency"}
SMALL_FILES=${SMALL_FILES:-20000}
SMALL_SIZE=${SMALL_SIZE:-4096}
MID_FILES=${MID_FILES:-200}
MID_SIZE=${MID_SIZE:-1048576}
LARGE_FILES=${LARGE_FILES:-4}
LARGE_MIB=${LARGE_MIB:-1024}
SCAN_FILES=${SCAN_FILES:-1000000}
THROTTLE_KBPS=${THROTTLE_KBPS:-20480}
THROTTLE_SECONDS=${THROTTLE_SECONDS:-30}
DATA=${DATA:-$repo/bench/data}
RESULTS=${RESULTS:-$repo/bench/results/results.md}
NOTE=${NOTE:-}
case "$DATA" in /*) ;; *) DATA=$repo/$DATA ;; esac

has_case() { case " $CASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if [ -z "${GENERATE_ONLY:-}" ]; then
    echo "building (release)..." >&2
    # BUILD_LOCK=FILE: builds hold this lock (machines where several builds share the cores)
    ${BUILD_LOCK:+flock "$BUILD_LOCK"} swift build -c release --product ossimport >/dev/null
    ${BUILD_LOCK:+flock "$BUILD_LOCK"} swift build -c release --product oss-local >/dev/null
    bin=$(swift build -c release --show-bin-path)
fi
mkdir -p "$DATA"
run=$DATA/run
rm -rf "$run"
mkdir -p "$run"
table=$run/table.tsv
: >"$table"

# ---------------------------------------------------------------------------------------------------- datasets
# gen DIR COUNT SIZE: COUNT files of SIZE bytes (random, each different), 1,000 per directory.
gen() {
    local dir=$1 count=$2 size=$3
    [ -f "$dir.complete" ] && return 0
    echo "generating $count files of $size bytes in $dir" >&2
    rm -rf "$dir"
    python3 - "$dir" "$count" "$size" <<'PY'
import os, sys
root, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = os.urandom(max(size, 1) + 4096)
for i in range(count):
    d = os.path.join(root, "d%04d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%07d.bin" % i), "wb") as f:
        if size:
            off = i % 4096
            f.write(block[off:off + size])
PY
    touch "$dir.complete"
}

gen_large() {
    local dir=$1 count=$2 mib=$3
    [ -f "$dir.complete" ] && return 0
    echo "generating $count files of $mib MiB in $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    for i in $(seq 1 "$count"); do head -c $((mib << 20)) /dev/urandom >"$dir/big-$i.bin"; done
    touch "$dir.complete"
}

small_src=$DATA/small-${SMALL_FILES}x${SMALL_SIZE}
mid_src=$DATA/mid-${MID_FILES}x${MID_SIZE}
large_src=$DATA/large-${LARGE_FILES}x${LARGE_MIB}m
scan_src=$DATA/scan-${SCAN_FILES}
has_case small && gen "$small_src" "$SMALL_FILES" "$SMALL_SIZE"
has_case mid && gen "$mid_src" "$MID_FILES" "$MID_SIZE"
{ has_case large || has_case throttle; } && gen_large "$large_src" "$LARGE_FILES" "$LARGE_MIB"
{ has_case scan || has_case incremental; } && gen "$scan_src" "$SCAN_FILES" 0
has_case latency && gen "$small_src" "$SMALL_FILES" "$SMALL_SIZE"
# shellcheck source=bench/scale-cases.sh
. "$repo/bench/scale-cases.sh"
# shellcheck source=bench/latency-case.sh
. "$repo/bench/latency-case.sh"
[ -n "${GENERATE_ONLY:-}" ] && exit 0

# ---------------------------------------------------------------------------------------------------- server
mkdir -p "$run/oss"
"$bin/oss-local" --root "$run/oss" --port 0 --port-file "$run/port" --discard >"$run/oss-local.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" ${side_server:-} 2>/dev/null || true
    latency_unmount
}
trap cleanup EXIT
for _ in $(seq 1 100); do [ -s "$run/port" ] && break; sleep 0.05; done
port=$(cat "$run/port")
endpoint=http://127.0.0.1:$port
stats() { curl -s "$endpoint/_admin/stats"; }

# ---------------------------------------------------------------------------------------------------- helpers
# timed OUT_PREFIX CMD...: runs CMD under /usr/bin/time -v; leaves OUT_PREFIX.time
timed() {
    local prefix=$1
    shift
    /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || echo "warning: '$*' exited with $?" >&2
}

# server_cpu: CPU seconds oss-local has used so far
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server/stat"; }

# record CASE TOOL FILES BYTES TIMEFILE SERVER_CPU_BEFORE [WALL_OVERRIDE]
record() {
    python3 - "$@" "$(server_cpu)" >>"$table" <<'PY'
import sys, re
case, tool, files, size, timefile, server_before = sys.argv[1:7]
server_after = sys.argv[-1]
argv = sys.argv[:-1]
text = open(timefile).read()
def field(name):
    m = re.search(re.escape(name) + r":\s*(.+)", text)
    return m.group(1).strip() if m else "0"
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
secs = 0.0
for p in parts: secs = secs * 60 + p
if len(argv) > 7: secs = float(argv[7])
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
server = float(server_after) - float(server_before)
print(f"{case}\t{tool}\t{files}\t{size}\t{secs:.3f}\t{cpu:.2f}\t{rss:.1f}\t{server:.2f}")
PY
}

# count_ok FILE: number of "200" lines curl wrote with -w
count_ok() { grep -c '^200$' "$1" || true; }

# job DIR SRC: a working directory with the shipped config pointed at SRC and the server
job() {
    local dir=$1 src=$2
    rm -rf "$dir"
    mkdir -p "$dir/conf"
    sed -e "s|^srcPrefix=.*|srcPrefix=$src/|" -e "s|^destDomain=.*|destDomain=$endpoint|" \
        -e "s|^destAccessKey=.*|destAccessKey=bench|" -e "s|^destSecretKey=.*|destSecretKey=bench-secret|" \
        -e "s|^destBucket=.*|destBucket=bench|" -e "s|^jobName=.*|jobName=bench_job|" \
        "$repo/conf/local_job.cfg" >"$dir/conf/local_job.cfg"
    cp "$repo/conf/sys.properties" "$dir/conf/sys.properties"
    (cd "$dir" && "$bin/ossimport" submit conf/local_job.cfg >submit.out 2>&1) || { cat "$dir/submit.out" >&2; exit 1; }
}

job "$run/mk" "$DATA"
(cd "$run/mk" && "$bin/ossimport" create-bucket conf/local_job.cfg >/dev/null)

# ossimport_case CASE SRC: one `ossimport run` of SRC, recorded
ossimport_case() {
    local name=$1 src=$2 dir=$run/$1-ossimport
    job "$dir" "$src"
    local files bytes
    files=$(find "$src" -type f | wc -l)
    bytes=$(find "$src" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
    echo "$name: ossimport run ($files files)" >&2
    sc=$(server_cpu)
    (cd "$dir" && timed "$dir/run" "$bin/ossimport" run)
    local done_files
    done_files=$(cd "$dir" && "$bin/ossimport" stat 2>/dev/null | grep -E "^(JobState|Files):" | tr '\n' ' ')
    echo "  $done_files" >&2
    record "$name" ossimport "$files" "$bytes" "$dir/run.time" "$sc"
}

# curl_parallel_case CASE SRC: curl --parallel --parallel-max 32 (PARALLEL_MAX) keep-alive, one upload-file/url pair
# per file
curl_parallel_case() {
    local parallel=${PARALLEL_MAX:-32}
    local name=$1 src=$2 dir=$run/$1-curl
    mkdir -p "$dir"
    find "$src" -type f | sort | awk -v base="$endpoint/bench/curl-$name" -v root="$src/" '{
        key = substr($0, length(root) + 1)
        printf "upload-file = \"%s\"\nurl = \"%s/%s\"\noutput = \"/dev/null\"\n", $0, base, key }' >"$dir/curl.cfg"
    local files bytes
    files=$(find "$src" -type f | wc -l)
    bytes=$(find "$src" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
    echo "$name: curl --parallel --parallel-max $parallel ($files files)" >&2
    sc=$(server_cpu)
    timed "$dir/run" curl -s --parallel --parallel-max "$parallel" -H "Expect:" -w '%{http_code}\n' -K "$dir/curl.cfg"
    local ok
    ok=$(count_ok "$dir/run.out")
    [ "$ok" = "$files" ] || echo "  warning: curl got $ok × 200 for $files files" >&2
    record "$name" curl "$files" "$bytes" "$dir/run.time" "$sc"
}

# scan_seconds DIR SRC: `ossimport run` of a job of SRC in DIR until "scan finished", then stopped (SIGTERM,
# graceful); prints the seconds from the start to that log line (leaves DIR/run.time and the line in DIR/scan.line)
scan_seconds() {
    local dir=$1 src=$2
    job "$dir" "$src"
    local start seen runner line
    start=$(date +%s.%N)
    (cd "$dir" && exec /usr/bin/time -v -o "$dir/run.time" "$bin/ossimport" run >"$dir/run.out" 2>"$dir/run.err") &
    runner=$!
    until grep -q "scan finished" "$dir/logs/ossimport2.log" 2>/dev/null; do
        kill -0 "$runner" 2>/dev/null || break
        sleep 0.05
    done
    seen=$(date +%s.%N)
    # $runner is /usr/bin/time (the subshell exec'd it); ossimport is its child
    for pid in $(pgrep -P "$runner" || true); do kill -TERM "$pid" 2>/dev/null || true; done
    wait "$runner" || true
    line=$(grep "scan finished" "$dir/logs/ossimport2.log" | head -1)
    printf '%s\n' "$line" >"$dir/scan.line"
    python3 - "$start" "$line" "$seen" <<'PY'
import sys, datetime
start, line, seen = float(sys.argv[1]), sys.argv[2], float(sys.argv[3])
if not line:
    print(f"{seen - start:.3f}")
else:
    stamp = datetime.datetime.strptime(" ".join(line.split()[:2]), "%Y-%m-%d %H:%M:%S.%f").timestamp()
    print(f"{stamp - start:.3f}")
PY
}

# side_server_start NAME [OSS-LOCAL OPTION...]: a second oss-local ($run/oss-NAME, discarding) with these options, and
# a bucket on it; $endpoint and $server point at it until side_server_stop points them back.
side_server_start() {
    local name=$1
    shift
    mkdir -p "$run/oss-$name"
    rm -f "$run/port-$name"
    "$bin/oss-local" --root "$run/oss-$name" --port 0 --port-file "$run/port-$name" --discard "$@" >"$run/oss-$name.log" 2>&1 &
    side_server=$!
    for _ in $(seq 1 100); do [ -s "$run/port-$name" ] && break; sleep 0.05; done
    saved_endpoint=$endpoint saved_server=$server
    endpoint=http://127.0.0.1:$(cat "$run/port-$name") server=$side_server
    job "$run/$name-mk" "$DATA"
    (cd "$run/$name-mk" && "$bin/ossimport" create-bucket conf/local_job.cfg >/dev/null)
}
side_server_stop() {
    kill "$side_server" 2>/dev/null || true
    side_server=""
    endpoint=$saved_endpoint server=$saved_server
}

# stall_server_start: a side server whose PUTs stall (fault rule), so the workers wait and a scan has the CPU to
# itself, as find has (stop it with side_server_stop).
stall_server_start() {
    side_server_start stall --fault '{"method":"PUT","keyContains":"/f","nth":1,"times":0,"action":{"type":"stall"}}'
}

# scan_run TOOL DIR: `ossimport run` of the scan tree until "scan finished", recorded as (scan, TOOL)
scan_run() {
    local tool=$1 dir=$2
    echo "scan: $tool run until scan finished" >&2
    local sc scan_secs line
    sc=$(server_cpu)
    scan_secs=$(scan_seconds "$dir" "$scan_src")
    line=$(cat "$dir/scan.line")
    echo "  $line" >&2
    record scan "$tool" "$SCAN_FILES" 0 "$dir/run.time" "$sc" "$scan_secs"
}

# warm SRC: read every file once, so neither tool pays for cold page cache (whichever runs first would)
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

# ---------------------------------------------------------------------------------------------------- cases
if has_case small; then
    warm "$small_src"
    curl_parallel_case small "$small_src"
    ossimport_case small "$small_src"
fi
if has_case mid; then
    warm "$mid_src"
    curl_parallel_case mid "$mid_src"
    ossimport_case mid "$mid_src"
fi
# large_case CASE: one `curl -T` per large file (in turn), then ossimport, against the current $endpoint
large_case() {
    local name=$1 dir=$run/$1-curl
    mkdir -p "$dir"
    echo "$name: one curl -T per file" >&2
    printf '%s\n' "$large_src"/*.bin >"$dir/files"
    sc=$(server_cpu)
    timed "$dir/run" bash -c 'while read -r f; do curl -s -H "Expect:" -o /dev/null -w "%{http_code}\n" -T "$f" "$1/bench/curl-large/$(basename "$f")"; done <"$2"' \
        _ "$endpoint" "$dir/files"
    [ "$(count_ok "$dir/run.out")" = "$LARGE_FILES" ] || echo "  warning: curl -T did not get $LARGE_FILES × 200" >&2
    record "$name" curl "$LARGE_FILES" $((LARGE_FILES * (LARGE_MIB << 20))) "$dir/run.time" "$sc"
    ossimport_case "$name" "$large_src"
}

if has_case large; then
    warm "$large_src"
    # "large": the sink hashes MD5 (ETag) and CRC-64 of every body.
    large_case large
    # "large-nomd5": a second oss-local with --no-md5 (ETag from CRC-64 and size): the sink does the least it can
    # while still answering x-oss-hash-crc64ecma, which our end-to-end check needs (curl pays the same sink).
    side_server_start nomd5 --no-md5
    large_case large-nomd5
    side_server_stop
fi
if has_case scan; then
    dir=$run/scan-find
    mkdir -p "$dir"
    sync
    echo "scan: find over $SCAN_FILES files" >&2
    sc=$(server_cpu)
    timed "$dir/run" find "$scan_src" -type f -printf '%s %T@ %p\n'
    record scan find "$SCAN_FILES" 0 "$dir/run.time" "$sc"
    # ossimport: a real `run` of the job; the scan's end is the "scan finished" line of logs/ossimport2.log
    # (tasks are cut and written by then). The run is stopped (SIGTERM, graceful) once the line appears.
    # Row "ossimport": uploads of the empty files run concurrently with the scan, as they would for a user.
    scan_run ossimport "$run/scan-ossimport"
    # Row "ossimport-scan-alone": same binary and job against a second oss-local whose PUTs stall (fault rule),
    # so the workers wait and the scan has the CPU to itself, as find has.
    stall_server_start
    scan_run ossimport-scan-alone "$run/scan-alone"
    side_server_stop
fi
if has_case throttle; then
    dir=$run/throttle
    job "$dir" "$large_src"
    sed -i "s|^workerMaxThroughput(KB/s)=.*|workerMaxThroughput(KB/s)=$THROTTLE_KBPS|" "$dir/conf/sys.properties"
    echo "throttle: workerMaxThroughput(KB/s)=$THROTTLE_KBPS for ${THROTTLE_SECONDS}s (+5s warm-up)" >&2
    (cd "$dir" && exec "$bin/ossimport" run >"$dir/run.out" 2>"$dir/run.err") &
    runner=$!
    sleep 5
    b0=$(stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["bodyBytesReceived"])')
    t0=$(date +%s.%N)
    sleep "$THROTTLE_SECONDS"
    b1=$(stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["bodyBytesReceived"])')
    t1=$(date +%s.%N)
    if ! kill -0 "$runner" 2>/dev/null; then
        echo "  warning: the job ended inside the window; the rate below is too low (use more or larger LARGE files)" >&2
    fi
    kill -TERM "$runner" 2>/dev/null || true
    wait "$runner" || true
    python3 - "$b0" "$b1" "$t0" "$t1" "$THROTTLE_KBPS" >"$run/throttle.txt" <<'PY'
import sys
b0, b1, t0, t1, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rate = (b1 - b0) / (t1 - t0) / 1024
print(f"throttle: limit {limit} KB/s, achieved {rate:.0f} KB/s over {t1 - t0:.1f}s = {rate / limit * 100:.1f}% of the limit")
PY
fi

has_case hugedir && hugedir_case
has_case deeptree && deeptree_case
has_case incremental && incremental_case "$scan_src" "$SCAN_FILES"
has_case latency && latency_case "$small_src"
has_case latencymount && latencymount_case

# ---------------------------------------------------------------------------------------------------- report
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources bench || echo "+dirty")
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
report=$(python3 "$repo/bench/report.py" "$table")
[ -f "$run/throttle.txt" ] && report="$report"$'\n\n'"$(cat "$run/throttle.txt")"
[ -f "$run/scale.txt" ] && report="$report"$'\n\n'"$(cat "$run/scale.txt")"
[ -f "$run/latency.txt" ] && report="$report"$'\n\n'"$(cat "$run/latency.txt")"
echo
echo "$report"
mkdir -p "$(dirname "$RESULTS")"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') commit $commit"
    echo
    echo "Machine: $machine. Cases: $CASES. Sizes: small ${SMALL_FILES}×${SMALL_SIZE} B, mid ${MID_FILES}×${MID_SIZE} B, large ${LARGE_FILES}×${LARGE_MIB} MiB, scan ${SCAN_FILES}.${NOTE:+ Note: $NOTE}"
    echo
    echo "$report"
} >>"$RESULTS"
echo
echo "appended to ${RESULTS#$repo/}"
