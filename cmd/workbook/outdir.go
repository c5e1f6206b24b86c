package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// checkOut refuses a site folder inside the lessons folder dir: the next
// build would read the site it wrote as part of the book (its .md-less
// folders as chapters, its files as data), and every build would nest
// one more copy. The message suggests a "public" beside the lessons.
func checkOut(out, dir string) error {
	absDir, err := realPath(dir)
	if err != nil {
		return nil // source has read dir: nothing to add here
	}
	absOut, err := realPath(out)
	if err != nil {
		return nil // an -out that cannot be resolved fails when it is written
	}
	rel, err := filepath.Rel(absDir, absOut)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil
	}
	suggest := filepath.Join(filepath.Dir(absDir), "public")
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, suggest); err == nil {
			suggest = r
		}
	}
	return inputError{fmt.Errorf("-out %s is inside the lessons folder %s: the next build would publish the site as part of the book; write it beside the lessons, e.g. -out %s",
		out, dir, filepath.ToSlash(suggest))}
}

// realPath is name made absolute with its symbolic links resolved, for
// as much of it as exists (an -out is often not made yet).
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}
