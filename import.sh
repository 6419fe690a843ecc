#!/usr/bin/env bash
# One-click migration, as ossimport's import.sh: submit conf/local_job.cfg (or resume/restart a job with the same
# name), start the service, show its status, offer to retry failed tasks, end with a summary. `--help` for the options.
set -u
cd "$(dirname "$(readlink -f "$0")")" || exit 1
mkdir -p logs work

JOB_CONF="conf/local_job.cfg"
SYS_CONF="conf/sys.properties"
# The shipped demo configuration: only this one (or --demo) may start a local server and create the bucket.
DEMO_SRC="/tmp/ossimport-sample/" DEMO_DOMAIN="http://127.0.0.1:9000" DEMO_BUCKET="mybucket"
DEMO_KEY="local-demo-key" DEMO_SECRET="local-demo-secret"

usage() {
    cat <<'EOF'
Usage: bash import.sh [--resume | --restart] [--retry | --no-retry] [--interval SECONDS] [--keep-service] [--demo]

Migrates the job in conf/local_job.cfg: submits it (or resumes or restarts a job with the same name), starts the
import service, prints its status at once, on every change of state and every --interval seconds, offers to retry
failed tasks, and ends with a summary saying where the data went (endpoint, bucket, prefix, counts).

Without options it asks; unattended, answers come from the options or one line each from standard input.
  --resume           a job with the same name exists: continue it from its checkpoint
  --restart          a job with the same name exists: delete its state and migrate from scratch
  --retry            when tasks failed: run their failed files again (at most 3 times)
  --no-retry         when tasks failed: stop (exit status 2)
  --interval SECONDS how often the status is printed while nothing changes (default 10)
  --keep-service     leave the service (and a demo server started here) running at the end
  --demo             destDomain is a local demo server: when nothing answers on its port (127.0.0.1 or localhost
                     only), start oss-local there (data in work/oss-local/) and create destBucket
  -h, --help         this text

The shipped configuration (srcPrefix=/tmp/ossimport-sample/, destDomain=http://127.0.0.1:9000, destBucket=mybucket,
the demo keys) is the demo without --demo. For any other destination nothing is started or created: an endpoint
where nothing answers stops import.sh, a missing bucket fails the job.

While it runs: Ctrl-C asks whether to stop the service (unattended, the service goes on in the background);
'bash console.sh stop' stops the service and import.sh exits.
Exit status: 0 every file migrated; 2 some files failed; 1 error or service stopped; 130 interrupted.
EOF
}

existing_answer="" retry_answer="" interval=10 keep_service=false demo_flag=false
while [ $# -gt 0 ]; do
    case "$1" in
        --resume) existing_answer=resume ;;
        --restart) existing_answer=restart ;;
        --retry) retry_answer=yes ;;
        --no-retry) retry_answer=no ;;
        --interval)
            shift
            [[ "${1:-}" =~ ^[0-9]+$ ]] || { echo "Error: --interval needs a number of seconds (e.g. --interval 10)" >&2; exit 1; }
            interval="$1" ;;
        --keep-service) keep_service=true ;;
        --demo) demo_flag=true ;;
        -h | --help) usage; exit 0 ;;
        *) echo "Error: unknown option $1 (see bash import.sh --help)" >&2; exit 1 ;;
    esac
    shift
done

prop_value() { # file key -> value (last occurrence, trimmed)
    grep -E "^[[:space:]]*$2[[:space:]]*[=:]" "$1" 2>/dev/null | tail -n 1 | sed -E 's/^[^=:]*[=:][[:space:]]*//; s/[[:space:]]*$//'
}
cfg_value() { prop_value "$JOB_CONF" "$1"; }

# ask PROMPT VALID_REGEX HINT -> prints the answer; end of input gives an empty answer.
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

job_name=$(cfg_value jobName)
dest_domain=$(cfg_value destDomain)
dest_bucket=$(cfg_value destBucket)
dest_prefix=$(cfg_value destPrefix)
src_prefix=$(cfg_value srcPrefix)
work_dir=$(prop_value "$SYS_CONF" workingDir)
work_dir="${work_dir:-.}"
STOP_MARKER="${work_dir%/}/master/ossimport.stopped"
PID_FILE="${work_dir%/}/master/ossimport.pid"

