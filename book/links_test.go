package book

import (
	"os"
	"testing"
)

// TestBundledLinks checks that every link and image of the repository's
// own lessons resolves.
func TestBundledLinks(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("../lessons"); err != nil {
		t.Skip("no ../lessons folder")
	}
	b, err := Load(os.DirFS("../lessons"), "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if errs := b.CheckLinks(); len(errs) > 0 {
		t.Fatal(errs)
	}
}
