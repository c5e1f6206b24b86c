package serve

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/site"
)

// A builder is the state of the one goroutine that builds: builds never
// overlap, so none of it needs a lock.
type builder struct {
	s    *Server
	gen  int                       // the last generation published
	good *generation               // the last good build
	hash map[string][32]byte       // its files' contents, serve's head left out
	fail map[string]bool           // memo keys of its failing programs
	memo map[string]*runner.Result // results by memoKey, of the current and the good book
	// pages maps every page seen to the generation it last changed in.
	pages    map[string]int
	problems string // the problems last logged, so each is logged once
	warned   string // the link warnings last logged
	// rendered are the lesson pages of the last build, by slug, with
	// what they were rendered from: a page whose inputs did not change
	// is taken from here instead of rendered again (see reusable).
	rendered map[string]renderedPage
	// loader parses only the lessons a save changed (see book.Loader).
	loader book.Loader
}

// A renderedPage is a lesson page as rebuild rendered it: sig hashes
// every input of the page but serve's head, which is head.
type renderedPage struct {
	sig, head string
	html      []byte
}

// maxCancels is how many changes in a row may cancel a build before one
// is let finish. A person saving again cancels the outdated build; a
// program that writes into the lessons folder at each run would cancel
// every build (its run is what changes the folder), so after three the
// build finishes, its results are kept, and the next one runs nothing
// again. Three lets a person's quick saves still cancel.
const maxCancels = 3

// maxRunRebuilds is how many builds in a row may be started by nothing
// but files that programs changed while they ran. A program that writes
// one of its own inputs (files="data.txt", and it appends to the lessons'
// data.txt) changes its key at each run, so each build would run it
// again, forever: after three such builds serve stops rebuilding until a
// change made outside a run (a person's save) arrives.
const maxRunRebuilds = 3

// buildLoop owns building: it waits for changes and builds them (see
// buildChanges). It skips changes that only programs made once
// maxRunRebuilds builds in a row were started by nothing else.
func (s *Server) buildLoop(ctx context.Context) {
	b := &builder{s: s, memo: map[string]*runner.Result{}, pages: map[string]int{}}
	byRuns := 0 // builds in a row started by programs' changes only
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.change.ready:
		}
		c := s.change.take()
		switch {
		case c.outside:
			byRuns = 0
		case byRuns >= maxRunRebuilds:
			s.log.Warn("stopped rebuilding: the last builds were started only by files that the lessons' programs changed while they ran (a program writing one of its own inputs?); save a lesson to build again",
				"changed", s.relPaths(c.paths), "builds", byRuns)
			continue
		default:
			byRuns++
		}
		s.buildChanges(ctx, b, c)
	}
}

// buildChanges builds c. A change made outside a run that arrives during
// the build cancels it (killing its programs) and starts the next one
// once it has stopped, unless maxCancels builds in a row were cancelled:
// then the build finishes first. Changes that the build's own programs
// made never cancel it: they wait for the next build.
func (s *Server) buildChanges(ctx context.Context, b *builder, c changes) {
	defer s.building.Store(false)
	for cancels := 0; ; cancels++ {
		bctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		s.building.Store(true)
		go func() {
			defer close(done)
			b.rebuild(bctx, c.paths, c.full)
		}()
		select {
		case <-done:
		case <-s.change.ready:
			if !s.change.outsidePending() {
				s.finishFirst(done, "the lessons' programs changed files in the lessons folder while they ran (a program writing into the lessons folder?): this build finishes before the next starts", cancels)
				break
			}
			if cancels >= maxCancels {
				s.finishFirst(done, "the lessons keep changing while the site builds (a program writing into the lessons folder?): this build finishes before the next starts", cancels)
				break
			}
			cancel()
			<-done
			c = c.merge(s.change.take())
			s.log.Debug("a newer change arrived: build cancelled")
			continue
		case <-ctx.Done():
			<-done
		}
		cancel()
		return
	}
}

// finishFirst lets the build under way finish (done), and the change
// that arrived wait for the next one.
func (s *Server) finishFirst(done <-chan struct{}, msg string, cancels int) {
	s.log.Info(msg, "changed", s.relPaths(s.change.pending()), "cancelled", cancels)
	<-done
	s.change.wake()
}

