package runner

import (
	"regexp"
	"slices"
	"strings"
)

// pkgDirRe matches the package directories of a build module.
var pkgDirRe = regexp.MustCompile(`^(?:p|m|wbmain)[0-9]+$`)

// splitOutput divides the output of go build or go vet by the package
// directory it is about, cleaned of temporary paths (see clean). Compiler
// and vet errors come under a "# importpath" header (vet adds a
// "# [importpath]" one); load errors have no header and are owned by the
// package directory or import path they name. Lines that name none are
// returned as rest.
func (m *buildModule) splitOutput(out string) (sections map[string]string, rest string) {
	byDir := map[string][]string{}
	var restLines []string
	owner, headed := "", false
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if h, ok := strings.CutPrefix(line, "# "); ok {
			h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
			owner, headed = "", true
			if d, ok := m.progOf(h); ok {
				owner = d
			}
			continue
		}
		if !headed && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, " ") {
			// A load error starts a new message: find whose it is.
			// Indented lines continue the message before them.
			owner = m.lineOwner(line)
		}
		if owner == "" {
			if line != "" {
				restLines = append(restLines, line)
			}
			continue
		}
		byDir[owner] = append(byDir[owner], line)
	}
	sections = map[string]string{}
	for d, lines := range byDir {
		if s := strings.TrimSpace(m.clean(strings.Join(lines, "\n"), d)); s != "" {
			sections[d] = s
		}
	}
	return sections, strings.Join(restLines, "\n")
}

// lineOwner returns the package directory an unheaded line is about:
// "p3/main.go:3:8: ..." or "package wbprog/p3: ...", else "".
func (m *buildModule) lineOwner(line string) string {
	first, _, ok := strings.Cut(strings.TrimPrefix(line, "./"), "/")
	if ok && pkgDirRe.MatchString(first) {
		return first
	}
	if sm := m.refRe.FindStringSubmatch(line); sm != nil {
		return sm[1]
	}
	return ""
}

// clean removes the temporary module from positions in go's output, so
// that they read as the compiler reports the file: "wbpart1.go:3:5" when
// a //line directive names it, else "main.go:3:5". Everything else is
// kept as go printed it.
func (m *buildModule) clean(text, pkg string) string {
	// Longest first: /tmp/x is inside /private/tmp/x.
	dirs := slices.SortedFunc(slices.Values(m.dirs), func(a, b string) int { return len(b) - len(a) })
	// Import paths of the program's own packages read as written.
	text = strings.ReplaceAll(text, m.path+"/"+pkg+"/", m.importPath()+"/")
	for _, d := range dirs {
		text = strings.ReplaceAll(text, d+"/"+pkg+"/", "")
		text = strings.ReplaceAll(text, d+"/", "")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = trimDirRefs(l, pkg)
	}
	return strings.Join(lines, "\n")
}

// trimDirRefs drops the relative directory go puts before file names
// ("p3/main.go", "./p3/main.go") where a position starts: at the start
// of the line or after a space or parenthesis.
func trimDirRefs(line, pkg string) string {
	var b strings.Builder
	for {
		i := strings.Index(line, pkg+"/")
		if i < 0 {
			b.WriteString(line)
			return b.String()
		}
		start := i
		if strings.HasSuffix(line[:i], "./") {
			start = i - 2
		}
		if start == 0 || strings.ContainsAny(line[start-1:start], " \t(") {
			b.WriteString(line[:start])
		} else {
			b.WriteString(line[:i+len(pkg)+1])
		}
		line = line[i+len(pkg)+1:]
	}
}
