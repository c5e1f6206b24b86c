package site

import (
	"testing"

	"github.com/workbook-dev/workbook/runner"
)

func TestEnvTextNamesBackend(t *testing.T) {
	tests := []struct {
		env  runner.Env
		want string
	}{
		{runner.Env{GoVersion: "go1.26.8", GOOS: "darwin", GOARCH: "arm64", NumCPU: 8, Backend: runner.BackendPortable},
			"Go 1.26.8 · darwin/arm64 · 8 CPUs · portable runner"},
		{runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 1, Backend: runner.BackendLinux},
			"Go 1.26.8 · linux/amd64 · 1 CPU · linux runner"},
		// A result cached before backends were recorded.
		{runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2},
			"Go 1.26.8 · linux/amd64 · 2 CPUs"},
	}
	for _, tt := range tests {
		if got := envText(tt.env); got != tt.want {
			t.Errorf("envText(%+v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