// notify returns the watcher's callback: it queues the changes whose
// content differs from what was last seen, marked when the programs'
// runs made them all (see madeByRun), and logs the others when a build
// is under way (they are what a program writing into the lessons folder
// looks like).
func (s *Server) notify() func(paths []string, full bool) {
	var f contentFilter
	return func(paths []string, full bool) {
		changed, same := f.changed(paths)
		byRun := len(changed) > 0 && !full
		for _, p := range changed {
			byRun = byRun && madeByRun(&s.ran, p)
		}
		if len(same) > 0 {
			level := slog.LevelDebug
			if s.building.Load() {
				level = slog.LevelInfo
			}
			s.log.Log(context.Background(), level, "ignored changes that left the content as it was (a program writing into the lessons folder?)", "paths", s.relPaths(same))
		}
		if len(changed) > 0 || full {
			s.change.add(changed, full, byRun)
		}
	}
}

// relPaths names paths relative to the watched folder, for the log.
func (s *Server) relPaths(paths []string) string {
	rel := make([]string, len(paths))
	for i, p := range paths {
		rel[i] = p
		if r, err := filepath.Rel(s.cfg.Watch, p); err == nil {
			rel[i] = filepath.ToSlash(r)
		}
	}
	return strings.Join(rel, " ")
}

// rebuild loads the book, runs what changed, renders, and publishes the
// new site. A program that newly fails holds back its own page only
// (see check); a book that does not load or render keeps the whole last
// good site. Either way open pages and the log say what is wrong.
func (b *builder) rebuild(ctx context.Context, paths []string, full bool) {
	s := b.s
	start := time.Now()
	bk, err := b.loader.Load(s.cfg.Lessons, s.cfg.Dir)
	if err != nil {
		b.failed(ctx, loadProblems(err))
		return
	}
	results, keys, ran, err := b.runPrograms(ctx, bk)
	if ctx.Err() != nil {
		return // outdated: a newer build follows
	}
	if err != nil {
		b.failed(ctx, []buildProblem{{Message: err.Error()}})
		return
	}
	failing, problems, blocked := b.check(bk, results, keys)
	head := s.head(b.gen + 1)
	sigs, skip := b.reusable(bk, keys)
	files, err := s.render.RenderSkipping(bk, results, site.RenderOptions{Head: head, NoPlayground: !bk.Settings.Playground, GoMod: site.GoModuleOf(b.s.cfg.Runner)}, skip)
	if err != nil {
		b.failed(ctx, []buildProblem{{Message: err.Error()}})
		return
	}
	b.remember(bk, files, skip, sigs, string(head))
	if ctx.Err() != nil {
		return
	}
	kept := b.keepGood(files, blocked)
	warnings := linkWarnings(bk)
	b.logWarnings(warnings) // before open pages hear of them
	b.publish(bk, files, kept, failing, keys, append(problems, warnings...))
	b.logBuild(bk, paths, full, ran, len(failing)+len(problems), time.Since(start))
	if problems != nil {
		b.logProblems("a program fails; its page keeps its last good version until the program is fixed", problems)
	} else if b.problems != "" {
		b.problems = ""
		s.log.Info("fixed: the site is up to date again")
	}
}

// reusable returns the signature of every lesson page of bk, and the
// lessons whose page the last build rendered from the same inputs: the
// lesson's text and file, its programs' results (by memo key), and what
// every page shows of the others (the contents, previous and next).
func (b *builder) reusable(bk *book.Book, keys map[*book.Program]string) (sigs map[string]string, skip map[*book.Lesson]bool) {
	nav := sha256.New()
	fmt.Fprintf(nav, "%#v\n", bk.Settings)
	for _, l := range bk.Pages() {
		fmt.Fprintf(nav, "%q %q %q %d %t", l.Slug, l.Meta.Title, l.Meta.Summary, l.Meta.Weight, l.IsDraft())
		if l.Chapter != nil {
			fmt.Fprintf(nav, " chapter %q %q", l.Chapter.Dir, l.Chapter.Meta.Title)
		}
		for _, e := range l.Exercises {
			fmt.Fprintf(nav, " exercise %q", e.Name)
		}
		fmt.Fprintln(nav)
	}
	for _, name := range slices.Sorted(maps.Keys(bk.Files)) {
		fmt.Fprintf(nav, "file %q\n", name)
	}
	sigs, skip = map[string]string{}, map[*book.Lesson]bool{}
	for _, l := range bk.Lessons {
		if strings.HasSuffix(l.Slug, "index") {
			continue // a chapter's page lists its lessons: always rendered
		}
		h := sha256.New()
		h.Write(nav.Sum(nil))
		// Lengths first, then the bytes as they are: quoting a whole
		// lesson (%q) cost more than the rest of the signature.
		fmt.Fprintf(h, "%d %d\n", len(l.File), len(l.Source))
		h.Write([]byte(l.File))
		h.Write(l.Source)
		for _, p := range l.Programs {
			fmt.Fprintf(h, "%s\n", keys[p])
		}
		sig := hex.EncodeToString(h.Sum(nil))
		sigs[l.Slug] = sig
		if old, ok := b.rendered[l.Slug]; ok && old.sig == sig && bytes.Contains(old.html, []byte(old.head)) {
			skip[l] = true
		}
	}
	return sigs, skip
}

