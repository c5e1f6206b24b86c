package site

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// TestStyleColours: the table of colours.go is what chroma's styles
// give today, so an upgrade of chroma that recolours them is noticed
// (run go generate ./site).
func TestStyleColours(t *testing.T) {
	light, dark := styles.Get(lightStyle), styles.Get(darkStyle)
	if light.Name != lightStyle || dark.Name != darkStyle {
		t.Fatalf("chroma has no style %q or %q", lightStyle, darkStyle)
	}
	str := func(c chroma.Colour) string {
		if !c.IsSet() {
			return ""
		}
		return c.String()
	}
	for tt := range chroma.StandardTypes {
		want := [2]string{str(light.Get(tt).Colour), str(dark.Get(tt).Colour)}
		if got := styleColours[tt]; got != want {
			t.Errorf("%v: colours.go has %q, chroma's styles %q: run go generate ./site", tt, got, want)
		}
	}
	for tt := range styleColours {
		if _, ok := chroma.StandardTypes[tt]; !ok {
			t.Errorf("colours.go colours %v, which chroma does not have", tt)
		}
	}
}
