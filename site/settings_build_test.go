package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workbook-dev/workbook/runner"
)

// fakeWasm "compiles" every program into a stand-in binary and counts
// the calls.
type fakeWasm struct{ calls int }

func (f *fakeWasm) BuildWasm(ctx context.Context, progs []*runner.Program, others ...string) (*runner.WasmBuild, error) {
	f.calls++
	wb := &runner.WasmBuild{Wasm: []byte("\x00asm"), Names: map[int]string{}, Why: map[int]string{}}
	for i := range progs {
		wb.Names[i] = "p" + string(rune('1'+i))
	}
	return wb, nil
}

// TestBookSettingsSwitchFeaturesOff: playground: false and
// run-in-browser: false in the book's settings leave out the Playground
// links and the Run in your browser buttons, as the build options do.
func TestBookSettingsSwitchFeaturesOff(t *testing.T) {
	lesson := "---\ntitle: One\n---\n\n```go name=hello\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n```\n"
	for _, c := range []struct {
		settings       string
		play, runInWeb bool
	}{
		{"", true, true},
		{"playground: false\n", false, true},
		{"run-in-browser: false\n", true, false},
	} {
		fsys := fstest.MapFS{
			"index.md": {Data: []byte("---\ntitle: Book\n" + c.settings + "---\n\nHome.\n")},
			"01-a.md":  {Data: []byte(lesson)},
		}
		out := filepath.Join(t.TempDir(), "public")
		w := &fakeWasm{}
		if _, err := Build(context.Background(), Config{Lessons: fsys, Out: out, Runner: &echoRunner{}, Wasm: w}); err != nil {
			t.Fatalf("%q: %v", c.settings, err)
		}
		page, err := os.ReadFile(filepath.Join(out, "01-a.html"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(page), "data-play="); got != c.play {
			t.Errorf("%q: Playground link %v, want %v", c.settings, got, c.play)
		}
		if got := strings.Contains(string(page), `data-run="wasm"`); got != c.runInWeb {
			t.Errorf("%q: Run in your browser %v, want %v", c.settings, got, c.runInWeb)
		}
	}
}
