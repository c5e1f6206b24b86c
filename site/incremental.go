package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// A lessonRecord is what a built site's other pages show of a lesson
// (its neighbours' previous and next links, the home page, the search
// index) and how its programs fared, so a later build that does not
// render it can still render them.
type lessonRecord struct {
	Path    string `json:"path"` // in the lessons folder
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	Weight  int    `json:"weight,omitempty"`
	// Search is its text, as the search index has it (sectionsJSON): not
	// stored in the record, but taken from the index's files (see
	// searchTexts).
	Search []byte `json:"search,omitempty"`
	// Exercises are the names of its exercises: the contents list them.
	Exercises []string `json:"exercises,omitempty"`
	// Anchors are what links may name on its page, sorted, one a line:
	// one string rather than a slice, as a big book's lessons have
	// hundreds each (every code line has one), and the record is read
	// on every build after an edit.
	Anchors string   `json:"anchors,omitempty"`
	Links   []string `json:"links,omitempty"` // the anchors of other pages it names (Book.AnchorLinks)
	Passed  int      `json:"passed"`
	Failed  int      `json:"failed"`
	// Wasm are the runner.WasmIDs of its programs that could run in a
	// browser, when the site has Run in your browser.
	Wasm []string `json:"wasm,omitempty"`
}

// pagesName is the file in a built site that records what its pages
// were made from, so a later build can render only those whose inputs
// changed. It is binary (gob): a large book's record is read on every
// build after an edit.
const pagesName = ".workbook-pages"

// A pagesRecord is the content of pagesName: the global inputs (see
// readInputs), every file's hash, and every lesson's record.
type pagesRecord struct {
	Global  string
	Inputs  map[string]string
	Lessons []lessonRecord
	// WasmFailed are the WasmIDs that did not compile for browsers,
	// sorted: pages show those programs without a Run button.
	WasmFailed []string
	// Search is where each page's text is in the search index's files.
	Search searchLayout
}

// storedPages is how a pagesRecord is stored: with the inputs sorted, so
// the same build writes the same bytes.
type storedPages struct {
	Global     string
	Inputs     [][2]string // path, hash
	Lessons    []lessonRecord
	WasmFailed []string
	// Where each page's text is in the search index's files (not named
	// as the record's lengths of an earlier version were, so a site
	// built by one is built whole).
	SearchAt, SearchSize []int
	SearchSums           []string
}

// encode returns the record (pagesName).
func (p pagesRecord) encode() []byte {
	s := storedPages{Global: p.Global, WasmFailed: p.WasmFailed,
		SearchAt: p.Search.At, SearchSize: p.Search.Size, SearchSums: p.Search.Sums}
	for _, path := range slices.Sorted(maps.Keys(p.Inputs)) {
		s.Inputs = append(s.Inputs, [2]string{path, p.Inputs[path]})
	}
	for _, l := range p.Lessons {
		l.Search = nil
		s.Lessons = append(s.Lessons, l)
	}
	var buf bytes.Buffer
	_ = gob.NewEncoder(&buf).Encode(s) // plain fields into memory: cannot fail
	return buf.Bytes()
}

// readPages reads the pages record of the site in out; a missing or
// damaged one means a full build.
func readPages(out string) (pagesRecord, bool) {
	var s storedPages
	data, err := os.ReadFile(filepath.Join(out, pagesName))
	if err != nil || gob.NewDecoder(bytes.NewReader(data)).Decode(&s) != nil || len(s.SearchAt) != len(s.SearchSize) || len(s.SearchSums) == 0 {
		return pagesRecord{}, false
	}
	p := pagesRecord{Global: s.Global, Inputs: make(map[string]string, len(s.Inputs)), Lessons: s.Lessons, WasmFailed: s.WasmFailed,
		Search: searchLayout{At: s.SearchAt, Size: s.SearchSize, Sums: s.SearchSums}}
	for _, in := range s.Inputs {
		p.Inputs[in[0]] = in[1]
	}
	return p, true
}

