package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// hlFormat names the encoding of a stored block and the HTML we make of
// tokens. Change it when either changes.
const hlFormat = "workbook-highlight 3"

// A highlightStore keeps highlighted code blocks on disk between builds,
// content-addressed like results: a block's file is named by a hash of
// its lexer, the styles' classes, chroma's version and the code, so
// anything that could change its HTML changes its name. Files are
// written atomically; one that cannot be read or fails its checksum is a
// miss and is highlighted again. The zero value (no folder) stores
// nothing.
type highlightStore struct {
	dir     string
	version string // what besides lexer and code a block's HTML depends on
}

func newHighlightStore(dir string, styled map[string]string) highlightStore {
	if dir == "" {
		return highlightStore{}
	}
	var classes []string
	for _, c := range slices.Sorted(maps.Keys(styled)) {
		classes = append(classes, c+"="+styled[c])
	}
	v := hlFormat + "\n" + chromaVersion() + "\n" + strings.Join(classes, " ")
	return highlightStore{dir: dir, version: v}
}

// chromaVersion is the version of chroma built into this binary ("" in
// a binary without module information, where tests run).
func chromaVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/alecthomas/chroma/v2" {
			return d.Version + " " + d.Sum
		}
	}
	return ""
}

func (s highlightStore) path(lexer, code string) string {
	h := sha256.New()
	h.Write([]byte(s.version + "\x00" + lexer + "\x00"))
	h.Write([]byte(code))
	name := hex.EncodeToString(h.Sum(nil))
	return filepath.Join(s.dir, name[:2], name)
}

// load returns the stored lines of code highlighted by lexer.
func (s highlightStore) load(lexer, code string) ([]codeLine, bool) {
	if s.dir == "" {
		return nil, false
	}
	data, err := os.ReadFile(s.path(lexer, code))
	if err != nil {
		return nil, false
	}
	lines, err := decodeLines(data)
	return lines, err == nil
}

// save stores lines; failing to is not an error, only a later miss.
func (s highlightStore) save(lexer, code string, lines []codeLine) {
	if s.dir == "" {
		return
	}
	p := s.path(lexer, code)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return
	}
	_, err = f.Write(encodeLines(lines))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// encodeLines writes the number of lines, each line's HTML and text with
// their lengths, and a SHA-256 of all that.
func encodeLines(lines []codeLine) []byte {
	n := 0
	for _, l := range lines {
		n += len(l.HTML) + len(l.Text) + 2*binary.MaxVarintLen64
	}
	b := make([]byte, 0, n+binary.MaxVarintLen64+sha256.Size)
	b = binary.AppendUvarint(b, uint64(len(lines)))
	for _, l := range lines {
		b = binary.AppendUvarint(b, uint64(len(l.HTML)))
		b = append(b, l.HTML...)
		b = binary.AppendUvarint(b, uint64(len(l.Text)))
		b = append(b, l.Text...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

var errDamaged = errors.New("damaged highlight entry")

func decodeLines(data []byte) ([]codeLine, error) {
	if len(data) < sha256.Size {
		return nil, errDamaged
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errDamaged
	}
	n, k := binary.Uvarint(body)
	if k <= 0 || n > uint64(len(body)) {
		return nil, errDamaged
	}
	body = body[k:]
	lines := make([]codeLine, n)
	for i := range lines {
		var ok bool
		if lines[i].HTML, body, ok = field(body); !ok {
			return nil, errDamaged
		}
		if lines[i].Text, body, ok = field(body); !ok {
			return nil, errDamaged
		}
	}
	if len(body) != 0 {
		return nil, errDamaged
	}
	return lines, nil
}

// field reads one length-prefixed string from b.
func field(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}
