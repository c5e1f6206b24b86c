package book

// firstMissing returns the index of the first expected line among
// missing (lines left unmatched by matchUnordered), len(want) when none
// is missing.
func firstMissing(want, missing []string) int {
	left := map[string]int{}
	for _, m := range missing {
		left[m]++
	}
	for i, w := range want {
		if left[w] > 0 {
			return i
		}
	}
	return len(want)
}
