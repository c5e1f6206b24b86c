package book

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
)

// Load reads the workbook at the top of fsys: index.md (the home page,
// whose front matter holds the book's settings), every other *.md file
// as a lesson, each sub-folder holding Markdown files as a chapter (see
// Chapter), and go.mod and go.sum if present. dir names the folder in
// diagnostics ("lessons" gives "lessons/01-x.md:41: ...").
//
// Problems in lessons are collected across all files and returned
// together as an ErrorList sorted by position; any other error means
// the folder could not be read.
func Load(fsys fs.FS, dir string) (*Book, error) {
	return load(fsys, dir, nil)
}

// A Loader loads one book again and again, as the live preview does
// after every save. A lesson whose file holds what the last load read
// is not parsed again: the new book has the very *Lesson the last one
// had. That is safe because nothing changes a loaded lesson, and a load
// changes only what it parsed, with two exceptions that are therefore
// parsed every time: lessons in chapters (a load points them at their
// chapter, made anew) and lessons whose programs read data files
// (files=, stdin=: read anew, as they may have changed).
type Loader struct {
	mu   sync.Mutex
	last map[parseKey]*Lesson
}

// A parseKey names a parse: the file, its kind and its text's hash.
type parseKey struct {
	file string
	kind pageKind
	sum  [sha256.Size]byte
}

// Load is Load, reusing what the Loader's last load parsed. Loads of one
// Loader take turns.
func (ld *Loader) Load(fsys fs.FS, dir string) (*Book, error) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	m := &parseMemo{last: ld.last, next: map[parseKey]*Lesson{}}
	b, err := load(fsys, dir, m)
	ld.last = m.next // a lesson that parsed is kept even when another did not
	return b, err
}

// A parseMemo is one load's view of a Loader: the lessons the last load
// parsed, and those this one keeps for the next.
type parseMemo struct {
	mu         sync.Mutex
	last, next map[parseKey]*Lesson
}

// parse returns the lesson of file, the last load's when it had the same
// text, and whether it was. A lesson is kept for the next load only
// when it parsed without error and reads no data files.
func (m *parseMemo) parse(file string, src []byte, kind pageKind, errs *ErrorList) (l *Lesson, reused bool) {
	if m == nil {
		return parseLessonKind(file, src, kind, errs), false
	}
	k := parseKey{file, kind, sha256.Sum256(src)}
	m.mu.Lock()
	l = m.last[k]
	m.mu.Unlock()
	if l == nil {
		n := len(*errs)
		if l = parseLessonKind(file, src, kind, errs); len(*errs) > n || readsData(l) {
			return l, false
		}
	} else {
		reused = true
	}
	m.mu.Lock()
	m.next[k] = l
	m.mu.Unlock()
	return l, reused
}

// readsData reports whether a program of l names files= or stdin=.
func readsData(l *Lesson) bool {
	for _, p := range l.Programs {
		if len(p.Attrs.Files) > 0 || p.Attrs.Stdin != "" {
			return true
		}
	}
	return false
}

func load(fsys fs.FS, dir string, memo *parseMemo) (*Book, error) {
	b := &Book{Dir: dir, Settings: defaultSettings()}
	var errs ErrorList
	top, err := readFolder(fsys, dir, ".", &errs, memo)
	if err != nil {
		return nil, err
	}
	b.GoMod, b.GoSum = top.goMod, top.goSum
	if top.index != nil {
		b.Index = top.index
		b.Settings = top.index.settings
	}
	chapters, err := b.readChapters(fsys, top.dirs, &errs)
	if err != nil {
		return nil, err
	}
	if b.Files, err = staticFiles(fsys, dir, &errs); err != nil {
		return nil, err
	}
	b.order(top.lessons, chapters)
	if len(errs) > 0 {
		// Every problem at once: the links of the files that parsed too.
		return nil, errs.withLinks(b)
	}
	return b, nil
}

// A folder is what readFolder found in one folder of the book.
type folder struct {
	index        *Lesson
	lessons      []*Lesson
	dirs         []string // sub-folders, not dot folders
	goMod, goSum []byte
}

// readFolder reads the Markdown files of the folder sub of fsys ("."
// for the top); lessons in a sub-folder get slugs under it ("ch1/01-x").
//
// memo, when set, is the Loader's: it is used only for the top folder,
// as a chapter's lessons are changed by every load (see Loader).
func readFolder(fsys fs.FS, dir, sub string, errs *ErrorList, memo *parseMemo) (*folder, error) {
	entries, err := fs.ReadDir(fsys, sub)
	if err != nil {
		return nil, fmt.Errorf("reading lessons: %w", err)
	}
	f := &folder{}
	var files []folderFile
	for _, e := range entries {
		name, rel := e.Name(), path.Join(sub, e.Name())
		if strings.HasPrefix(name, ".") {
			continue
		}
		if e.IsDir() {
			f.dirs = append(f.dirs, rel)
			continue
		}
		if isLinkedDir(fsys, e, rel) {
			continue // not followed, as for images: see symlink.go
		}
		isMod := sub == "." && (name == "go.mod" || name == "go.sum")
		if !strings.HasSuffix(name, ".md") && !isMod {
			continue
		}
		file := path.Join(dir, rel)
		if e.Type()&fs.ModeSymlink != 0 && checkLink(fsys, rel, file, errs) {
			continue
		}
		src, err := fs.ReadFile(fsys, rel)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, unwrapPath(err))
		}
		files = append(files, folderFile{file: file, rel: rel, src: src})
	}
	if sub != "." {
		memo = nil
	}
	parseAll(files, memo)
	for _, ff := range files {
		f.add(fsys, ff, sub, errs)
	}
	return f, nil
}

