package book

import (
	"bytes"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// IsLessonsFolder reports whether the top of fsys looks like a folder of
// lessons: it holds at least one Markdown file, other than index.md,
// that starts with front matter naming a title; or it holds an index.md
// and such a file in a sub-folder (a book whose lessons are all in
// chapters). A project's root, with a README.md and no front matter, is
// not one, nor is one whose lessons are in a sub-folder of their own.
func IsLessonsFolder(fsys fs.FS) bool {
	if hasTitledLesson(fsys, ".") {
		return true
	}
	if _, err := fs.Stat(fsys, "index.md"); err != nil {
		return false
	}
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && hasTitledLesson(fsys, e.Name()) {
			return true
		}
	}
	return false
}

// hasTitledLesson reports whether the folder dir of fsys holds a
// Markdown file, other than index.md, with a title in front matter.
func hasTitledLesson(fsys fs.FS, dir string) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || name == "index.md" || strings.HasPrefix(name, ".") {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err == nil && hasTitledFrontMatter(src) {
			return true
		}
	}
	return false
}

// hasTitledFrontMatter reports whether src starts with closed front
// matter whose YAML has a title.
func hasTitledFrontMatter(src []byte) bool {
	yml, _, ok, closed := splitFrontMatter(bytes.TrimPrefix(src, []byte("\uFEFF")))
	if !ok || !closed {
		return false
	}
	var m struct {
		Title string `yaml:"title"`
	}
	return yaml.Unmarshal(yml, &m) == nil && strings.TrimSpace(m.Title) != ""
}
