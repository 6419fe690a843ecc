#!/usr/bin/env bash
# ossimport console: submit | start | stop | stat | retry | clean | version | package
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

# `package [file.tar.gz]`: from a source checkout, builds ossimport and oss-local with the Swift standard library
# linked in (`--static-swift-stdlib`: the binaries need only the system's libcurl, libcrypto and libc) and writes an
# ossimport-style package: ossimport-<version>/{bin/ossimport,bin/oss-local,conf/,console.sh,import.sh,README.md}.
package_release() {
    if [ ! -f Package.swift ] || [ ! -d Sources ]; then
        echo "Error: 'package' builds from a source checkout (no Package.swift here: this directory already is a package)" >&2
        exit 1
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "Error: 'package' needs the Swift toolchain: swift is not in PATH" >&2
        exit 1
    fi
    local scratch=".build-package" product
    echo "Building ossimport and oss-local (release, Swift standard library linked in; takes a few minutes)..." >&2
    : >logs/package.log
    for product in ossimport oss-local; do
        # Batch work: at the lowest CPU priority, so a service or tests running on this host keep their pace.
        if ! nice -n 19 swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product "$product" >>logs/package.log 2>&1; then
            echo "Error: the release build of $product failed, see logs/package.log" >&2
            exit 1
        fi
    done
    local built="$scratch/release" version
    version=$("$built/ossimport" version | awk '{print $2}')
    if [ -z "$version" ]; then
        echo "Error: $built/ossimport does not run (see 'ldd $built/ossimport')" >&2
        exit 1
    fi
    local out="${1:-$PWD/ossimport-$version-linux-$(uname -m).tar.gz}"
    case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
    local stage file
    PACKAGE_TMP=$(mktemp -d) || exit 1
    trap 'rm -rf "$PACKAGE_TMP"' EXIT
    stage="$PACKAGE_TMP/ossimport-$version"
    mkdir -p "$stage/bin" "$stage/conf" || exit 1
    cp "$built/ossimport" "$built/oss-local" "$stage/bin/" || { echo "Error: cannot copy the binaries" >&2; exit 1; }
    # The shipped configuration files as committed, never this checkout's edited ones (they may hold keys).
    for file in conf/sys.properties conf/local_job.cfg console.sh import.sh README.md; do
        if ! git show "HEAD:$file" >"$stage/$file" 2>/dev/null; then
            echo "Error: cannot take $file from git (HEAD); 'package' needs a git checkout with git installed" >&2
            exit 1
        fi
    done
    chmod +x "$stage/console.sh" "$stage/import.sh"
    local binary
    for binary in "$stage/bin/ossimport" "$stage/bin/oss-local"; do
        if ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation' >&2; then
            echo "Error: $(basename "$binary") still needs the Swift runtime libraries above" >&2
            exit 1
        fi
    done
    if ! tar -C "$PACKAGE_TMP" -czf "$out" "ossimport-$version"; then
        echo "Error: cannot write $out" >&2
        exit 1
    fi
    echo "package: $out"
    echo "sha256: $(sha256sum "$out" | awk '{print $1}')"
    echo "needs on the target host: libcurl4 (Debian/Ubuntu: apt-get install -y libcurl4)"
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
    echo "	package: build a self-contained package (ossimport-<version>-linux-<arch>.tar.gz) from a source checkout"
    echo "Usage: bash console.sh {submit [job_cfg_file]|start|stop|clean [job_name]|stat [--json|--line] [job_name]|report [job_name]|retry [job_name]|version|package [file.tar.gz]}"
    exit 1
}

[ $# -ge 1 ] || usage
if [ "$1" = package ] || [ "$1" = Package ]; then
    [ $# -le 2 ] || usage
    package_release "${2:-}"
    exit 0
fi
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