# --- the demo, and a destination that does not answer ------------------------------------------------------------
demo=false
if [ "$demo_flag" = true ]; then
    demo=true
elif [ "$src_prefix" = "$DEMO_SRC" ] && [ "$dest_domain" = "$DEMO_DOMAIN" ] && [ "$dest_bucket" = "$DEMO_BUCKET" ] &&
    [ "$(cfg_value destAccessKey)" = "$DEMO_KEY" ] && [ "$(cfg_value destSecretKey)" = "$DEMO_SECRET" ]; then
    demo=true
fi
demo_server_pid=""
if [ "$demo" = true ]; then
    if ! [[ "$dest_domain" =~ ^(http://)?(127\.0\.0\.1|localhost):([0-9]+)/?$ ]]; then
        echo "Error: $JOB_CONF: destDomain=$dest_domain: --demo needs a local endpoint such as http://127.0.0.1:9000 — fix destDomain or run without --demo" >&2
        exit 1
    fi
    port="${BASH_REMATCH[3]}"
    if [ "$src_prefix" = "$DEMO_SRC" ] && [ ! -d "$DEMO_SRC" ]; then
        echo "Creating a sample directory to migrate: $DEMO_SRC"
        mkdir -p "$DEMO_SRC/docs/reports 2026" "$DEMO_SRC/照片/旅行" "$DEMO_SRC/empty-dir" "$DEMO_SRC/data"
        for i in $(seq 1 200); do echo "sample file $i $(date +%s%N)" >"$DEMO_SRC/data/file-$i.txt"; done
        echo "hello" >"$DEMO_SRC/docs/reports 2026/summary + notes.txt"
        echo "你好" >"$DEMO_SRC/照片/旅行/说明.txt"
        : >"$DEMO_SRC/docs/empty.txt"
        head -c $((20 * 1024 * 1024)) /dev/urandom >"$DEMO_SRC/data/big.bin"
    fi
    if ! curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
        if [ ! -x "$OSS_LOCAL" ]; then
            swift build -c release --product oss-local >>logs/build.log 2>&1 || { echo "Error: cannot build oss-local, see logs/build.log" >&2; exit 1; }
            OSS_LOCAL=.build/release/oss-local
        fi
        echo "Demo: starting a local OSS-compatible server on 127.0.0.1:$port (data in work/oss-local/)..."
        mkdir -p work/oss-local
        keys=()
        if [ -n "$(cfg_value destAccessKey)" ]; then
            keys=(--access-key-id "$(cfg_value destAccessKey)")  # the secret goes by the environment, off the command line
        fi
        OSS_LOCAL_ACCESS_KEY_SECRET="$(cfg_value destSecretKey)" nohup "$OSS_LOCAL" --root work/oss-local --port "$port" "${keys[@]}" >logs/oss-local.log 2>&1 &
        demo_server_pid=$!
        for _ in $(seq 1 50); do
            curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
            sleep 0.1
        done
    fi
    "$BIN" create-bucket -c "$SYS_CONF" "$JOB_CONF" >/dev/null 2>&1 || true
elif [ -n "$dest_domain" ] && command -v curl >/dev/null; then
    url="$dest_domain"
    [[ "$url" =~ ^[A-Za-z]+:// ]] || url="http://$url"
    curl -s -o /dev/null --max-time 15 "${url%/}/" 2>/dev/null
    case $? in
        6) why="its host name does not resolve" ;;
        7) why="nothing answers there (connection refused)" ;;
        28) why="it does not answer within 15 s" ;;
        *) why="" ;;
    esac
    if [ -n "$why" ]; then
        echo "Error: $JOB_CONF: destDomain=$dest_domain: $why — check the endpoint (a dropped SSH tunnel, a stopped proxy, a typo?) and run again; nothing was submitted. (A local demo server is started only for the shipped demo configuration or with --demo.)" >&2
        exit 1
    fi
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
if [ $submit_status -ne 0 ] && grep -q "please clean it first" logs/submit.log; then
    echo "A migration job named $job_name was submitted before; its state is in ${work_dir%/}/master/jobs/$job_name/."
    changed=$(grep -o 'was edited after job [^ ]* was submitted (changed: [^)]*)' logs/submit.log | sed -E 's/.*\(changed: //; s/\)$//')
    if [ -n "$changed" ]; then
        echo "Warning: $JOB_CONF was edited after that job was submitted (changed: $changed). A resumed job runs with the submitted copy (master/jobs/$job_name/job.cfg), not with your edits: restart to use them."
    fi
    answer="$existing_answer"
    if [ -z "$answer" ]; then
        if [ -n "$changed" ]; then
            question="Restart from scratch with the edited file [s] (recommended), or resume with the submitted copy [r]? (s/r): "
        else
            question="Resume it from its checkpoint [r], or restart from scratch [s]? (r/s): "
        fi
        reply=$(ask "$question" '^([rRsS]|resume|restart)$' "r or s")
        case "$reply" in
            r | R | resume) answer=resume ;;
            s | S | restart) answer=restart ;;
            *)
                if [ -n "$changed" ]; then
                    echo "Error: no answer, and the job file differs from the submitted copy; run again with --restart (use the edited file) or --resume (keep the submitted copy)." >&2
                    cleanup_demo
                    exit 1
                fi
                answer=resume
                echo "No answer: resuming from the checkpoint." ;;
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
        [ -n "$changed" ] && echo "Warning: resuming with the submitted copy; your edits to $JOB_CONF are not used."
        echo "Resuming the job from its checkpoint."
    fi
