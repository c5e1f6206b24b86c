package runner

import (
	"context"
	"errors"
	"os"
	"strings"
)

// buildTests compiles each test program into a test binary of its own
// with go test -c. Vetting is left to the one go vet over all programs
// (-vet=off), which also covers test files.
func (r *Runner) buildTests(ctx context.Context, m *buildModule, progs []*Program, tests []int, outs []buildOut) error {
	for _, i := range tests {
		d := progDir(i)
		bin := m.bin(d)
		if err := os.Remove(bin); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		args := []string{"test", "-c", "-vet=off", "-trimpath", "-ldflags=-s -w", "-o", bin}
		if progs[i].Race {
			args = append(args, "-race")
		}
		out, err := r.runGo(ctx, m, progs[i].Race, append(args, "./"+d)...)
		if err != nil {
			return err
		}
		if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() && !out.failed {
			outs[i] = buildOut{Bin: bin, Build: Build{OK: true}}
			continue
		}
		msg := strings.TrimSpace(m.clean(dropHeaders(string(out.stdout)+out.stderr), d))
		if msg == "" {
			msg = "go test -c failed without saying why"
		}
		outs[i] = buildOut{Build: Build{Output: msg}}
	}
	return nil
}

// dropHeaders removes go's "# package" lines: a test binary's output is
// all about its one program.
func dropHeaders(s string) string {
	var keep []string
	for line := range strings.SplitSeq(s, "\n") {
		if !strings.HasPrefix(line, "# ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// progOf returns the package directory (p3) that an import path in go's
// output belongs to: the program's own package, one of its sub-packages
// (p3/shapes), its external test package (p3_test) or a test variant
// ("wbprog/p3 [wbprog/p3.test]").
func (m *buildModule) progOf(importPath string) (string, bool) {
	d, ok := strings.CutPrefix(importPath, m.path+"/")
	if !ok {
		return "", false
	}
	d, _, _ = strings.Cut(d, " ")
	d, _, _ = strings.Cut(d, "/")
	d = strings.TrimSuffix(d, "_test")
	return d, pkgDirRe.MatchString(d)
}
