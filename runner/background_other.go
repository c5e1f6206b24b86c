//go:build !linux

package runner

import "os/exec"

// startBackground starts cmd. Only on Linux does it lower the command's
// priority (see background_linux.go): elsewhere a nice value belongs to
// the whole process, workbook included.
func startBackground(cmd *exec.Cmd) error { return cmd.Start() }
