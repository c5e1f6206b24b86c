package runner

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// buildOut is the outcome of building one program.
type buildOut struct {
	// Bin is the absolute path of the executable; "" when the build or
	// vet failed. A merged binary picks its program by Bin's base name,
	// so run it under this exact name (no copying or renaming).
	Bin string
	// Merged reports that Bin is shared by several programs: a run that
	// fails or prints a goroutine trace should be repeated from a binary
	// of its own (build the program alone with merge false).
	Merged bool
	Build  Build
}

// build compiles and vets progs under dir (an empty directory the caller
// owns and removes). Result i belongs to progs[i]. The error is only for
// a tool that cannot work (no go command, dir unwritable, ctx done).
func (r *Runner) build(ctx context.Context, dir string, progs []*Program, merge bool) ([]buildOut, error) {
	sb, err := r.startBuild(ctx, dir, progs, merge)
	if err != nil {
		return nil, err
	}
	return sb.wait()
}

// startBuild compiles progs under dir and returns once every binary is
// written, while go vet may still be running: the caller must wait for
// the result's verdicts (final or wait) before it keeps anything, and
// before it removes dir.
//
// Starting go costs more than compiling a small program, so every
// program goes into one temporary module and is built by as few go
// commands as possible: one go build for all (plus one for -race
// programs) and one go vet, run at the same time. With merge, eligible
// programs are also linked into shared binaries (see merge.go), since
// linking is most of what is left.
func (r *Runner) startBuild(ctx context.Context, dir string, progs []*Program, merge bool) (*stagedBuild, error) {
	gomod, err := r.buildGoMod()
	if err != nil {
		return nil, err
	}
	m, err := newBuildModule(dir, gomod, r.GoSum)
	if err != nil {
		return nil, err
	}
	k, err := m.writeAll(progs)
	if err != nil {
		return nil, err
	}
	plain, race, tests := k.plain, k.race, k.tests
	var groups [][]int
	if merge {
		if plain, groups, err = m.planMerge(progs, plain); err != nil {
			return nil, err
		}
	}
	vetCtx, stopVet := context.WithCancel(ctx)
	vetted := r.startVet(vetCtx, m, k.vetted)
	outs := make([]buildOut, len(progs))
	var (
		wg               sync.WaitGroup
		raceErr, testErr error
	)
	if len(tests) > 0 {
		wg.Go(func() { testErr = r.buildTests(ctx, m, progs, tests, outs) })
	}
	if len(race) > 0 {
		wg.Go(func() { raceErr = r.buildLoop(ctx, m, true, race, nil, outs) })
	}
	err = r.buildLoop(ctx, m, false, plain, groups, outs)
	wg.Wait()
	if err := cmp.Or(err, raceErr, testErr); err != nil {
		stopVet()
		<-vetted // go vet works in dir, which the caller removes next
		return nil, err
	}
	sb := &stagedBuild{outs: outs, vetDone: make(chan struct{})}
	go func() {
		defer stopVet()
		r.settleVet(ctx, sb, m, progs, <-vetted)
	}()
	return sb, nil
}

// startVet runs go vet over progs in the background; the channel
// delivers its outcome (an empty one when progs is empty).
func (r *Runner) startVet(ctx context.Context, m *buildModule, progs []int) <-chan vetResult {
	c := make(chan vetResult, 1)
	if len(progs) == 0 {
		c <- vetResult{}
		return c
	}
	go func() {
		v, err := r.vet(ctx, m, progs)
		c <- vetResult{out: v, err: err}
	}()
	return c
}

// buildKinds sorts the programs of a build by how they are built.
type buildKinds struct {
	plain, race, tests []int // go build, go build -race, go test -c
	vetted             []int // all but NoVet
}

// writeAll writes every program (Go files and data files) into the
// module and sorts them by how they are built.
func (m *buildModule) writeAll(progs []*Program) (buildKinds, error) {
	var k buildKinds
	for i, p := range progs {
		if err := m.writeProgram(progDir(i), p); err != nil {
			return k, err
		}
		if err := writeFiles(filepath.Join(m.dir, progDir(i)), p.Files); err != nil {
			return k, err
		}
		if !p.NoVet {
			k.vetted = append(k.vetted, i)
		}
		switch {
		case p.Test:
			k.tests = append(k.tests, i)
		case p.Race:
			k.race = append(k.race, i)
		default:
			k.plain = append(k.plain, i)
		}
	}
	return k, nil
}

// buildModule is the temporary module programs are built in: program i
// in directory pN, its merged rewrite in mN, dispatchers in wbmainK, all
// binaries in bin.
type buildModule struct {
	dir  string   // absolute
	dirs []string // dir as go may print it: as given and symlinks resolved
	path string   // module path
	// userPath is the module path of the lessons' go.mod, "" without one.
	userPath string
	// refRe finds a package directory named in go's output by import
	// path or absolute path (load errors have no "# pkg" header).
	refRe *regexp.Regexp
}

var moduleRe = regexp.MustCompile(`(?m)^\s*module\s+"?([^\s"]+)`)

// defaultGoMod is the module for programs that use the standard library
// only.
const defaultGoMod = "module wbprog\n\ngo 1.26\n"

