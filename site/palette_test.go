package site

import (
	"math"
	"strconv"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// luminance is WCAG 2's relative luminance of "#rrggbb".
func luminance(t testing.TB, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if len(hex) != 7 || err != nil {
		t.Fatalf("bad colour %q", hex)
	}
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
}

func contrast(t testing.TB, fg, bg string) float64 {
	t.Helper()
	a, b := luminance(t, fg), luminance(t, bg)
	return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
}

// TestContrast checks WCAG AA (4.5:1 for text) for every text colour on
// the backgrounds it is drawn on, and for every code colour on the code
// background, in both schemes.
func TestContrast(t *testing.T) {
	t.Parallel()
	colours := map[string][2]string{}
	for _, c := range palette() {
		colours[c.name] = [2]string{c.light, c.dark}
	}
	for _, p := range contrastPairs() {
		fg, ok1 := colours[p[0]]
		bg, ok2 := colours[p[1]]
		if !ok1 || !ok2 {
			t.Fatalf("contrast pair %v names a colour not in the palette", p)
		}
		for i, scheme := range []string{"light", "dark"} {
			if r := contrast(t, fg[i], bg[i]); r < 4.5 {
				t.Errorf("%s: %s %s on %s %s has contrast %.2f, want ≥ 4.5", scheme, p[0], fg[i], p[1], bg[i], r)
			}
		}
	}
	codeBG := colours["code-bg"]
	n := 0
	for pair, classes := range codeColours() {
		for i, c := range []chroma.Colour{pair.light, pair.dark} {
			n++
			if r := contrast(t, c.String(), codeBG[i]); r < 4.5 {
				t.Errorf("code colour %s for %v has contrast %.2f on %s, want ≥ 4.5", c, classes, r, codeBG[i])
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d code colours checked; is the stylesheet still built from chroma's styles?", n)
	}
}
