package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

const modulePath = "github.com/workbook-dev/workbook"

// testVersion is the version the author test installs this checkout at.
const testVersion = "v0.0.0-test"

// moduleFile is one file of this checkout, for modzip.Create.
type moduleFile struct{ root, rel string }

func (f moduleFile) Path() string                 { return f.rel }
func (f moduleFile) Lstat() (os.FileInfo, error)  { return os.Lstat(filepath.Join(f.root, f.rel)) }
func (f moduleFile) Open() (io.ReadCloser, error) { return os.Open(filepath.Join(f.root, f.rel)) }

// moduleFiles lists what a module zip of the checkout at root holds: its
// regular files, but dot files and folders (.git, .ci) and the site
// folders a build may have left.
func moduleFiles(t testing.TB, root string) []modzip.File {
	t.Helper()
	var files []modzip.File
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		skip := name != root && (strings.HasPrefix(d.Name(), ".") || rel == "public" || rel == "bench/out")
		switch {
		case skip && d.IsDir():
			return filepath.SkipDir
		case skip, d.IsDir(), !d.Type().IsRegular():
			return nil
		}
		files = append(files, moduleFile{root, rel})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// writeProxy makes dir a GOPROXY holding this checkout (root) as
// modulePath@testVersion, the way the module proxy serves a release:
// @v/list, .info, .mod and .zip.
func writeProxy(t testing.TB, root, dir string) {
	t.Helper()
	v := filepath.Join(dir, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(v, 0o777); err != nil {
		t.Fatal(err)
	}
	var zbuf bytes.Buffer
	if err := modzip.Create(&zbuf, module.Version{Path: modulePath, Version: testVersion}, moduleFiles(t, root)); err != nil {
		t.Fatalf("zipping the module: %v", err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(map[string]any{"Version": testVersion, "Time": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	for name, data := range map[string][]byte{
		"list":                []byte(testVersion + "\n"),
		testVersion + ".info": info,
		testVersion + ".mod":  gomod,
		testVersion + ".zip":  zbuf.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(v, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	// A zip the go command would refuse fails here, with the reason.
	if _, err := zip.NewReader(bytes.NewReader(zbuf.Bytes()), int64(zbuf.Len())); err != nil {
		t.Fatal(err)
	}
}
