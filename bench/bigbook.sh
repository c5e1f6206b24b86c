#!/usr/bin/env bash
# Build speed on a realistic generated book, side by side with Hugo.
#
# The book (bench/bigbook/gen): N lessons (default 1000) of varied size,
# about 230 lines on average, each with 5 programs drawn from 250
# distinct programs, generated prose, lists, tables, links between
# lessons, Python and shell blocks, output blocks. Every program is run
# once, for real (-jobs 2), to fill the results cache before anything is
# timed. The same Markdown goes to Hugo (when installed) in a minimal site
# with highlighting, a table of contents and previous/next links.
#
# Rounds alternate Hugo and workbook, so both see the same machine load;
# the best of ROUNDS is reported, with every round and peak RSS.
#   full            build into an empty -out (results and highlighted code
#                   cached: both are remembered across builds)
#   full, cold hl   the same with the highlight cache emptied first
#   unchanged       build again with nothing changed
#   prose edit      one sentence of one lesson changed, then build
#   program edit    one program of one lesson changed, then build (its own
#                   build and run included, and the browser binary's
#                   compile and link), beside that program's own go build,
#                   run and js/wasm build by hand; then another, built
#                   -wasm=false, beside its own go build and run
# Takes about 3 minutes on an idle 2-core machine (the first run of the
# 250 programs is most of it).
#
#   bench/bigbook.sh            # N=1000 ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; ROUNDS=${ROUNDS:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
go build -o "$work/workbook" ./cmd/workbook
export WORKBOOK_CACHE="$work/cache"
go run ./bench/bigbook/gen -n "$N" "$work/book"
wb=("$work/workbook" build -lessons "$work/book")
echo "filling the results cache (every program runs once)..."
s=$(date +%s); "${wb[@]}" -jobs 2 -out "$work/warm" >/dev/null 2>"$work/fill.log" || { cat "$work/fill.log"; exit 1; }
echo "  $(tail -1 "$work/fill.log") in $(( $(date +%s) - s )) s"

hugo=$(command -v hugo || true)
if [ -n "$hugo" ]; then
	mkdir -p "$work/hugo/layouts/_default" "$work/hugo/content"
	cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "http://example.org/"
title = "Bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = true
[markup.highlight]
noClasses = false
TOML
	cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><nav>{{ .TableOfContents }}</nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main>
<footer>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</footer></body></html>
HTML
	cat > "$work/hugo/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul></body></html>
HTML
	cp "$work/hugo/layouts/_default/list.html" "$work/hugo/layouts/index.html"
	cp -r "$work/book" "$work/hugo/content/lessons"
	"$hugo" --quiet -s "$work/hugo" -d "$work/hpub" >/dev/null # warm the file cache
fi

# timed LABEL CMD...: one round, appended to $work/LABEL as "ms KB".
timed() {
	local label=$1; shift
	s=$(date +%s%N); /usr/bin/time -o "$work/t" -f %M "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	e=$(date +%s%N)
	echo "$(( (e - s) / 1000000 )) $(tail -1 "$work/t")" >> "$work/m.$label"
}
"${wb[@]}" -wasm=false -out "$work/outnw" >/dev/null 2>&1 # the site the -wasm=false rows edit
for r in $(seq 1 "$ROUNDS"); do
	if [ -n "$hugo" ]; then rm -rf "$work/hpub"; timed hugo "$hugo" --quiet -s "$work/hugo" -d "$work/hpub"; fi
	rm -rf "$work/out"; timed full "${wb[@]}" -out "$work/out"
	timed unchanged "${wb[@]}" -out "$work/out"
	rm -rf "$work/out" "$WORKBOOK_CACHE/highlight"; timed coldhl "${wb[@]}" -out "$work/out"
	# One sentence of prose, then one program (a new one each round).
	f="$work/book/l$(printf %04d $(( N / 2 )))".md
	sed -i "0,/^The \|^A \|^When \|^Note /s//Round $r: &/" "$f"; timed prose "${wb[@]}" -out "$work/out"
	sed -i "0,/^func main() {\$/s//func main() {\n\t\/\/ round $r/" "$f"
	# Its own builds and run by hand first: go build and run, and the
	# js/wasm build a browser would need (flags as workbook's).
	rm -rf "$work/own"; mkdir "$work/own"; printf 'module own\n\ngo 1.24\n' > "$work/own/go.mod"
	awk '/^```go name=p0/{f=1;next} /^```/{if(f)exit} f' "$f" > "$work/own/main.go"
	timed ownw sh -c "cd '$work/own' && go build -o own . && ./own && GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o own.wasm ."
	timed program "${wb[@]}" -out "$work/out"
	# Another program edit, built without the browser binary (-wasm=false);
	# first the same program's own build and run, as its author would do
	# them by hand: go build in a module of its own, then the binary.
	sed -i "0,/^func main() {\$/s//func main() {\n\t\/\/ round $r, no wasm/" "$f"
	rm -rf "$work/own"; mkdir "$work/own"; printf 'module own\n\ngo 1.24\n' > "$work/own/go.mod"
	awk '/^```go name=p0/{f=1;next} /^```/{if(f)exit} f' "$f" > "$work/own/main.go"
	timed own sh -c "cd '$work/own' && go build -o own . && ./own"
	timed programnw "${wb[@]}" -wasm=false -out "$work/outnw"
	# Untimed: the browser binary of the book as it now is, so the next
	# round's full build finds it cached, as it finds results.
	"${wb[@]}" -out "$work/out" >/dev/null 2>&1
done
best() { sort -n "$work/m.$1" | head -1 | cut -d' ' -f1; }
rss() { sort -n -k2 "$work/m.$1" | tail -1 | awk '{printf "%.0f", $2 / 1024}'; }
rounds() { cut -d' ' -f1 "$work/m.$1" | tr '\n' ' '; }
echo
echo "$(nproc) CPUs, $(go version | cut -d' ' -f3-), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "book: $N lessons, $(cat "$work"/book/*.md | wc -l) lines; best of $ROUNDS, rounds interleaved"
printf '%-34s %9s %9s  %s\n' "what" "best ms" "peak MB" "rounds (ms)"
row() { printf '%-34s %9s %9s  %s\n' "$1" "$(best "$2")" "$(rss "$2")" "$(rounds "$2")"; }
[ -n "$hugo" ] && row "hugo $("$hugo" version | cut -d' ' -f2)" hugo
row "workbook full" full
row "workbook full, cold highlight cache" coldhl
row "workbook nothing changed" unchanged
row "workbook one prose edit" prose
row "workbook one program edit" program
row "  own go build, run, js/wasm build" ownw
row "  same, -wasm=false" programnw
row "  its own go build and run" own
awk -v w="$(best program)" -v o="$(best ownw)" 'BEGIN { printf "program edit beyond its own builds and run: %d ms\n", w - o }'
awk -v w="$(best programnw)" -v o="$(best own)" 'BEGIN { printf "program edit, -wasm=false, beyond its own build and run: %d ms\n", w - o }'
if [ -n "$hugo" ]; then
	awk -v w="$(best full)" -v h="$(best hugo)" -v c="$(best coldhl)" \
		'BEGIN { printf "full / hugo: %.2f×   (cold highlight cache: %.2f×)\n", w / h, c / h }'
fi
du -sh "$work/out" | sed 's/^/workbook site size: /'
