package runner

import (
	"fmt"
	"strconv"
	"strings"
)

// memoryUnits are the suffixes ParseMemory accepts: those of GOMEMLIMIT.
var memoryUnits = []struct {
	suffix string
	n      int64
}{
	{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1},
}

// ParseMemory parses a memory limit for Runner.Memory: a number of
// bytes with an optional unit B, KiB, MiB, GiB or TiB, as GOMEMLIMIT is
// written ("512MiB"). "0" and "" mean no limit.
func ParseMemory(s string) (int64, error) {
	num, mult := strings.TrimSpace(s), int64(1)
	if num == "" {
		return 0, nil
	}
	for _, u := range memoryUnits {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("bad memory limit %q: want a size such as 512MiB (units B, KiB, MiB, GiB, TiB)", s)
	}
	return n * mult, nil
}

// goReserve is where a memory limit gets too low for Go itself: the
// runtime reserves about 1.2 GiB of address space for its heap arenas
// before main runs (linux/amd64; a hello world fails below that), so a
// limit under 1.5 GiB leaves a program little or nothing.
const goReserve = 3 << 29

// MemoryHint explains a failed run that ran out of memory under a
// limit (Runner.Memory) too low for the Go runtime, or returns "".
func (r *Run) MemoryHint() string {
	if r.MemoryLimit <= 0 || r.MemoryLimit >= goReserve {
		return ""
	}
	for _, l := range r.Output {
		for _, m := range outOfMemory {
			if strings.Contains(l.Text, m) {
				return fmt.Sprintf("the program ran out of memory under a limit of %.2f GiB: Go reserves about 1.2 GiB of address space before main runs; try -memory 2GiB",
					float64(r.MemoryLimit)/(1<<30))
			}
		}
	}
	return ""
}

// outOfMemory are what the Go runtime prints when the address space it
// asks for is refused, in its heap, its page summaries or a new thread.
var outOfMemory = []string{
	"out of memory", "cannot allocate memory", "failed to reserve", "failed to create new OS thread",
}
