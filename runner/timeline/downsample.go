package timeline

import (
	"math"
	"time"
)

// Downsample returns spans (in time order, not overlapping) with every
// run of spans shorter than res merged into spans about res long. A merged
// span takes the state (and goroutine) that filled most of it, and its
// Share says how much that was. Spans at least res long are kept as they
// are, and neighbours with the same state, goroutine and reason are
// joined when less than res apart.
func Downsample(spans []Span, res time.Duration) []Span {
	if res <= 0 {
		return spans
	}
	var out []Span
	for i := 0; i < len(spans); {
		s := spans[i]
		if s.End-s.Start >= res {
			out = join(out, s, res)
			i++
			continue
		}
		j := i
		for j < len(spans) && spans[j].End-spans[j].Start < res && spans[j].Start-s.Start < res {
			j++
		}
		out = join(out, dominant(spans[i:j]), res)
		i = j
	}
	return out
}

// dominant merges a group of spans into one covering them all. It takes
// the state that filled most of the group, then, within that state, the
// goroutine and the reason that filled most of it, if one filled more
// than half: otherwise G is SeveralGoroutines (a P that ran many
// goroutines in turn) and Reason is empty.
func dominant(group []Span) Span {
	var byState [stateCount + 1]time.Duration
	for _, s := range group {
		byState[min(s.State, stateCount)] += s.weight()
	}
	best := group[0].State
	for st, w := range byState {
		if w > byState[min(best, stateCount)] {
			best = State(st)
		}
	}
	byG := map[int64]time.Duration{}
	byReason := map[string]time.Duration{}
	var g int64
	var reason string
	for _, s := range group {
		if s.State != best {
			continue
		}
		byG[s.G] += s.weight()
		byReason[s.Reason] += s.weight()
		// Ties go to the first seen, so the result does not depend on
		// map order.
		if byG[s.G] > byG[g] {
			g = s.G
		}
		if byReason[s.Reason] > byReason[reason] {
			reason = s.Reason
		}
	}
	total := byState[min(best, stateCount)]
	if len(byG) > 1 && 2*byG[g] <= total {
		g = SeveralGoroutines
	}
	if len(byReason) > 1 && 2*byReason[reason] <= total {
		reason = ""
	}
	m := Span{Start: group[0].Start, End: group[len(group)-1].End, State: best, G: g, Reason: reason}
	m.Share = share(total, m.End-m.Start)
	return m
}

// join appends s to out, extending the last span instead when it has the
// same state, goroutine and reason and ends less than res before s.
func join(out []Span, s Span, res time.Duration) []Span {
	if n := len(out); n > 0 {
		last := &out[n-1]
		if last.State == s.State && last.G == s.G && last.Reason == s.Reason && s.Start-last.End < res {
			w := last.weight() + s.weight()
			last.End = max(last.End, s.End)
			last.Share = share(w, last.End-last.Start)
			return out
		}
	}
	return append(out, s)
}

func share(w, of time.Duration) uint8 {
	if of <= 0 {
		return 100
	}
	return uint8(min(100, max(1, math.Round(100*float64(w)/float64(of)))))
}
