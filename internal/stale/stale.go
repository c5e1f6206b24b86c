// Package stale removes the temporary folders that workbook processes
// killed before they could clean up (SIGKILL, a crash, a power cut)
// left behind, so they do not pile up. Builds of the site and the
// runner's build and run folders use it.
package stale

import (
	"os"
	"path/filepath"
	"time"
)

// After is how old a folder must be before it counts as left behind:
// far longer than any build or run (runs are bounded by their timeout),
// so the folders of a workbook running beside this one are left alone.
const After = time.Hour

// Remove removes the folders matching pattern (as filepath.Glob reads
// it) that were last modified more than After ago. Files, and folders
// it cannot remove, are left as they are: cleaning up is never a reason
// to fail.
func Remove(pattern string) { RemoveOlder(pattern, After) }

// RemoveOlder is Remove with age in place of After, for a caller that
// knows no other process is using the folders (it holds their lock).
func RemoveOlder(pattern string, age time.Duration) {
	dirs, _ := filepath.Glob(pattern)
	for _, dir := range dirs {
		if fi, err := os.Lstat(dir); err == nil && fi.IsDir() && time.Since(fi.ModTime()) >= age {
			os.RemoveAll(dir)
		}
	}
}