// searchTexts gives each lesson not read again that shares a part of the
// search index with one that is its text (lessonRecord.Search in
// known), from the part's file as the last build wrote it: only those
// parts are written again. false when a part is missing or changed, or
// the layout does not fit the book: the site is built whole.
func searchTexts(out string, lay searchLayout, b *book.Book, known map[*book.Lesson]lessonRecord) bool {
	pages := b.Pages()
	if len(lay.At) != len(pages) || len(lay.Size) != len(pages) || len(lay.Sums) != (len(pages)+searchPart-1)/searchPart {
		return false
	}
	written := searchParts(pages, func(l *book.Lesson) bool { _, ok := known[l]; return !ok })
	for k := range lay.Sums {
		part := pages[k*searchPart : min(len(pages), (k+1)*searchPart)]
		if !written[k] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, searchPartName(k)))
		if sum := sha256.Sum256(data); err != nil || hex.EncodeToString(sum[:]) != lay.Sums[k] {
			return false
		}
		for i, l := range part {
			rec, ok := known[l]
			if !ok {
				continue
			}
			at, size := lay.At[k*searchPart+i], lay.Size[k*searchPart+i]
			if at < 0 || size < 0 || at > len(data)-size {
				return false
			}
			rec.Search = data[at : at+size : at+size]
			known[l] = rec
		}
	}
	return true
}

// keep fills in the layout of the parts not written (zero in lay) from
// prev's.
func (lay *searchLayout) keep(prev searchLayout) {
	for k, sum := range lay.Sums {
		if sum != "" || k >= len(prev.Sums) {
			continue
		}
		lay.Sums[k] = prev.Sums[k]
		for i := k * searchPart; i < min(len(lay.At), (k+1)*searchPart, len(prev.At)); i++ {
			lay.At[i], lay.Size[i] = prev.At[i], prev.Size[i]
		}
	}
}

// records returns the record of every lesson of b, in book order,
// without the counts of its programs (see tally). It needs the lessons'
// syntax trees.
func records(b *book.Book, dir string) []lessonRecord {
	out := make([]lessonRecord, len(b.Lessons))
	links := b.AnchorLinks()
	for i, l := range b.Lessons {
		out[i] = lessonRecord{Path: strings.TrimPrefix(l.File, dir+"/"), Slug: l.Slug, Title: l.Meta.Title,
			Summary: l.Meta.Summary, Weight: l.Meta.Weight, Search: sectionsJSON(sections(l)),
			Anchors: strings.Join(slices.Sorted(maps.Keys(l.Anchors())), "\n"), Links: links[l]}
		for _, e := range l.Exercises {
			out[i].Exercises = append(out[i].Exercises, e.Name)
		}
	}
	return out
}

// byLesson maps each lesson of b to its record (recs is in book order),
// so rendering uses what the records already hold.
func byLesson(b *book.Book, recs []lessonRecord) map[*book.Lesson]lessonRecord {
	out := make(map[*book.Lesson]lessonRecord, len(recs))
	for i, l := range b.Lessons {
		out[l] = recs[i]
	}
	return out
}

// tally counts the passed and failed programs of each lesson of b in
// its record.
func tally(recs []lessonRecord, b *book.Book, rep *Report) {
	at := map[*book.Lesson]int{}
	for i, l := range b.Lessons {
		at[l] = i
	}
	for _, pr := range rep.Programs {
		i, ok := at[pr.Program.Lesson]
		if !ok {
			continue // the home page's
		}
		if pr.Verdict.Status == book.StatusPass {
			recs[i].Passed++
		} else {
			recs[i].Failed++
		}
	}
}

// stub is a lesson as a record describes it, without its text.
func (rec lessonRecord) stub(dir string) *book.Lesson {
	l := &book.Lesson{File: path.Join(dir, rec.Path), Slug: rec.Slug,
		Meta: book.Meta{Title: rec.Title, Summary: rec.Summary, Weight: rec.Weight}}
	for _, name := range rec.Exercises {
		l.Exercises = append(l.Exercises, &book.Exercise{Lesson: l, Name: name})
	}
	return l
}

