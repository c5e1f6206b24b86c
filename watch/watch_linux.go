//go:build linux

package watch

import (
	"errors"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// unwatchable says why events cannot be trusted for dir, or "" when they
// can. inotify sees changes made through this machine's kernel only:
// edits made on another machine (a network drive) or on the Windows side
// of WSL send no events at all.
func unwatchable(dir string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return ""
	}
	switch uint32(st.Type) {
	case unix.NFS_SUPER_MAGIC:
		return "the lessons are on an NFS drive, whose changes made elsewhere send no events"
	case unix.SMB_SUPER_MAGIC, unix.SMB2_SUPER_MAGIC, unix.CIFS_SUPER_MAGIC:
		return "the lessons are on a Windows (SMB) share, whose changes made elsewhere send no events"
	case unix.V9FS_MAGIC:
		if wsl() {
			return "the lessons are on a Windows drive under WSL, whose changes send no events"
		}
		return "the lessons are on a 9p network file system, whose changes made elsewhere send no events"
	case unix.AFS_SUPER_MAGIC:
		return "the lessons are on an AFS drive, whose changes made elsewhere send no events"
	case 0x53464846: // WSLFS_MAGIC: WSL 1's view of Windows drives
		return "the lessons are on a Windows drive under WSL, whose changes send no events"
	}
	return ""
}

func wsl() bool {
	v, err := os.ReadFile("/proc/version")
	return err == nil && strings.Contains(strings.ToLower(string(v)), "microsoft")
}

// explainWatchError turns inotify's terse errors into what to do.
func explainWatchError(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return `the system's limit on watched folders is reached (inotify says "no space left on device", though no disk is full); ` +
			"raise it with: sudo sysctl fs.inotify.max_user_watches=524288"
	case errors.Is(err, syscall.EMFILE):
		return "the system's limit on inotify instances is reached (other programs hold them); " +
			"raise it with: sudo sysctl fs.inotify.max_user_instances=1024"
	}
	return err.Error()
}
