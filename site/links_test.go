package site

import (
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

var (
	attrRE = regexp.MustCompile(`<(\w+)[^>]*?\s(href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// TestLinksAreRelativeAndResolve checks every href and src in the built
// site: anything the browser loads (scripts, styles, images) is a
// relative path to a file in the output, and every link is either to
// another site or a relative path to a file in the output, whose
// #fragment, if any, is an id on that page. So the site works at a
// domain's root, under a sub-path and from disk, and asks no other host
// for anything.
func TestLinksAreRelativeAndResolve(t *testing.T) {
	t.Parallel()
	lessons, fake := fixture(t, bookFixture)
	out, _, err := buildFixture(t, t.TempDir(), fake, lessons)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	ids := map[string]map[string]bool{}
	for name, data := range files {
		ids[name] = map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(string(data), -1) {
			ids[name][m[1]] = true
		}
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range attrRE.FindAllStringSubmatch(string(data), -1) {
			tag, attr, ref := m[1], m[2], html.UnescapeString(m[3])
			checked++
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: <%s %s=%q>: %v", name, tag, attr, ref, err)
				continue
			}
			if ref == "data:," && tag == "link" {
				continue // the empty favicon, which saves the browser a request
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") {
				if tag != "a" {
					t.Errorf("%s: <%s %s=%q> loads from outside the site", name, tag, attr, ref)
				} else if u.Scheme != "https" && u.Scheme != "http" {
					t.Errorf("%s: <a href=%q> is not relative", name, ref)
				}
				continue
			}
			target := name
			if u.Path != "" {
				target = path.Clean(path.Join(path.Dir(name), u.Path))
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s: <%s %s=%q> names %s, which the site does not have", name, tag, attr, ref, target)
				continue
			}
			if u.Fragment != "" && !ids[target][u.Fragment] {
				t.Errorf("%s: <%s %s=%q>: %s has no id %q", name, tag, attr, ref, target, u.Fragment)
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d links; is the pattern still right?", checked)
	}
	css := string(files["style.css"])
	if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
		t.Errorf("style.css loads something: keep it self-contained")
	}
	for _, name := range []string{"app.js", "search.js"} {
		if regexp.MustCompile(`https?://`).MatchString(string(files[name])) {
			t.Errorf("%s names a URL; the site must not request other hosts", name)
		}
	}
}
