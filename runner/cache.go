package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// cacheVersion changes whenever the meaning of a stored Result changes,
// so old entries are never misread.
const cacheVersion = "workbook-result-v4" // v2: a sweep keeps the median of repeats; v3: build settings in the key; v4: the whole Program in the key

// key returns the content hash of everything that can change p's result:
// the whole Program (source, files, build flags, run attributes), the
// toolchain, and the module it is built in. Nothing else (prose, file
// names, times). Program is hashed as a whole, so a field added to it
// joins the key without a change here.
func (r *Runner) key(p *Program, tc toolchain) string {
	h := sha256.New()
	field := func(name string, v any) { fmt.Fprintf(h, "%s=%q\n", name, fmt.Sprint(v)) }
	field("v", cacheVersion)
	field("go", tc.GoVersion)
	field("goos", tc.GOOS)
	field("goarch", tc.GOARCH)
	field("build", tc.Build)
	field("ncpu", tc.NumCPU)
	field("gomod", string(r.GoMod))
	field("gosum", string(r.GoSum))
	q := *p
	q.Timeout = p.timeoutOrDefault()
	// Maps marshal in key order, so equal programs give equal bytes.
	// Marshal cannot fail: Program holds only plain data.
	prog, _ := json.Marshal(&q)
	h.Write(prog)
	return hex.EncodeToString(h.Sum(nil))
}

func (p *Program) timeoutOrDefault() time.Duration {
	if p.Timeout <= 0 {
		return DefaultTimeout
	}
	return p.Timeout
}

// A cache stores Results as JSON files named by their key.
type cache struct {
	dir string // "" disables the cache
}

func (c cache) path(key string) string {
	return filepath.Join(c.dir, "results", key[:2], key+".json")
}

// get returns the stored result for key, or nil. A missing, unreadable or
// damaged entry is a miss: the program is simply run again.
func (c cache) get(key string) *Result {
	if c.dir == "" {
		return nil
	}
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil
	}
	var res Result
	if err := json.Unmarshal(data, &res); err != nil || res.Key != key {
		return nil
	}
	res.Cached = true
	return &res
}

// put stores res atomically: readers see the old entry or the new one,
// never a torn write, even if we crash halfway.
func (c cache) put(res *Result) error {
	if c.dir == "" {
		return nil
	}
	data, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return writeFileAtomic(c.path(res.Key), data)
}

// writeFileAtomic writes data to a temporary file beside name, syncs it
// and renames it into place.
func writeFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing cache entry: %w", err)
	}
	return nil
}
