package site

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/workbook-dev/workbook/internal/stale"
)

// generatorMark is in every page we write. A build replaces a folder
// only when its index.html carries it, so a mistaken -out (".", "$HOME")
// is refused rather than deleted.
const generatorMark = `<meta name="generator" content="workbook">`

// A siteWriter writes a new site into a fresh folder beside out, file by
// file, so a build need not hold the whole site in memory. commit swaps
// it in with renames: out becomes a backup, the new folder becomes out,
// and the backup is removed. Until then out is untouched.
type siteWriter struct {
	out, tmp string

	mu    sync.Mutex
	names map[string]bool // every file written
}

// newSiteWriter starts a new site for out. locked says the caller holds
// the build lock of out (see lockOut): then
// every folder a build of out left behind is removed, not only those an
// hour old, as no other build of out can be under way.
func newSiteWriter(out string, locked bool) (*siteWriter, error) {
	out, err := resolveOut(filepath.Clean(out))
	if err != nil {
		return nil, err
	}
	if err := replaceable(out); err != nil {
		return nil, &OutError{err}
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("writing site: %w", err)
	}
	// Builds that crashed or were killed.
	if locked {
		stale.RemoveOlder(filepath.Join(parent, "."+base+".new-*"), 0)
	} else {
		stale.Remove(filepath.Join(parent, "."+base+".new-*"))
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, fmt.Errorf("writing site: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it private
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("writing site: %w", err)
	}
	return &siteWriter{out: out, tmp: tmp, names: map[string]bool{}}, nil
}

// add writes one file; it may be called from several goroutines.
func (w *siteWriter) add(name string, data []byte) error {
	if !fs.ValidPath(name) {
		return fmt.Errorf("writing site: bad file name %q", name)
	}
	w.note(name)
	p := filepath.Join(w.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("writing site: %w", err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("writing site: %w", err)
	}
	return nil
}

// note records that name is in the new site.
func (w *siteWriter) note(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.names[name] = true
}

// An OutError says the folder given to write the site to cannot be
// used: it is not a folder, or holds what a build would delete. It is
// the user's choice of folder at fault, not the build.
type OutError struct{ Err error }

func (e *OutError) Error() string { return e.Err.Error() }
func (e *OutError) Unwrap() error { return e.Err }

// resolveOut returns the folder a site goes to. When out is a symbolic
// link (public -> /var/www/book), the site is written through it: the
// new site replaces the link's target and the link stays, rather than
// the link being replaced by a folder of the same name.
func resolveOut(out string) (string, error) {
	fi, err := os.Lstat(out)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	real, err := filepath.EvalSymlinks(out)
	if errors.Is(err, fs.ErrNotExist) {
		return "", &OutError{fmt.Errorf("writing site: %s is a link to a folder that does not exist: create it, or choose another -out", out)}
	}
	if err != nil {
		return "", &OutError{fmt.Errorf("writing site: %w", err)}
	}
	return real, nil
}

// written returns the files written so far, sorted.
func (w *siteWriter) written() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.names))
}

// abort removes the unfinished site; out stays as it was.
func (w *siteWriter) abort() { os.RemoveAll(w.tmp) }

// commit swaps the new site in.
func (w *siteWriter) commit() error {
	if err := swap(w.tmp, w.out); err != nil {
		w.abort()
		return err
	}
	return nil
}

// renameFile is os.Rename; tests make it fail.
var renameFile = os.Rename

// errInPlace says the pages of an incremental build could not be moved
// into the site; a full build replaces it instead.
var errInPlace = errors.New("updating the site in place")

