#!/usr/bin/env bash
# ossimport console: submit | start | stop | stat | retry | clean | version
# Same verbs and messages as ossimport's console.sh, on the native binary.
set -u
cd "$(dirname "$(readlink -f "$0")")" || exit 1
mkdir -p logs

SYS_CONF="conf/sys.properties"
JOB_CONF="conf/local_job.cfg"

# The binary: $OSSIMPORT_BIN, bin/ossimport, a release or debug build; built on first use.
find_binary() {
    local candidate
    for candidate in "${OSSIMPORT_BIN:-}" bin/ossimport .build/release/ossimport .build/debug/ossimport; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_binary() {
    if ! BIN=$(find_binary); then
        echo "Building ossimport (first run only, takes a few minutes)..." >&2
        if ! swift build -c release --product ossimport >logs/build.log 2>&1 || \
           ! swift build -c release --product oss-local >>logs/build.log 2>&1; then
            echo "Error: build failed, see logs/build.log" >&2
            exit 1
        fi
        BIN=.build/release/ossimport
    fi
}

usage() {
    echo "Support command:"
    echo "	submit: submit job"
    echo "	start: start import service"
    echo "	stop: stop import service"
    echo "	clean: clean old job"
    echo "	stat: stat job (--json: one JSON document per job; --line: one progress line)"
    echo "	report: write master/jobs/<job>/report.html and report.json, print the path"
    echo "	retry: retry all failed tasks"
    echo "	version: ossimport version"
    echo "Usage: bash console.sh {submit [job_cfg_file]|start|stop|clean [job_name]|stat [--json|--line] [job_name]|report [job_name]|retry [job_name]|version}"
    exit 1
}

[ $# -ge 1 ] || usage
ensure_binary
verb="$1"
shift
case "$verb" in
    submit | Submit)
        [ $# -le 1 ] || usage
        "$BIN" submit -c "$SYS_CONF" "${1:-$JOB_CONF}" >logs/submit.log 2>&1
        status=$?
        cat logs/submit.log
        exit $status
        ;;
    start | Start)
        [ $# -eq 0 ] || usage
        exec "$BIN" start -c "$SYS_CONF"
        ;;
    stop | Stop)
        [ $# -eq 0 ] || usage
        exec "$BIN" stop -c "$SYS_CONF"
        ;;
    stat | Stat)
        flag=""
        if [ "${1:-}" = "--json" ] || [ "${1:-}" = "--line" ]; then flag="$1"; shift; fi
        [ $# -le 1 ] || usage
        exec "$BIN" stat -c "$SYS_CONF" $flag ${1:+"$1"}
        ;;
    report | Report)
        [ $# -le 1 ] || usage
        exec "$BIN" report -c "$SYS_CONF" ${1:+"$1"}
        ;;
    retry | Retry)
        [ $# -le 1 ] || usage
        "$BIN" retry -c "$SYS_CONF" ${1:+"$1"} >logs/retry.log 2>&1
        status=$?
        cat logs/retry.log
        exit $status
        ;;
    clean | Clean)
        [ $# -le 1 ] || usage
        exec "$BIN" clean -c "$SYS_CONF" ${1:+"$1"}
        ;;
    version | Version)
        [ $# -eq 0 ] || usage
        exec "$BIN" version
        ;;
    *)
        usage
        ;;
esac