elif [ $submit_status -ne 0 ]; then
    cat logs/submit.log
    echo "Fix the configuration and run again." >&2
    cleanup_demo
    exit 1
else
    cat logs/submit.log
fi

# --- run ---------------------------------------------------------------------------------------------------------
service_running() { [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE" 2>/dev/null)" 2>/dev/null; }

echo "Starting the migration job..."
if service_running && ! "$BIN" stat -c "$SYS_CONF" 2>/dev/null | grep -q "^Service: not running"; then
    echo "The import service is already running."
else
    "$BIN" start -c "$SYS_CONF" || { cleanup_demo; exit 1; }
fi

summary() {
    echo "---------------- summary ----------------"
    grep -E "^(JobName|JobState|Reason|SucceedTasks|FailedTasks|Files|Bytes|Audit|Elapsed|Error|Warning):" logs/job_stat.log
    echo "Destination: endpoint $dest_domain, bucket $dest_bucket, prefix ${dest_prefix:-(none)}"
    local report
    if report=$("$BIN" report -c "$SYS_CONF" "$job_name" 2>&1); then
        echo "Report: $report (and report.json next to it)"
    else
        echo "Report: not written: $report"
    fi
    if [ "$demo" = true ]; then
        echo "  (the local demo server; its data is under $(pwd)/work/oss-local/)"
    else
        echo "  Check: ossutil ls oss://$dest_bucket/$dest_prefix -e $dest_domain (or the OSS console); 'Files:' above counts the uploaded, skipped and failed files."
    fi
}

on_interrupt() {
    trap - INT
    echo ""
    line_shown=""
    local reply=""
    if [ -t 0 ]; then
        reply=$(ask "Interrupted. Stop the import service too (it resumes from its checkpoint on the next start)? (y/n): " '^([yYnN]|yes|no)$' "y or n")
    fi
    case "$reply" in
        y | Y | yes)
            "$BIN" stop -c "$SYS_CONF"
            keep_service=false
            cleanup_demo
            echo "The import service is stopped; continue later with 'bash import.sh --resume' or 'bash console.sh start'." ;;
        *)
            echo "import.sh was interrupted; the import service goes on in the background. Watch it: bash console.sh stat; stop it: bash console.sh stop."
            if [ -n "$demo_server_pid" ]; then
                echo "The local demo server goes on too (pid $demo_server_pid); stop it with: kill $demo_server_pid"
            fi ;;
    esac
    exit 130
}
trap on_interrupt INT

