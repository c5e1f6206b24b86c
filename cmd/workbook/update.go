package main

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/workbook-dev/workbook/book"
)

// onDisk reports whether the lessons are a folder on disk (lesson file
// names are then paths to the files), not the book built into workbook.
func (lf *lessonFlags) onDisk() bool {
	fsys, _, err := lf.source()
	if err != nil {
		return false
	}
	_, builtIn := fsys.(embed.FS)
	return !builtIn
}

// updateOutputs rewrites the output blocks of the entries that failed on
// their output (verify -update), one write per lesson file, and marks
// them updated. Only files of a lessons folder on disk can be updated.
func updateOutputs(w io.Writer, onDisk bool, entries []*entry) error {
	byFile := map[string][]*entry{}
	var files []string
	for _, e := range entries {
		if e.prog == nil || e.verdict.Reason != book.ReasonMismatch {
			continue
		}
		if !onDisk {
			return inputError{errors.New("verify -update: the built-in book cannot be updated; name a lessons folder with -lessons")}
		}
		f := e.lesson.File
		if byFile[f] == nil {
			files = append(files, f)
		}
		byFile[f] = append(byFile[f], e)
	}
	for _, f := range files {
		if err := updateFile(w, f, byFile[f]); err != nil {
			return err
		}
		for _, e := range byFile[f] {
			if e.updated {
				fmt.Fprintf(w, "updated %s:%d: the output block of %s\n", f, e.prog.Expect.Line, e.name)
			}
		}
	}
	return nil
}

// updateFile applies the entries' updates to one lesson file, last block
// first so that earlier offsets stay valid, and replaces the file in one
// step. A block that cannot be rewritten is reported to w and left
// failing.
func updateFile(w io.Writer, name string, es []*entry) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("verify -update: %w", err)
	}
	slices.SortFunc(es, func(a, b *entry) int { return cmp.Compare(b.prog.Expect.Line, a.prog.Expect.Line) })
	changed := false
	for _, e := range es {
		out, err := book.UpdateOutput(src, e.prog, e.result)
		if errors.Is(err, book.ErrNothingToUpdate) {
			continue
		}
		if err != nil {
			fmt.Fprintf(w, "not updated: %v\n", err)
			continue
		}
		src, changed = out, true
		e.updated = true
		e.verdict = book.Verdict{Status: book.StatusPass}
	}
	if !changed {
		return nil
	}
	return writeFileReplacing(name, src)
}

// writeFileReplacing writes data beside name and renames it into place,
// keeping name's permissions: an editor watching the file sees one change.
func writeFileReplacing(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return fmt.Errorf("verify -update: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("verify -update: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), fi.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("verify -update: %w", err)
	}
	return nil
}
