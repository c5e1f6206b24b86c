package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// An entry is one line of verify's report: a program, or a skip block.
type entry struct {
	lesson  *book.Lesson
	prog    *book.Program // nil for a skip block
	line    int
	name    string
	result  *runner.Result
	verdict book.Verdict
	updated bool // verify -update rewrote its output block
}

func runVerify(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "verify")
	var lf lessonFlags
	lf.register(fs, false)
	format := fs.String("format", "text", "report format: text, github or json")
	shard := fs.String("shard", "", "run only the I-th of N stable, disjoint slices (I/N, 1-based)")
	update := fs.Bool("update", false, "rewrite the output blocks of programs whose output does not match with what they printed")
	drafts := fs.Bool("drafts", false, "verify draft lessons too (draft: true), which build leaves out")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rep, ok := reporters[*format]
	if !ok {
		return usageErrorf(cio, "verify: unknown -format %q (want text, github or json)", *format)
	}
	shardI, shardN, err := parseShard(*shard)
	if err != nil {
		return usageErrorf(cio, "verify: %v", err)
	}
	fsys, b, err := loadChecked(&lf, *drafts)
	if err != nil {
		if list, ok := errors.AsType[book.ErrorList](err); ok && *format == "github" {
			annotateErrors(cio.stdout, list)
		}
		return err
	}
	entries, err := selectEntries(b, fs.Args())
	if err != nil {
		return err
	}
	entries = shardEntries(entries, shardI, shardN)

	r, err := lf.runner(b.Dir)
	if err != nil {
		return err
	}
	if err := runEntries(ctx, r, entries, cio.stderr); err != nil {
		return err
	}
	var ps []*book.Program
	for _, e := range entries {
		if e.prog != nil {
			ps = append(ps, e.prog)
		}
	}
	_, stale, err := matchFrozen(ctx, r, fsys, b, ps)
	if err != nil {
		return err
	}
	if *update {
		if err := updateOutputs(cio.stderr, lf.onDisk(), entries); err != nil {
			return err
		}
	}
	var passed, failed, skipped int
	for _, e := range entries {
		rep(cio.stdout, e)
		switch e.verdict.Status {
		case "pass":
			passed++
		case "skip":
			skipped++
		default:
			failed++
		}
	}
	staleOut := cio.stdout
	if *format == "json" {
		staleOut = cio.stderr
	}
	reportStale(staleOut, *format, b, stale)
	summary := fmt.Sprintf("%d passed, %d failed", passed, failed)
	if skipped > 0 {
		summary += fmt.Sprintf(", %d skipped", skipped)
	}
	if *format == "json" {
		fmt.Fprintln(cio.stderr, summary)
	} else {
		fmt.Fprintln(cio.stdout, summary)
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// loadChecked loads the book, without its drafts unless drafts is set,
// and checks its links: both find problems in the lessons' text, before
// anything runs. It returns the lessons folder too, where frozen results
// are kept.
func loadChecked(lf *lessonFlags, drafts bool) (fs.FS, *book.Book, error) {
	fsys, dir, err := lf.source()
	if err != nil {
		return nil, nil, err
	}
	b, err := book.Load(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	if !drafts {
		b = b.WithoutDrafts()
	}
	if errs := b.CheckLinks(); len(errs) > 0 {
		return nil, nil, errs
	}
	return fsys, b, nil
}

// selectEntries lists the book's programs and skip blocks in order,
// keeping those the FILE, FILE#ID and FILE:LINE arguments name (all when there are none).
func selectEntries(b *book.Book, sels []string) ([]*entry, error) {
	all := bookEntries(b)
	if len(sels) == 0 {
		return all, nil
	}
	var out []*entry
	seen := map[*entry]bool{}
	for _, sel := range sels {
		var picked []*entry
		l, p, err := findSelection(b, sel)
		if err != nil {
			return nil, err
		}
		for _, e := range all {
			if (p != nil && e.prog == p) || (p == nil && e.lesson == l) {
				picked = append(picked, e)
			}
		}
		for _, e := range picked {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// bookEntries returns the book's programs (b.Programs, the list every
// command shares) and its skip blocks, in reading order: by page, then by
// line.
func bookEntries(b *book.Book) []*entry {
	var es []*entry
	for _, p := range b.Programs() {
		es = append(es, &entry{lesson: p.Lesson, prog: p, line: p.Parts[0].Line, name: p.ID})
	}
	for _, l := range b.Pages() {
		for line, s := range l.Snippets {
			if s.Program == nil && s.Attrs.Skip {
				name := s.Attrs.Name
				if name == "" {
					name = "line-" + strconv.Itoa(line)
				}
				es = append(es, &entry{lesson: l, line: line, name: name,
					verdict: book.Verdict{Status: "skip"}})
			}
		}
	}
	page := map[*book.Lesson]int{}
	for i, l := range b.Pages() {
		page[l] = i
	}
	slices.SortStableFunc(es, func(x, y *entry) int {
		return cmp.Or(cmp.Compare(page[x.lesson], page[y.lesson]), cmp.Compare(x.line, y.line))
	})
	return es
}

func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("-shard %q: want I/N with 1 <= I <= N, e.g. 2/4", s)
	}
	return i, n, nil
}

// shardEntries keeps slice i of n. A program's slice depends only on its
// file and name, so it stays put when other programs come and go.
func shardEntries(es []*entry, i, n int) []*entry {
	if n == 1 {
		return es
	}
	var out []*entry
	for _, e := range es {
		h := fnv.New32a()
		io.WriteString(h, e.lesson.File+"#"+e.name)
		if int(h.Sum32()%uint32(n)) == i-1 {
			out = append(out, e)
		}
	}
	return out
}

// runEntries runs the entries' programs in one batch and checks each.
func runEntries(ctx context.Context, r *runner.Runner, entries []*entry, stderr io.Writer) error {
	var progs []*runner.Program
	var owners []*entry
	for _, e := range entries {
		if e.prog != nil {
			progs = append(progs, e.prog.RunnerProgram())
			owners = append(owners, e)
		}
	}
	prog := newProgress(stderr, len(progs))
	_, err := r.RunAll(ctx, progs, func(i int, res *runner.Result) {
		owners[i].result = res
		owners[i].verdict = book.Check(owners[i].prog, res)
		prog.step()
	})
	prog.done()
	return err
}

// progress shows "verify: 3/40" on a terminal; it prints nothing when
// output goes to a file or a pipe.
type progress struct {
	mu         sync.Mutex
	w          io.Writer
	n, total   int
	start      time.Time
	lastRender time.Time
}

func newProgress(w io.Writer, total int) *progress {
	if !isTerminal(w) || total == 0 {
		return &progress{}
	}
	return &progress{w: w, total: total, start: time.Now()}
}

func (p *progress) step() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if time.Since(p.lastRender) < 50*time.Millisecond && p.n < p.total {
		return
	}
	p.lastRender = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kworkbook: %d/%d programs (%.1fs)", p.n, p.total, time.Since(p.start).Seconds())
}

func (p *progress) done() {
	if p.w != nil {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