# On a terminal, one progress line (stat --line) is redrawn about once a second between the status blocks printed
# at each change of state; elsewhere (logs, CI) the status block is printed every --interval seconds.
live=false line_shown=""
[ -t 1 ] && live=true
end_live_line() { if [ -n "$line_shown" ]; then echo ""; line_shown=""; fi; }
draw_live_line() {
    local cols text
    cols=$(tput cols 2>/dev/null || echo 120)
    text=$("$BIN" stat -c "$SYS_CONF" --line "$job_name" 2>/dev/null | head -n 1)
    printf '\r\033[K%s' "${text:0:$((cols > 1 ? cols - 1 : 79))}"
    line_shown=1
}

final_state="" restarts=0 retries=0 last_state="" last_print=0
while true; do
    "$BIN" stat -c "$SYS_CONF" >logs/job_stat.log 2>&1
    state=$(grep -m 1 "^JobState:" logs/job_stat.log)
    now=$(date +%s)
    if [ "$state" != "$last_state" ] || { [ "$live" = false ] && [ $((now - last_print)) -ge "$interval" ]; }; then
        end_live_line
        cat logs/job_stat.log
        last_state="$state" last_print=$now
    elif [ "$live" = true ] && [ "$state" = "JobState:Running" ]; then
        draw_live_line
    fi
    [ "$state" = "JobState:Running" ] || end_live_line
    if [ "$state" = "JobState:Succeed" ]; then
        final_state=Succeed
        echo "The migration job completed successfully!"
        break
    elif [ -e "$STOP_MARKER" ]; then
        end_live_line
        echo "The import service was stopped by 'bash console.sh stop' (at $(date -d "@$(cut -d ' ' -f 1 "$STOP_MARKER")" '+%F %T' 2>/dev/null)); import.sh ends here without restarting it."
        for _ in $(seq 1 700); do service_running || break; sleep 0.1; done
        "$BIN" stat -c "$SYS_CONF" >logs/job_stat.log 2>&1
        cleanup_demo
        summary
        echo "The job is not finished: continue it from its checkpoint with 'bash import.sh --resume' (or 'bash console.sh start')."
        exit 1
    elif grep -q "^Error:" logs/job_stat.log || { [ "$state" = "JobState:Failed" ] && grep -q "^FailedTasks:0$" logs/job_stat.log; }; then
        # The job stopped on an error that stops every file (keys, bucket, endpoint, source, full disk): no file
        # failed on its own, so retrying files would not help; stat's Reason line says what to fix.
        final_state=Error
        break
    elif [ "$state" = "JobState:Failed" ]; then
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
            "$BIN" retry -c "$SYS_CONF" >logs/retry.log 2>&1
            cat logs/retry.log
            # The service may have stopped meanwhile; make sure it runs the retried tasks.
            service_running || "$BIN" start -c "$SYS_CONF" >/dev/null 2>&1 || true
            sleep 1
            continue
        fi
        final_state=Failed
        break
    elif [ "$state" = "JobState:Abort" ]; then
        if [ $restarts -ge 3 ]; then
            echo "Error: the import service keeps stopping; see logs/ossimport2.log" >&2
            final_state=Abort
            break
        fi
        restarts=$((restarts + 1))
        echo "The import service is not running; starting it again (it resumes from the checkpoint)..."
        "$BIN" start -c "$SYS_CONF" || true
        sleep 1
        continue
    fi
    if [ "$live" = true ]; then sleep 1; else sleep 0.5; fi
done
end_live_line
trap - INT

# --- summary -----------------------------------------------------------------------------------------------------
if [ "$keep_service" = false ]; then
    "$BIN" stop -c "$SYS_CONF" >/dev/null
fi
cleanup_demo
summary
if [ "$final_state" = Succeed ]; then
    echo "Import to oss completed."
    exit 0
fi
if [ "$final_state" = Error ]; then
    echo "The job stopped on the error above (see Reason:); nothing more will be migrated until it is fixed. Then run 'bash import.sh --resume' (a transient cause, a full disk), or 'bash import.sh --restart' after editing the job file."
    exit 1
fi
if [ "$final_state" = Abort ]; then
    exit 1
fi
echo "Some files were not migrated. Failed files: master/jobs/$job_name/failed_tasks/*/error.list; reasons: audit.log in the same directory."
echo "Run 'bash import.sh --resume --retry' or 'bash console.sh retry' then 'bash console.sh start' to try them again."
exit 2
