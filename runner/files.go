package runner

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFiles writes a program's data files (Program.Files) under dir,
// creating folders as needed. Names are slash-separated and must stay
// inside dir; the caller (book) has checked them, this is the last line.
func writeFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		rel := filepath.FromSlash(name)
		if !filepath.IsLocal(rel) {
			return fmt.Errorf("data file %q is not a path inside the program's folder", name)
		}
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("writing data file: %w", err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("writing data file: %w", err)
		}
	}
	return nil
}

// stdinFile returns a file holding data to be a run's standard input, or
// nil (no data: the empty stdin of /dev/null). The file is unlinked
// at once, so nothing is left behind however the run ends; close it
// when the run is over.
func stdinFile(data []byte) (*os.File, error) {
	if data == nil {
		return nil, nil
	}
	f, err := os.CreateTemp("", "workbook-stdin-")
	if err != nil {
		return nil, fmt.Errorf("creating stdin file: %w", err)
	}
	os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing stdin file: %w", err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing stdin file: %w", err)
	}
	return f, nil
}

// execSpec returns the run of bin that p asks for.
func (p *Program) execSpec(bin string) execSpec {
	return execSpec{Bin: bin, Args: p.Args, Timeout: p.Timeout, Files: p.Files, Stdin: p.Stdin}
}