// changedLessons compares in with the inputs of the site in out and
// returns the indexes (in book order) of the lessons whose files
// changed. ok is false when anything else changed (the binary, the
// options, an image, index.md, a file added or removed), or when so
// much changed that a full build is as quick.
func changedLessons(m pagesRecord, in inputs) (changed []int, ok bool) {
	if in.global == "" || m.Global != in.global || m.Inputs == nil || len(m.Inputs) != len(in.files) {
		return nil, false
	}
	byPath := map[string]int{}
	for i, rec := range m.Lessons {
		byPath[rec.Path] = i
	}
	for p, sum := range in.files {
		old, found := m.Inputs[p]
		if !found {
			return nil, false
		}
		if old == sum {
			continue
		}
		i, isLesson := byPath[p]
		if !isLesson {
			return nil, false
		}
		changed = append(changed, i)
	}
	return changed, len(changed) > 0 && len(changed) <= max(1, len(m.Lessons)/10)
}

// partialBook is the book with the lessons in parse parsed again and
// the others as stubs, in the order of the last build. It is nil when a
// lesson's weight changed (so the order may have), a lesson became a
// draft, or the book has chapters, which are built whole.
func partialBook(cfg Config, m pagesRecord, parse map[int]bool, in inputs) (*book.Book, map[*book.Lesson]lessonRecord, error) {
	for _, rec := range m.Lessons {
		if strings.Contains(rec.Path, "/") {
			return nil, nil, nil // a book in chapters: built whole
		}
	}
	read := func(p string) (*book.Lesson, error) {
		return book.LoadLesson(cfg.Lessons, cfg.Dir, p)
	}
	var index *book.Lesson
	if _, ok := in.files["index.md"]; ok {
		l, err := read("index.md")
		if err != nil {
			return nil, nil, err
		}
		index = l
	}
	b := book.NewPartial(cfg.Dir, index)
	known := map[*book.Lesson]lessonRecord{}
	for i, rec := range m.Lessons {
		if !parse[i] {
			l := rec.stub(cfg.Dir)
			known[l] = rec
			b.Lessons = append(b.Lessons, l)
			continue
		}
		l, err := read(rec.Path)
		if err != nil {
			return nil, nil, err
		}
		if l.Meta.Weight != rec.Weight || l.IsDraft() {
			return nil, nil, nil // the order or the pages may change
		}
		b.Lessons = append(b.Lessons, l)
	}
	return b, known, nil
}

// toParse is the changed lessons and, for those whose title changed,
// their neighbours, whose previous and next links show it. A lesson
// whose title is unknown before parsing counts as changed.
func toParse(m pagesRecord, changed []int) map[int]bool {
	parse := map[int]bool{}
	for _, i := range changed {
		parse[i] = true
		if i > 0 {
			parse[i-1] = true
		}
		if i+1 < len(m.Lessons) {
			parse[i+1] = true
		}
	}
	return parse
}

