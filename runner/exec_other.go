//go:build !linux

package runner

import (
	"context"
	"errors"
	"runtime"
)

// exec needs Linux: process groups reaped through a subreaper, datagram
// sockets with kernel timestamps for ordered output, and wait4's rusage.
func (r *Runner) exec(ctx context.Context, spec execSpec) (Run, error) {
	return Run{}, errors.New("running programs is supported on linux only, not " + runtime.GOOS)
}
