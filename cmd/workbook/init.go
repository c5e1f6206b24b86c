package main

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
)

// templates are the files init writes. Their delimiters are [[ ]], since
// GitHub workflows use ${{ }} themselves.
//
//go:embed templates
var templates embed.FS

// A newFile is one file init writes: its path in the new book and the
// template it comes from.
type newFile struct {
	path, template string
}

// maxShards bounds init -shards: GitHub Actions runs at most 256 jobs
// from one matrix.
const maxShards = 256

// initFiles lists what init writes, for a book in lessons whose site
// goes to out.
func initFiles(lessons string, shards int) []newFile {
	files := []newFile{
		{lessons + "/index.md", "index.md"},
		{lessons + "/01-first.md", "01-first.md"},
		{".gitignore", "gitignore"},
	}
	if shards > 1 {
		return append(files, newFile{".github/workflows/book.yml", "sharded.yml"})
	}
	return append(files,
		newFile{".github/workflows/ci.yml", "ci.yml"},
		newFile{".github/workflows/pages.yml", "pages.yml"})
}

// templateData is what the templates fill in.
type templateData struct {
	Ref       string // the workbook action's ref: this binary's release, else main
	Lessons   string
	Out       string
	Shards    int
	ShardList string // "[1, 2, 3]"
}

func runInit(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "init")
	shards := fs.Int("shards", 1, "verify in N parallel CI jobs, merging their results to publish (writes one sharded workflow)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErrorf(cio, "init: want at most one folder, got %d arguments", fs.NArg())
	}
	if *shards < 1 || *shards > maxShards {
		return usageErrorf(cio, "init: -shards must be between 1 and %d", maxShards)
	}
	dir := cmp.Or(fs.Arg(0), ".")
	data := newTemplateData(actionRef(buildVersion()), *shards)
	files := initFiles(data.Lessons, *shards)
	if err := writeNew(dir, files, data); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(cio.stderr, "wrote %s\n", filepath.Join(dir, f.path))
	}
	printNext(cio, dir)
	return nil
}

func newTemplateData(ref string, shards int) templateData {
	list := make([]string, shards)
	for i := range list {
		list[i] = strconv.Itoa(i + 1)
	}
	return templateData{Ref: ref, Lessons: "lessons", Out: "public", Shards: shards,
		ShardList: "[" + strings.Join(list, ", ") + "]"}
}

// writeNew renders every file and writes them under dir, refusing to
// overwrite anything: when any of them exists, nothing is written.
func writeNew(dir string, files []newFile, data templateData) error {
	var exist []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, f.path)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			exist = append(exist, filepath.Join(dir, f.path))
		}
	}
	if len(exist) > 0 {
		return inputError{fmt.Errorf("init: not overwriting %s; remove it or choose another folder", strings.Join(exist, ", "))}
	}
	for _, f := range files {
		text, err := renderTemplate(f.template, data)
		if err != nil {
			return err
		}
		name := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		// O_EXCL: a file that appeared since the check is still not overwritten.
		fh, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err != nil {
			return fmt.Errorf("init: %w", err)
		}
		_, err = fh.Write(text)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("init: %w", err)
		}
	}
	return nil
}

func renderTemplate(name string, data templateData) ([]byte, error) {
	src, err := templates.ReadFile("templates/" + name)
	if err != nil {
		return nil, fmt.Errorf("init: %w", err)
	}
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("init: template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("init: template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// printNext prints the three commands that come next.
func printNext(cio cmdIO, dir string) {
	where := "Next"
	if filepath.Clean(dir) != "." {
		where = "Next, in " + dir
	}
	fmt.Fprintf(cio.stdout, `Your book is ready. %s:

  workbook serve     # preview it at http://127.0.0.1:8080 while you write
  workbook verify    # check every program, as CI will
  git init && git add -A && git commit -m "A new book"

Then push to GitHub and set Settings → Pages → Source to "GitHub Actions".
`, where)
}
