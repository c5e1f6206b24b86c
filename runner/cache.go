package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// cacheVersion changes whenever the meaning of a stored Result changes,
// so old entries are never misread.
const cacheVersion = "workbook-result-v5" // v2: a sweep keeps the median of repeats; v3: build settings in the key; v4: Trace is a timeline object, not base64 JSON; v5: the whole Program in the key

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
	field("backend", tc.Backend)
	if r.Memory > 0 {
		// Only when set, so results kept without a limit stay valid.
		field("memory", r.Memory)
	}
	field("gomod", string(r.GoMod))
	field("gosum", string(r.GoSum))
	field("localmods", r.localMods)
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
	name := c.path(res.Key)
	c.clearWay(filepath.Dir(name))
	return writeFileAtomic(name, data)
}

// clearWay removes whatever is not a folder on the way from the cache
// folder to dir (a file where results/ab belongs), so a damaged cache
// is repaired by the next put rather than failing it. Nothing outside
// the cache folder is touched.
func (c cache) clearWay(dir string) {
	rel, err := filepath.Rel(c.dir, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return
	}
	d := c.dir
	for _, elem := range strings.Split(rel, string(filepath.Separator)) {
		d = filepath.Join(d, elem)
		fi, err := os.Lstat(d)
		if err != nil {
			return // missing: MkdirAll makes the rest
		}
		if !fi.IsDir() {
			os.Remove(d)
			return
		}
	}
}

// writeFileAtomic writes data to a temporary file beside name, syncs it
// and renames it into place.
func writeFileAtomic(name string, data []byte) error { return writeFileRenamed(name, data, true) }

// writeFileRenamed is writeFileAtomic, without the sync when sync is
// false: for an entry whose reader checks it against a sum, so a crash
// that loses its data costs a miss, and no writer waits for the disk.
func writeFileRenamed(name string, data []byte, sync bool) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = replaceFile(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing cache entry: %w", err)
	}
	return nil
}

// replaceFile renames tmp to name. A damaged entry that rename cannot
// replace (a folder where a file belongs) is removed first: a cache entry
// is only ever a miss, never a reason to fail.
func replaceFile(tmp, name string) error {
	err := os.Rename(tmp, name)
	if err == nil {
		return nil
	}
	if fi, serr := os.Lstat(name); serr != nil || fi.Mode().IsRegular() {
		return err
	}
	if err := os.RemoveAll(name); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
