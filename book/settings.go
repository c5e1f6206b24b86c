package book

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Settings are the book's settings: the front matter of the lessons
// folder's index.md.
//
//	title: Go concurrency for Python programmers
//	summary: The sentence under the title on the home page.
//	description: The page description search engines show (default: summary).
//	repository: https://github.com/owner/repo
//	branch: main
//	repository-folder: lessons
//	language: en
//	playground: false
//	run-in-browser: false
type Settings struct {
	Title       string
	Summary     string
	Description string
	// Repository, when set, gives each page an "Edit this page" link:
	// a URL with {path} in it is a template ({path} is the page's file
	// in the lessons folder, "02-channels/01-pipes.md"); any other URL is
	// a repository in the GitHub style, edited at
	// REPOSITORY/edit/BRANCH/REPOSITORY-FOLDER/PATH.
	Repository string
	// Branch is the repository's branch for edit links. Default: main.
	Branch string
	// RepositoryFolder is the lessons folder's path in the repository.
	// Default: lessons.
	RepositoryFolder string
	// Language is the pages' language (html lang). Default: en.
	Language string
	// Playground and RunInBrowser switch features off for books that do
	// not want them: the Go Playground links and the in-browser Run
	// button. Both default to true.
	Playground, RunInBrowser bool
}

// settingsYAML is Settings as written; its type name appears in messages
// about unknown fields (see validFields).
type settingsYAML struct {
	Title            string `yaml:"title"`
	Summary          string `yaml:"summary"`
	Description      string `yaml:"description"`
	Repository       string `yaml:"repository"`
	Branch           string `yaml:"branch"`
	RepositoryFolder string `yaml:"repository-folder"`
	Language         string `yaml:"language"`
	Playground       *bool  `yaml:"playground"`
	RunInBrowser     *bool  `yaml:"run-in-browser"`
}

func defaultSettings() Settings {
	return Settings{Branch: "main", RepositoryFolder: "lessons", Language: "en", Playground: true, RunInBrowser: true}
}

// languageRE matches a BCP 47 language tag closely enough to catch typos.
var languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// settings turns the decoded YAML into Settings, reporting bad values
// at their lines. yml is the front matter text, which starts on line 2.
func (s settingsYAML) settings(file string, yml []byte, errs *ErrorList) Settings {
	out := defaultSettings()
	out.Title, out.Summary, out.Description = s.Title, s.Summary, s.Description
	out.Repository = strings.TrimRight(s.Repository, "/")
	out.Branch = orDefault(s.Branch, out.Branch)
	out.RepositoryFolder = strings.Trim(orDefault(s.RepositoryFolder, out.RepositoryFolder), "/")
	out.Language = orDefault(s.Language, out.Language)
	if s.Playground != nil {
		out.Playground = *s.Playground
	}
	if s.RunInBrowser != nil {
		out.RunInBrowser = *s.RunInBrowser
	}
	lines := keyLines(yml)
	bad := func(key, format string, args ...any) {
		errs.errorf(file, max(lines[key], 1), 0, "front matter: "+key+": "+format, args...)
	}
	if s.Repository != "" {
		if u, err := url.Parse(s.Repository); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("repository", "%q is not an http(s) URL (want https://github.com/owner/repo, or a URL with {path})", s.Repository)
		}
	}
	if !languageRE.MatchString(out.Language) {
		bad("language", "%q is not a language tag (e.g. en, pt-BR)", out.Language)
	}
	if strings.ContainsAny(out.Branch, " \t") {
		bad("branch", "%q is not a branch name", out.Branch)
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// keyLines returns the file line of each top-level key in yml; a
// missing key maps to line 1, the opening "---".
func keyLines(yml []byte) map[string]int {
	lines := map[string]int{}
	var doc yaml.Node
	if yaml.NewDecoder(bytes.NewReader(yml)).Decode(&doc) != nil || len(doc.Content) == 0 {
		return lines
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		lines[m.Content[i].Value] = m.Content[i].Line + 1 // the YAML starts on line 2
	}
	return lines
}

// EditURL returns the "Edit this page" link for a page of the book, or
// "" when the book names no repository.
func (s Settings) EditURL(l *Lesson) string {
	if s.Repository == "" || l == nil {
		return ""
	}
	p := l.Slug + ".md"
	if strings.Contains(s.Repository, "{path}") {
		return strings.ReplaceAll(s.Repository, "{path}", p)
	}
	if s.RepositoryFolder != "" && s.RepositoryFolder != "." {
		p = s.RepositoryFolder + "/" + p
	}
	return s.Repository + "/edit/" + s.Branch + "/" + p
}
