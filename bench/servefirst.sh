#!/bin/bash
# servefirst.sh: time from starting `workbook serve` on the bundled book,
# with a fresh results cache (WORKBOOK_CACHE), to the first 200 for a
# lesson page, and count its pending panels. ROUNDS rounds (default 3);
# WB=path/to/workbook times a built binary instead of `go run`; set
# GOCACHE to an empty folder to time a fresh machine. Prints the load.
set -eu
cd "$(dirname "$0")/.."
for round in $(seq "${ROUNDS:-3}"); do
	cache=$(mktemp -d)
	port=$((20000 + RANDOM % 20000))
	log=$(mktemp)
	echo "round $round: $(uptime | sed 's/.*load/load/')"
	start=$(date +%s.%N)
	# Its own process group, so that stopping it stops go run's child too.
	setsid env WORKBOOK_CACHE="$cache" ${WB:-go run ./cmd/workbook} serve -lessons lessons -addr 127.0.0.1:$port >"$log" 2>&1 &
	pid=$!
	page=$(mktemp)
	until [ "$(curl -s -o "$page" -w '%{http_code}' http://127.0.0.1:$port/01-goroutines.html)" = 200 ]; do sleep 0.05; done
	echo "  first 200 after $(echo "$(date +%s.%N) - $start" | bc) s; pending panels: $(grep -c 'Pending: this program' "$page")"
	sleep 5
	grep -o 'msg="compiling[^:]*' "$log" | sed 's/^/  log: /' || true
	kill -INT -- -"$pid"
	wait "$pid" || true
	rm -rf "$cache" "$log" "$page"
done
