# Scale cases of bench/run.sh (sourced by it; uses its helpers: job, timed, record, server_cpu, stats, $bin, $run).
#
#   hugedir      HUGE_FILES (2,000,000) empty files in ONE directory: `ossimport run` to the end; peak RSS of the
#                whole job (goal ≤ 64 MiB), scan time, state size on disk per file.
#   deeptree     DEEP_FILES (10,000,000) empty files, 100 per directory, 3 levels: same figures.
#   incremental  the scan tree (SCAN_FILES, 1,000 per directory) as an incremental job run for two passes; pass 2
#                finds nothing changed: its scan time against pass 1's (goal ≤ 1.2 ×) and the requests it sent
#                (goal 0).
# Each prints its figures on stderr and appends them to $run/scale.txt (printed with the report).

HUGE_FILES=${HUGE_FILES:-2000000}
DEEP_FILES=${DEEP_FILES:-10000000}

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
