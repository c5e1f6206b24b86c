package book

import (
	"regexp"
	"strings"
)

// derivedAnchor matches the suffixes of the anchors the site derives from
// a program's ID: its result panel and its timeline ("ID-result",
// "ID-timeline"). Its line anchors ("ID-L12") cannot clash: names are
// lower case.
var derivedAnchor = regexp.MustCompile(`^(?:result|timeline)$`)

// anchorClashes reports a program whose ID is one of the anchors the site
// derives from another program's ID (name=a-result beside a program a):
// the page would hold two elements with one id, and links to either
// would reach the first.
func (p *lessonParser) anchorClashes() {
	progs := p.l.Programs
	for _, b := range progs {
		for _, a := range progs {
			suffix, ok := strings.CutPrefix(b.ID, a.ID+"-")
			if a == b || !ok || !derivedAnchor.MatchString(suffix) {
				continue
			}
			p.errs.errorf(p.l.File, b.Parts[0].Line, 0,
				"name %q is the page anchor of program %q's %s: choose another name", b.ID, a.ID, suffix)
		}
	}
}
