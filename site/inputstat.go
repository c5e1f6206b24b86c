package site

import (
	"bytes"
	"encoding/gob"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// statName is the file in a built site that remembers, for every file of
// the lessons folder, its size and times when it was last hashed, so the
// next build hashes only the files whose size or times changed, as git's
// index does. A file changed within statSlack of that reading is hashed
// again all the same: its time may not show a second change.
const statName = ".workbook-stat"

// statSlack covers file systems whose times are coarse (FAT's 2 s).
// A variable for tests.
var statSlack = 2 * time.Second

// A fileStat is what is compared: a change to a file's content changes
// its size, its modification time or (where the system keeps one, see
// changeTime) its change time, which no tool can set back.
type fileStat struct {
	Size, MTime, CTime int64
	Hash               string
}

// inputStats are the stats of every file of the lessons folder, and when
// they were read.
type inputStats struct {
	Read  int64 // Unix nanoseconds, taken before the first file
	Files map[string]fileStat
}

// readStats reads the stats a site in out was built with; none is no
// error: every file is hashed.
func readStats(out string) inputStats {
	var s inputStats
	data, err := os.ReadFile(filepath.Join(out, statName))
	if err != nil || gob.NewDecoder(bytes.NewReader(data)).Decode(&s) != nil {
		return inputStats{}
	}
	return s
}

func (s inputStats) encode() []byte {
	var buf bytes.Buffer
	_ = gob.NewEncoder(&buf).Encode(s) // plain fields into memory: cannot fail
	return buf.Bytes()
}

// statOf returns what fileStat compares of fi; ok is false for what
// cannot be trusted (a link, a file without times, as in embedded
// folders).
func statOf(fi fs.FileInfo) (fileStat, bool) {
	if fi.Mode()&fs.ModeSymlink != 0 || fi.ModTime().IsZero() || !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	return fileStat{Size: fi.Size(), MTime: fi.ModTime().UnixNano(), CTime: changeTime(fi)}, true
}

// known returns the hash of the file at path when its stat is the one
// hashed before, and the file had not changed for statSlack when it was.
func (s inputStats) known(path string, now fileStat) (string, bool) {
	old, ok := s.Files[path]
	if !ok || old.Hash == "" || old.Size != now.Size || old.MTime != now.MTime || old.CTime != now.CTime {
		return "", false
	}
	newest := max(now.MTime, now.CTime)
	return old.Hash, newest < s.Read-int64(statSlack)
}
