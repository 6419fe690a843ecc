#!/usr/bin/env python3
"""Prints the benchmark table (markdown) from run.sh's TSV: case, tool, files, bytes, wall s, CPU s, peak RSS MiB,
server CPU s. Ratios are against the reference tool of each case (curl, or find for the scan)."""
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for case, tool, files, size, wall, cpu, rss, server in rows:
    files, size, wall, cpu, rss = int(files), int(size), float(wall), float(cpu), float(rss)
    by[(case, tool)] = (files, size, wall, cpu, rss, float(server))
print("| case | tool | files | MB | wall s | files/s | MB/s | CPU s | peak RSS MiB | server CPU s | ratio to reference |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
ref_tool = {"small": "curl", "mid": "curl", "large": "curl", "large-nomd5": "curl", "scan": "find", "latency": "curl"}
for (case, tool), (files, size, wall, cpu, rss, server) in by.items():
    fps = files / wall if wall else 0
    mbs = size / wall / 1e6 if wall else 0
    ratio = ""
    ref = by.get((case, ref_tool.get(case, "")))
    if tool != ref_tool.get(case) and ref:
        rf, rs, rw, rc = ref[:4]
        if case == "small":
            ratio = (f"{fps / (rf / rw):.2f} × files/s (goal ≥ 1.0), "
                     f"{(cpu / files) / (rc / rf):.2f} × CPU per file (goal ≤ 1.3)")
        elif case == "latency":
            ratio = f"{fps / (rf / rw):.2f} × files/s (goal ≥ 1.0; see the latency line)"
        elif case == "mid":
            ratio = f"{mbs / (rs / rw / 1e6):.2f} × MB/s (goal ≥ 0.9)"
        elif case in ("large", "large-nomd5"):
            ratio = f"{mbs / (rs / rw / 1e6):.2f} × MB/s (goal ≥ 0.9)"
        elif case == "scan":
            ratio = f"{wall / rw:.2f} × find's time (goal ≤ 2)"
    fps_text = f"{fps:.0f}" if fps >= 10 else f"{fps:.2f}"
    print(f"| {case} | {tool} | {files} | {size / 1e6:.1f} | {wall:.2f} | {fps_text} | {mbs:.1f} | {cpu:.2f} | {rss:.1f} | {server:.2f} | {ratio} |")
