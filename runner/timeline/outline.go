package timeline

import (
	"fmt"
	"slices"
	"strings"
)

// Outline describes a timeline's structure, not its timing: its lanes
// with their states in order (repeats collapsed), its marks and its
// counts. Tests compare outlines, which do not change with the speed of
// the machine that traced.
func (tl *Timeline) Outline() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gomaxprocs %d, %d goroutines, at most %d running\n", tl.GOMAXPROCS, tl.Stats.Goroutines, tl.Stats.MaxRunning)
	if tl.Problem != "" {
		fmt.Fprintf(&b, "problem: %s\n", tl.Problem)
	}
	if tl.Stopped || tl.Partial {
		fmt.Fprintf(&b, "stopped %v, partial %v\n", tl.Stopped, tl.Partial)
	}
	for _, l := range tl.Procs {
		outlineLane(&b, fmt.Sprintf("P%d", l.ID), l)
	}
	for _, l := range tl.Goroutines {
		outlineLane(&b, fmt.Sprintf("G%d %s %s", l.ID, l.Name, l.Created), l)
	}
	if tl.Others != nil {
		outlineLane(&b, fmt.Sprintf("%d others", tl.Others.Count), *tl.Others)
	}
	for _, m := range tl.Marks {
		fmt.Fprintf(&b, "mark %q stderr=%v\n", m.Text, m.Stderr)
	}
	return b.String()
}

// outlineLane writes one line for a lane: its states in order, at most
// a dozen.
func outlineLane(b *strings.Builder, title string, l Lane) {
	var seq []string
	for _, s := range l.Spans {
		w := s.State.String()
		if s.Reason != "" {
			w += "(" + s.Reason + ")"
		}
		if s.State == StateRunning && s.G != 0 {
			w += fmt.Sprintf("(G%d)", s.G)
		}
		if len(seq) == 0 || seq[len(seq)-1] != w {
			seq = append(seq, w)
		}
	}
	if len(seq) > 12 {
		seq = append(seq[:12], fmt.Sprintf("… %d more", len(seq)-12))
	}
	fmt.Fprintf(b, "%s: %s\n", title, strings.Join(seq, " "))
}

// States lists the states a lane went through, each with its reason
// ("blocked chan receive"), once each, in order of first appearance.
func (l Lane) States() []string {
	var out []string
	for _, s := range l.Spans {
		w := s.State.String()
		if s.Reason != "" {
			w += " " + s.Reason
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
