//go:build !windows

package runner

// execPath is the PATH programs see: the system directories only, so a
// program that starts a command finds the standard ones and nothing of
// the user's.
const execPath = "/usr/local/bin:/usr/bin:/bin"

// systemEnv is the environment every program starts from.
func systemEnv(dir string) []string {
	return []string{
		"PATH=" + execPath,
		"HOME=" + dir,
		"TMPDIR=" + dir,
		"LANG=C.UTF-8",
	}
}
