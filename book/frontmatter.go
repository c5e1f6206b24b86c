package book

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Front matter is YAML between two "---" lines, the first of which is the
// file's first line.
const fence = "---"

// yaml.v3 reports a syntax error's position only inside its message
// ("line 3: ..."), so it is parsed back out to be shifted to a file line.
var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

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
// "---"): a syntax error, else every field's problem (fieldDecoder).
func parseFrontMatter(file string, yml []byte, maxLine int, meta *Meta, errs *ErrorList) {
	var doc yaml.Node
	err := yaml.Unmarshal(yml, &doc)
	if err == nil {
		(&fieldDecoder{file: file, maxLine: maxLine, errs: errs}).document(&doc, meta)
		return
	}
	line, text := yamlPosition(err.Error(), maxLine)
	errs.errorf(file, line, 0, "malformed front matter: %s", text)
}

// yamlPosition splits a yaml.v3 syntax error into a file line and the
// message.
func yamlPosition(msg string, maxLine int) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1 // the opening "---" when yaml gives no line
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			line = min(n+1, maxLine) // the YAML starts on the file's second line
		}
		msg = m[2]
	}
	return line, msg
}