// buildChanged renders only the pages whose inputs changed since the
// site in cfg.Out was built, and links every other file of that site
// into the new one. done is false when a full build is needed.
func buildChanged(ctx context.Context, cfg Config, in inputs) (rep *Report, done bool, err error) {
	man, ok := readManifest(cfg.Out)
	if !ok || !man.intact(cfg.Out) {
		return nil, false, nil // a page deleted by hand: render them all
	}
	m, ok := readPages(cfg.Out)
	if !ok {
		return nil, false, nil
	}
	changed, ok := changedLessons(m, in)
	if !ok {
		return nil, false, nil
	}
	parse := toParse(m, changed)
	b, known, err := partialBook(cfg, m, parse, in)
	if err != nil || b == nil {
		return nil, err != nil, err
	}
	if !searchTexts(cfg.Out, m.Search, b, known) {
		return nil, false, nil
	}
	if !keptAnchors(m, b, parse) {
		return nil, false, nil // links from other lessons may break: check them all
	}
	if errs := checkLinks(b, known, in); len(errs) > 0 {
		// A full build says what is wrong as it would: a link to a
		// draft, say, is one to a lesson these records do not have.
		// It stops at the errors, before any program runs.
		return nil, false, nil
	}
	var (
		wasm     *wasmAside
		sameWasm *WasmPrograms
	)
	if cfg.Wasm != nil && b.Settings.RunInBrowser {
		if sameWasm = unchangedWasm(m, b, parse); sameWasm == nil {
			wasm = startWasm(ctx, cfg.Wasm, b.Programs(), wasmOthers(m, parse)...)
		}
	}
	defer wasm.stop()
	rep, results, err := runBook(ctx, cfg, b)
	if err != nil {
		return rep, true, err
	}
	recs := updateRecords(m.Lessons, b, cfg.Dir, rep, parse)
	total := *rep
	total.Passed, total.Failed = 0, 0
	for _, rec := range recs {
		total.Passed += rec.Passed
		total.Failed += rec.Failed
	}
	for _, pr := range rep.Programs {
		if pr.Program.Lesson == b.Index { // the home page's: in no record
			if pr.Verdict.Status == book.StatusPass {
				total.Passed++
			} else {
				total.Failed++
			}
		}
	}
	if total.Failed > 0 && !cfg.AllowFailures {
		return &total, true, fmt.Errorf("%d of %d %w; the site in %s was not changed", total.Failed, total.Passed+total.Failed, ErrFailed, cfg.Out)
	}
	opt := RenderOptions{NoPlayground: cfg.NoPlayground || !b.Settings.Playground, Wasm: sameWasm, GoMod: GoModuleOf(cfg.Runner)}
	// While the browser binary is built, the pages are rendered as if
	// every program read again compiled for it (what an edit nearly
	// always brings); when one did not, they are rendered again.
	var guess *WasmPrograms
	if wasm != nil {
		if guess = guessWasm(m, b); guess != nil {
			opt.Wasm = guess
		} else {
			wp, full, err := partialWasm(wasm, m, parse)
			if err != nil {
				return &total, true, fmt.Errorf("compiling for browsers: %w", err)
			}
			if full {
				return nil, false, nil
			}
			opt.Wasm = wp
		}
	}
	for i := range parse {
		recs[i].Wasm = opt.Wasm.ids(b.Lessons[i]) // a guess's IDs are the build's
	}
	// A guess may need the syntax trees again: they are released only by
	// a render that is kept.
	scope := renderScope{release: guess == nil, records: known, skip: skipped(known), keepShared: sameShared(m, b, recs, parse)}
	scope.prevSearch = m.Search
	st, err := stageSite(cfg, b, results, opt, scope)
	if err != nil {
		return &total, true, err
	}
	if guess != nil {
		wp, full, err := partialWasm(wasm, m, parse)
		switch {
		case err != nil:
			st.abort()
			return &total, true, fmt.Errorf("compiling for browsers: %w", err)
		case full:
			st.abort()
			return nil, false, nil
		case guess.sameViews(wp):
			err = wp.emit(st.w.add)
		default:
			st.abort()
			opt.Wasm = wp
			scope.release = true
			st, err = stageSite(cfg, b, results, opt, scope)
			if err != nil {
				return &total, true, err
			}
		}
		if err != nil {
			st.abort()
			return &total, true, err
		}
		opt.Wasm = wp
	}
	if err := st.commit(in, recs, opt.Wasm.failed(), total, man.Files); errors.Is(err, errInPlace) {
		return nil, false, nil
	} else if err != nil {
		return &total, true, err
	}
	return &total, true, nil
}

// wasmOthers are the WasmIDs of the programs of the lessons not read
// again, as their records keep them.
func wasmOthers(m pagesRecord, parse map[int]bool) []string {
	var others []string
	for i, rec := range m.Lessons {
		if !parse[i] {
			others = append(others, rec.Wasm...)
		}
	}
	return others
}

// sameShared reports whether what all pages share is as the site has
// it: the lessons read again show the same title, summary and exercises
// in the contents, and the home page runs no program (whose result may
// have been run again).
func sameShared(m pagesRecord, b *book.Book, recs []lessonRecord, parse map[int]bool) bool {
	if b.Index != nil && len(b.Index.Programs) > 0 {
		return false
	}
	for i := range parse {
		was, is := m.Lessons[i], recs[i]
		if was.Title != is.Title || was.Summary != is.Summary || !slices.Equal(was.Exercises, is.Exercises) {
			return false
		}
	}
	return true
}

