//go:build !linux && !darwin

package site

import "io/fs"

// changeTime is 0 where the system keeps no change time (Windows): the
// size and modification time decide alone.
func changeTime(fs.FileInfo) int64 { return 0 }