// remember keeps this build's lesson pages for the next, and puts the
// pages it skipped into files, with this build's head.
func (b *builder) remember(bk *book.Book, files map[string][]byte, skip map[*book.Lesson]bool, sigs map[string]string, head string) {
	for l := range skip {
		old := b.rendered[l.Slug]
		files[l.Slug+".html"] = bytes.Replace(old.html, []byte(old.head), []byte(head), 1)
	}
	rendered := make(map[string]renderedPage, len(sigs))
	for slug, sig := range sigs {
		if html, ok := files[slug+".html"]; ok {
			rendered[slug] = renderedPage{sig: sig, head: head, html: html}
		}
	}
	b.rendered = rendered
}

// check sorts the failing programs. A failure the last good site
// already shows (the first build's, or a program nobody touched since)
// is on its page: it is in failing. A new one is a problem, and its page
// is blocked: it keeps its last good version until the program is
// fixed, while every other page is served fresh.
func (b *builder) check(bk *book.Book, results map[*book.Program]*runner.Result, keys map[*book.Program]string) (failing map[string]bool, problems []buildProblem, blocked map[string]bool) {
	failing, blocked = map[string]bool{}, map[string]bool{}
	for _, p := range bk.Programs() {
		v := book.Check(p, results[p])
		if v.Status != book.StatusFail {
			continue
		}
		switch {
		case b.good == nil:
			failing[keys[p]] = true
			pp := programProblem(p, v)
			b.s.log.Warn("a program fails; its page shows how", "at", pp.Pos, "program", pp.Name, "error", pp.Message)
		case b.fail[keys[p]]:
			failing[keys[p]] = true
		default:
			problems = append(problems, programProblem(p, v))
			blocked[p.Lesson.Slug+".html"] = true
		}
	}
	return failing, problems, blocked
}

// keepGood puts back, in files, the last good version of each blocked
// page, and returns the pages it kept. A blocked page that the last
// good site did not have is served as rendered: it shows the failure.
func (b *builder) keepGood(files map[string][]byte, blocked map[string]bool) map[string]bool {
	kept := map[string]bool{}
	if b.good == nil {
		return kept
	}
	for name := range blocked {
		if data, ok := b.good.files[name]; ok {
			files[name] = data
			kept[name] = true
		}
	}
	return kept
}

// runPrograms returns every program's result: from the memo when the
// program is unchanged, else from the runner (whose own cache answers
// what ran before). Only the rest run.
func (b *builder) runPrograms(ctx context.Context, bk *book.Book) (map[*book.Program]*runner.Result, map[*book.Program]string, int, error) {
	ps := bk.Programs()
	results := make(map[*book.Program]*runner.Result, len(ps))
	keys := make(map[*book.Program]string, len(ps))
	var todo []*runner.Program
	var todoPs []*book.Program
	mod, sum := bk.GoMod, bk.GoSum
	if mk, ok := b.s.cfg.Runner.(moduleKeyer); ok {
		if k, err := mk.ModuleKey(); err == nil {
			mod, sum = []byte(k), nil
		}
	}
	for _, p := range ps {
		rp := p.RunnerProgram()
		k := memoKey(rp, mod, sum)
		keys[p] = k
		if r := b.memo[k]; r != nil {
			results[p] = r
			continue
		}
		todo, todoPs = append(todo, rp), append(todoPs, p)
	}
	ran := 0
	var err error
	if len(todo) > 0 {
		b.s.ran.begin(time.Now())
		var res []*runner.Result
		finished := 0 // RunAll calls back one at a time
		pend := b.startPending(ctx, bk, results, keys, todoPs)
		res, err = b.s.cfg.Runner.RunAll(ctx, todo, func(i int, r *runner.Result) {
			pend.finish(todoPs[i], r)
			finished++
			if r != nil && !r.Cached {
				p := todoPs[i]
				attrs := []any{"program", fmt.Sprintf("%s:%d#%s", p.Lesson.File, p.Parts[0].Line, p.ID), "result", book.Check(p, r).Status,
					"progress", fmt.Sprintf("%d/%d programs", finished, len(todo))}
				if len(r.Runs) > 0 {
					attrs = append(attrs, "wall", r.Runs[0].Wall.Round(time.Millisecond))
				}
				b.s.log.Info("ran", attrs...)
			}
		})
		b.s.ran.end(time.Now())
		pend.stop()
		for i, r := range res {
			if r != nil {
				r = b.s.redact(r)
				b.memo[keys[todoPs[i]]] = r
				results[todoPs[i]] = r
				if !r.Cached {
					ran++
				}
			}
		}
	}
	// Keep what the current and the good book use; edits leave the rest behind.
	keep := map[string]bool{}
	for _, k := range keys {
		keep[k] = true
	}
	if b.good != nil {
		for _, k := range b.good.keys {
			keep[k] = true
		}
	}
	maps.DeleteFunc(b.memo, func(k string, _ *runner.Result) bool { return !keep[k] })
	if err != nil {
		return nil, nil, ran, fmt.Errorf("running programs: %w", err)
	}
	return results, keys, ran, nil
}

