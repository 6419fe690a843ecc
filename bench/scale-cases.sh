# Scale cases of bench/run.sh (sourced by it; uses its helpers: job, timed, record, server_cpu, stats, $bin, $run).
#
#   hugedir      HUGE_FILES (2,000,000) empty files in ONE directory: `ossimport run` to the end; peak RSS of the
#                whole job (goal ≤ 64 MiB), scan time, state size on disk per file.
#   deeptree     DEEP_FILES (10,000,000) empty files, 100 per directory, 3 levels: same figures.
#   incremental  the scan tree (SCAN_FILES, 1,000 per directory) as an incremental job run for two passes; pass 2
#                finds nothing changed: its scan time against pass 1's (goal ≤ 1.2 ×) and the requests it sent
#                (goal 0).
#   latencymount MOUNT_FILES (100,000) empty files in MOUNT_DIRS (1,000) directories behind a FUSE passthrough that
#                adds MOUNT_DELAY_MS (1) to every getattr, readdir and open (bench/latency-fs.py, a NAS's round trip):
#                `find SRC -type f -printf '%s %T@ %p\n'` on the mount, then the importer's scan of the same mount
#                (`ossimport run` until "scan finished", uploads stalled so the scan runs alone, as find does); the
#                ratio of find's time to the scan's (goal ≥ 8). Needs /dev/fuse, root, python3-fusepy and libfuse2.
# Each prints its figures on stderr and appends them to $run/scale.txt (printed with the report).

HUGE_FILES=${HUGE_FILES:-2000000}
DEEP_FILES=${DEEP_FILES:-10000000}
MOUNT_FILES=${MOUNT_FILES:-100000}
MOUNT_DIRS=${MOUNT_DIRS:-1000}
MOUNT_DELAY_MS=${MOUNT_DELAY_MS:-1}

