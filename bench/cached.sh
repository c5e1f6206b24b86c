#!/usr/bin/env bash
# verify of the bundled lessons with every result cached: wall time
# (median of ROUNDS) and peak RSS of the workbook process. No go process
# should start.
#
#   bench/cached.sh            # ROUNDS=20
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-20}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go build -o "$work/workbook" ./cmd/workbook
export WORKBOOK_CACHE="$work/cache"
# A go that logs each call proves the cached runs start no go process.
printf '#!/bin/sh\necho "$*" >> %s/go.log\nexec %s "$@"\n' "$work" "$(command -v go)" > "$work/go"
chmod +x "$work/go"; export WORKBOOK_GO="$work/go"
"$work/workbook" verify >/dev/null            # fill the cache
: > "$work/go.log"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for r in $(seq 1 "$ROUNDS"); do
  s=$(date +%s%N)
  /usr/bin/time -o "$work/t" -f '%M' "$work/workbook" verify >/dev/null
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000000 )) $(cat "$work/t")" >> "$work/all"
done
echo "go commands started by the cached runs: $(wc -l < "$work/go.log")"
echo "cached verify of the bundled book: median $(cut -d' ' -f1 "$work/all" | median) ms, peak RSS median $(cut -d' ' -f2 "$work/all" | median) KB, max $(cut -d' ' -f2 "$work/all" | sort -n | tail -1) KB over $ROUNDS rounds"
