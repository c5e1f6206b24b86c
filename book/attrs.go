package book

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// An attrDef is one attribute of a go block. The table attrDefs is the
// only list of attributes: the parser, its error messages, the merging of
// parts, the runner's program (and so the cache key) and the
// documentation test all read it.
type attrDef struct {
	name string
	// value is the placeholder shown in the list of valid attributes
	// ("ID" gives name=ID); "" for an attribute that takes no value.
	value string
	// example is a one-line example of the attribute in use; the
	// documentation must show it.
	example string
	// want says what a value must be, for errors about a bad one.
	want string
	// run marks attributes about running, which a norun program cannot have.
	run bool
	// part marks attributes of one part, not of the whole program: parts
	// may differ, and the program does not inherit them.
	part bool
	// test marks attributes that only a program with a go test part can have.
	test bool
	// set parses val (always "" for a flag) into a and returns it in
	// canonical form, so that parts of a program can be compared.
	set func(a *Attrs, val string) (string, error)
	// runner copies the attribute into what the runner builds and runs,
	// in table order; nil for an attribute the runner never sees (it then
	// cannot change a cached result).
	runner func(rp *runner.Program, p *Program)
}

// attrDefs lists every attribute in the order the documentation gives them.
var attrDefs = []attrDef{
	{name: "name", value: "ID", example: "name=worker-pool",
		want: "want lower-case letters, digits and hyphens, like name=worker-pool",
		set: func(a *Attrs, val string) (string, error) {
			if !nameRE.MatchString(val) {
				return "", errBadValue
			}
			a.Name = val
			return val, nil
		}},
	{name: "norun", example: "norun",
		set:    func(a *Attrs, _ string) (string, error) { a.NoRun = true; return "", nil },
		runner: func(rp *runner.Program, p *Program) { rp.NoRun = p.Attrs.NoRun }},
	{name: "skip", example: "skip",
		set: func(a *Attrs, _ string) (string, error) { a.Skip = true; return "", nil }},
	{name: "exit", value: "N", example: "exit=2", run: true,
		want: "want an exit status from 0 to 255, like exit=2",
		set: func(a *Attrs, val string) (string, error) {
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 255 {
				return "", errBadValue
			}
			a.Exit = n
			return strconv.Itoa(n), nil
		}},
	{name: "timeout", value: "DUR", example: "timeout=30s", run: true,
		want: "want a positive Go duration, like timeout=30s",
		set: func(a *Attrs, val string) (string, error) {
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return "", errBadValue
			}
			a.Timeout = d
			return d.String(), nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.Timeout = p.Attrs.Timeout }},
	{name: "race", example: "race",
		set:    func(a *Attrs, _ string) (string, error) { a.Race = true; return "", nil },
		runner: func(rp *runner.Program, p *Program) { rp.Race = p.Attrs.Race }},
	{name: "gomaxprocs", value: "N,N,...", example: "gomaxprocs=1,2,4", run: true,
		want: "want positive integers separated by commas, like gomaxprocs=1,2,4",
		set: func(a *Attrs, val string) (string, error) {
			procs, err := parseProcs(val)
			if err != nil {
				return "", err
			}
			a.GOMAXPROCS = procs
			return fmt.Sprint(procs), nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.GOMAXPROCS = p.Attrs.GOMAXPROCS }},
	{name: "trace", example: "trace", run: true,
		set:    func(a *Attrs, _ string) (string, error) { a.Trace = true; return "", nil },
		runner: func(rp *runner.Program, p *Program) { rp.Trace = p.Attrs.Trace }},
	{name: "exclusive", example: "exclusive", run: true,
		set:    func(a *Attrs, _ string) (string, error) { a.Exclusive = true; return "", nil },
		runner: func(rp *runner.Program, p *Program) { rp.Exclusive = p.Attrs.Exclusive }},
	{name: "args", value: `"..."`, example: `args="-n 3 input.txt"`, run: true,
		want: `want a double-quoted string of space-separated arguments, like args="-n 3 input.txt"`,
		set: func(a *Attrs, val string) (string, error) {
			args, err := parseArgs(val)
			if err != nil {
				return "", err
			}
			a.Args = args
			return fmt.Sprintf("%q", args), nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.Args = p.Attrs.Args }},
	{name: "files", value: `"..."`, example: `files="data.txt testdata/"`,
		want: `want a double-quoted list of files and folders in the lesson's folder, like files="data.txt testdata/"`,
		set: func(a *Attrs, val string) (string, error) {
			paths, err := parseArgs(val)
			if err != nil {
				return "", err
			}
			for i, p := range paths {
				if paths[i], err = dataPath(p); err != nil {
					return "", err
				}
			}
			if len(paths) == 0 {
				return "", errBadValue
			}
			a.Files = paths
			return fmt.Sprintf("%q", paths), nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.Files = p.Files }},
	{name: "file", value: "NAME.go", example: "file=shapes/shapes.go", part: true,
		want: "want a Go file name in the program's folder, like file=shapes.go or file=shapes/shapes.go",
		set: func(a *Attrs, val string) (string, error) {
			f, err := goFilePath(val)
			if err != nil {
				return "", err
			}
			a.File = f
			return f, nil
		}},
	{name: "vet", value: "false", example: "vet=false",
		want: "want vet=false, for a program that shows what go vet reports",
		set: func(a *Attrs, val string) (string, error) {
			if val != "false" {
				return "", errBadValue
			}
			a.NoVet = true
			return val, nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.NoVet = p.Attrs.NoVet }},
	{name: "test", example: "```go test", part: true,
		set: func(a *Attrs, _ string) (string, error) { a.Test = true; return "", nil },
		runner: func(rp *runner.Program, p *Program) {
			if rp.Test = p.IsTest(); rp.Test {
				rp.Args = p.testArgs()
				rp.Exclusive = rp.Exclusive || p.HasBenchmarks()
			}
		}},
	{name: "testflags", value: `"..."`, example: `testflags="-run TestSum"`, run: true, test: true,
		want: `want a double-quoted string of go test flags, like testflags="-run TestSum -count 3"`,
		set: func(a *Attrs, val string) (string, error) {
			flags, err := parseArgs(val)
			if err != nil {
				return "", err
			}
			if len(flags) == 0 || !strings.HasPrefix(flags[0], "-") {
				return "", errBadValue
			}
			a.TestFlags = flags
			return fmt.Sprintf("%q", flags), nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.Args = append(rp.Args, testBinaryFlags(p.Attrs.TestFlags)...) }},
	{name: "cpu", value: "N,N,...", example: "cpu=1,2,4", run: true, test: true,
		want: "want positive integers separated by commas, like cpu=1,2,4",
		set: func(a *Attrs, val string) (string, error) {
			procs, err := parseProcs(val)
			if err != nil {
				return "", err
			}
			a.CPU = procs
			return fmt.Sprint(procs), nil
		},
		runner: func(rp *runner.Program, p *Program) {
			if len(p.Attrs.CPU) > 0 {
				rp.Args = append(rp.Args, "-test.cpu="+joinInts(p.Attrs.CPU))
			}
		}},
	{name: "stdin", value: "FILE", example: "stdin=input.txt", run: true,
		want: "want a file in the lesson's folder, like stdin=input.txt",
		set: func(a *Attrs, val string) (string, error) {
			p, err := dataPath(val)
			if err != nil {
				return "", err
			}
			a.Stdin = p
			return p, nil
		},
		runner: func(rp *runner.Program, p *Program) { rp.Stdin = p.Stdin }},
	{name: "exercise", example: "```go exercise name=sum", part: true,
		set: func(a *Attrs, _ string) (string, error) { a.Starter = true; return "", nil }},
	{name: "solution", example: "```go solution name=sum", part: true,
		set: func(a *Attrs, _ string) (string, error) { a.Solution = true; return "", nil }},
	{name: "starter", value: "broken|passes", example: "starter=broken", part: true,
		want: "want starter=broken (the starter does not compile: the exercise is to fix it) or starter=passes (it already passes the check)",
		set: func(a *Attrs, val string) (string, error) {
			if val != StarterBroken && val != StarterPasses {
				return "", errBadValue
			}
			a.StarterIs = val
			return val, nil
		}},
}

