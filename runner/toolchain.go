package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// toolchain describes the go command programs are built with.
type toolchain struct {
	Path      string `json:"path"` // the go command, resolved on PATH
	GoVersion string `json:"go_version"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	// Build holds the settings besides the version that change what a
	// build produces (buildEnv), for the cache key.
	Build  string `json:"build"`
	NumCPU int    `json:"num_cpu"`
	// GOROOT is where the toolchain's files are (wasm_exec.js).
	GOROOT string `json:"goroot"`
	// Backend runs the programs (see Runner.Backend); set per session.
	Backend string `json:"-"`
}

// buildEnv are the go settings that change what a build of the same
// source produces or prints (runtime.Version shows GOEXPERIMENT; race
// builds use cgo).
var buildEnv = []string{"GOEXPERIMENT", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64",
	"GOFIPS140", "GODEBUG", "CC", "CGO_CFLAGS", "CGO_LDFLAGS"}

func (tc toolchain) env() Env {
	return Env{GoVersion: tc.GoVersion, GOOS: tc.GOOS, GOARCH: tc.GOARCH, NumCPU: tc.NumCPU, Backend: tc.Backend}
}

// toolchainEnv lists the variables that can change what `go env` reports.
var toolchainEnv = append([]string{"GOROOT", "GOENV", "GOTOOLCHAIN", "GOFLAGS", "PATH"}, buildEnv...)

// lookToolchain finds the go command and what it builds for. Asking
// `go env` costs a process start (~15 ms), too much for a fully cached
// verify, so the answer is remembered in the cache directory under a
// fingerprint of the binary (path, size, modification time) and of the
// environment that could change it.
func (r *Runner) lookToolchain(ctx context.Context, cacheDir string) (toolchain, error) {
	path, err := exec.LookPath(r.goCommand())
	if err != nil {
		if r.Go != "" || os.Getenv("WORKBOOK_GO") != "" {
			return toolchain{}, setupErrorf("%s: %w; set WORKBOOK_GO to the go command's path, or unset it to use go from PATH", r.goSetting(), err)
		}
		return toolchain{}, setupErrorf("finding the go command: %w; install Go, or set WORKBOOK_GO to the go command's path", err)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fi, err := os.Stat(path)
	if err != nil {
		return toolchain{}, setupErrorf("%s: %w", r.goSetting(), err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%d\n", path, fi.Size(), fi.ModTime().UnixNano())
	for _, k := range toolchainEnv {
		fmt.Fprintf(h, "%s=%s\n", k, os.Getenv(k))
	}
	memo := ""
	if cacheDir != "" {
		memo = filepath.Join(cacheDir, "toolchain", hex.EncodeToString(h.Sum(nil))[:32]+".json")
		var tc toolchain
		if data, err := os.ReadFile(memo); err == nil && json.Unmarshal(data, &tc) == nil && tc.GoVersion != "" && tc.GOROOT != "" {
			return tc, nil
		}
	}
	tc, err := r.askToolchain(ctx, path)
	if err != nil {
		return toolchain{}, err
	}
	if memo != "" {
		data, _ := json.Marshal(tc)
		// A failure to remember only costs the next run a go env.
		_ = writeFileAtomic(memo, data)
	}
	return tc, nil
}

func (r *Runner) askToolchain(ctx context.Context, path string) (toolchain, error) {
	args := append([]string{"env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOROOT"}, buildEnv...)
	cmd := r.goCmd(ctx, "", args...)
	cmd.Path = path
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && len(bytes.TrimSpace(ee.Stderr)) > 0 {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(ee.Stderr))
		}
		return toolchain{}, setupErrorf("%s does not work: go env: %w", r.goSetting(), err)
	}
	var env map[string]string
	if err := json.Unmarshal(out, &env); err != nil || env["GOVERSION"] == "" {
		return toolchain{}, setupErrorf("%s is not a go command: go env printed %q", r.goSetting(), out)
	}
	var build strings.Builder
	for _, k := range buildEnv {
		fmt.Fprintf(&build, "%s=%s;", k, env[k])
	}
	return toolchain{Path: path, GoVersion: env["GOVERSION"], GOOS: env["GOOS"], GOARCH: env["GOARCH"],
		Build: build.String(), NumCPU: runtime.NumCPU(), GOROOT: env["GOROOT"]}, nil
}

// Fingerprint identifies what results depend on besides the programs
// themselves: the toolchain, the machine, the runner backend, the module
// and the cache they are kept in. Two runs with the same programs and the same fingerprint
// get the same results from the cache. It is "" when results are not to
// be reused (Rerun).
func (r *Runner) Fingerprint(ctx context.Context) (string, error) {
	if r.Rerun {
		return "", nil
	}
	dir, err := r.cacheDir()
	if err != nil {
		return "", nil // no cache: nothing is reused
	}
	tc, err := r.lookToolchain(ctx, dir)
	if err != nil {
		return "", err
	}
	local, err := r.localModules()
	if err != nil {
		return "", err
	}
	backend, err := r.backend()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%q\n%q\n%s\n%s\n%s\n", cacheVersion, dir, r.GoMod, r.GoSum, tc.Path, local, backend)
	return fmt.Sprintf("%s %s/%s %d CPUs %x", tc.GoVersion, tc.GOOS, tc.GOARCH, tc.NumCPU, h.Sum(nil)[:8]), nil
}

// Toolchain describes the go command programs are built with, as
// "go1.26.1 linux/amd64 (/usr/local/go/bin/go)".
func (r *Runner) Toolchain(ctx context.Context) (string, error) {
	dir, err := r.cacheDir()
	if err != nil {
		dir = "" // not remembering the answer only costs a go env
	}
	tc, err := r.lookToolchain(ctx, dir)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %s/%s (%s)", tc.GoVersion, tc.GOOS, tc.GOARCH, tc.Path), nil
}
