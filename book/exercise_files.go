package book

import (
	"maps"
	"regexp"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// lineDirectiveRE matches the //line directives Program.Source puts
// before each part.
var lineDirectiveRE = regexp.MustCompile(`(?m)^//line wbpart\d+\.go:1:1\n`)

// StarterFiles returns the files a reader starts the exercise from, by
// slash-separated path: the starter's Go files as the lesson shows them
// plus its hidden (OMIT) lines, and the go test files that check it, so
// the reader can read the check.
func (e *Exercise) StarterFiles() map[string][]byte {
	st := e.Starter
	files := map[string][]byte{}
	for _, name := range st.FileNames() {
		files[name] = lineDirectiveRE.ReplaceAll(st.file(name), nil)
	}
	return files
}

// Attempt returns the program that checks a reader's attempt: the
// starter as the lesson runs it (its attributes, its files=), with the
// reader's Go files (by slash-separated path, as StarterFiles names
// them) in place of the starter's, except the test files, which are the
// check and stay the lesson's. Check the result with CheckAttempt on
// e.Starter.
func (e *Exercise) Attempt(files map[string][]byte) *runner.Program {
	rp := e.Starter.RunnerProgram()
	checks := map[string][]byte{}
	for name, src := range rp.GoFiles {
		if strings.HasSuffix(name, "_test.go") {
			checks[name] = src
		}
	}
	rp.Source = files[mainFile]
	rp.GoFiles = map[string][]byte{}
	for name, src := range files {
		if name != mainFile && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rp.GoFiles[name] = src
		}
	}
	maps.Copy(rp.GoFiles, checks)
	if len(rp.GoFiles) == 0 {
		rp.GoFiles = nil
	}
	return rp
}
