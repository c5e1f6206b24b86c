#!/usr/bin/env bash
# Size of every goroutine timeline and sweep chart in the built book
# (each inline <svg>), in bytes. Uses the result cache as it is.
#
#   bench/charts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go run ./cmd/workbook build -out "$work/site" >/dev/null 2>&1
python3 - "$work/site" <<'PY'
import re, sys, glob, os
for page in sorted(glob.glob(os.path.join(sys.argv[1], "*.html"))):
    html = open(page, encoding="utf-8").read()
    for m in re.finditer(r'<svg class="(tl-svg|chart)".*?</svg>', html, re.S):
        kind = "timeline" if m.group(1) == "tl-svg" else "sweep chart"
        print(f"{os.path.basename(page)}: {kind} {len(m.group(0).encode())} B")
PY
