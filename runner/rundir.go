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
