#!/usr/bin/env bash
# Build speed on a generated book of N lessons (default 1000), each ~200
# lines with 5 programs, results cached (the 5 programs are the same on
# every page, so filling the cache runs only 5), and on the bundled book.
#   full:      build into an empty -out (everything rendered and written)
#   unchanged: build again with nothing changed
# Wall time and peak RSS of the workbook process, median of ROUNDS.
#
#   bench/bigbook.sh            # N=1000 ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; ROUNDS=${ROUNDS:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go build -o "$work/workbook" ./cmd/workbook
export WORKBOOK_CACHE="$work/cache"
mkdir -p "$work/book"
python3 - "$work/book" "$N" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
progs = []
for k in range(5):
    progs.append(f'''package main

import (
	"fmt"
	"sync"
)

func main() {{
	var wg sync.WaitGroup
	results := make([]int, {k + 3})
	for i := range results {{
		wg.Go(func() {{ results[i] = i * i * {k + 1} }})
	}}
	wg.Wait()
	fmt.Println("squares:", results)
}}''')
para = ("Goroutines are cheap: a program can start thousands of them, and the runtime "
        "multiplexes them onto a few threads. *Concurrency* is about structure; "
        "**parallelism** is about execution, and `GOMAXPROCS` bounds it.\n\n")
for i in range(n):
    body = [f"---\ntitle: Lesson {i}\nsummary: Generated lesson number {i}.\nweight: {i}\n---\n\n# Lesson {i}\n\n"]
    for k in range(5):
        body.append(f"## Part {k}\n\n" + para * 3 + "- one item\n- another item with `code`\n\n")
        body.append(f"```go name=p{k}\n{progs[k]}\n```\n\n")
    open(os.path.join(d, f"l{i:04d}.md"), "w").write("".join(body))
PY
echo "generated $N lessons, $(cat "$work"/book/*.md | wc -l) lines"
"$work/workbook" build -lessons "$work/book" -out "$work/warm" >/dev/null 2>&1   # fill the cache
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
measure() { # label, then the command
  local label=$1; shift; : > "$work/m"
  for r in $(seq 1 "$ROUNDS"); do
    [ "$label" = full ] && rm -rf "$work/out"
    s=$(date +%s%N); /usr/bin/time -o "$work/t" -f %M "$@" >/dev/null 2>&1; e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) $(cat "$work/t")" >> "$work/m"
  done
  echo "$label: median $(cut -d' ' -f1 "$work/m" | median) ms, peak RSS median $(cut -d' ' -f2 "$work/m" | median) KB ($(cut -d' ' -f1 "$work/m" | tr '\n' ' ')ms)"
}
measure full "$work/workbook" build -lessons "$work/book" -out "$work/out"
measure unchanged "$work/workbook" build -lessons "$work/book" -out "$work/out"
"$work/workbook" build -out "$work/bundled" >/dev/null 2>&1
echo "bundled book:"; measure unchanged "$work/workbook" build -out "$work/bundled"
du -sh "$work/out" | sed 's/^/generated site size: /'
