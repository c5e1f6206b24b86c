//go:build unix && !linux && !darwin

package runner

// processParents would map processes to their parents; here only the
// process group reaches a program's children.
func processParents() map[int]int { return nil }
