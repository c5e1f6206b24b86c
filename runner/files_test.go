//go:build unix

package runner

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// filesProgram reads data.txt by path, by its argument and through
// //go:embed, lists testdata/, and echoes stdin.
const filesProgram = `package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"
)

//go:embed data.txt
var embedded string

func main() {
	b, err := os.ReadFile("data.txt")
	fmt.Printf("path: %q %v\n", b, err)
	b, err = os.ReadFile(os.Args[1])
	fmt.Printf("arg: %q %v\n", b, err)
	fmt.Printf("embed: %q\n", embedded)
	b, err = os.ReadFile("testdata/deep/x.txt")
	fmt.Printf("folder: %q %v\n", b, err)
	in, _ := io.ReadAll(os.Stdin)
	fmt.Printf("stdin: %q\n", in)
}
`

func TestRunFilesAndStdin(t *testing.T) {
	r := execTestRunner(t)
	r.CacheDir = t.TempDir()
	p := &Program{
		Source: []byte(filesProgram),
		Args:   []string{"data.txt"},
		Files: map[string][]byte{
			"data.txt":            []byte("one\ntwo\n"),
			"testdata/deep/x.txt": []byte("deep"),
		},
		Stdin: []byte("typed\n"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := r.Run(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Build.OK {
		t.Fatalf("build failed: %s%s", res.Build.Output, res.Build.Vet)
	}
	want := `path: "one\ntwo\n" <nil>
arg: "one\ntwo\n" <nil>
embed: "one\ntwo\n"
folder: "deep" <nil>
stdin: "typed\n"
`
	if got := execText(res.Runs[0], Stdout); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

func TestRunWithoutStdinReadsNothing(t *testing.T) {
	run := execTest(t, `package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	fmt.Printf("%q %v\n", in, err)
}
`, execSpec{})
	if got := execText(run, Stdout); got != "\"\" <nil>\n" {
		t.Errorf("stdin gave %q", got)
	}
}

func TestWriteFilesRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"../x", "/etc/x", "a/../../x", ""} {
		if err := writeFiles(dir, map[string][]byte{name: nil}); err == nil {
			t.Errorf("writeFiles(%q) succeeded", name)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "x")); err == nil {
		t.Error("a file was written outside the folder")
	}
}
