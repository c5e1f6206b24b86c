package book

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRefusesLinksOutside builds a lessons folder with links that
// lead outside it in every way (absolute, relative, through a linked
// folder, through a chain) and one that stays inside.
func TestLoadRefusesLinksOutside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "lessons")
	files := map[string]string{
		"outside.md":           "---\ntitle: Secret\n---\n",
		"outside.png":          "secret",
		"lessons/a.md":         "---\ntitle: A\n---\n\n![x](img/real.png)\n",
		"lessons/img/real.png": "png",
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"passwd.png":    "/etc/passwd",
		"out.md":        "../outside.md",
		"etc":           "/etc",
		"via.png":       "etc/passwd",
		"up.png":        "img/../../outside.png",
		"chain.png":     "hop.png",
		"hop.png":       "../outside.png",
		"ok.png":        "img/real.png",
		"img/again.png": "../ok.png",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(os.DirFS(dir), "lessons")
	if err == nil {
		t.Fatal("Load accepted links leading outside the lessons folder")
	}
	msg := err.Error()
	for _, want := range []string{
		"lessons/passwd.png:1: symbolic link to /etc/passwd leads outside",
		"lessons/out.md:1: symbolic link to ../outside.md leads outside",
		"lessons/via.png:1: symbolic link to /etc leads outside",
		"lessons/up.png:1: symbolic link to img/../../outside.png leads outside",
		"lessons/chain.png:1: symbolic link to ../outside.png leads outside",
		"lessons/hop.png:1: symbolic link to ../outside.png leads outside",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors do not say %q:\n%s", want, msg)
		}
	}
	for _, fine := range []string{"ok.png", "again.png", "a.md"} {
		if strings.Contains(msg, fine) {
			t.Errorf("a link inside the folder was refused:\n%s", msg)
		}
	}

	// Without the bad links, the links inside are read and published.
	for _, name := range []string{"passwd.png", "out.md", "via.png", "up.png", "chain.png", "hop.png"} {
		os.Remove(filepath.Join(dir, name))
	}
	b, err := Load(os.DirFS(dir), "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if string(b.Files["ok.png"]) != "png" || string(b.Files["img/again.png"]) != "png" {
		t.Errorf("links inside the folder were not published: %v", b.Files)
	}
}
