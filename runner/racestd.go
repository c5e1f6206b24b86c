package runner

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// raceStdTimeout bounds the check of RaceStdCold: go list reads the
// build cache, and takes well under a second.
const raceStdTimeout = 30 * time.Second

// RaceStdCold reports whether Go's build cache lacks the standard library
// built for -race as the runner builds it (with -trimpath and cgo): then
// the first race program's build compiles the whole standard library
// with the race detector first, which takes a minute or more on a small
// machine. It asks go list whether the runtime package is stale, which
// only reads the cache.
func (r *Runner) RaceStdCold(ctx context.Context) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, raceStdTimeout)
	defer cancel()
	cmd := r.goCmd(ctx, "", "list", "-race", "-trimpath", "-f", "{{.Stale}}", "runtime")
	cmd.Dir = os.TempDir() // outside any module the user's folder may be in
	cmd.Env = append(cmd.Env, "CGO_ENABLED=1")
	out, err := cmd.Output()
	if err != nil {
		return false, fmt.Errorf("go list -race runtime: %w", err)
	}
	return strings.TrimSpace(string(out)) == "true", nil
}
