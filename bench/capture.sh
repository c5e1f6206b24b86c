#!/usr/bin/env bash
# Capture accuracy and overhead.
# 1. A program prints every 100 ms, each line carrying its own clock
#    reading; the recorded timestamps are compared with it.
# 2. A ~1 s program that prints 2,000 lines is run directly and through
#    workbook; the difference in wall time is the capture overhead.
#
#   bench/capture.sh            # ROUNDS=5
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go build -o "$work/workbook" ./cmd/workbook
mkdir -p "$work/lessons" "$work/direct"
tick='package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	for i := range 11 {
		time.Sleep(time.Until(start.Add(time.Duration(i) * 100 * time.Millisecond)))
		fmt.Printf("%d %.3f\n", i, float64(time.Since(start).Microseconds())/1000)
	}
}'
busy='package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	x := 0
	for i := range 2000 {
		for time.Since(start) < time.Duration(i+1)*time.Second/2000 {
			x++
		}
		fmt.Println("line", i, x)
	}
}'
printf -- '---\ntitle: Capture\n---\n\n```go name=tick\n%s\n```\n\n```go name=busy\n%s\n```\n' "$tick" "$busy" > "$work/lessons/capture.md"
printf '%s\n' "$busy" > "$work/direct/main.go"
(cd "$work/direct" && go mod init direct >/dev/null 2>&1 && go build -o busy .)
export WORKBOOK_CACHE="$work/cache"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for r in $(seq 1 "$ROUNDS"); do
  "$work/workbook" verify -lessons "$work/lessons" -rerun -format json > "$work/out.json" 2>/dev/null
  # Deviation: recorded time since the first line minus the program's own.
  python3 - "$work/out.json" >> "$work/dev" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    rec = json.loads(line)
    if rec["name"] != "tick": continue
    out = [(l["t_ms"], float(l["text"].split()[1])) for l in rec["output"]]
    t0, s0 = out[0]
    print(max(abs((t - t0) - (s - s0)) for t, s in out))
PY
  python3 -c 'import json,sys; [print(r["wall_ms"]) for r in map(json.loads, open(sys.argv[1])) if r["name"]=="busy"]' "$work/out.json" >> "$work/wb"
  s=$(date +%s%N); "$work/direct/busy" > /dev/null; e=$(date +%s%N)
  echo "scale=3; ($e - $s) / 1000000" | bc >> "$work/direct.ms"
done
dev=$(median < "$work/dev"); wb=$(median < "$work/wb"); d=$(median < "$work/direct.ms")
echo "timestamps of a 100 ms ticker: worst deviation per run, median over $ROUNDS runs: ${dev} ms (all: $(tr '\n' ' ' < "$work/dev"))"
echo "1 s program, 2,000 lines: direct ${d} ms, through workbook ${wb} ms: overhead $(echo "scale=2; 100 * ($wb - $d) / $d" | bc)%"
