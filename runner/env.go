package runner

import (
	"strconv"
	"strings"
)

// String describes where a program ran, for people: "Go 1.26.0 ·
// linux/amd64 · 2 CPUs". Fields not known are left out.
func (e Env) String() string {
	var parts []string
	if e.GoVersion != "" {
		parts = append(parts, "Go "+strings.TrimPrefix(e.GoVersion, "go"))
	}
	if e.GOOS != "" {
		parts = append(parts, e.GOOS+"/"+e.GOARCH)
	}
	if e.NumCPU == 1 {
		parts = append(parts, "1 CPU")
	} else if e.NumCPU > 1 {
		parts = append(parts, strconv.Itoa(e.NumCPU)+" CPUs")
	}
	if e.Backend != "" {
		// Which runner backend measured it: their fidelity differs.
		parts = append(parts, e.Backend+" runner")
	}
	return strings.Join(parts, " · ")
}
