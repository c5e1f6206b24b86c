package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	for _, tt := range []struct {
		main     string
		settings []debug.BuildSetting
		want     string
	}{
		{main: "v1.2.3", want: "v1.2.3"},
		{main: "v0.0.0-20261202065500-82f9c7cabcde", want: "v0.0.0-20261202065500-82f9c7cabcde"},
		{main: "(devel)", settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "82f9c7c"}}, want: "(devel) 82f9c7c"},
		{main: "", want: "(devel)"},
	} {
		bi := &debug.BuildInfo{Main: debug.Module{Version: tt.main}, Settings: tt.settings}
		if got := versionOf(bi); got != tt.want {
			t.Errorf("versionOf(%q) = %q, want %q", tt.main, got, tt.want)
		}
	}
}

func TestActionRef(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3":                               "v1.2.3",
		"v0.0.0-test":                          "v0.0.0-test",
		"v0.3.0-rc.1":                          "v0.3.0-rc.1",
		"v0.0.0-20261202065500-82f9c7cabcde":   "main",
		"v1.2.4-0.20261202065500-82f9c7cabcde": "main",
		"v1.2.3+dirty":                         "main",
		"(devel) 82f9c7c":                      "main",
	} {
		if got := actionRef(v); got != want {
			t.Errorf("actionRef(%q) = %q, want %q", v, got, want)
		}
	}
}