// A moduleKeyer names the Go module its programs build in as it is now:
// the book's go.mod may sit above the lessons folder, and replace local
// modules whose files change while serve runs.
type moduleKeyer interface {
	ModuleKey() (string, error)
}

// memoKey names a program's result in serve's memo: everything the
// runner is given. The runner's own key adds the toolchain, which does
// not change while serve runs; -rerun makes the runner ignore its cache,
// and the memo keeps that to the first build.
func memoKey(p *runner.Program, mod, sum []byte) string {
	h := sha256.New()
	json.NewEncoder(h).Encode(struct {
		P        *runner.Program
		Mod, Sum []byte
	}{p, mod, sum})
	return hex.EncodeToString(h.Sum(nil))
}

// publish makes files the served site and tells open pages which of
// them changed, and what problems remain. The kept pages are their last
// good versions: unchanged, so no page reloads into them.
func (b *builder) publish(bk *book.Book, files map[string][]byte, kept, failing map[string]bool, keys map[*book.Program]string, problems []buildProblem) {
	s := b.s
	hash := b.hashes(files, kept)
	changed := changedFiles(b.hash, hash)
	if b.good != nil && !slices.ContainsFunc(changed, shownByPages) {
		// Same site: keep serving it; just update the problems (and
		// the search index, which no open page shows).
		b.fail = failing
		served := b.good.files
		if len(changed) > 0 {
			served, b.hash = files, hash
		}
		b.good = &generation{gen: b.gen, files: served, book: bk, keys: slices.Collect(maps.Values(keys))}
		s.site.Store(b.good)
		s.events.publish(&siteState{Instance: s.instance, Gen: b.gen, Pages: maps.Clone(b.pages), Errors: problems})
		return
	}
	b.gen++
	// A changed page reloads; a page gone reloads into the 404 page. A
	// changed file that is not a page (an image, the stylesheet, the
	// contents in toc.js) may be shown by any page, so every page
	// reloads; search.js is not shown (see shownByPages).
	shared := false
	for _, name := range changed {
		switch {
		case strings.HasSuffix(name, ".html"):
			b.pages[name] = b.gen
		case shownByPages(name):
			shared = true
		}
	}
	if shared {
		for name := range hash {
			if strings.HasSuffix(name, ".html") {
				b.pages[name] = b.gen
			}
		}
	}
	g := &generation{gen: b.gen, files: files, book: bk, keys: slices.Collect(maps.Values(keys))}
	b.good, b.hash, b.fail = g, hash, failing
	s.site.Store(g) // complete before any page is told to reload
	s.events.publish(&siteState{Instance: s.instance, Gen: b.gen, Pages: maps.Clone(b.pages), Errors: problems})
}

// hashes returns the hash of every file's content, serve's head left
// out (it names the generation). A kept page keeps its old hash.
func (b *builder) hashes(files map[string][]byte, kept map[string]bool) map[string][32]byte {
	head := []byte(b.s.head(b.gen + 1))
	hash := make(map[string][32]byte, len(files))
	for name, data := range files {
		if kept[name] {
			hash[name] = b.hash[name]
			continue
		}
		h := sha256.New()
		if before, after, found := bytes.Cut(data, head); found {
			h.Write(before)
			h.Write(after)
		} else {
			h.Write(data)
		}
		var sum [32]byte
		h.Sum(sum[:0])
		hash[name] = sum
	}
	return hash
}

