package runner

import (
	"io/fs"
	"os"
	"path/filepath"
)

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