// A folderFile is one file of a folder, read, and its lesson parsed (by
// parseAll) when it is one.
type folderFile struct {
	file, rel string
	src       []byte
	lesson    *Lesson
	errs      ErrorList
	reused    bool // lesson is the last load's (see Loader): already complete
}

// parseAll parses the lessons of files, side by side on the machine's
// cores: parsing is most of loading a book, and lessons share nothing.
func parseAll(files []folderFile, memo *parseMemo) {
	work := make(chan *folderFile)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for ff := range work {
				if kind, ok := pageKindOf(ff.rel); ok {
					ff.lesson, ff.reused = memo.parse(ff.file, ff.src, kind, &ff.errs)
				}
			}
		})
	}
	for i := range files {
		work <- &files[i]
	}
	close(work)
	wg.Wait()
}

// pageKindOf says what kind of page the file at rel (in the lessons
// folder) is, or false when it is not a page (go.mod, go.sum, 404.md).
func pageKindOf(rel string) (pageKind, bool) {
	switch {
	case rel == "go.mod", rel == "go.sum", rel == "404.md":
		return 0, false
	case rel == "index.md":
		return pageBook, true
	case path.Base(rel) == "index.md":
		return pageChapter, true
	}
	return pageLesson, true
}

// add adds one file of the folder to f, parsing it unless parseAll did.
func (f *folder) add(fsys fs.FS, ff folderFile, sub string, errs *ErrorList) {
	file, rel, src := ff.file, ff.rel, ff.src
	switch rel {
	case "go.mod":
		f.goMod = src
		return
	case "go.sum":
		f.goSum = src
		return
	case "404.md":
		// Its page would be the site's not-found page.
		errs.errorf(file, 1, 0, "404.html is the site's not-found page: rename the lesson")
		return
	}
	kind, _ := pageKindOf(rel)
	l := ff.lesson
	if l == nil {
		l = parseLessonKind(file, src, kind, errs)
	} else {
		*errs = append(*errs, ff.errs...)
	}
	if !ff.reused { // a reused lesson is complete, and may be read right now
		l.Slug = strings.TrimSuffix(rel, ".md")
		l.readData(fsys, sub, errs)
	}
	if kind == pageLesson {
		f.lessons = append(f.lessons, l)
	} else {
		f.index = l
	}
}

// isLinkedDir reports whether e is a symbolic link to a folder.
func isLinkedDir(fsys fs.FS, e fs.DirEntry, rel string) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	fi, err := fs.Stat(fsys, rel)
	return err == nil && fi.IsDir()
}

// LoadLesson reads one page of the book at the top of fsys, as Load
// reads each: name is its path in fsys ("01-x.md", "ch1/02-y.md",
// "index.md"), dir names fsys in diagnostics. A link leading outside
// fsys, the page's problems and those of the data files its programs
// name are returned as an ErrorList. It is for a build that reads again
// only the lessons that changed (see NewPartial); checks that span
// lessons (links, see CheckLinksKnown) are the caller's.
func LoadLesson(fsys fs.FS, dir, name string) (*Lesson, error) {
	file := path.Join(dir, name)
	var errs ErrorList
	if fi, err := fs.Lstat(fsys, name); err == nil && fi.Mode()&fs.ModeSymlink != 0 && checkLink(fsys, name, file, &errs) {
		return nil, errs.Err()
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, unwrapPath(err))
	}
	f := &folder{}
	f.add(fsys, folderFile{file: file, rel: name, src: src}, path.Dir(name), &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if f.index != nil {
		return f.index, nil
	}
	if len(f.lessons) == 0 {
		return nil, fmt.Errorf("%s: not a lesson", file)
	}
	return f.lessons[0], nil
}

// NewPartial returns a book of no lessons yet with the home page index
// (nil for none) and its settings, for a build that assembles the book
// from lessons it reads again and lessons it knows from an earlier build.
func NewPartial(dir string, index *Lesson) *Book {
	b := &Book{Dir: dir, Settings: defaultSettings(), Index: index}
	if index != nil {
		b.Settings = index.settings
	}
	return b
}

// staticExts are the files a lesson can show that the site copies as
// they are: images. Anything else in the folder (notes, drafts, code) is
// not published.
var staticExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true, ".avif": true,
}

// Published reports whether the site publishes the file of the lessons
// folder at name (slash-separated) as it is: an image, not in a dot
// folder.
func Published(name string) bool {
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return staticExts[strings.ToLower(path.Ext(name))]
}

// staticFiles reads the images anywhere in fsys, skipping dot files and
// dot folders, by slash-separated path. A link leading outside fsys is
// an error in errs (dir names fsys in it), never published.
func staticFiles(fsys fs.FS, dir string, errs *ErrorList) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !staticExts[strings.ToLower(path.Ext(name))] {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && checkLink(fsys, name, path.Join(dir, name), errs) {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		files[name] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading lessons: %w", err)
	}
	return files, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path is relative to
// fsys rather than the name used in diagnostics.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
