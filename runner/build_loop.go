package runner

import (
	"context"
	"strings"
)

// buildLoop builds the programs sep (a binary each) and the merge groups
// (a binary per group, linked under each member's name), writing outs.
//
// One go build settles most programs in one go: a package that fails to
// compile is reported under its "# pkg" header while the others are still
// linked. But some failures stop go build before it compiles anything (an
// import that cannot be found, build constraints that exclude the file),
// so each round settles what it can and builds the rest again. A merged
// program that fails to compile leaves its group and is built alone, so
// its errors come from its own source. A round that settles nothing falls
// back to one go build per target, so every failure finds its owner.
func (r *Runner) buildLoop(ctx context.Context, m *buildModule, race bool, sep []int, groups [][]int, outs []buildOut) error {
	alone := false
	for len(sep) > 0 || len(groups) > 0 {
		sep, groups = dissolveSmall(sep, groups)
		var batches [][]string // each batch is one go build
		var targets []string
		for _, i := range sep {
			targets = append(targets, progDir(i))
		}
		for k, g := range groups {
			if err := m.write(dispatchDir(k), dispatcher(m.path, g)); err != nil {
				return err
			}
			targets = append(targets, dispatchDir(k))
		}
		if alone {
			for _, t := range targets {
				batches = append(batches, []string{t})
			}
		} else {
			batches = [][]string{targets}
		}
		st := settler{m: m, outs: outs, alone: alone}
		for _, b := range batches {
			res, err := r.goBuild(ctx, m, race, b)
			if err != nil {
				return err
			}
			if err := st.settle(res, b, sep, groups); err != nil {
				return err
			}
		}
		if !st.progress {
			alone = true
		}
		sep, groups = st.sep, st.groups
	}
	return nil
}

// dissolveSmall moves the members of groups too small to share a binary
// to sep.
func dissolveSmall(sep []int, groups [][]int) ([]int, [][]int) {
	var keep [][]int
	for _, g := range groups {
		if len(g) < 2 {
			sep = append(sep, g...)
		} else {
			keep = append(keep, g)
		}
	}
	return sep, keep
}

// settler records what a round of builds decided and collects the
// programs and groups still to build.
type settler struct {
	m        *buildModule
	outs     []buildOut
	alone    bool // each go build had one target: its unowned output is its own
	progress bool
	sep      []int
	groups   [][]int
}

// settle applies one go build's result to the targets it built.
func (s *settler) settle(res buildResult, targets []string, sep []int, groups [][]int) error {
	in := map[string]bool{}
	for _, t := range targets {
		in[t] = true
	}
	for _, i := range sep {
		if d := progDir(i); in[d] {
			s.settleProg(res, i)
		}
	}
	for k, g := range groups {
		if in[dispatchDir(k)] {
			if err := s.settleGroup(res, k, g); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *settler) settleProg(res buildResult, i int) {
	d := progDir(i)
	var fail string
	switch {
	case res.built[d]:
		s.outs[i] = buildOut{Bin: s.m.bin(d), Build: Build{OK: true}}
		s.progress = true
		return
	case res.sections[d] != "":
		fail = res.sections[d]
	case !res.failed:
		// go build writes no binary for a package that is not main.
		fail = "go build wrote no executable: the program is not package main with func main"
	case s.alone:
		fail = strings.TrimSpace(s.m.clean(res.rest, d))
		if fail == "" {
			fail = "go build failed without saying why"
		}
	default:
		s.sep = append(s.sep, i) // stopped by another program's failure
		return
	}
	s.outs[i] = buildOut{Build: Build{Output: fail}}
	s.progress = true
}

func (s *settler) settleGroup(res buildResult, k int, g []int) error {
	if res.built[dispatchDir(k)] {
		for _, i := range g {
			bin, err := s.m.link(k, i)
			if err != nil {
				return err
			}
			s.outs[i] = buildOut{Bin: bin, Merged: true, Build: Build{OK: true}}
		}
		s.progress = true
		return nil
	}
	var keep []int
	for _, i := range g {
		if res.sections[mergedDir(i)] != "" || res.sections[progDir(i)] != "" {
			s.sep = append(s.sep, i)
			s.progress = true
		} else {
			keep = append(keep, i)
		}
	}
	if s.alone || res.sections[dispatchDir(k)] != "" || !res.failed {
		// The group failed as a whole (or as the only target): build its
		// members one by one rather than guess.
		s.sep = append(s.sep, keep...)
		s.progress = s.progress || len(keep) > 0
		return nil
	}
	if len(keep) > 0 {
		s.groups = append(s.groups, keep)
	}
	return nil
}
