package book

import (
	"time"

	"github.com/yuin/goldmark/ast"
)

// A Book is a folder of lessons.
type Book struct {
	// Dir is the folder as named in diagnostics ("lessons").
	Dir string
	// Index is index.md, or nil when there is none.
	Index *Lesson
	// Lessons are every lesson in reading order: the top folder's and
	// the chapters' (see Chapter), ordered by weight, then file name.
	Lessons []*Lesson
	// Chapters are the book's chapters in reading order.
	Chapters []*Chapter
	// Settings are the book's settings, from the front matter of
	// index.md (defaults when there is none).
	Settings Settings
	// Omitted are the slugs of the draft pages that WithoutDrafts left
	// out, so that a link to one can say why it is missing.
	Omitted map[string]bool
	// GoMod and GoSum are the folder's go.mod and go.sum, if any.
	GoMod, GoSum []byte
	// Files are the images anywhere in the folder, by slash-separated
	// path; the site publishes them as they are, beside the pages.
	Files map[string][]byte
}

// A Lesson is one Markdown file.
type Lesson struct {
	// File is the path used in diagnostics, e.g. "lessons/01-goroutines.md".
	File string
	// Slug is the path in the lessons folder without ".md"
	// ("01-goroutines", "02-channels/01-pipes"); the page is Slug + ".html".
	Slug string
	Meta Meta
	// Chapter is the chapter the lesson (or chapter index.md) belongs
	// to, nil at the top of the book.
	Chapter *Chapter

	// Source is the file as read, except that the front matter is blanked
	// out with spaces (newlines kept), so offsets and line numbers in Doc
	// are those of the file.
	Source []byte
	// Doc is the goldmark document parsed from Source.
	Doc ast.Node

	// Programs in document order (of their first part).
	Programs []*Program
	// Snippets holds every go block, keyed by the line of its opening fence.
	Snippets map[int]*Snippet
	// Outputs holds every output block, keyed by the line of its opening fence.
	Outputs map[int]*Expect
	// Exercises in document order; each one's starter and solution are
	// also in Programs.
	Exercises []*Exercise
	// Hints holds every hint block, keyed by the line of its opening fence.
	Hints map[int]*Hint

	lines    []int    // offset of the start of each line of Source (see LineOf)
	settings Settings // the book's, for the top index.md
}

// Meta is a lesson's front matter.
type Meta struct {
	Title   string   `yaml:"title"`
	Summary string   `yaml:"summary"`
	Weight  int      `yaml:"weight"`
	Sources []Source `yaml:"sources"`
	// Draft lessons are served by serve, marked as drafts, and left out
	// of build and of verify (unless -drafts).
	Draft bool `yaml:"draft"`
}

// Source names an article that a lesson ports.
type Source struct {
	Title  string `yaml:"title"`
	Author string `yaml:"author"`
	Site   string `yaml:"site"`
	URL    string `yaml:"url"`
}

// A Program is a complete Go program: one go block, or every block
// sharing a name= attribute, joined in document order.
type Program struct {
	Lesson *Lesson
	// Name is the name= attribute, or "" for an unnamed program.
	Name string
	// ID is Name, or "line-N" (N the first fence's line) when unnamed.
	ID string
	// Parts are the program's blocks in document order.
	Parts []*Snippet
	// Attrs are the program's attributes, merged from its parts.
	Attrs Attrs
	// Expect is the output block after the last part, or nil.
	Expect *Expect
	// Files and Stdin are the contents of the files that files= and
	// stdin= name, read by Load (ParseLesson alone leaves them empty).
	// Files is keyed by slash-separated path in the program's folder; a
	// folder named in files= contributes every file under it.
	Files map[string][]byte
	Stdin []byte
	// Exercise is the exercise the program belongs to, or nil; Role says
	// whether it is the starter or the solution.
	Exercise *Exercise
	Role     Role

	// attrPos is where each attribute was first set, for errors found
	// after parsing (a files= path that does not exist).
	attrPos map[string]position
}

type position struct{ line, col int }

// A Snippet is one fenced go block.
type Snippet struct {
	Program *Program // nil for skip blocks
	// Line is the line of the opening fence; CodeLine that of the first code line.
	Line, CodeLine int
	// Code is the block's text, with every line as written (OMIT lines included).
	Code  string
	Attrs Attrs
}

// Attrs are the words after "go" in a block's info string.
type Attrs struct {
	Name       string
	NoRun      bool
	Skip       bool
	Exit       int
	Timeout    time.Duration // 0: the default
	Race       bool
	GOMAXPROCS []int
	Trace      bool
	Exclusive  bool
	Args       []string
	Files      []string // files= paths, slash-separated, relative to the lesson's folder
	Stdin      string   // stdin= path, like a files= path
	File       string   // file= of a part: the Go file it belongs to ("" is main.go)
	NoVet      bool     // vet=false
	Test       bool     // go test: the part is a test file
	TestFlags  []string // testflags=, as written (-run X)
	CPU        []int    // cpu=, passed to benchmarks as -cpu
	Starter    bool     // go exercise: the part is an exercise's starter
	Solution   bool     // go solution: the part is an exercise's solution
	StarterIs  string   // starter=broken or starter=passes
}

// Expect is an output block: what a program should print.
type Expect struct {
	Line      int // the opening fence
	Unordered bool
	Text      string

	// start and end are the byte offsets in the lesson of the block's
	// content: from the line after the opening fence to the start of the
	// closing fence line (end is -1 when the block is not closed).
	// indent is the opening fence's indentation.
	start, end int
	indent     string
}
