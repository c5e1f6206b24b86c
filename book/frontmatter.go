package book

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Front matter is YAML between two "---" lines, the first of which is the
// file's first line.
const fence = "---"

// yaml.v3 reports positions only inside its messages ("line 3: ..."), so
// they are parsed back out to be shifted to file lines.
var (
	yamlLineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRE = regexp.MustCompile(`^field (\S+) not found in type book\.(\w+)$`)
)

// validFields lists the keys of each front-matter type, for messages.
var validFields = map[string]string{
	"Meta":         "title, summary, weight, sources, draft",
	"settingsYAML": "title, summary, description, repository, branch, repository-folder, language, playground, run-in-browser",
	"Source":       "title, author, site, url",
}

// splitFrontMatter finds the front matter in src. It returns the YAML text
// (which starts on the file's line 2) and the offset just past the closing
// "---" line. ok reports an opening "---" line, closed a closing one.
func splitFrontMatter(src []byte) (yml []byte, end int, ok, closed bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || !isFence(first) {
		return nil, 0, false, false
	}
	off := len(first) + 1
	for len(rest) > 0 {
		line, next, found := bytes.Cut(rest, []byte("\n"))
		lineEnd := off + len(line)
		if found {
			lineEnd++
		}
		if isFence(line) {
			return src[len(first)+1 : off], lineEnd, true, true
		}
		off, rest = lineEnd, next
	}
	return nil, 0, true, false
}

func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == fence
}

// parseFrontMatter decodes the YAML in yml, whose first line is line 2 of
// the file, reporting problems at file lines up to maxLine (the closing
// "---").
func parseFrontMatter(file string, yml []byte, maxLine int, meta any, errs *ErrorList) {
	dec := yaml.NewDecoder(bytes.NewReader(yml))
	// Typos in field names must not pass silently.
	dec.KnownFields(true)
	err := dec.Decode(meta)
	if err == nil || errors.Is(err, io.EOF) {
		return
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			line, text := yamlPosition(msg, maxLine)
			errs.errorf(file, line, 0, "front matter: %s", text)
		}
		return
	}
	line, text := yamlPosition(err.Error(), maxLine)
	errs.errorf(file, line, 0, "malformed front matter: %s", text)
}

// yamlPosition splits a yaml.v3 message into a file line and the message
// with friendlier wording for unknown fields.
func yamlPosition(msg string, maxLine int) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1 // the opening "---" when yaml gives no line
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			line = min(n+1, maxLine) // the YAML starts on the file's second line
		}
		msg = m[2]
	}
	if m := yamlUnknownRE.FindStringSubmatch(msg); m != nil {
		msg = "unknown field " + m[1]
		if valid, ok := validFields[m[2]]; ok {
			msg += " (valid: " + valid + ")"
		}
	}
	return line, msg
}
