package site

import (
	"net/url"
	"strings"
)

// PageHref is the relative link to the page of the lesson with this slug
// (its file name without .md). A file name may hold characters that mean
// something in a URL ("a#b.md", "100%.md", "why?.md"): they are escaped,
// and a name with a colon is prefixed with "./" so it cannot read as a
// scheme.
func PageHref(slug string) string {
	href := url.PathEscape(slug + ".html")
	if strings.Contains(href, ":") {
		href = "./" + href
	}
	return href
}
