package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// FindModule returns the folder of the go.mod that governs dir, as the go
// command finds it: dir itself or the nearest folder above it. It
// returns "" when there is none.
func FindModule(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding go.mod: %w", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// UseModule makes programs build in the module that governs dir (see
// FindModule): it sets GoMod, GoSum and ModDir, or leaves them unset when
// there is no go.mod at or above dir.
func (r *Runner) UseModule(dir string) error {
	mod, err := FindModule(dir)
	if err != nil || mod == "" {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(mod, "go.mod"))
	if err != nil {
		return fmt.Errorf("reading the book's module: %w", err)
	}
	gosum, err := os.ReadFile(filepath.Join(mod, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading the book's module: %w", err)
	}
	r.GoMod, r.GoSum, r.ModDir = gomod, gosum, mod
	return nil
}

// localReplacements returns the folders that GoMod's replace directives
// name, made absolute against ModDir, each with its directive.
func (r *Runner) localReplacements() (*modfile.File, []*modfile.Replace, error) {
	if len(r.GoMod) == 0 {
		return nil, nil, nil
	}
	f, err := modfile.Parse(filepath.Join(r.ModDir, "go.mod"), r.GoMod, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the book's go.mod: %w", err)
	}
	var local []*modfile.Replace
	for _, rep := range f.Replace {
		if rep.New.Version == "" && modfile.IsDirectoryPath(rep.New.Path) {
			local = append(local, rep)
		}
	}
	return f, local, nil
}

func (r *Runner) absReplacement(path string) string {
	if filepath.IsAbs(path) || r.ModDir == "" {
		return path
	}
	return filepath.Join(r.ModDir, filepath.FromSlash(path))
}

// GoModule returns the go.mod programs build in ("" without one): the
// site uses it to tell the book's own modules from published ones.
func (r *Runner) GoModule() []byte { return r.GoMod }

// asWritten gives the folders of local replacements in s as the book's
// go.mod writes them ("../mylib/plat", not the absolute path the build
// module used): text shown on a published page names no folder of the
// author's machine.
func (r *Runner) asWritten(s string) string {
	_, local, err := r.localReplacements()
	if err != nil {
		return s
	}
	for i, rep := range local {
		if abs := r.absReplacement(rep.New.Path); abs != rep.New.Path {
			s = strings.ReplaceAll(s, abs, filepath.FromSlash(rep.New.Path))
		}
		// linkedGoMod's link, as go's output names it once the build
		// folder is taken off.
		s = strings.ReplaceAll(s, filepath.Join(localLinks, strconv.Itoa(i+1)), filepath.FromSlash(rep.New.Path))
	}
	return s
}

// linkedGoMod is buildGoMod for a build whose binary is published (the
// browser's): each local replacement is reached through a link in dir,
// _local/N, which go.mod names, so the binary's build information names
// no folder of this machine. Where links cannot be made (Windows without
// the privilege), it is buildGoMod's.
func (r *Runner) linkedGoMod(dir string) ([]byte, error) {
	f, local, err := r.localReplacements()
	if err != nil || len(local) == 0 {
		return r.GoMod, err
	}
	links := filepath.Join(dir, localLinks)
	if os.RemoveAll(links) != nil || os.MkdirAll(links, 0o700) != nil {
		return r.buildGoMod()
	}
	for i, rep := range local {
		name := strconv.Itoa(i + 1)
		if os.Symlink(r.absReplacement(rep.New.Path), filepath.Join(links, name)) != nil {
			return r.buildGoMod()
		}
		if err := f.AddReplace(rep.Old.Path, rep.Old.Version, "./"+localLinks+"/"+name, ""); err != nil {
			return nil, fmt.Errorf("rewriting the book's go.mod: %w", err)
		}
	}
	f.Cleanup()
	return f.Format()
}

// localLinks is the folder of linkedGoMod's links.
const localLinks = "_local"

// buildGoMod is GoMod as the temporary build module needs it: programs
// build in a folder of their own, so relative replace directories are
// made absolute against ModDir.
func (r *Runner) buildGoMod() ([]byte, error) {
	f, local, err := r.localReplacements()
	if err != nil || len(local) == 0 {
		return r.GoMod, err
	}
	for _, rep := range local {
		abs := r.absReplacement(rep.New.Path)
		if err := f.AddReplace(rep.Old.Path, rep.Old.Version, abs, ""); err != nil {
			return nil, fmt.Errorf("rewriting the book's go.mod: %w", err)
		}
	}
	f.Cleanup()
	return f.Format()
}

// localModules hashes the content of every local module GoMod replaces
// another with, for the cache key: editing the library must invalidate
// the results of the programs that use it. The hash names files by
// their path inside the module, so it is the same wherever the book is
// checked out.
func (r *Runner) localModules() (string, error) {
	_, local, err := r.localReplacements()
	if err != nil || len(local) == 0 {
		return "", err
	}
	h := sha256.New()
	for _, rep := range local {
		fmt.Fprintf(h, "module %q\n", rep.Old.Path)
		if err := hashTree(h, r.absReplacement(rep.New.Path)); err != nil {
			return "", fmt.Errorf("reading replaced module %s: %w", rep.Old.Path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashTree writes every regular file under dir (but dot folders such as
// .git) to h, by path, in a stable order.
func hashTree(h io.Writer, dir string) error {
	var names []string
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != dir && strings.HasPrefix(d.Name(), ".") && d.IsDir() {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		rel, _ := filepath.Rel(dir, name)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s %x\n", filepath.ToSlash(rel), sum)
	}
	return nil
}

// The go command's advice for an import no module provides, or one whose
// checksum go.sum lacks. Its "go get" must run in the book's module, not
// in the temporary folder the program was built in, and for the missing
// sum it names that folder's package instead of the import.
var (
	noModuleRe = regexp.MustCompile(`no required module provides package (\S+); to add it:\n\s*go get \S+`)
	noSumRe    = regexp.MustCompile(`missing go.sum entry for module providing package (\S+) \(imported by [^)]*\); to add:\n\s*go get \S+`)
)

// goGetHint rewrites the go command's "go get" advice to say where to
// run it, and what to get.
func (r *Runner) goGetHint(out string) string {
	out = noSumRe.ReplaceAllStringFunc(out, func(m string) string {
		pkg := noSumRe.FindStringSubmatch(m)[1]
		return fmt.Sprintf("missing go.sum entry for module providing package %s; to add it, run in %s:\n\tgo get %s", pkg, r.ModDir, pkg)
	})
	return noModuleRe.ReplaceAllStringFunc(out, func(m string) string {
		pkg := noModuleRe.FindStringSubmatch(m)[1]
		if r.ModDir == "" {
			return fmt.Sprintf("no required module provides package %s: the book has no go.mod; "+
				"to add one, run at the root of your repository:\n\tgo mod init example.com/book && go get %s", pkg, pkg)
		}
		return fmt.Sprintf("no required module provides package %s; to add it, run in %s:\n\tgo get %s", pkg, r.ModDir, pkg)
	})
}

// ModuleKey is a hash of the module programs build in, as it is now: its
// go.mod and go.sum, and the files of the local modules it replaces
// others with. It changes whenever results may.
func (r *Runner) ModuleKey() (string, error) {
	local, err := r.localModules()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%q\n%q\n%s\n", r.GoMod, r.GoSum, local)
	return hex.EncodeToString(h.Sum(nil)), nil
}
