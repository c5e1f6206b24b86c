package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// manifestName is the file in a built site that records what it was
// built from, so building again with nothing changed does nothing.
const manifestName = ".workbook-build"

type manifest struct {
	Fingerprint string `json:"fingerprint,omitempty"`
	Passed      int    `json:"passed"`
	Failed      int    `json:"failed"`
	// Files are the site's files (a site of an earlier version listed
	// only its top-level entries), so a rebuild can tell them from
	// anything a person put beside them, and a file deleted by hand is
	// noticed.
	Files []string `json:"files"`
}

// readManifest reads the manifest of the site in out.
func readManifest(out string) (manifest, bool) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil || json.Unmarshal(data, &m) != nil {
		return manifest{}, false
	}
	return m, true
}

// intact reports whether every file the manifest lists is still in the
// site in out: a page or image deleted by hand is written again.
func (m manifest) intact(out string) bool {
	for _, name := range m.Files {
		if _, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name))); err != nil {
			return false
		}
	}
	return true
}

func (m manifest) encode() []byte {
	data, _ := json.Marshal(m) // plain fields: cannot fail
	return append(data, '\n')
}

// A fingerprinter can say what its results depend on besides the
// programs (*runner.Runner can).
type fingerprinter interface {
	Fingerprint(ctx context.Context) (string, error)
}

// inputs are what a built site depends on: the global part (the
// workbook binary, the runner's toolchain and cache, the options) and
// the hash of every file of the lessons folder.
type inputs struct {
	global string            // hex SHA-256
	files  map[string]string // path in the lessons folder → SHA-256, hex
	stats  inputStats        // what the next build compares (see statName)
	hashed int               // files read and hashed, not known by their stats
}

// fingerprint hashes all of in; it is "" when in is unknown.
func (in inputs) fingerprint() string {
	if in.global == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", in.global)
	for _, p := range slices.Sorted(maps.Keys(in.files)) {
		fmt.Fprintf(h, "file %q %s\n", p, in.files[p])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readInputs hashes everything a built site depends on: every file of
// the lessons folder, the options, the runner's toolchain and cache, and
// the workbook binary itself (its templates, assets and rendering code).
// The zero inputs mean that some of these cannot be known, and then
// every build renders.
func readInputs(ctx context.Context, cfg Config) inputs {
	f, ok := cfg.Runner.(fingerprinter)
	if !ok {
		return inputs{}
	}
	runnerFP, err := f.Fingerprint(ctx)
	if err != nil || runnerFP == "" {
		return inputs{}
	}
	exe, err := os.Executable()
	if err != nil {
		return inputs{}
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return inputs{}
	}
	prev := readStats(cfg.Out)
	in := inputs{files: map[string]string{}, stats: inputStats{Read: time.Now().UnixNano(), Files: map[string]fileStat{}}}
	// Hashed: the records are published with the site, and the text
	// names folders of the machine that built it.
	global := sha256.Sum256(fmt.Appendf(nil, "exe %s %d %d %s\nrunner %s\ndir %s\nallow %t\nfrozen %t\nwasm %t\nplay %t",
		exe, fi.Size(), fi.ModTime().UnixNano(), goBuildID(exe), runnerFP, cfg.Dir, cfg.AllowFailures, cfg.Frozen != nil, cfg.Wasm != nil, !cfg.NoPlayground))
	in.global = hex.EncodeToString(global[:])
	err = fs.WalkDir(cfg.Lessons, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		st, trusted := statOf(fi)
		if hash, sure := prev.known(path, st); trusted && sure {
			in.files[path] = hash
			in.stats.Files[path] = prev.Files[path]
			return nil
		}
		data, err := fs.ReadFile(cfg.Lessons, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		in.files[path] = hex.EncodeToString(sum[:])
		if d.Type()&fs.ModeSymlink != 0 {
			// A lesson replaced by a link to the same text is a change:
			// where the link leads is checked when the book is read.
			in.files[path] = "link " + in.files[path]
		}
		in.hashed++
		if trusted {
			st.Hash = in.files[path]
			in.stats.Files[path] = st
		}
		return nil
	})
	if err != nil {
		return inputs{}
	}
	return in
}

// upToDate returns the report of the site in out when it was built from
// exactly fp, and nil when it must be built.
func upToDate(out, fp string) *Report {
	if fp == "" {
		return nil
	}
	m, ok := readManifest(out)
	if !ok || m.Fingerprint != fp || !m.intact(out) {
		return nil
	}
	// The manifest is written last into the new site, so a site that has
	// it is complete; check the home page is still there all the same.
	if index, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !bytes.Contains(index, []byte(generatorMark)) {
		return nil
	}
	return &Report{Passed: m.Passed, Failed: m.Failed, Unchanged: true}
}

// goBuildID returns the Go build ID of the executable, a hash of what it
// was built from, so a changed workbook is noticed even when its size and
// time are not (reproducible builds pin file times). Reading it costs a
// few system calls, not a read of the binary. "" when there is none.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	data, err := sec.Data()
	if err != nil {
		return ""
	}
	return hex.EncodeToString(data)
}
