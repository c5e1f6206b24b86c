package frozen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// Dir is the folder, inside the lessons folder, that holds frozen results.
const Dir = ".frozen"

// An Entry is one program's frozen result.
type Entry struct {
	// Key is the program's frozen key when it was frozen.
	Key    string         `json:"key"`
	Result *runner.Result `json:"result"`
}

// Path is where p's frozen result is kept, relative to the lessons
// folder of b.
func Path(b *book.Book, p *book.Program) string {
	rel := p.Lesson.File
	if b.Dir != "." && b.Dir != "" {
		rel = strings.TrimPrefix(rel, b.Dir+"/")
	}
	return path.Join(Dir, strings.TrimSuffix(rel, ".md"), p.ID+".json")
}

// Read returns p's frozen result from the lessons folder fsys, or nil
// when it has none. A file that cannot be read is an error naming it.
func Read(fsys fs.FS, b *book.Book, p *book.Program) (*Entry, error) {
	name := Path(b, p)
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading frozen result: %w", err)
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil || e.Key == "" || e.Result == nil {
		if err == nil {
			err = errors.New("no key or result")
		}
		return nil, fmt.Errorf("%s: damaged frozen result (run workbook freeze to record it again): %w", path.Join(b.Dir, name), err)
	}
	e.Result.Frozen = true
	return &e, nil
}

// Encode returns e as it is committed: indented JSON with sorted keys,
// so that freezing again shows in a diff only what changed.
func Encode(e *Entry) ([]byte, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	// Decoding into maps and encoding again sorts every object's keys;
	// UseNumber keeps numbers exactly as they were.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write stores e as p's frozen result in the lessons folder dir.
func Write(dir string, b *book.Book, p *book.Program, e *Entry) error {
	data, err := Encode(e)
	if err != nil {
		return fmt.Errorf("freezing %s#%s: %w", p.Lesson.File, p.ID, err)
	}
	name := filepath.Join(dir, filepath.FromSlash(Path(b, p)))
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return fmt.Errorf("freezing %s#%s: %w", p.Lesson.File, p.ID, err)
	}
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o666); err != nil {
		return fmt.Errorf("freezing %s#%s: %w", p.Lesson.File, p.ID, err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("freezing %s#%s: %w", p.Lesson.File, p.ID, err)
	}
	return nil
}

// Prune removes from the lessons folder dir every frozen result that
// belongs to none of b's programs, and the folders it leaves empty. It
// returns the files removed, relative to dir.
func Prune(dir string, b *book.Book) ([]string, error) {
	keep := map[string]bool{}
	for _, p := range b.Programs() {
		keep[Path(b, p)] = true
	}
	root := filepath.Join(dir, Dir)
	var removed, dirs []string
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && name == root {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, name)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			dirs = append(dirs, name)
		case strings.HasSuffix(rel, ".json") && !keep[rel]:
			if err := os.Remove(name); err != nil {
				return err
			}
			removed = append(removed, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pruning frozen results: %w", err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // only empty folders go
	}
	return removed, nil
}
