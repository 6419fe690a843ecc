#!/usr/bin/env bash
# One-click migration, as ossimport's import.sh: submit the job in conf/local_job.cfg (or resume/restart an existing
# one), start the service, print the status every 10 seconds, offer to retry failed tasks, and end with a summary.
#
# Unattended use: answers come from flags, or one line each from standard input when it is not a terminal.
#   --resume | --restart     an existing job with the same name: continue from its checkpoint, or clean it first
#   --retry | --no-retry     when tasks failed: run their failed files again, or stop
#   --interval SECONDS       how often the status is printed (default 10)
#   --keep-service           leave the service (and a local demo server) running at the end
#
# Local demo: when destDomain is http://127.0.0.1:PORT or http://localhost:PORT and nothing answers there, a local
# OSS-compatible server (oss-local) is started on that port with its data under work/oss-local/; when srcPrefix is the
# shipped sample directory and does not exist, a sample tree is generated there.
set -u
cd "$(dirname "$(readlink -f "$0")")" || exit 1
mkdir -p logs work

JOB_CONF="conf/local_job.cfg"
SYS_CONF="conf/sys.properties"
SAMPLE_DIR="/tmp/ossimport-sample/"
existing_answer=""
retry_answer=""
interval=10
keep_service=false

while [ $# -gt 0 ]; do
    case "$1" in
        --resume) existing_answer=resume ;;
        --restart) existing_answer=restart ;;
        --retry) retry_answer=yes ;;
        --no-retry) retry_answer=no ;;
        --interval) shift; interval="${1:-10}" ;;
        --keep-service) keep_service=true ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "Error: unknown option $1 (see bash import.sh --help)" >&2; exit 1 ;;
    esac
    shift
done

cfg_value() { # key -> value from the job file (last occurrence, trimmed)
    grep -E "^[[:space:]]*$1[[:space:]]*[=:]" "$JOB_CONF" 2>/dev/null | tail -n 1 | sed -E 's/^[^=:]*[=:][[:space:]]*//; s/[[:space:]]*$//'
}

# ask PROMPT VALID_REGEX -> prints the answer; EOF on stdin gives an empty answer.
ask() {
    local answer
    while true; do
        printf '%s' "$1" >&2
        if ! IFS= read -r answer; then
            echo "" >&2
            echo ""
            return
        fi
        if [[ "$answer" =~ $2 ]]; then
            echo "$answer"
            return
        fi
        echo "Answer $3" >&2
    done
}

# --- the binary -------------------------------------------------------------------------------------------------
BIN=""
for candidate in "${OSSIMPORT_BIN:-}" bin/ossimport .build/release/ossimport .build/debug/ossimport; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then BIN="$candidate"; break; fi
done
if [ -z "$BIN" ]; then
    echo "Building ossimport (first run only, takes a few minutes)..."
    if ! swift build -c release >logs/build.log 2>&1; then
        echo "Error: build failed, see logs/build.log" >&2
        exit 1
    fi
    BIN=.build/release/ossimport
fi
OSS_LOCAL="$(dirname "$BIN")/oss-local"

# --- local demo peers ---------------------------------------------------------------------------------------------
dest_domain=$(cfg_value destDomain)
src_prefix=$(cfg_value srcPrefix)
dest_bucket=$(cfg_value destBucket)
demo_server_pid=""
if [ "$src_prefix" = "$SAMPLE_DIR" ] && [ ! -d "$SAMPLE_DIR" ]; then
    echo "Creating a sample directory to migrate: $SAMPLE_DIR"
    mkdir -p "$SAMPLE_DIR/docs/reports 2026" "$SAMPLE_DIR/照片/旅行" "$SAMPLE_DIR/empty-dir" "$SAMPLE_DIR/data"
    for i in $(seq 1 200); do echo "sample file $i $(date +%s%N)" >"$SAMPLE_DIR/data/file-$i.txt"; done
    echo "hello" >"$SAMPLE_DIR/docs/reports 2026/summary + notes.txt"
    echo "你好" >"$SAMPLE_DIR/照片/旅行/说明.txt"
    : >"$SAMPLE_DIR/docs/empty.txt"
    head -c $((20 * 1024 * 1024)) /dev/urandom >"$SAMPLE_DIR/data/big.bin"
