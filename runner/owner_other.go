//go:build !unix

package runner

import "io/fs"

// ownedByUs reports whether fi is ours. Windows has no Unix permission
// bits or owner in fs.FileInfo; a folder of the temporary directory there
// is inside the user's own profile (%TEMP%), which other users cannot
// write, so being a real folder (not a link, checked by the caller) is
// what can be asked.
func ownedByUs(fi fs.FileInfo) bool {
	return fi.Mode()&fs.ModeSymlink == 0
}
