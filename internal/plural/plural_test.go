package plural

import "testing"

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		n    int
		word string
		want string
	}{
		{0, "program", "0 programs"},
		{1, "program", "1 program"},
		{2, "CPU", "2 CPUs"},
		{-1, "line", "-1 lines"},
	} {
		if got := Of(tt.n, tt.word); got != tt.want {
			t.Errorf("Of(%d, %q) = %q, want %q", tt.n, tt.word, got, tt.want)
		}
	}
}
