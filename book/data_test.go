package book

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const dataLesson = "---\ntitle: T\n---\n\n```go name=a files=\"data.txt testdata/\" stdin=in.txt\npackage main\n\nfunc main() {}\n```\n"

func TestLoadReadsDataFiles(t *testing.T) {
	b, err := Load(fstest.MapFS{
		"x.md":                {Data: []byte(dataLesson)},
		"data.txt":            {Data: []byte("data")},
		"in.txt":              {Data: []byte("typed")},
		"testdata/a.txt":      {Data: []byte("a")},
		"testdata/deep/b.txt": {Data: []byte("b")},
		"other.txt":           {Data: []byte("not named")},
	}, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	p := b.Lessons[0].Programs[0]
	want := map[string]string{"data.txt": "data", "testdata/a.txt": "a", "testdata/deep/b.txt": "b"}
	if len(p.Files) != len(want) {
		t.Errorf("Files has %d entries, want %d: %q", len(p.Files), len(want), p.Files)
	}
	for name, data := range want {
		if string(p.Files[name]) != data {
			t.Errorf("Files[%q] = %q, want %q", name, p.Files[name], data)
		}
	}
	if string(p.Stdin) != "typed" {
		t.Errorf("Stdin = %q", p.Stdin)
	}
}

func TestDataFileErrors(t *testing.T) {
	tests := []struct{ attrs, want string }{
		{`files="missing.txt"`, `lessons/x.md:5:7: files: missing.txt: file does not exist`},
		{`files="../secret"`, `lessons/x.md:5:7: bad files="../secret": "../secret" is outside the lesson's folder`},
		{`files=/etc/passwd`, `lessons/x.md:5:7: bad files=/etc/passwd: "/etc/passwd" is an absolute path`},
		{`files="a/../../x"`, `outside the lesson's folder`},
		{`files=go.mod`, `would change the module`},
		{`files=main.go`, `would replace the program's own files`},
		{`stdin=testdata`, `lessons/x.md:5:7: stdin: testdata is a folder: stdin= takes a file`},
		{`name=a stdin=nope.txt`, `lessons/x.md:5:14: stdin: nope.txt: file does not exist`},
		{`files="src/"`, `files: src/a.go is a source file the go command would build`},
	}
	for _, tt := range tests {
		src := "---\ntitle: T\n---\n\n```go " + tt.attrs + "\npackage main\n\nfunc main() {}\n```\n"
		_, err := Load(fstest.MapFS{
			"x.md":           {Data: []byte(src)},
			"testdata/a.txt": {Data: []byte("a")},
			"testdata/b.go":  {Data: []byte("package b")},
			"src/a.go":       {Data: []byte("package a")},
		}, "lessons")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.attrs, err, tt.want)
		}
	}
}

func TestDataFileSymlinkOutIsRefused(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret"), "secret")
	write(filepath.Join(dir, "real.txt"), "real")
	write(filepath.Join(dir, "x.md"), strings.Replace(dataLesson, `files="data.txt testdata/" stdin=in.txt`, `files="in.txt out.txt dir/"`, 1))
	links := map[string]string{
		"in.txt":  "real.txt",
		"out.txt": filepath.Join(outside, "secret"),
		"dir":     outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	_, err := Load(os.DirFS(dir), "lessons")
	if err == nil {
		t.Fatal("links out of the folder were followed")
	}
	for _, want := range []string{"out.txt is a symbolic link to", "dir is a symbolic link to"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "in.txt") {
		t.Errorf("a link inside the folder was refused: %v", err)
	}
}
