package serve

import (
	"sync"
	"time"
)

// A throttle lets a warning through at most once per period, so that
// a client repeating a refused request cannot flood the terminal and
// scroll the login URL out of sight. It counts what it held back.
type throttle struct {
	period time.Duration

	mu   sync.Mutex
	last time.Time
	held int
}

// allow reports whether to log now, and how many were held back since
// the last one logged.
func (t *throttle) allow(now time.Time) (ok bool, held int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.last.IsZero() && now.Sub(t.last) < t.period {
		t.held++
		return false, 0
	}
	t.last, held, t.held = now, t.held, 0
	return true, held
}
