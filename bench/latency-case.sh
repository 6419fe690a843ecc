# Latency case of bench/run.sh (sourced by it; uses its helpers: side_server_start/stop, curl_parallel_case,
# ossimport_case, warm, stats, $table, $run).
#
#   latency   the small set (SMALL_FILES × SMALL_SIZE) into a second oss-local whose fault rule delays every response
#             by LATENCY_MS (20): `ossimport run` with the shipped settings, and `curl --parallel --parallel-max N`
#             at the same concurrency (N = the shipped workerTaskThreadNum). Goals: ossimport ≥ 0.9 × N / latency
#             files/s and ≥ curl's files/s. Connections the server accepted during each run are printed (kept-alive
#             connections are reused across files: about N, not one per file).
# Prints its figures on stderr and appends them to $run/latency.txt (printed with the report).

LATENCY_MS=${LATENCY_MS:-20}

# latency_case SRC: both runs against a delaying oss-local; rows (latency, curl-N) and (latency, ossimport)
latency_case() {
    local src=$1 threads
    threads=$(sed -n 's/^workerTaskThreadNum=//p' "$repo/conf/sys.properties")
    side_server_start latency --fault "{\"times\":0,\"action\":{\"type\":\"delay\",\"milliseconds\":$LATENCY_MS}}"
    connections() { stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["connectionsAccepted"])'; }
    local c0 c1 c2
    warm "$src"
    c0=$(connections)
    PARALLEL_MAX=$threads curl_parallel_case latency "$src"
    c1=$(connections)
    ossimport_case latency "$src"
    c2=$(connections)
    side_server_stop
    python3 - "$table" "$threads" "$LATENCY_MS" "$((c1 - c0))" "$((c2 - c1))" <<'PY' | tee -a "$run/latency.txt" >&2
import sys
table, threads, ms, curl_conns, ours_conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = {r[1]: r for r in (l.rstrip("\n").split("\t") for l in open(table)) if r[0] == "latency"}
rate = lambda r: int(r[2]) / float(r[4])
ours, curl = rate(rows["ossimport"]), rate(rows["curl"])
bound = threads / (ms / 1000)
print(f"latency: {ms} ms per response, workerTaskThreadNum={threads}: ossimport {ours:.0f} files/s = "
      f"{ours / bound:.2f} × {threads}/{ms} ms = {bound:.0f} files/s (goal ≥ 0.9), {ours / curl:.2f} × curl "
      f"--parallel-max {threads} ({curl:.0f} files/s, goal ≥ 1.0); connections accepted: ossimport {ours_conns} "
      f"(job run incl. its listing), curl {curl_conns}, for {rows['ossimport'][2]} files")
PY
}