// shownByPages reports whether a change to the site's file name shows
// in open pages: any but the search index (search.js and, in a big book,
// search-1.js, ...), which holds every page's text and which pages load
// only when a reader searches.
func shownByPages(name string) bool {
	if name == "search.js" {
		return false
	}
	n, ok := strings.CutPrefix(name, "search-")
	n, ok2 := strings.CutSuffix(n, ".js")
	_, err := strconv.Atoi(n)
	return !ok || !ok2 || err != nil
}

// changedFiles lists the files that differ between two sites' hashes:
// changed, added or gone.
func changedFiles(old, cur map[string][32]byte) []string {
	var out []string
	for name, h := range cur {
		if o, ok := old[name]; !ok || o != h {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// failed keeps the last good site and reports problems: to open pages at
// once, and to the terminal once.
func (b *builder) failed(ctx context.Context, problems []buildProblem) {
	if ctx.Err() != nil {
		return
	}
	s := b.s
	s.events.publish(&siteState{Instance: s.instance, Gen: b.gen, Pages: maps.Clone(b.pages), Errors: problems})
	what := "the site was not updated; serving the last good build"
	if b.good == nil {
		what = "the site could not be built"
	}
	b.logProblems(what, problems)
}

// logProblems logs each problem as an error, unless the last rebuild
// logged the same ones: saving the same mistake again is not news.
func (b *builder) logProblems(what string, problems []buildProblem) {
	s := b.s
	var sig strings.Builder
	for _, p := range problems {
		fmt.Fprintf(&sig, "%s\x00%s\x00%s\n", p.Pos, p.Name, p.Message)
	}
	if sig.String() == b.problems {
		s.log.Debug("rebuild failed again with the same problems")
		return
	}
	b.problems = sig.String()
	for _, p := range problems {
		attrs := []any{}
		if p.Pos != "" {
			attrs = append(attrs, "at", p.Pos)
		}
		if p.Name != "" {
			attrs = append(attrs, "program", p.Name)
		}
		s.log.Error(what, append(attrs, "error", p.Message)...)
	}
}

// logBuild logs a successful build once it is published.
func (b *builder) logBuild(bk *book.Book, paths []string, full bool, ran, failing int, took time.Duration) {
	s := b.s
	what := "everything"
	if !full {
		what = s.relPaths(paths)
	}
	attrs := []any{"changed", what, "generation", b.gen, "programs", len(bk.Programs()), "ran", ran, "took", took.Round(time.Millisecond)}
	if failing > 0 {
		attrs = append(attrs, "failing", failing)
	}
	s.log.Info("built", attrs...)
}

// linkWarnings lists the book's broken links and images. build and
// verify refuse them; serve shows the pages all the same, so an author
// can write a link before the lesson it leads to, and warns.
func linkWarnings(bk *book.Book) []buildProblem {
	errs := bk.CheckLinks()
	// serve shows drafts, build leaves them out: a link to one works here
	// and is refused there, so it is a warning too.
	if pub := bk.WithoutDrafts(); len(pub.Lessons) != len(bk.Lessons) {
		seen := map[string]bool{}
		for _, e := range errs {
			seen[e.Error()] = true
		}
		for _, e := range pub.CheckLinks() {
			if !seen[e.Error()] {
				errs = append(errs, e)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	ws := loadProblems(errs)
	for i := range ws {
		ws[i].Warning = true
	}
	return ws
}

// logWarnings logs link warnings when they differ from the last build's.
func (b *builder) logWarnings(ws []buildProblem) {
	var sig strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&sig, "%s\x00%s\n", w.Pos, w.Message)
	}
	if sig.String() == b.warned {
		return
	}
	b.warned = sig.String()
	for _, w := range ws {
		b.s.log.Warn("broken link: build and verify will refuse it", "at", w.Pos, "error", w.Message)
	}
}

func loadProblems(err error) []buildProblem {
	var list book.ErrorList
	if !errors.As(err, &list) {
		return []buildProblem{{Message: err.Error()}}
	}
	out := make([]buildProblem, len(list))
	for i, e := range list {
		pos := fmt.Sprintf("%s:%d", e.File, e.Line)
		if e.Col > 0 {
			pos += fmt.Sprintf(":%d", e.Col)
		}
		out[i] = buildProblem{Pos: pos, Message: e.Msg}
	}
	return out
}

func programProblem(p *book.Program, v book.Verdict) buildProblem {
	return buildProblem{
		Pos:     fmt.Sprintf("%s:%d", p.Lesson.File, p.Parts[0].Line),
		Name:    p.ID,
		Message: book.ReasonText(v.Reason) + ": " + v.Message,
		Href:    site.PageHref(p.Lesson.Slug) + "#" + p.ID,
	}
}