// errBadValue is returned by a set function whose value is wrong in a way
// that the attribute's want line says all about.
var errBadValue = errors.New("bad value")

// lookupAttr returns the definition of the attribute called name, or nil.
func lookupAttr(name string) *attrDef {
	for i := range attrDefs {
		if attrDefs[i].name == name {
			return &attrDefs[i]
		}
	}
	return nil
}

// validAttrs lists the attributes for an error about an unknown one.
func validAttrs() string {
	var names []string
	for _, d := range attrDefs {
		if d.value == "" {
			names = append(names, d.name)
		} else {
			names = append(names, d.name+"="+d.value)
		}
	}
	return strings.Join(names, ", ")
}

// attrSet records which attributes a block sets: for each, its value as
// written (to apply it again) and in canonical form (to compare parts).
type attrSet map[string]attrValue

type attrValue struct {
	raw, canon string
	off        int // of the word in the info string; the parser makes it a column
}

// parseAttrs parses the words after "go". report is called with the byte
// offset of a bad word in the info string.
func parseAttrs(words []word, report func(off int, format string, args ...any)) (Attrs, attrSet) {
	var a Attrs
	set := attrSet{}
	for _, w := range words {
		key, val, hasVal := strings.Cut(w.text, "=")
		if _, dup := set[key]; dup {
			report(w.off, "duplicate attribute %s", key)
			continue
		}
		canon, err := a.set(key, val, hasVal)
		if err != nil {
			report(w.off, "%v", err)
			continue
		}
		set[key] = attrValue{val, canon, w.off}
	}
	return a, set
}

// set applies one attribute and returns its value in canonical form.
func (a *Attrs) set(key, val string, hasVal bool) (string, error) {
	d := lookupAttr(key)
	switch {
	case d == nil:
		return "", fmt.Errorf("unknown attribute %q (valid: %s)", key, validAttrs())
	case d.value == "" && hasVal:
		return "", fmt.Errorf("%s takes no value (got %s=%s)", key, key, val)
	case d.value != "" && !hasVal:
		return "", fmt.Errorf("%s needs a value: %s", key, d.want)
	}
	canon, err := d.set(a, val)
	switch {
	case errors.Is(err, errBadValue):
		return "", fmt.Errorf("bad %s=%s: %s", key, val, d.want)
	case err != nil:
		return "", fmt.Errorf("bad %s=%s: %v: %s", key, val, err, d.want)
	}
	return canon, nil
}
