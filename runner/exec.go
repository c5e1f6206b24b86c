package runner

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// execSpec describes one run of a built binary.
type execSpec struct {
	Bin        string            // absolute path of the built program
	Args       []string          // program arguments
	GOMAXPROCS int               // 0: leave unset
	Timeout    time.Duration     // 0: DefaultTimeout
	Env        []string          // extra KEY=VALUE for the program (e.g. a trace path), may be nil
	OnLine     func(Line)        // may be nil; called for each line as it completes, in order
	Files      map[string][]byte // written into the run's folder first (see Program.Files)
	Stdin      []byte            // nil: empty
}

// execTraceEnv is the variable that tells an instrumented program where
// to write its runtime trace. When a run's environment sets it, a run
// that reaches its timeout gets SIGUSR2 and execTraceGrace to flush the
// trace before it is killed; other runs are killed at once.
const execTraceEnv = "WORKBOOK_TRACE"

// execTraceGrace is how long a traced program has between SIGUSR2 and
// SIGKILL: flushing a trace buffer takes milliseconds; this leaves room
// on a busy machine without stretching the timeout noticeably.
const execTraceGrace = 150 * time.Millisecond

func (s *execSpec) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

// grace is the SIGUSR2 grace period for this run (see execTraceEnv).
func (s *execSpec) grace() time.Duration {
	for _, kv := range s.Env {
		if strings.HasPrefix(kv, execTraceEnv+"=") {
			return execTraceGrace
		}
	}
	return 0
}

// environ is the program's whole environment: minimal, so results do not
// depend on who ran the build, with the home and temporary folders
// inside the run's own directory so nothing a program writes outlives
// the run (see systemEnv). A variable in s.Env replaces one of ours (a
// program would see only the first).
func (s *execSpec) environ(dir string) []string {
	// The race detector sleeps 1 s at exit by default, so that reports
	// from goroutines still running can be printed: a tenth of that is
	// plenty for a program that waits for its goroutines, and a second
	// of nothing would be most of a race program's run.
	env := append(systemEnv(dir), "GORACE=atexit_sleep_ms=100")
	if s.GOMAXPROCS > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(s.GOMAXPROCS))
	}
	for _, kv := range s.Env {
		key, _, _ := strings.Cut(kv, "=")
		env = slices.DeleteFunc(env, func(e string) bool { return strings.HasPrefix(e, key+"=") })
		env = append(env, kv)
	}
	return env
}
