package runner

import (
	"os"
	"path/filepath"
)

// systemEnv is the environment every program starts from: Windows'
// names for the home folder (os.UserHomeDir) and the temporary folder
// (os.TempDir, which reads TMP, then TEMP), and the system folders on
// PATH. SystemRoot, which much of Windows needs, is kept.
func systemEnv(dir string) []string {
	root := os.Getenv("SystemRoot")
	if root == "" {
		root = `C:\Windows`
	}
	return []string{
		"PATH=" + filepath.Join(root, "System32") + ";" + root,
		"SystemRoot=" + root,
		"USERPROFILE=" + dir,
		"HOME=" + dir,
		"TMP=" + dir,
		"TEMP=" + dir,
	}
}
