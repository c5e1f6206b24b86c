package book

import (
	"strings"
	"testing"
	"testing/fstest"
)

func loadIndex(t *testing.T, front string) (*Book, error) {
	t.Helper()
	return Load(fstest.MapFS{
		"index.md":  {Data: []byte("---\n" + front + "---\n\nHome.\n")},
		"01-one.md": {Data: []byte("---\ntitle: One\n---\n")},
	}, "lessons")
}

func TestSettings(t *testing.T) {
	t.Parallel()
	b, err := loadIndex(t, "title: T\ndescription: D\nlanguage: pt-BR\nrepository: https://gitlab.com/o/r/-/edit/dev/book/{path}\nplayground: false\n")
	if err != nil {
		t.Fatal(err)
	}
	s := b.Settings
	if s.Title != "T" || b.Index.Meta.Title != "T" || s.Description != "D" || s.Language != "pt-BR" || s.Playground || !s.RunInBrowser {
		t.Errorf("settings: %+v", s)
	}
	if got := s.EditURL(b.Lessons[0]); got != "https://gitlab.com/o/r/-/edit/dev/book/01-one.md" {
		t.Errorf("edit link from a template: %s", got)
	}
	b, err = loadIndex(t, "repository: https://github.com/o/r/\nbranch: trunk\nrepository-folder: docs/lessons\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Settings.EditURL(b.Lessons[0]); got != "https://github.com/o/r/edit/trunk/docs/lessons/01-one.md" {
		t.Errorf("edit link: %s", got)
	}
	if b.Settings.Language != "en" || !b.Settings.Playground {
		t.Errorf("defaults: %+v", b.Settings)
	}
	b, err = Load(fstest.MapFS{"01-one.md": {Data: []byte("---\ntitle: One\n---\n")}}, "lessons")
	if err != nil || b.Settings.Language != "en" || b.Settings.EditURL(b.Lessons[0]) != "" {
		t.Errorf("without index.md: %+v, %v", b.Settings, err)
	}
}

func TestSettingsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ front, want string }{
		{"title: T\nplaygrund: false\n", "lessons/index.md:3: front matter: unknown field playgrund (valid: title, summary, description, repository, branch, repository-folder, language, playground, run-in-browser)"},
		{"title: T\nweight: 3\n", "lessons/index.md:3: front matter: unknown field weight (valid: title"},
		{"title: T\n\nrepository: github.com/o/r\n", `lessons/index.md:4: front matter: repository: "github.com/o/r" is not an http(s) URL`},
		{"language: english language\n", `lessons/index.md:2: front matter: language: "english language" is not a language tag`},
		{"run-in-browser: maybe\n", "lessons/index.md:2: front matter: cannot unmarshal !!str `maybe` into bool"},
	} {
		_, err := loadIndex(t, tc.front)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s", tc.front, err, tc.want)
		}
	}
}
