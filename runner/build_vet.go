package runner

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// vetOut is what one go vet reported.
type vetOut struct {
	findings map[string][]vetFinding // by package directory
	sections map[string]string       // stderr by package directory (type errors)
	rest     string                  // stderr that names no package
	failed   bool
	// loadErr reports output before any "# pkg" header: a load error,
	// which stops go vet before it checks any package.
	loadErr bool
}

type vetFinding struct {
	file      string
	line, col int
	text      string // "file:line:col: message"
}

// vet runs one go vet -json, in the background (startBackground), over the programs as written (never the
// merged rewrites), so findings name the program's own positions.
// -json reports each package's findings under its import path, where the
// text form would have to be split by headers; it also exits 0 with
// findings, so a failure means vet could not check something.
func (r *Runner) vet(ctx context.Context, m *buildModule, progs []int) (vetOut, error) {
	args := []string{"vet", "-json"}
	for _, i := range progs {
		args = append(args, "./"+progDir(i)+"/...") // with its own packages
	}
	// Its verdict is only needed once a program has run (see
	// stagedBuild), so it gives way to the build, whose binaries the
	// runs wait for.
	out, err := r.runGoWith(ctx, m, false, startBackground, args...)
	if err != nil {
		return vetOut{}, err
	}
	v := vetOut{failed: out.failed}
	if s := strings.TrimLeft(out.stderr, "\n"); s != "" && !strings.HasPrefix(s, "# ") {
		v.loadErr = true
	}
	v.sections, v.rest = m.splitOutput(out.stderr)
	v.findings, err = m.parseVet(out.stdout)
	if err != nil {
		v.failed = true
		v.rest = strings.TrimSpace(v.rest + "\n" + err.Error())
	}
	return v, nil
}

// parseVet reads go vet -json output: a stream of objects
// {"importpath": {"analyzer": [{"posn": ..., "message": ...}]}}, where an
// analyzer that failed has {"error": ...} instead of a list.
func (m *buildModule) parseVet(data []byte) (map[string][]vetFinding, error) {
	type diag struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	found := map[string][]vetFinding{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var obj map[string]map[string]json.RawMessage
		if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return found, fmt.Errorf("reading go vet -json output: %w", err)
		}
		for pkg, analyzers := range obj {
			d, ok := m.progOf(pkg)
			if !ok {
				continue
			}
			for name, raw := range analyzers {
				var diags []diag
				if json.Unmarshal(raw, &diags) != nil {
					var fail struct{ Error string }
					_ = json.Unmarshal(raw, &fail)
					found[d] = append(found[d], vetFinding{text: "vet: " + name + ": " + cmp.Or(fail.Error, string(raw))})
					continue
				}
				for _, dg := range diags {
					found[d] = append(found[d], newVetFinding(m.clean(dg.Posn, d), dg.Message))
				}
			}
		}
	}
	return found, nil
}

func newVetFinding(posn, msg string) vetFinding {
	f := vetFinding{file: posn, text: posn + ": " + msg}
	// posn is file:line:col; file names may hold colons, so cut from the end.
	if i := strings.LastIndexByte(posn, ':'); i > 0 {
		if j := strings.LastIndexByte(posn[:i], ':'); j > 0 {
			f.line, _ = strconv.Atoi(posn[j+1 : i])
			f.col, _ = strconv.Atoi(posn[i+1:])
			f.file = posn[:j]
		}
	}
	return f
}

// complete reports whether v covers every program in built. A package
// that fails to type-check only costs its own findings, but a load error
// (unheaded output) stops go vet before it checks anything.
func (v vetOut) complete(built []int) bool {
	if !v.failed {
		return true
	}
	if v.loadErr || v.rest != "" {
		return false
	}
	for _, i := range built {
		if v.sections[progDir(i)] != "" {
			return false
		}
	}
	return true
}

// vetVerdicts returns, by program, vet's complaint about each program
// that built ("" for none and for programs that did not build). vet ran
// beside the build over every program; when it was cut short by a
// program that also failed to build, it is run again over the rest. outs
// is only read.
func (r *Runner) vetVerdicts(ctx context.Context, m *buildModule, progs []*Program, outs []buildOut, v vetOut) ([]string, error) {
	verdicts := make([]string, len(progs))
	var built []int
	for i, o := range outs {
		if o.Build.OK && !progs[i].NoVet {
			built = append(built, i)
		}
	}
	if len(built) == 0 {
		return verdicts, nil
	}
	if !v.complete(built) {
		var err error
		if v, err = r.vet(ctx, m, built); err != nil {
			return nil, err
		}
	}
	for _, i := range built {
		verdicts[i] = v.verdict(progDir(i))
	}
	return verdicts, nil
}

// verdict is vet's complaint about package directory d, "" for none.
func (v vetOut) verdict(d string) string {
	fs := slices.Clone(v.findings[d])
	slices.SortStableFunc(fs, func(a, b vetFinding) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line),
			cmp.Compare(a.col, b.col), cmp.Compare(a.text, b.text))
	})
	var lines []string
	for _, f := range fs {
		lines = append(lines, f.text)
	}
	if s := v.sections[d]; s != "" {
		lines = append(lines, s)
	}
	if v.failed && v.rest != "" {
		lines = append(lines, v.rest)
	}
	return strings.Join(lines, "\n")
}
