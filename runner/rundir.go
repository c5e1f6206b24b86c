package runner

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// newRunDir creates a run's private directory in the temporary folder.
// Its path has no links in it (macOS's temporary folder is behind one,
// /var → /private/var), so the HOME and TMPDIR a program is given name
// the folder os.Getwd gives it.
func newRunDir() (string, error) {
	dir, err := os.MkdirTemp("", "workbook-run-")
	if err != nil {
		return "", fmt.Errorf("creating run directory: %w", err)
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir, nil
}

// A runFolder is a run's private folder with the program's data files
// in it, and the file its stdin reads (nil: the empty stdin).
type runFolder struct {
	dir   string
	stdin *os.File
}

// newRunFolder makes spec's run folder. close removes it all.
func newRunFolder(spec *execSpec) (*runFolder, error) {
	dir, err := newRunDir()
	if err != nil {
		return nil, err
	}
	f := &runFolder{dir: dir}
	if err := writeFiles(dir, spec.Files); err != nil {
		f.close()
		return nil, err
	}
	if f.stdin, err = stdinFile(spec.Stdin); err != nil {
		f.close()
		return nil, err
	}
	return f, nil
}

func (f *runFolder) close() {
	if f.stdin != nil {
		// Windows cannot unlink an open file: stdinFile's removal may have
		// failed there, so it is removed again once closed.
		f.stdin.Close()
		os.Remove(f.stdin.Name())
	}
	removeRunDir(f.dir)
}

// removeRunDir removes a run's directory even where the program took
// away its own permissions.
func removeRunDir(dir string) {
	if os.RemoveAll(dir) == nil {
		return
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o700)
		}
		return nil
	})
	os.RemoveAll(dir)
}
