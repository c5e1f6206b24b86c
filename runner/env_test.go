package runner

import "testing"

func TestEnvString(t *testing.T) {
	for _, tc := range []struct {
		env  Env
		want string
	}{
		{Env{GoVersion: "go1.26.0", GOOS: "linux", GOARCH: "amd64", NumCPU: 2}, "Go 1.26.0 · linux/amd64 · 2 CPUs"},
		{Env{GoVersion: "go1.26.0", GOOS: "darwin", GOARCH: "arm64", NumCPU: 1}, "Go 1.26.0 · darwin/arm64 · 1 CPU"},
		{Env{NumCPU: 4}, "4 CPUs"},
		{Env{}, ""},
	} {
		if got := tc.env.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.env, got, tc.want)
		}
	}
}
