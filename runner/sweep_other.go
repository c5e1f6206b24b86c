//go:build !linux

package runner

import "time"

// machineCPU would read the machine's busy time; elsewhere it is unknown.
func machineCPU() time.Duration { return 0 }
