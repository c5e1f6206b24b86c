#!/usr/bin/env bash
# workbook serve with a copy of the bundled lessons:
#  - save → new content served, for a prose edit (ROUNDS saves, each
#    written in place like VS Code, then ROUNDS by rename like vim and
#    JetBrains): median and p95, measured by a client that saves, waits
#    for the reload event, then GETs the page and finds the new text;
#  - save of a changed program → reload (PROGRAM_ROUNDS), with what the
#    server ran (its log: only the changed program should run);
#  - idle CPU over IDLE seconds and the server's RSS (current and peak).
#
#   bench/serve.sh             # ROUNDS=40 PROGRAM_ROUNDS=5 IDLE=10
#
# Results come from $WORKBOOK_CACHE if set (else a fresh cache, filled
# first by a verify: the first run of this script takes a while).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-40}
PROGRAM_ROUNDS=${PROGRAM_ROUNDS:-5}
IDLE=${IDLE:-10}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
go build -o "$work/workbook" ./cmd/workbook
export WORKBOOK_CACHE=${WORKBOOK_CACHE:-$work/cache}
cp -r lessons "$work/lessons"
rm -f "$work/lessons/"*.go
# Outside the repository the book needs a module of its own (x/sync):
# the one -demo builds in.
mv "$work/lessons/demo.mod" "$work/lessons/go.mod"
mv "$work/lessons/demo.sum" "$work/lessons/go.sum"
"$work/workbook" verify -lessons "$work/lessons" >/dev/null 2>&1 || true # fill the cache

# The client: stdlib only, built outside the module.
mkdir "$work/client"
cat > "$work/client/main.go" <<'EOF'
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	base, dir, mode := os.Args[1], os.Args[2], os.Args[3]
	var rounds int
	fmt.Sscan(os.Args[4], &rounds)
	file := filepath.Join(dir, "01-goroutines.md")
	orig, err := os.ReadFile(file)
	check(err)
	resp, err := http.Get(base + "/_workbook/events")
	check(err)
	events := make(chan map[string]int, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			l := sc.Text()
			if n, ok := strings.CutPrefix(l, "event: "); ok {
				name = n
			}
			if d, ok := strings.CutPrefix(l, "data: "); ok && (name == "reload" || name == "hello") {
				var st struct{ Pages map[string]int }
				check(json.Unmarshal([]byte(d), &st))
				events <- st.Pages
			}
		}
	}()
	seen := (<-events)["01-goroutines.html"]
	// The last client's restoring save may still be building: let its
	// reload pass before the first round, or it would be taken for ours.
	for quiet := time.After(500 * time.Millisecond); ; {
		select {
		case p := <-events:
			seen = max(seen, p["01-goroutines.html"])
			continue
		case <-quiet:
		}
		break
	}
	var toEvent, toServed []time.Duration
	for i := 1; i <= rounds; i++ {
		marker := fmt.Sprintf("Bench edit %d-%d.", time.Now().UnixNano(), i)
		var text string
		if mode == "program" {
			text = strings.Replace(string(orig), "func main() {\n", "func main() {\n\t_ = \""+marker+"\"\n", 1)
		} else {
			text = strings.Replace(string(orig), "In Python you make a", marker+" In Python you make a", 1)
		}
		start := time.Now()
		save(file, text, mode == "rename")
		for {
			p := <-events
			if p["01-goroutines.html"] > seen {
				seen = p["01-goroutines.html"]
				break
			}
		}
		toEvent = append(toEvent, time.Since(start))
		r, err := http.Get(base + "/01-goroutines.html")
		check(err)
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if !strings.Contains(string(body), marker) {
			fmt.Fprintln(os.Stderr, "the reloaded page lacks the edit")
			os.Exit(1)
		}
		toServed = append(toServed, time.Since(start))
		time.Sleep(300 * time.Millisecond) // separate saves, not a burst
	}
	save(file, string(orig), false)
	fmt.Printf("%s saves (%d): save → reload event median %s p95 %s; save → new content served median %s p95 %s (min %s, max %s)\n",
		mode, rounds, pct(toEvent, 50), pct(toEvent, 95), pct(toServed, 50), pct(toServed, 95), pct(toServed, 0), pct(toServed, 100))
}

func save(file, text string, rename bool) {
	if !rename {
		check(os.WriteFile(file, []byte(text), 0o644))
		return
	}
	tmp := file + ".bench~"
	check(os.WriteFile(tmp, []byte(text), 0o644))
	check(os.Rename(tmp, file))
}

func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s) - 1) * p / 100
	return s[i].Round(100 * time.Microsecond)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
EOF
(cd "$work/client" && GOFLAGS= go build -o client main.go)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$work/workbook" serve -lessons "$work/lessons" -addr "127.0.0.1:$port" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 600); do grep -q 'msg=built' "$work/serve.log" && break; sleep 0.1; done
grep 'msg=built' "$work/serve.log" | head -1

"$work/client/client" "http://127.0.0.1:$port" "$work/lessons" inplace "$ROUNDS"
"$work/client/client" "http://127.0.0.1:$port" "$work/lessons" rename "$ROUNDS"
before=$(grep -c 'msg=ran ' "$work/serve.log" || true)
"$work/client/client" "http://127.0.0.1:$port" "$work/lessons" program "$PROGRAM_ROUNDS"
after=$(grep -c 'msg=ran ' "$work/serve.log" || true)
echo "programs run for $PROGRAM_ROUNDS program saves: $((after - before)) (want $PROGRAM_ROUNDS); each:"
grep 'msg=ran ' "$work/serve.log" | tail -n "$PROGRAM_ROUNDS" | sed 's/^/    /'
grep 'msg=built' "$work/serve.log" | tail -n 2 | sed 's/^/    /'

sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); sleep "$IDLE"; t1=$(ticks)
hz=$(getconf CLK_TCK)
echo "idle for ${IDLE}s: $(( (t1 - t0) * 1000 / hz )) ms of CPU"
grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | tr -s ' \t' ' ' | sed 's/^/serve /'
kill -INT "$pid"; wait "$pid" || true; pid=""
tail -1 "$work/serve.log"
