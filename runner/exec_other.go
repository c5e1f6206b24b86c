//go:build !linux

package runner

import (
	"context"
	"errors"
)

// linuxBackend reports whether BackendLinux can run here.
const linuxBackend = false

// execLinux is never called here: backend refuses BackendLinux.
func (r *Runner) execLinux(ctx context.Context, spec execSpec) (Run, error) {
	return Run{}, errors.New("the linux runner backend needs Linux")
}
