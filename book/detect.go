package book

import (
	"bytes"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"
)

// IsLessonsFolder reports whether the top of fsys looks like a folder of
// lessons: it holds at least one Markdown file, other than index.md,
// that starts with front matter naming a title. A project's root, with a
// README.md and no front matter, is not one.
func IsLessonsFolder(fsys fs.FS) bool {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return false
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || name == "index.md" || strings.HasPrefix(name, ".") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
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