// unchangedWasm returns what the browser binary holds of the programs
// of the pages read again when no edit changed it: each of those pages
// has the programs its record names by WasmID, and none of them is one
// that failed to compile (the record keeps their WasmIDs, not why).
// The binary, its loader and the programs that failed are then the
// site's as they are: the build leaves them in place and need not ask
// for them. nil when the binary must be made again.
func unchangedWasm(m pagesRecord, b *book.Book, parse map[int]bool) *WasmPrograms {
	wp := guessWasm(m, b)
	if wp == nil {
		return nil
	}
	for i := range parse {
		if !slices.Equal(wp.ids(b.Lessons[i]), m.Lessons[i].Wasm) {
			return nil
		}
	}
	return wp
}

// guessWasm returns what the browser binary will hold of the programs
// of the pages read again if each compiles for it, as a new or edited
// program nearly always does; nil when one is a program that did not
// compile for the site as it is (why is not recorded). It has no binary.
func guessWasm(m pagesRecord, b *book.Book) *WasmPrograms {
	failed := map[string]string{}
	for _, id := range m.WasmFailed {
		failed[id] = "did not build for js/wasm"
	}
	wp := &WasmPrograms{Build: &runner.WasmBuild{Failed: failed},
		Name: map[*book.Program]string{}, Why: map[*book.Program]string{}, ID: map[*book.Program]string{}}
	for _, p := range b.Programs() { // the index's and those of the pages read again
		id, why := runner.WasmID(p.RunnerProgram())
		if why != "" {
			wp.Why[p] = why
			continue
		}
		if failed[id] != "" {
			return nil
		}
		wp.ID[p], wp.Name[p] = id, id
	}
	return wp
}

// partialWasm waits for the browser binary of an incremental build: the
// programs of the pages read again, and those of the others by the
// WasmIDs their records keep (the runner has their sources, or compiled
// this very set before). full is true when it could not be made, or
// when a page not read again would show a program differently: one that
// compiled no longer does, or the other way round. A full build renders
// those pages.
func partialWasm(wasm *wasmAside, m pagesRecord, parse map[int]bool) (wp *WasmPrograms, full bool, err error) {
	wp, err = wasm.wait()
	if errors.Is(err, runner.ErrWasmUnknown) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	if wp.Build.Wasm == nil {
		return nil, true, nil // a binary the old site has would stay
	}
	for _, id := range wasmOthers(m, parse) {
		_, was := slices.BinarySearch(m.WasmFailed, id)
		if is := wp.Build.Failed[id] != ""; is != was {
			return nil, true, nil
		}
	}
	return wp, false, nil
}

// keptAnchors reports whether no link from a lesson not read again can
// have broken: every anchor that a lesson read again no longer offers is
// named by no other lesson's links. New anchors (a heading added, line
// numbers shifted by a line added to a program) break nothing: the site
// was built with every link checked, so none pointed at them.
func keptAnchors(m pagesRecord, b *book.Book, parse map[int]bool) bool {
	gone := map[string]bool{}
	for i := range parse {
		now := b.Lessons[i].Anchors()
		for id := range strings.SplitSeq(m.Lessons[i].Anchors, "\n") {
			if id != "" && !now[id] {
				gone[m.Lessons[i].Slug+"#"+id] = true
			}
		}
	}
	if len(gone) == 0 {
		return true
	}
	for i, rec := range m.Lessons {
		if parse[i] {
			continue // its links are checked again
		}
		for _, l := range rec.Links {
			if gone[l] {
				return false
			}
		}
	}
	return true
}

// checkLinks checks the links of the lessons read again, against the
// anchors recorded for the others and the files of the lessons folder.
func checkLinks(b *book.Book, known map[*book.Lesson]lessonRecord, in inputs) book.ErrorList {
	// Only the lessons the ones read again link to need their anchors.
	need := map[string]bool{}
	for _, links := range b.AnchorLinks() {
		for _, l := range links {
			slug, _, _ := strings.Cut(l, "#")
			need[slug] = true
		}
	}
	anchors := make(map[*book.Lesson]map[string]bool, len(need))
	for l, rec := range known {
		if !need[l.Slug] {
			continue
		}
		a := map[string]bool{}
		for id := range strings.SplitSeq(rec.Anchors, "\n") {
			a[id] = true
		}
		anchors[l] = a
	}
	cb := *b
	cb.Files = map[string][]byte{}
	for name := range in.files {
		if book.Published(name) {
			cb.Files[name] = []byte{} // present: only its name is checked
		}
	}
	return cb.CheckLinksKnown(anchors)
}