fi
if [[ "$dest_domain" =~ ^(http://)?(127\.0\.0\.1|localhost):([0-9]+)/?$ ]]; then
    port="${BASH_REMATCH[3]}"
    if ! curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
        if [ ! -x "$OSS_LOCAL" ]; then
            swift build -c release --product oss-local >>logs/build.log 2>&1 || { echo "Error: cannot build oss-local" >&2; exit 1; }
            OSS_LOCAL=.build/release/oss-local
        fi
        echo "Starting a local OSS-compatible server on 127.0.0.1:$port (data in work/oss-local/)..."
        mkdir -p work/oss-local
        keys=()
        if [ -n "$(cfg_value destAccessKey)" ]; then
            keys=(--access-key-id "$(cfg_value destAccessKey)" --access-key-secret "$(cfg_value destSecretKey)")
        fi
        nohup "$OSS_LOCAL" --root work/oss-local --port "$port" "${keys[@]}" >logs/oss-local.log 2>&1 &
        demo_server_pid=$!
        for _ in $(seq 1 50); do
            curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
            sleep 0.1
        done
    fi
    "$BIN" create-bucket -c "$SYS_CONF" "$JOB_CONF" >/dev/null 2>&1 || true
fi

cleanup_demo() {
    if [ -n "$demo_server_pid" ] && [ "$keep_service" = false ]; then
        kill "$demo_server_pid" 2>/dev/null || true
    fi
}

# --- submit, or resume / restart an existing job -------------------------------------------------------------------
echo "Submitting the migration job..."
"$BIN" submit -c "$SYS_CONF" "$JOB_CONF" >logs/submit.log 2>&1
submit_status=$?
cat logs/submit.log
if [ $submit_status -ne 0 ]; then
    if grep -q "please clean it first" logs/submit.log; then
        answer="$existing_answer"
        if [ -z "$answer" ]; then
            reply=$(ask "A migration job with the same name exists. Resume it from its checkpoint [r], or restart from scratch [s]? (r/s): " '^([rRsS]|resume|restart)$' "r or s")
            case "$reply" in
                r | R | resume) answer=resume ;;
                s | S | restart) answer=restart ;;
                *) answer=resume; echo "No answer: resuming from the checkpoint." ;;
            esac
        fi
        if [ "$answer" = restart ]; then
            echo "Cleaning the existing job..."
            "$BIN" stop -c "$SYS_CONF" >/dev/null
            "$BIN" clean -c "$SYS_CONF" || { cleanup_demo; exit 1; }
            echo "The job is cleaned!"
            "$BIN" submit -c "$SYS_CONF" "$JOB_CONF" >logs/submit.log 2>&1 || { cat logs/submit.log; cleanup_demo; exit 1; }
            cat logs/submit.log
        else
            echo "Resuming the job from its checkpoint."
        fi
    else
        echo "Fix the configuration and run again." >&2
        cleanup_demo
        exit 1
    fi
fi

# --- run ---------------------------------------------------------------------------------------------------------
echo "Starting the migration job..."
if ! "$BIN" stat -c "$SYS_CONF" 2>/dev/null | grep -q "^Service: not running" && [ -s master/ossimport.pid ] && kill -0 "$(cat master/ossimport.pid)" 2>/dev/null; then
    echo "The import service is already running."
else
    "$BIN" start -c "$SYS_CONF" || { cleanup_demo; exit 1; }
fi

final_state=""
restarts=0
retries=0
while true; do
    sleep "$interval"
    "$BIN" stat -c "$SYS_CONF" >logs/job_stat.log 2>&1
    cat logs/job_stat.log
    if grep -q "^JobState:Succeed" logs/job_stat.log; then
        final_state=Succeed
        echo "The migration job completed successfully!"
        break
    elif grep -q "^JobState:Failed" logs/job_stat.log; then
        answer="$retry_answer"
        if [ "$answer" = yes ] && [ $retries -ge 3 ]; then
            echo "Failed tasks were retried $retries times; stopping."
            answer=no
        fi
        if [ -z "$answer" ]; then
            reply=$(ask "The migration job completed and some tasks failed. Retry the failed tasks? (y/n): " '^([yYnN]|yes|no|Yes|No|YES|NO)$' "y or n")
            case "$reply" in y | Y | yes | Yes | YES) answer=yes ;; *) answer=no ;; esac
        fi
        if [ "$answer" = yes ]; then
            retries=$((retries + 1))
            "$BIN" retry -c "$SYS_CONF"
            # The service may have stopped meanwhile; make sure it runs the retried tasks.
            "$BIN" start -c "$SYS_CONF" >/dev/null 2>&1 || true
            continue
        fi
        final_state=Failed
        break
    elif grep -q "^JobState:Abort" logs/job_stat.log; then
        if [ $restarts -ge 3 ]; then
            echo "Error: the import service keeps stopping; see logs/ossimport2.log" >&2
            final_state=Abort
            break
        fi
        restarts=$((restarts + 1))
        echo "The import service is not running; starting it again (it resumes from the checkpoint)..."
        "$BIN" start -c "$SYS_CONF" || true
    fi
done

# --- summary -----------------------------------------------------------------------------------------------------
if [ "$keep_service" = false ]; then
    "$BIN" stop -c "$SYS_CONF" >/dev/null
fi
cleanup_demo
echo "---------------- summary ----------------"
grep -E "^(JobName|JobState|SucceedTasks|FailedTasks|Files|Bytes|Elapsed|Error):" logs/job_stat.log
if [ "$final_state" = Succeed ]; then
    echo "Import to oss completed."
    exit 0
fi
echo "Some files were not migrated. Failed files: master/jobs/*/failed_tasks/*/error.list; reasons: audit.log in the same directory."
echo "Run 'bash import.sh --resume --retry' or 'bash console.sh retry' then 'bash console.sh start' to try them again."
exit 2
