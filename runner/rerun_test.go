package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergedFailureRunsOnce: a merged program that exits non-zero ran
// once (its side effect happened once); one that panics is run again
// alone, so its trace names main, and its result says it ran twice.
func TestMergedFailureRunsOnce(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	appendAndExit := src(1, `import "os"

func main() {
	f, _ := os.OpenFile(os.Args[1], os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	f.WriteString("ran\n")
	f.Close()
	os.Exit(3)
}
`)
	panics := src(2, "func main() {\n\tpanic(\"boom\")\n}\n")
	r := &Runner{CacheDir: t.TempDir()}
	res := runAll(t, r,
		&Program{Source: appendAndExit, Args: []string{log}},
		&Program{Source: panics},
		&Program{Source: hello(3, "three")})
	if b, _ := os.ReadFile(log); string(b) != "ran\n" {
		t.Errorf("a failing merged program ran %d times, want once", strings.Count(string(b), "ran"))
	}
	if res[0].RanAlone || res[0].Runs[0].ExitCode != 3 {
		t.Errorf("exiting program: RanAlone %v, exit %d; want false, 3", res[0].RanAlone, res[0].Runs[0].ExitCode)
	}
	var out strings.Builder
	for _, l := range res[1].Runs[0].Output {
		out.WriteString(l.Text + "\n")
	}
	if !res[1].RanAlone || !strings.Contains(out.String(), "main.main()") || strings.Contains(out.String(), mergedPkgPrefix) {
		t.Errorf("panicking program: RanAlone %v, output %q; want it run alone, naming main.main", res[1].RanAlone, out.String())
	}
}
