package book

import (
	"bytes"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// CheckLinks reports every Markdown link and image in the book that the
// site would publish broken, at the position of its opening bracket: a
// link to a lesson that does not exist ("02-x.md", "./02-x.md"), to an
// anchor that is neither a heading nor a program of the page it names
// ("02-x.md#part", "#part"), to a file the site does not publish, and an
// image whose file is missing. External links (any URL with a scheme,
// such as https: or mailto:) are not checked. The list is sorted; it is
// empty when every link resolves.
func (b *Book) CheckLinks() ErrorList { return b.linkErrors(nil, nil) }

// CheckLinksKnown is CheckLinks for a book some of whose lessons were
// not read again (a build after an edit keeps the rest of the last
// site): known gives the anchors of each such lesson (see Anchors),
// whose own links are not checked (they were when it was last read).
func (b *Book) CheckLinksKnown(known map[*Lesson]map[string]bool) ErrorList {
	return b.linkErrors(nil, known)
}

// linkErrors is CheckLinksKnown for a book some of whose files have
// problems of their own (broken, by file name): their links are not
// checked, and links to their anchors are taken on trust, since a block
// that did not parse has no program to name.
func (b *Book) linkErrors(broken map[string]bool, known map[*Lesson]map[string]bool) ErrorList {
	pages := map[string]*Lesson{}
	for _, l := range b.Pages() {
		pages[l.Slug] = l
	}
	anchors := map[*Lesson]map[string]bool{}
	for l, a := range known {
		anchors[l] = a
	}
	var errs ErrorList
	for _, l := range b.Pages() {
		if l.Doc == nil || broken[l.File] {
			continue // known only by its anchors, or broken
		}
		_ = ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Link:
				if msg := b.checkLink(l, string(n.Destination), pages, anchors, broken); msg != "" {
					line, col := l.linkPos(n, n.Destination, false)
					errs.errorf(l.File, line, col, "%s", msg)
				}
			case *ast.Image:
				if msg := b.checkImage(l, string(n.Destination)); msg != "" {
					line, col := l.linkPos(n, n.Destination, true)
					errs.errorf(l.File, line, col, "%s", msg)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	errs.Sort()
	return errs
}

// checkLink returns what is wrong with a link from page l, or "".
// Paths are relative to l's folder, as on GitHub: from a chapter,
// "02-x.md" is a lesson of the same chapter and "../01-y.md" one at the
// top of the book.
func (b *Book) checkLink(l *Lesson, dest string, pages map[string]*Lesson, anchors map[*Lesson]map[string]bool, broken map[string]bool) string {
	u, err := url.Parse(dest)
	if err != nil {
		return "link " + quote(dest) + ": not a valid URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another site: not ours to check
	}
	target := l
	if u.Path != "" {
		var msg string
		if target, msg = b.linkTarget(l, dest, u.Path, pages); msg != "" || target == nil {
			if msg == "" && u.Fragment != "" && u.Path != "" && isFolderLink(u.Path) {
				return "link " + quote(dest) + ": the home page has no index.md, so no anchors"
			}
			return msg
		}
	}
	if u.Fragment == "" || target == nil || broken[target.File] {
		return ""
	}
	if anchors[target] == nil {
		anchors[target] = target.Anchors()
	}
	if !anchors[target][u.Fragment] {
		return "link " + quote(dest) + ": " + path.Base(target.File) + " has no heading or program with id " + quote(u.Fragment)
	}
	return ""
}

// linkTarget resolves the path of a link from l: the page it names
// (nil for a published file, or the home page without index.md), or
// what is wrong with it.
func (b *Book) linkTarget(l *Lesson, dest, p string, pages map[string]*Lesson) (*Lesson, string) {
	full := path.Join(path.Dir(l.Slug), p)
	if strings.HasPrefix(p, "/") || full == ".." || strings.HasPrefix(full, "../") {
		return nil, "link " + quote(dest) + ": leads outside " + b.Dir + " (links are relative to the lesson's folder)"
	}
	switch {
	case isFolderLink(p):
		if full == "." {
			return b.Index, "" // the home page
		}
		if t := pages[full+"/index"]; t != nil {
			return t, ""
		}
		return nil, "link " + quote(dest) + ": no chapter " + full + " with an index.md in " + b.Dir
	case strings.HasSuffix(full, ".md"):
		slug := strings.TrimSuffix(full, ".md")
		if t := pages[slug]; t != nil {
			return t, ""
		}
		if b.Omitted[slug] {
			return nil, "link " + quote(dest) + ": " + full + " is a draft, which build leaves out"
		}
		return nil, "link " + quote(dest) + ": no lesson " + full + " in " + b.Dir
	case b.Files[full] != nil:
		return nil, ""
	}
	if t := pages[strings.TrimSuffix(full, ".html")]; t != nil && strings.HasSuffix(full, ".html") {
		return t, ""
	}
	return nil, "link " + quote(dest) + ": the site has no such page or file (link to a lesson by its file name, e.g. 02-x.md)"
}

// isFolderLink reports whether a link's path names a folder: "./",
// "../", "02-channels/".
func isFolderLink(p string) bool {
	return p == "." || p == ".." || strings.HasSuffix(p, "/")
}

// checkImage returns what is wrong with an image's source, or "".
func (b *Book) checkImage(l *Lesson, dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return "image " + quote(dest) + ": not a valid URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		return ""
	}
	if strings.HasPrefix(u.Path, "/") {
		return "image " + quote(dest) + ": an absolute path breaks when the site is published under a sub-path: make it relative to the lesson"
	}
	if b.Files[path.Join(path.Dir(l.Slug), u.Path)] == nil {
		return "image " + quote(dest) + ": no such image in " + b.Dir
	}
	return ""
}

// linkPos returns the line and column of a link's or image's opening
// bracket ("[" or "!["). goldmark keeps no position for inline nodes, so
// it is found from the link text, or else from the destination in the
// enclosing block.
func (l *Lesson) linkPos(n ast.Node, dest []byte, image bool) (line, col int) {
	off := -1
	if t := firstText(n); t != nil {
		off = bytes.LastIndexByte(l.Source[:t.Segment.Start], '[')
	} else if start := blockStart(n); start >= 0 {
		if i := bytes.Index(l.Source[start:], append([]byte("]("), dest...)); i >= 0 {
			off = bytes.LastIndexByte(l.Source[:start+i], '[')
		}
	}
	if off < 0 {
		off = max(blockStart(n), 0)
	} else if image && off > 0 && l.Source[off-1] == '!' {
		off--
	}
	line = l.LineOf(off)
	return line, off - l.lines[line-1] + 1
}

// firstText returns the first text node inside n, or nil.
func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}

// blockStart returns the offset of the first line of the block holding
// n, or -1.
func blockStart(n ast.Node) int {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

func quote(s string) string { return `"` + s + `"` }

// AnchorLinks returns, for every page, the anchors on other pages that
// its links name, as "slug#anchor", sorted and without repeats: what the
// page depends on besides itself. A build that reads a page again but
// not a page it names can tell from these whether an anchor that went
// away breaks it. Pages known only by their records are left out.
func (b *Book) AnchorLinks() map[*Lesson][]string {
	pages := map[string]*Lesson{}
	for _, p := range b.Pages() {
		pages[p.Slug] = p
	}
	out := map[*Lesson][]string{}
	for _, l := range pages {
		if l.Doc != nil {
			out[l] = b.anchorLinks(l, pages)
		}
	}
	return out
}

func (b *Book) anchorLinks(l *Lesson, pages map[string]*Lesson) []string {
	seen := map[string]bool{}
	_ = ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		link, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		u, err := url.Parse(string(link.Destination))
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || u.Fragment == "" {
			return ast.WalkContinue, nil
		}
		if t, msg := b.linkTarget(l, string(link.Destination), u.Path, pages); msg == "" && t != nil && t != l {
			seen[t.Slug+"#"+u.Fragment] = true
		}
		return ast.WalkContinue, nil
	})
	if len(seen) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(seen))
}
