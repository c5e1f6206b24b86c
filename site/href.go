package site

import (
	"net/url"
	"strings"
)

// PageHref is the relative link to the page of the lesson with this slug
// (its path without .md, "ch1/01-x"), from the top of the site or from
// the lesson's folder. A file name may hold characters that mean
// something in a URL ("a#b.md", "100%.md", "why?.md"): they are escaped,
// and a name with a colon is prefixed with "./" so it cannot read as a
// scheme.
func PageHref(slug string) string {
	parts := strings.Split(slug+".html", "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	href := strings.Join(parts, "/")
	if strings.Contains(href, ":") {
		href = "./" + href
	}
	return href
}
