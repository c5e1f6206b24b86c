#!/usr/bin/env bash
# Cold verify of 20 small distinct programs (every source new, Go's build
# cache warm for the standard library) against a shell loop of `go run`
# over the same programs. Prints the median of ROUNDS rounds of each.
# Every round's programs are new, so no result is ever cached; like Go's
# build cache, workbook's own setup (its sandbox helper and the toolchain
# memo, in the same cache folder) is warm, as on any machine after the
# first run.
#
#   bench/verify20.sh            # ROUNDS=5
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go build -o "$work/workbook" ./cmd/workbook

# gen DIR NONCE: a lesson with 20 programs, and the same programs as files.
gen() {
  local dir=$1 nonce=$2
  rm -rf "$dir"; mkdir -p "$dir/lessons" "$dir/progs"
  { printf -- '---\ntitle: Twenty\n---\n\n'
    for i in $(seq 1 20); do
      prog="package main

import (
	\"fmt\"
	\"sync\"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, 3)
	for w := range 3 {
		wg.Go(func() { results[w] = w * $i })
	}
	wg.Wait()
	fmt.Println(\"program $i run $nonce:\", results)
}"
      mkdir -p "$dir/progs/p$i"; printf '%s\n' "$prog" > "$dir/progs/p$i/main.go"
      printf '```go name=p%s\n%s\n```\n\n' "$i" "$prog"
    done
  } > "$dir/lessons/twenty.md"
}

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Warm Go's build cache for the standard library (both build modes).
gen "$work/w" warm
(cd "$work/w" && WORKBOOK_CACHE="$work/cache" "$work/workbook" verify >/dev/null)
for i in $(seq 1 20); do (cd "$work/w/progs/p$i" && go run main.go >/dev/null); done

for r in $(seq 1 "$ROUNDS"); do
  gen "$work/a" "wb$r$RANDOM"
  s=$(now); (cd "$work/a" && WORKBOOK_CACHE="$work/cache" "$work/workbook" verify > "$work/out"); e=$(now)
  grep -q '^20 passed, 0 failed$' "$work/out" && ! grep -q cached "$work/out" || { echo "round $r: not 20 fresh passes"; cat "$work/out"; exit 1; }
  echo "$e - $s" | bc >> "$work/wb.times"
  gen "$work/b" "gr$r$RANDOM"
  s=$(now); for i in $(seq 1 20); do (cd "$work/b/progs/p$i" && go run main.go >/dev/null); done; e=$(now)
  echo "$e - $s" | bc >> "$work/gorun.times"
done
wb=$(median < "$work/wb.times"); gr=$(median < "$work/gorun.times")
echo "workbook verify, 20 new programs: median ${wb}s over $ROUNDS rounds ($(tr '\n' ' ' < "$work/wb.times"))"
echo "go run loop, 20 new programs:     median ${gr}s over $ROUNDS rounds ($(tr '\n' ' ' < "$work/gorun.times"))"
echo "speedup: $(echo "scale=2; $gr / $wb" | bc)x"