// updateRecords returns the records with those of the parsed lessons
// made again.
func updateRecords(old []lessonRecord, b *book.Book, dir string, rep *Report, parse map[int]bool) []lessonRecord {
	fresh := records(b, dir)
	tally(fresh, b, rep)
	out := make([]lessonRecord, len(old))
	for i := range old {
		out[i] = old[i]
		if parse[i] {
			out[i] = fresh[i]
		}
	}
	return out
}

// writeSite renders the site in scope into a new folder beside cfg.Out.
// A full build (scope.skip nil) swaps the new site in whole. A build
// that rendered only some pages moves them into the current site one
// by one, the records last; when that fails, it returns errInPlace and
// the caller builds the whole site instead.
//
// kept are the top-level entries of the site an incremental build
// leaves in place (its manifest's, as the build read it before it
// began): the new manifest lists them and the entries it writes.
func writeSite(cfg Config, b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions, scope renderScope, in inputs, recs []lessonRecord, rep Report, kept []string) error {
	st, err := stageSite(cfg, b, results, opt, scope)
	if err != nil {
		return err
	}
	return st.commit(in, recs, opt.Wasm.failed(), rep, kept)
}

// A stagedSite is a site rendered, not yet in place.
type stagedSite struct {
	w       *siteWriter
	search  searchLayout
	inPlace bool // an incremental build: commitInPlace
}

// stageSite renders the site (the pages of scope) into a new siteWriter.
func stageSite(cfg Config, b *book.Book, results map[*book.Program]*runner.Result, opt RenderOptions, scope renderScope) (*stagedSite, error) {
	w, err := newSiteWriter(cfg.Out, cfg.Locks != "")
	if err != nil {
		return nil, err
	}
	st := &stagedSite{w: w, inPlace: scope.skip != nil}
	scope.search = &st.search
	if err := (&Renderer{CacheDir: cfg.Cache}).render(b, results, opt, scope, w.add); err != nil {
		w.abort()
		return nil, err
	}
	if st.inPlace {
		st.search.keep(scope.prevSearch)
	}
	return st, nil
}

// abort removes what was staged.
func (st *stagedSite) abort() { st.w.abort() }

// commit writes the records and the manifest, and puts the site in place.
func (st *stagedSite) commit(in inputs, recs []lessonRecord, wasmFailed []string, rep Report, kept []string) error {
	if err := st.w.finish(in, recs, wasmFailed, st.search, rep.Passed, rep.Failed, kept); err != nil {
		st.w.abort()
		return err
	}
	if st.inPlace {
		return st.w.commitInPlace()
	}
	return st.w.commit()
}

// finish writes the record of the pages, when the inputs are known, and
// the manifest, last: a site with a manifest is complete.
func (w *siteWriter) finish(in inputs, recs []lessonRecord, wasmFailed []string, search searchLayout, passed, failed int, kept []string) error {
	fp := in.fingerprint()
	if fp != "" {
		pr := pagesRecord{Global: in.global, Inputs: in.files, Lessons: recs, WasmFailed: wasmFailed, Search: search}
		record := pr.encode()
		if err := w.add(statName, in.stats.encode()); err != nil {
			return err
		}
		if err := w.add(pagesName, record); err != nil {
			return err
		}
	}
	files := slices.Compact(slices.Sorted(slices.Values(append(w.written(), kept...))))
	m := manifest{Fingerprint: fp, Passed: passed, Failed: failed, Files: files}
	return w.add(manifestName, m.encode())
}

// skipped are the lessons of known.
func skipped(known map[*book.Lesson]lessonRecord) map[*book.Lesson]bool {
	out := make(map[*book.Lesson]bool, len(known))
	for l := range known {
		out[l] = true
	}
	return out
}