# gen_empty DIR COUNT PER_DIR: COUNT empty files, PER_DIR per directory (0 = all in DIR itself), created quickly.
gen_empty() {
    local dir=$1 count=$2 per=$3
    [ -f "$dir.complete" ] && return 0
    echo "generating $count empty files in $dir ($([ "$per" = 0 ] && echo "one directory" || echo "$per per directory"))" >&2
    rm -rf "$dir"
    python3 - "$dir" "$count" "$per" <<'PY'
import os, sys
root, count, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root, exist_ok=True)
flags = os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC
current = None
for i in range(count):
    if per:
        d = i // per
        parent = os.path.join(root, "a%03d" % (d // 10000), "b%03d" % (d // 100 % 100), "c%03d" % (d % 100))
        if parent != current:
            os.makedirs(parent, exist_ok=True)
            current = parent
    else:
        parent = root
    os.close(os.open(os.path.join(parent, "f%08d" % i), flags, 0o644))
PY
    touch "$dir.complete"
}

# log_time LINE: the Unix time of a logs/ossimport2.log line ("YYYY-MM-DD HH:MM:SS.fff ...", local time)
log_time() {
    python3 -c 'import sys, datetime; print(datetime.datetime.strptime(" ".join(sys.argv[1].split()[:2]), "%Y-%m-%d %H:%M:%S.%f").timestamp())' "$1"
}

# state_figures DIR FILES: "state B/file (apparent), allocated B/file" of the job's state (master and worker dirs)
state_figures() {
    local dir=$1 files=$2 apparent allocated
    apparent=$(du -sb "$dir/master/jobs" "$dir/worker" 2>/dev/null | awk '{s+=$1} END {print s}')
    allocated=$(du -sB1 "$dir/master/jobs" "$dir/worker" 2>/dev/null | awk '{s+=$1} END {print s}')
    python3 -c 'import sys; a, b, n = map(int, sys.argv[1:]); print(f"state on disk {a / n:.1f} B/file ({a / 1e6:.1f} MB), allocated {b / n:.1f} B/file ({b / 1e6:.1f} MB)")' \
        "$apparent" "$allocated" "$files"
}

# whole_run CASE SRC FILES: `ossimport run` of SRC to the end; peak RSS, scan time, state size
whole_run() {
    local name=$1 src=$2 files=$3 dir=$run/$1-ossimport start line scan_end rss
    job "$dir" "$src"
    echo "$name: ossimport run ($files files)" >&2
    local sc
    sc=$(server_cpu)
    start=$(date +%s.%N)
    (cd "$dir" && timed "$dir/run" "$bin/ossimport" run)
    record "$name" ossimport "$files" 0 "$dir/run.time" "$sc"
    line=$(grep "scan finished" "$dir/logs/ossimport2.log" | head -1)
    scan_end=$(log_time "$line")
    rss=$(awk -F: '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$dir/run.time")
    local state result
    state=$(state_figures "$dir" "$files")
    result=$(cd "$dir" && "$bin/ossimport" stat 2>/dev/null | grep -E "^(JobState|Files):" | tr '\n' ' ')
    printf '%s: %s files; peak RSS of the whole job %s MiB (goal ≤ 64); scan %.1f s; %s; %s\n' \
        "$name" "$files" "$rss" "$(python3 -c "print($scan_end - $start)")" "$state" "$result" | tee -a "$run/scale.txt" >&2
}

hugedir_case() {
    local src=$DATA/hugedir-$HUGE_FILES
    gen_empty "$src" "$HUGE_FILES" 0
    whole_run hugedir "$src" "$HUGE_FILES"
}

deeptree_case() {
    local src=$DATA/deeptree-$DEEP_FILES
    gen_empty "$src" "$DEEP_FILES" 100
    whole_run deeptree "$src" "$DEEP_FILES"
}

# incremental_case SRC FILES: two passes of an incremental job; nothing changes between them
incremental_case() {
    local src=$1 files=$2 dir=$run/incremental-ossimport
    job "$dir" "$src"
    sed -i -e "s|^isIncremental=.*|isIncremental=true|" -e "s|^incrementalModeInterval=.*|incrementalModeInterval=0|" \
        "$dir/conf/local_job.cfg"
    (cd "$dir" && rm -rf master worker && OSSIMPORT_TEST_MIN_INTERVAL=0 "$bin/ossimport" submit conf/local_job.cfg >submit.out 2>&1) \
        || { cat "$dir/submit.out" >&2; return 1; }
    echo "incremental: two passes over $files files" >&2
    local start runner before="" after
    requests() { stats | python3 -c 'import json, sys; print(sum(json.load(sys.stdin)["requestsByOperation"].values()))'; }
    # Files changed within the 2-second margin before pass 1 (a tree generated just now) are taken again by pass 2.
    sleep 3
    start=$(date +%s.%N)
    (cd "$dir" && OSSIMPORT_TEST_MIN_INTERVAL=0 OSSIMPORT_RUN_PASSES=2 timed "$dir/run" "$bin/ossimport" run) &
    runner=$!
    # Requests of pass 2: the server's count when pass 2 starts and at the end.
    until grep -q "pass 2 started" "$dir/logs/ossimport2.log" 2>/dev/null; do
        kill -0 "$runner" 2>/dev/null || break
        sleep 0.02
    done
    before=$(requests)
    wait "$runner" || true
    after=$(requests)
    local finished started
    finished=$(grep "scan finished" "$dir/logs/ossimport2.log")
    started=$(grep "pass 2 started" "$dir/logs/ossimport2.log" | head -1)
    if [ "$(printf '%s\n' "$finished" | grep -c .)" -lt 2 ] || [ -z "$started" ]; then
        echo "  warning: pass 2 did not run (see $dir/logs/ossimport2.log)" >&2
        return 0
    fi
    local pass1_end pass2_start pass2_end
    pass1_end=$(log_time "$(printf '%s\n' "$finished" | sed -n 1p)")
    pass2_start=$(log_time "$started")
    pass2_end=$(log_time "$(printf '%s\n' "$finished" | sed -n 2p)")
    python3 - "$start" "$pass1_end" "$pass2_start" "$pass2_end" "$files" "$((after - before))" \
        "$(cd "$dir" && "$bin/ossimport" stat 2>/dev/null | grep '^Last pass')" <<'PY' | tee -a "$run/scale.txt" >&2
import sys
start, p1, s2, p2 = map(float, sys.argv[1:5])
files, requests, last = int(sys.argv[5]), sys.argv[6], sys.argv[7]
scan1, scan2 = p1 - start, p2 - s2
print(f"incremental: {files} files; pass 1 scan {scan1:.1f} s (uploads alongside), pass 2 scan over unchanged files "
      f"{scan2:.1f} s = {scan2 / scan1:.2f} × pass 1 (goal ≤ 1.2); requests during pass 2: {requests} (goal 0); {last}")
PY
}

# latency_mount SRC MOUNT: SRC behind bench/latency-fs.py at MOUNT (waits until it answers)
latency_mount() {
    local src=$1 mount=$2
    latency_unmount
    mkdir -p "$mount"
    /usr/bin/python3 "$repo/bench/latency-fs.py" "$src" "$mount" "$MOUNT_DELAY_MS" >"$run/latency-fs.log" 2>&1 &
    latency_fs=$!
    latency_mountpoint=$mount
    for _ in $(seq 1 100); do mountpoint -q "$mount" && return 0; sleep 0.1; done
    echo "latencymount: the FUSE mount did not come up (see $run/latency-fs.log)" >&2
    return 1
}

latency_unmount() {
    [ -n "${latency_mountpoint:-}" ] || return 0
    umount "$latency_mountpoint" 2>/dev/null || umount -l "$latency_mountpoint" 2>/dev/null || true
    [ -n "${latency_fs:-}" ] && { kill "$latency_fs" 2>/dev/null || true; wait "$latency_fs" 2>/dev/null || true; }
    latency_mountpoint=""
}

# gen_latency_tree SRC: MOUNT_FILES empty files in MOUNT_DIRS directories (generated with the datasets)
gen_latency_tree() {
    local src=$1 per=$(((MOUNT_FILES + MOUNT_DIRS - 1) / MOUNT_DIRS))
    [ -f "$src.complete" ] && return 0
    echo "generating $MOUNT_FILES empty files in $MOUNT_DIRS directories in $src" >&2
    rm -rf "$src"
    python3 - "$src" "$MOUNT_FILES" "$per" <<'PY'
import os, sys
root, count, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    d = os.path.join(root, "d%04d" % (i // per))
    if i % per == 0:
        os.makedirs(d, exist_ok=True)
    os.close(os.open(os.path.join(d, "f%07d" % i), os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o644))
PY
    touch "$src.complete"
}
latency_src=$DATA/mount-$MOUNT_FILES-$MOUNT_DIRS
has_case latencymount && gen_latency_tree "$latency_src"

latencymount_case() {
    local src=$latency_src mount=$run/latency-mnt
    latency_mount "$src" "$mount" || return 1
    echo "latencymount: find over $MOUNT_FILES files, ${MOUNT_DELAY_MS} ms per getattr/readdir/open" >&2
    local start find_secs found scan_secs
    start=$(date +%s.%N)
    found=$(find "$mount" -type f -printf '%s %T@ %p\n' | wc -l)
    find_secs=$(python3 -c "import time; print(f'{time.time() - $start:.3f}')")
    # The kernel caches names and attributes for 1 s (FUSE's default timeouts): long gone when the scan starts.
    stall_server_start
    echo "latencymount: ossimport scan of the same mount" >&2
    scan_secs=$(scan_seconds "$run/latencymount-ossimport" "$mount")
    side_server_stop
    local found_by_scan
    found_by_scan=$(grep -o '[0-9]* files' "$run/latencymount-ossimport/scan.line" | head -1 || true)
    latency_unmount
    python3 - "$MOUNT_FILES" "$MOUNT_DIRS" "$MOUNT_DELAY_MS" "$found" "$find_secs" "$scan_secs" "$found_by_scan" <<'PY' | tee -a "$run/scale.txt" >&2
import sys
files, dirs, delay, found, find_secs, scan_secs, by_scan = sys.argv[1:8]
find_secs, scan_secs = float(find_secs), float(scan_secs)
print(f"latencymount: {files} files in {dirs} directories, {delay} ms per getattr/readdir/open; find {find_secs:.1f} s "
      f"({found} files), ossimport scan {scan_secs:.1f} s ({by_scan or 'see scan.line'}); "
      f"find / scan = {find_secs / scan_secs:.1f} × (goal ≥ 8)")
PY
}
