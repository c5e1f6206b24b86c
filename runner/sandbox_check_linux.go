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
	"strings"
)

// The sandbox helper is executed for every run, so a damaged copy in the
// cache (truncated by a full disk, emptied, made non-executable, replaced
// by a folder) would fail every command, -rerun included. Its checksum
// file, written after it was built, is checked before each use; any
// mismatch rebuilds it. The name of the checksum file is the helper's
// with helperSumExt appended.
const helperSumExt = ".sha256"

// helperIntact reports whether bin is an executable regular file whose
// SHA-256 is the one recorded when it was built.
func helperIntact(bin string) bool {
	fi, err := os.Lstat(bin)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o100 == 0 {
		return false
	}
	want, err := os.ReadFile(bin + helperSumExt)
	if err != nil {
		return false
	}
	got, err := fileSum(bin)
	return err == nil && got == strings.TrimSpace(string(want))
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
	return writeFileAtomic(bin+helperSumExt, []byte(sum+"\n"))
}
