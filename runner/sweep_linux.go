//go:build linux

package runner

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"time"
)

// clockTick is the unit of /proc/stat: USER_HZ, 100 on every Linux
// architecture Go supports.
const clockTick = 10 * time.Millisecond

// machineCPU returns the CPU time the whole machine has spent busy (every
// process, and the kernel) since boot, from /proc/stat, or 0 when it
// cannot tell. It counts only when /proc/stat describes the CPUs Go sees:
// in a container limited to some of a host's CPUs, the host's load says
// nothing about ours.
func machineCPU() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, rest, _ := bytes.Cut(data, []byte("\n"))
	if ncpu := bytes.Count(rest, []byte("\ncpu")); !bytes.HasPrefix(rest, []byte("cpu")) || ncpu+1 != runtime.NumCPU() {
		return 0
	}
	fields := bytes.Fields(line)
	if len(fields) < 9 || string(fields[0]) != "cpu" {
		return 0
	}
	var busy int64
	// user nice system idle iowait irq softirq steal: all but idle and iowait.
	for i, f := range fields[1:9] {
		n, err := strconv.ParseInt(string(f), 10, 64)
		if err != nil {
			return 0
		}
		if i != 3 && i != 4 {
			busy += n
		}
	}
	return time.Duration(busy) * clockTick
}