// commitInPlace moves the files written into the site in out, each with
// one rename, so a reader of the site sees every file whole, old or new,
// and the files not written stay as they are: an edit costs what it
// renders, not a pass over the whole site. The manifest is moved aside
// first and written last: a site without one is built whole, so a crash
// half-way leaves no mix of old and new pages that a later build could
// take for finished. Each file replaced is moved aside too, so that when
// a move fails (a file that may not be replaced) the site is put back as
// it was, and errInPlace returned.
func (w *siteWriter) commitInPlace() error {
	defer w.abort()
	last := map[string]int{statName: 1, pagesName: 2, manifestName: 3}
	names := slices.SortedFunc(maps.Keys(w.names), func(a, b string) int {
		return cmp.Or(cmp.Compare(last[a], last[b]), strings.Compare(a, b))
	})
	aside := w.tmp + ".old" // matches the pattern of stale folders
	defer os.RemoveAll(aside)
	var done []string   // names moved in, in order
	var had []bool      // whether each had a file, now in aside
	hadManifest := true // moved aside first
	undo := func(err error) error {
		for i, name := range slices.Backward(done) {
			dst := filepath.Join(w.out, filepath.FromSlash(name))
			if had[i] {
				os.Rename(filepath.Join(aside, filepath.FromSlash(name)), dst)
			} else {
				os.Remove(dst)
			}
		}
		if hadManifest {
			os.Rename(filepath.Join(aside, manifestName), filepath.Join(w.out, manifestName))
		}
		return fmt.Errorf("%w: %w", errInPlace, err)
	}
	move := func(from, to string) error {
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil { // a chapter's folder
			return err
		}
		return renameFile(from, to)
	}
	if err := os.Mkdir(aside, 0o755); err != nil {
		return fmt.Errorf("%w: %w", errInPlace, err)
	}
	err := os.Rename(filepath.Join(w.out, manifestName), filepath.Join(aside, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		hadManifest = false
	} else if err != nil {
		return fmt.Errorf("%w: %w", errInPlace, err)
	}
	for _, name := range names {
		src := filepath.Join(w.tmp, filepath.FromSlash(name))
		dst := filepath.Join(w.out, filepath.FromSlash(name))
		exists := false
		if name != manifestName {
			if _, err := os.Lstat(dst); err == nil {
				if err := move(dst, filepath.Join(aside, filepath.FromSlash(name))); err != nil {
					return undo(err)
				}
				exists = true
			}
		}
		done, had = append(done, name), append(had, exists)
		if err := move(src, dst); err != nil {
			return undo(err)
		}
	}
	return nil
}

// swap replaces out with dir. Where the system can exchange two names
// in one step, out is never missing, even if we crash; elsewhere it is
// missing between two renames.
func swap(dir, out string) error {
	if err := exchange(dir, out); err == nil {
		// dir is now the previous site: what cannot be removed is left
		// for a later build's clean-up (stale), as the new site is in.
		os.RemoveAll(dir)
		return nil
	}
	old := dir + ".old"
	hadOld := true
	if err := os.Rename(out, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return fmt.Errorf("writing site: moving the previous site aside: %w", err)
	}
	if err := os.Rename(dir, out); err != nil {
		if hadOld {
			os.Rename(old, out) // put the previous site back
		}
		return fmt.Errorf("writing site: %w", err)
	}
	if hadOld {
		os.RemoveAll(old) // as above
	}
	return nil
}

// replaceable reports whether out may be replaced as a whole: it is
// missing, empty, or a site this tool wrote holding nothing else. A
// rebuild deletes the old folder, so anything a person added there (a
// CNAME, a .git of a gh-pages worktree, notes) would be lost: refuse and
// name it instead.
func replaceable(out string) error {
	fi, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("writing site: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("writing site: %s is not a folder", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("writing site: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Contains(index, []byte(generatorMark)) {
		return fmt.Errorf("writing site: refusing to replace %s: it is not empty and holds no earlier workbook site (choose another -out, or remove it)", out)
	}
	// The manifest lists what the last build wrote. A site without one
	// (or with an unreadable one) can't say, so only the entries that are
	// surely a person's are refused.
	m, listed := readManifest(out)
	ours := map[string]bool{manifestName: true}
	for _, name := range m.Files {
		top, _, _ := strings.Cut(name, "/")
		ours[top] = true
	}
	var extra []string
	for _, e := range entries {
		name := e.Name()
		if !ours[name] && (listed || name == ".git" || name == "CNAME") {
			extra = append(extra, name)
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("writing site: refusing to replace %s: it holds %s, which workbook did not write and a rebuild would delete (move them elsewhere, or choose another -out)",
			out, strings.Join(extra, ", "))
	}
	return nil
}
