package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

const storeCode = "package main\n\nfunc main() { println(\"<é>\") }\n"

func TestHighlightStoreEncoding(t *testing.T) {
	for _, lines := range [][]codeLine{
		{},
		{{HTML: "", Text: ""}},
		{{HTML: `<span class="kn">package</span> main`, Text: "package main"}, {HTML: "&lt;é&gt;", Text: "<é>"}},
	} {
		got, err := decodeLines(encodeLines(lines))
		if err != nil || !reflect.DeepEqual(got, lines) {
			t.Errorf("decode(encode(%q)) = %q, %v", lines, got, err)
		}
	}
}

func TestHighlightStoreDamagedEntryIsMiss(t *testing.T) {
	data := encodeLines([]codeLine{{HTML: "a", Text: "a"}, {HTML: "b", Text: "b"}})
	for name, bad := range map[string][]byte{
		"empty":      nil,
		"truncated":  data[:len(data)-1],
		"bit flip":   append([]byte{data[0] ^ 1}, data[1:]...),
		"extra byte": append(bytes.Clone(data), 0),
	} {
		if _, err := decodeLines(bad); err == nil {
			t.Errorf("%s entry decoded without error", name)
		}
	}
	// A damaged file on disk is highlighted again, and replaced.
	dir := t.TempDir()
	want := (&highlighter{}).highlight("go", storeCode)
	h := &highlighter{dir: dir}
	h.highlight("go", storeCode)
	p := storedPath(t, dir)
	if err := os.WriteFile(p, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := (&highlighter{dir: dir}).highlight("go", storeCode); !reflect.DeepEqual(got, want) {
		t.Errorf("with a damaged entry: got %q, want %q", got, want)
	}
	if data, _ := os.ReadFile(p); string(data) == "garbage" {
		t.Error("the damaged entry was not replaced")
	}
}

// storedPath returns the one block stored under dir.
func storedPath(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != 1 {
		t.Fatalf("stored %d files (%q), want 1", len(files), files)
	}
	return files[0]
}

func TestHighlightStoreRemembersAcrossHighlighters(t *testing.T) {
	dir := t.TempDir()
	(&highlighter{dir: dir}).highlight("go", storeCode)
	p := storedPath(t, dir)
	// Replace the stored HTML: a new highlighter must use it, not chroma.
	marked := []codeLine{{HTML: "<b>from disk</b>", Text: "from disk"}}
	if err := os.WriteFile(p, encodeLines(marked), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := (&highlighter{dir: dir}).highlight("go", storeCode); !reflect.DeepEqual(got, marked) {
		t.Errorf("second highlighter got %q, want the stored %q", got, marked)
	}
	// Other code, another lexer or other styles are other entries.
	h := &highlighter{dir: dir}
	if got := h.highlight("go", storeCode+"// more\n"); reflect.DeepEqual(got, marked) {
		t.Error("other code got the stored entry")
	}
	if got := h.highlight("python", storeCode); reflect.DeepEqual(got, marked) {
		t.Error("another lexer got the stored entry")
	}
	styled, _ := h.setup()
	other := newHighlightStore(dir, map[string]string{"kn": "kn"})
	if got := newHighlightStore(dir, styled).path("Go", "x"); got == other.path("Go", "x") {
		t.Error("stores for different styles share a path")
	}
}

func TestBuildWithHighlightCacheIsIdentical(t *testing.T) {
	lessons, fake := fixture(t, bookFixture)
	cache := t.TempDir()
	build := func() map[string][]byte {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Config{Lessons: lessons, Out: out, Runner: fake, Cache: cache}); err != nil {
			t.Fatal(err)
		}
		return readTree(t, out)
	}
	out, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	plain := readTree(t, out)
	cold := build()
	if entries, _ := filepath.Glob(filepath.Join(cache, "*", "*")); len(entries) == 0 {
		t.Fatal("a build with Cache set stored no highlighted code")
	}
	warm := build()
	if len(plain) != len(cold) || len(plain) != len(warm) {
		t.Fatalf("builds wrote %d, %d and %d files", len(plain), len(cold), len(warm))
	}
	for name, data := range plain {
		if !bytes.Equal(data, cold[name]) || !bytes.Equal(data, warm[name]) {
			t.Errorf("%s differs between builds without, with an empty and with a full highlight cache", name)
		}
	}
}

// BenchmarkRender renders the fixture book with its code already
// highlighted, as a build with a warm highlight cache does.
func BenchmarkRender(b *testing.B) {
	lessons, fake := fixture(b, bookFixture)
	bk, err := book.Load(lessons, "lessons")
	if err != nil {
		b.Fatal(err)
	}
	results := map[*book.Program]*runner.Result{}
	for _, p := range bk.Programs() {
		results[p] = fake.bySource[string(p.Source())]
	}
	r := &Renderer{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(bk, results, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
