package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
)

// The runner backends: how a built program is started, watched and
// measured. Result.Env.Backend names the one that produced a result.
const (
	// BackendLinux starts each program through a small helper that
	// reaps every descendant (a subreaper), captures output through
	// datagram sockets stamped by the kernel (the exact order between
	// stdout and stderr) and reports the program's own peak memory.
	BackendLinux = "linux"
	// BackendPortable runs on every system: output through two pipes
	// stamped as they are read, the program's own process group (a Job
	// Object on Windows), and what the system reports of its CPU time
	// and memory.
	BackendPortable = "portable"
)

// ErrBackend is wrapped by the error for a backend that is unknown or
// cannot run on this system: a setting to fix, not a failure.
var ErrBackend = errors.New("unusable runner backend")

// backendEnv is the variable that picks a backend (see Runner.Backend).
const backendEnv = "WORKBOOK_RUNNER"

// backend returns the backend runs use, or an error for a name that is
// unknown or cannot work on this system.
func (r *Runner) backend() (string, error) {
	name, from := r.Backend, "Runner.Backend"
	if name == "" {
		name, from = os.Getenv(backendEnv), backendEnv
	}
	switch name {
	case "":
		if linuxBackend {
			return BackendLinux, nil
		}
		return BackendPortable, nil
	case BackendPortable:
		return name, nil
	case BackendLinux:
		if !linuxBackend {
			return "", fmt.Errorf("%s=%s: the linux backend needs Linux, not %s; use %s: %w", from, name, runtime.GOOS, BackendPortable, ErrBackend)
		}
		return name, nil
	}
	return "", fmt.Errorf("%s=%q: unknown runner backend, want %s or %s: %w", from, name, BackendLinux, BackendPortable, ErrBackend)
}

// exec runs spec.Bin under the run limits (timeout, output cap, empty
// stdin, own folder and process group) with the chosen backend and
// records what happened. The error is only for when the tool cannot
// work, or ctx's error when ctx was cancelled: the run was stopped and
// the Run holds what happened until then. OnLine is never called after
// exec returns.
func (r *Runner) exec(ctx context.Context, spec execSpec) (Run, error) {
	b, err := r.backend()
	if err != nil {
		return Run{}, err
	}
	if b == BackendLinux {
		return r.execLinux(ctx, spec)
	}
	return r.execPortable(ctx, spec)
}
