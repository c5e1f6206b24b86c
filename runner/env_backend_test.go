package runner

import (
	"testing"
)

func TestEnvTextNamesBackend(t *testing.T) {
	tests := []struct {
		env  Env
		want string
	}{
		{Env{GoVersion: "go1.26.8", GOOS: "darwin", GOARCH: "arm64", NumCPU: 8, Backend: BackendPortable},
			"Go 1.26.8 · darwin/arm64 · 8 CPUs · portable runner"},
		{Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 1, Backend: BackendLinux},
			"Go 1.26.8 · linux/amd64 · 1 CPU · linux runner"},
		// A result cached before backends were recorded.
		{Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2},
			"Go 1.26.8 · linux/amd64 · 2 CPUs"},
	}
	for _, tt := range tests {
		if got := tt.env.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.env, got, tt.want)
		}
	}
}
