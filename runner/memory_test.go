package runner

import "testing"

func TestParseMemory(t *testing.T) {
	good := map[string]int64{
		"":        0,
		"0":       0,
		"4096":    4096,
		"100B":    100,
		"64KiB":   64 << 10,
		"512MiB":  512 << 20,
		" 2GiB ":  2 << 30,
		"1TiB":    1 << 40,
		"512 MiB": 512 << 20,
	}
	for in, want := range good {
		if got, err := ParseMemory(in); err != nil || got != want {
			t.Errorf("ParseMemory(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"512MB", "1.5GiB", "-1MiB", "MiB", "lots", "99999999999TiB"} {
		if got, err := ParseMemory(in); err == nil {
			t.Errorf("ParseMemory(%q) = %d, want an error", in, got)
		}
	}
}
