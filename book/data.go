package book

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// dataPath checks a files= or stdin= path as written and returns it
// cleaned: slash-separated, relative to the lesson's folder, and never
// leaving it.
func dataPath(p string) (string, error) {
	if p == "" {
		return "", errBadValue
	}
	if strings.Contains(p, `\`) {
		return "", fmt.Errorf("%q: write paths with forward slashes", p)
	}
	if path.IsAbs(p) {
		return "", fmt.Errorf("%q is an absolute path: name a file in the lesson's folder", p)
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%q is outside the lesson's folder", p)
	}
	switch path.Base(c) {
	case "go.mod", "go.sum", "go.work":
		return "", fmt.Errorf("%q would change the module the program is built in", p)
	}
	if c == "main.go" || c == "." {
		return "", fmt.Errorf("%q would replace the program's own files", p)
	}
	return c, nil
}

// readData reads the files that the programs of l name in files= and
// stdin=. dir is the lesson's folder in fsys ("." at the top).
func (l *Lesson) readData(fsys fs.FS, dir string, errs *ErrorList) {
	for _, prog := range l.Programs {
		a := &prog.Attrs
		fail := func(key string, err error) {
			pos := prog.attrPos[key]
			errs.errorf(l.File, pos.line, pos.col, "%s: %v", key, err)
		}
		for _, name := range a.Files {
			if err := readDataPath(fsys, dir, name, prog.addFile); err != nil {
				fail("files", err)
			}
		}
		if a.Stdin == "" {
			continue
		}
		err := readDataPath(fsys, dir, a.Stdin, func(name string, data []byte) error {
			if name != a.Stdin {
				return fmt.Errorf("%s is a folder: stdin= takes a file", a.Stdin)
			}
			prog.Stdin = data
			return nil
		})
		if err != nil {
			fail("stdin", err)
		}
	}
}

func (p *Program) addFile(name string, data []byte) error {
	if buildExt(path.Ext(name)) && !inTestdata(name) {
		// The go command would build it with the program.
		return fmt.Errorf("%s is a source file the go command would build: a program's data files may hold such files only in a testdata folder", name)
	}
	if p.Files == nil {
		p.Files = map[string][]byte{}
	}
	p.Files[name] = data
	return nil
}

// readDataPath reads the file name (relative to dir), or every file under
// it if it is a folder, and hands each to add by its path relative to dir.
func readDataPath(fsys fs.FS, dir, name string, add func(name string, data []byte) error) error {
	full := path.Join(dir, name)
	if err := checkLinks(fsys, full); err != nil {
		return err
	}
	fi, err := fs.Stat(fsys, full)
	if err != nil {
		return fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	if err := regular(name, fi.Mode()); err != nil {
		return err
	}
	if !fi.IsDir() {
		data, err := fs.ReadFile(fsys, full)
		if err != nil {
			return fmt.Errorf("%s: %w", name, unwrapPath(err))
		}
		return add(name, data)
	}
	return fs.WalkDir(fsys, full, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", name, unwrapPath(err))
		}
		if d.IsDir() {
			return nil
		}
		if err := checkLinks(fsys, p); err != nil {
			return err
		}
		fi, err := fs.Stat(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, unwrapPath(err))
		}
		if err := regular(path.Join(name, strings.TrimPrefix(p, full+"/")), fi.Mode()); err != nil {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, unwrapPath(err))
		}
		return add(path.Join(name, strings.TrimPrefix(p, full+"/")), data)
	})
}

// regular refuses what is neither a regular file nor a folder: reading
// a named pipe or a device would wait forever, or never end.
func regular(name string, m fs.FileMode) error {
	kind := ""
	switch {
	case m.IsRegular(), m.IsDir():
		return nil
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	default:
		kind = "not a regular file"
	}
	return fmt.Errorf("%s is %s: a program's data must be regular files and folders", name, kind)
}

// checkLinks refuses a path one of whose elements is a symbolic link
// that leads outside fsys: lessons may only hand programs their own files.
func checkLinks(fsys fs.FS, name string) error {
	elems := strings.Split(name, "/")
	for i := range elems {
		p := path.Join(elems[:i+1]...)
		fi, err := fs.Lstat(fsys, p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			continue // a missing file is reported when it is read
		}
		target, err := fs.ReadLink(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, unwrapPath(err))
		}
		to := path.Join(path.Dir(p), target)
		if path.IsAbs(target) || !fs.ValidPath(to) {
			return fmt.Errorf("%s is a symbolic link to %s, outside the lessons folder", p, target)
		}
	}
	return nil
}

// buildExt reports whether the go command builds files with extension
// ext into a package (go help packages: Go, C, C++, assembly, Fortran,
// Objective-C, SWIG and system object files).
func buildExt(ext string) bool {
	switch ext {
	case ".go", ".c", ".h", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx",
		".f", ".F", ".for", ".f90", ".m", ".swig", ".swigcxx", ".syso":
		return true
	}
	return false
}

// inTestdata reports whether a slash-separated path is in a folder named
// testdata, which the go command ignores.
func inTestdata(name string) bool {
	return strings.HasPrefix(name, "testdata/") || strings.Contains(name, "/testdata/")
}

// goFilePath checks a file= value: a Go file in the program's folder or
// in a folder under it (a package of the program's module) that the go
// command would build.
func goFilePath(p string) (string, error) {
	c := mainFile
	if p != mainFile { // which dataPath keeps for the program's own
		var err error
		if c, err = dataPath(p); err != nil {
			return "", err
		}
	}
	base := path.Base(c)
	switch {
	case path.Ext(c) != ".go":
		return "", errBadValue
	case strings.HasPrefix(base, "_") || strings.HasPrefix(base, "."):
		return "", fmt.Errorf("%q is a name the go command ignores", p)
	case inTestdata(c):
		return "", fmt.Errorf("%q is in a testdata folder, which the go command ignores", p)
	}
	return c, nil
}
