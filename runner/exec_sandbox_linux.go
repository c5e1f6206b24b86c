//go:build linux

package runner

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// sandboxSource is the helper every program is started through (see
// sandbox/main.go for why it exists).
//
//go:embed sandbox/main.go
var sandboxSource []byte

// sandbox returns the path of the helper binary, building it into the
// cache directory the first time. Its name is a hash of its source and
// of the toolchain that builds it, so an upgrade of either builds a new
// one, and the GOMAXPROCS default it reports is that of the Go version
// the programs are built with.
func (r *Runner) sandbox(ctx context.Context) (string, error) {
	dir, err := r.cacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory for the sandbox helper: %w", err)
	}
	tc, err := r.lookToolchain(ctx, dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s/%s\n", tc.GoVersion, runtime.GOOS, runtime.GOARCH)
	h.Write(sandboxSource)
	bin := filepath.Join(dir, "sandbox", "sandbox-"+hex.EncodeToString(h.Sum(nil))[:24])
	if helperIntact(bin) {
		return bin, nil
	}
	cache{dir: dir}.clearWay(filepath.Dir(bin)) // a file where the folder belongs
	if err := r.buildSandbox(ctx, bin); err != nil {
		return "", fmt.Errorf("building the sandbox helper: %w", err)
	}
	return bin, nil
}

// buildSandbox builds the helper in a temporary directory next to bin
// and renames it into place, so a runner never sees half a binary and
// concurrent runners (which build the same bytes) cannot collide.
func (r *Runner) buildSandbox(ctx context.Context, bin string) error {
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(bin), "build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files := map[string][]byte{
		"go.mod":  []byte("module workbook.sandbox\n\ngo 1.22\n"),
		"main.go": sandboxSource,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return err
		}
	}
	cmd := r.goCmd(ctx, tmp, "build", "-trimpath", "-ldflags=-s -w", "-o", "sandbox", ".")
	// Built for this machine whatever GOOS/GOARCH the user exported; no
	// cgo, so it starts fast and links nothing it does not need.
	cmd.Env = append(cmd.Env, "CGO_ENABLED=0", "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return installHelper(filepath.Join(tmp, "sandbox"), bin)
}
