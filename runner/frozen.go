package runner

import "context"

// FrozenKeys returns, for each program, the key a frozen result of it is
// kept under (see workbook freeze). It covers what the cache key covers
// (the program's source, its attributes, the Go version, the book's
// module and the local modules it replaces) except the machine: its OS,
// architecture, CPU count and build settings. A frozen result is
// measured on one machine to be published from another, so only a
// change to the program or its toolchain makes it stale.
func (r *Runner) FrozenKeys(ctx context.Context, progs []*Program) ([]string, error) {
	s, err := r.newSession(ctx)
	if err != nil {
		return nil, err
	}
	tc := toolchain{GoVersion: s.tc.GoVersion}
	keys := make([]string, len(progs))
	for i, p := range progs {
		keys[i] = s.r.key(p, tc)
	}
	return keys, nil
}