func newBuildModule(dir string, gomod, gosum []byte) (*buildModule, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("build directory: %w", err)
	}
	m := &buildModule{dir: abs, dirs: []string{abs}, path: "wbprog"}
	if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
		m.dirs = append(m.dirs, real)
	}
	if len(gomod) == 0 {
		gomod = []byte(defaultGoMod)
	} else if sm := moduleRe.FindSubmatch(gomod); sm != nil {
		// Keep the lessons' module path: their go.mod may require it.
		m.path = string(sm[1])
		m.userPath = m.path
	}
	alts := []string{regexp.QuoteMeta(m.path)}
	for _, d := range m.dirs {
		alts = append(alts, regexp.QuoteMeta(d))
	}
	m.refRe = regexp.MustCompile(`(?:` + strings.Join(alts, "|") + `)/((?:p|m|wbmain)[0-9]+)\b`)
	if err := os.WriteFile(filepath.Join(abs, "go.mod"), gomod, 0o666); err != nil {
		return nil, fmt.Errorf("writing build module: %w", err)
	}
	if len(gosum) > 0 {
		if err := os.WriteFile(filepath.Join(abs, "go.sum"), gosum, 0o666); err != nil {
			return nil, fmt.Errorf("writing build module: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Join(abs, "bin"), 0o777); err != nil {
		return nil, fmt.Errorf("writing build module: %w", err)
	}
	return m, nil
}

// write stores src as the only file of package directory pkg.
func (m *buildModule) write(pkg string, src []byte) error {
	d := filepath.Join(m.dir, pkg)
	if err := os.MkdirAll(d, 0o777); err != nil {
		return fmt.Errorf("writing program: %w", err)
	}
	if err := os.WriteFile(filepath.Join(d, "main.go"), src, 0o666); err != nil {
		return fmt.Errorf("writing program: %w", err)
	}
	return nil
}

// bin is the path go build writes target name's executable to.
func (m *buildModule) bin(name string) string { return filepath.Join(m.dir, "bin", name+exeSuffix) }

// planMerge splits the plain programs into merge groups (by the heavy
// packages they import) and the rest, writing each merged rewrite.
func (m *buildModule) planMerge(progs []*Program, plain []int) (sep []int, groups [][]int, err error) {
	byKey := map[string]int{}
	for _, i := range plain {
		src, key, reason := mergeRewrite(progs[i].Source, mergedPkg(i))
		if len(progs[i].GoFiles) > 0 {
			reason = "more than one file"
		}
		if reason != "" {
			sep = append(sep, i)
			continue
		}
		if err := m.write(mergedDir(i), src); err != nil {
			return nil, nil, err
		}
		k, ok := byKey[key]
		if !ok {
			k = len(groups)
			byKey[key] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], i)
	}
	return sep, groups, nil
}

// goOutput is what one go command printed.
type goOutput struct {
	stdout []byte
	stderr string
	failed bool
}

// runGo runs the go command in the module. Non-race builds use
// CGO_ENABLED=0: a static link is faster and snippets cannot use cgo
// anyway; -race needs cgo on linux/amd64 (Go 1.26 refuses it without).
func (r *Runner) runGo(ctx context.Context, m *buildModule, race bool, args ...string) (goOutput, error) {
	return r.runGoWith(ctx, m, race, (*exec.Cmd).Start, args...)
}

// runGoWith is runGo with the go command started by start.
func (r *Runner) runGoWith(ctx context.Context, m *buildModule, race bool, start func(*exec.Cmd) error, args ...string) (goOutput, error) {
	cmd := r.goCmd(ctx, m.dir, args...)
	cmd.Env = append(cmd.Env, "CGO_ENABLED=0")
	if race {
		cmd.Env = append(cmd.Env, "CGO_ENABLED=1")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := start(cmd)
	if err == nil {
		err = cmd.Wait()
	}
	if ctx.Err() != nil {
		return goOutput{}, ctx.Err()
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return goOutput{}, fmt.Errorf("running go %s: %w", args[0], err)
	}
	return goOutput{stdout: stdout.Bytes(), stderr: stderr.String(), failed: err != nil}, nil
}

// buildResult is what one go build settled.
type buildResult struct {
	built    map[string]bool   // targets whose binary was written
	sections map[string]string // output by package directory
	rest     string            // output no package could be found for
	failed   bool
}

// goBuild runs one go build of the target directories into bin.
// -trimpath keeps temporary paths out of binaries (//line names stay as
// written); -s -w skips the symbol table and DWARF, which roughly halves
// link time, while panics and race reports still get file:line.
func (r *Runner) goBuild(ctx context.Context, m *buildModule, race bool, targets []string) (buildResult, error) {
	args := []string{"build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(m.dir, "bin") + "/"}
	if race {
		args = append(args, "-race")
	}
	for _, t := range targets {
		// A binary left by an earlier round must not pass for a new one.
		if err := os.Remove(m.bin(t)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return buildResult{}, fmt.Errorf("removing old binary: %w", err)
		}
		args = append(args, "./"+t)
	}
	out, err := r.runGo(ctx, m, race, args...)
	if err != nil {
		return buildResult{}, err
	}
	res := buildResult{built: map[string]bool{}, failed: out.failed}
	res.sections, res.rest = m.splitOutput(string(out.stdout) + out.stderr)
	for _, t := range targets {
		if fi, err := os.Stat(m.bin(t)); err == nil && fi.Mode().IsRegular() {
			res.built[t] = true
		}
	}
	return res, nil
}

// link gives program i its own name for the merged binary of its group:
// a hard link, so os.Executable and re-executing itself work as usual.
func (m *buildModule) link(k, i int) (string, error) {
	target, name := m.bin(dispatchDir(k)), m.bin(progDir(i))
	if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("linking merged binary: %w", err)
	}
	if err := os.Link(target, name); err != nil {
		// Some file systems have no hard links; a copy behaves the same.
		if err := copyFile(target, name); err != nil {
			return "", fmt.Errorf("linking merged binary: %w", err)
		}
	}
	return name, nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o777)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
