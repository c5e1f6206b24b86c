//go:build linux

package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// The sandbox helper is executed for every run, so a damaged copy in the
// cache (truncated by a full disk, emptied, made non-executable, replaced
// by a folder) would fail every command, -rerun included. Its record,
// written after it was built, holds its SHA-256 and the file's identity
// (size, modification time, inode); any mismatch rebuilds it.
//
// Hashing the 1.6 MB helper costs 2 to 10 ms, too much before every run,
// so the hash is checked only when the identity changed: any write,
// truncation or replacement changes it. A helper copied with the cache
// folder (a new inode and time) is hashed once, then its record updated.
// The record's name is the helper's with helperSumExt appended.
const helperSumExt = ".sha256"

// helperRecord is what the record file holds.
type helperRecord struct {
	sum                string
	size, mtime, inode int64
}

func (h helperRecord) String() string {
	return fmt.Sprintf("%s %d %d %d\n", h.sum, h.size, h.mtime, h.inode)
}

func parseHelperRecord(data []byte) (helperRecord, bool) {
	var h helperRecord
	_, err := fmt.Sscanf(string(data), "%s %d %d %d", &h.sum, &h.size, &h.mtime, &h.inode)
	return h, err == nil
}

// helperIdentity describes bin as the record does, or fails if bin is
// not an executable regular file.
func helperIdentity(bin string) (helperRecord, bool) {
	fi, err := os.Lstat(bin)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o100 == 0 {
		return helperRecord{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return helperRecord{}, false
	}
	return helperRecord{size: fi.Size(), mtime: fi.ModTime().UnixNano(), inode: int64(st.Ino)}, true
}

// helperIntact reports whether bin is an executable regular file whose
// SHA-256 is the one recorded when it was built.
func helperIntact(bin string) bool {
	id, ok := helperIdentity(bin)
	if !ok {
		return false
	}
	data, err := os.ReadFile(bin + helperSumExt)
	if err != nil {
		return false
	}
	rec, ok := parseHelperRecord(data)
	if !ok {
		return false
	}
	id.sum = rec.sum
	if id == rec {
		return true
	}
	if got, err := fileSum(bin); err != nil || got != rec.sum {
		return false
	}
	// Same bytes under a new identity (a copied cache): remember it.
	_ = writeFileAtomic(bin+helperSumExt, []byte(id.String()))
	return true
}

func fileSum(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// installHelper moves the freshly built helper tmp to bin, replacing
// whatever damaged thing is there, and records its checksum. The
// checksum is written last: a crash in between leaves a helper without
// one, which the next use rebuilds.
func installHelper(tmp, bin string) error {
	sum, err := fileSum(tmp)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, bin); err != nil {
		// A folder (or anything rename cannot replace) is in the way.
		if rmErr := os.RemoveAll(bin); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
			return fmt.Errorf("replacing damaged helper: %w", rmErr)
		}
		if err := os.Rename(tmp, bin); err != nil {
			return err
		}
	}
	id, ok := helperIdentity(bin)
	if !ok {
		return fmt.Errorf("the helper built at %s is not an executable file", bin)
	}
	id.sum = sum
	return writeFileAtomic(bin+helperSumExt, []byte(id.String()))
}
