package runner

import (
	"cmp"
	"context"
	"slices"
)

// sweepRepeats is how many times each GOMAXPROCS value of a sweep runs.
// Three is the fewest whose median ignores one disturbed run: on a 2-core
// machine one competing busy loop cut a 1→2 speedup from 1.90 to 1.29,
// while quiet repeats spread only from 1.81 to 1.98. Each repeat costs a whole run, so it is kept to three: a
// sweep of two values of a one-second program costs six seconds.
const sweepRepeats = 3

// sweep runs bin sweepRepeats times per GOMAXPROCS value and returns one
// run per value, each with every repeat's timings as its Samples. The
// values take turns (1,2,1,2,1,2), so a change in the machine's load
// during the sweep touches every value alike. Only the first round
// streams to onLine: a reader watching sees each value run once, and the
// repeats only measure. Each run records how busy the whole machine was
// meanwhile, so the page can say when other work stole the cores a
// speedup needs.
func (s *session) sweep(ctx context.Context, p *Program, bin string) ([]Run, error) {
	reps := make([][]Run, len(p.GOMAXPROCS))
	for round := range sweepRepeats {
		for i, n := range p.GOMAXPROCS {
			if round > 0 && stopped(reps[i][len(reps[i])-1]) {
				continue
			}
			spec := p.execSpec(bin)
			spec.GOMAXPROCS = n
			if round == 0 {
				spec.OnLine = s.onLine
			}
			before := machineCPU()
			run, err := s.r.exec(ctx, spec)
			if err != nil {
				return nil, err
			}
			if after := machineCPU(); before > 0 && after > before {
				run.MachineCPU = after - before
			}
			reps[i] = append(reps[i], run)
		}
	}
	runs := make([]Run, len(reps))
	for i, rs := range reps {
		runs[i] = median(rs)
	}
	return runs, nil
}

// stopped reports whether a run was cut short by its limits or a signal.
// Repeating it would cost as much again, and the failure is the news.
func stopped(r Run) bool {
	return r.TimedOut || r.Truncated || r.Signal != "" || r.Aborted != ""
}

// median returns the repeat with the median wall time (the faster of the
// two middle ones for an even count), or the one that was stopped, with
// every repeat's timings as its Samples, in the order they ran.
func median(rs []Run) Run {
	var k Run
	if i := slices.IndexFunc(rs, stopped); i >= 0 {
		k = rs[i]
	} else {
		sorted := slices.Clone(rs)
		slices.SortStableFunc(sorted, func(a, b Run) int { return cmp.Compare(a.Wall, b.Wall) })
		k = sorted[(len(sorted)-1)/2]
	}
	k.Samples = make([]Sample, len(rs))
	for i, r := range rs {
		k.Samples[i] = Sample{Wall: r.Wall, User: r.User, System: r.System, ExitCode: r.ExitCode}
	}
	return k
}
