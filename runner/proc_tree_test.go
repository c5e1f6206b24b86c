//go:build unix

package runner

import (
	"os"
	"slices"
	"testing"
)

func TestDescendants(t *testing.T) {
	parents := map[int]int{
		1: 0, 10: 1, 11: 10, 12: 10, 13: 11, // 10's tree
		20: 1, 21: 20, // another tree
		30: 30, // its own parent: no loop
	}
	got := descendants(parents, 10)
	slices.Sort(got)
	if want := []int{11, 12, 13}; !slices.Equal(got, want) {
		t.Errorf("descendants of 10 = %v, want %v", got, want)
	}
	if got := descendants(parents, 13); len(got) != 0 {
		t.Errorf("descendants of a leaf = %v, want none", got)
	}
}

func TestProcessParentsKnowsUs(t *testing.T) {
	m := processParents()
	if m == nil {
		t.Skip("no process table on this system")
	}
	if ppid, ok := m[os.Getpid()]; !ok || ppid != os.Getppid() {
		t.Errorf("process table gives our parent as %d (found %v), want %d", ppid, ok, os.Getppid())
	}
}
