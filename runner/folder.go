package runner

import "path/filepath"

// Folder returns a folder of the cache for other content-addressed work
// (the site keeps highlighted code in Folder("highlight")), so one
// $WORKBOOK_CACHE holds everything and merges by plain copy.
func (r *Runner) Folder(name string) (string, error) {
	dir, err := r.cacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}
