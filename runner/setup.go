package runner

import (
	"fmt"
	"os"
)

// A SetupError is a problem with how the machine is set up to run
// programs (the go command, the cache folder), not with a program: its
// message names the variable that would fix it (WORKBOOK_GO,
// WORKBOOK_CACHE). Commands treat it as a usage error.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

func setupErrorf(format string, args ...any) error {
	return &SetupError{fmt.Errorf(format, args...)}
}

// goSetting says where the go command came from, for messages.
func (r *Runner) goSetting() string {
	if r.Go == "" && os.Getenv("WORKBOOK_GO") != "" {
		return "WORKBOOK_GO=" + os.Getenv("WORKBOOK_GO")
	}
	return "the go command " + r.goCommand()
}

// makeCacheDir makes the cache folder dir (see cacheDir), or says which
// setting names a folder that cannot be one.
func (r *Runner) makeCacheDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		setting := "the cache folder " + dir
		if r.CacheDir == "" && os.Getenv("WORKBOOK_CACHE") != "" {
			setting = "WORKBOOK_CACHE=" + os.Getenv("WORKBOOK_CACHE")
		}
		return setupErrorf("%s cannot be the cache folder: %w; set WORKBOOK_CACHE to a folder", setting, unwrapPathErr(err))
	}
	return nil
}

// unwrapPathErr drops the path an *os.PathError repeats.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s %s: %w", pe.Op, pe.Path, pe.Err)
	}
	return err
}
