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
