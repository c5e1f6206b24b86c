//go:build !linux

package watch

// unwatchable says why events cannot be trusted for dir; elsewhere than
// Linux we do not know how to tell, so we trust them (-poll overrides).
func unwatchable(dir string) string { return "" }

func explainWatchError(err error) string { return err.Error() }
