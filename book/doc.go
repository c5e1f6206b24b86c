// Package book reads a workbook: a folder of Markdown lessons whose Go
// code blocks are programs that are built, run and checked.
//
// This comment is the reference for lesson authors. [Load] reads a
// folder, [ParseLesson] one file, [Program.Source] gives the main.go the
// runner builds, and [Check] decides whether a run kept the lesson's
// promises.
//
// # Files
//
// A workbook is a folder of Markdown files. Every *.md file at its top
// is a lesson, except index.md, which is the text of the home page and
// holds the book's settings (see Book settings), and 404.md, an error
// (its page would be the site's not-found page). Files whose names start
// with a dot are ignored. Images (.png, .jpg, .jpeg, .gif, .svg, .webp,
// .avif) anywhere in the folder, outside dot folders, are published
// beside the pages at the same relative path, so ![a diagram](img/flow.svg)
// works in the site.
//
// Programs build in the book's Go module: the go.mod in the lessons folder
// or in the nearest folder above it (usually the repository root), as the
// go command finds it; without one, programs may import the standard
// library only. Add a module with go get in that folder. Relative replace
// directives work. go.mod, go.sum and the files of every local module
// they replace another with are part of every cached result's key.
//
// The .frozen folder of the lessons folder holds results recorded by
// workbook freeze, one JSON file per program (.frozen/LESSON/ID.json),
// meant to be committed; a build publishes them while their program is
// unchanged (see the workbook command's documentation).
//
// # Chapters
//
// Each sub-folder that holds Markdown files is a chapter, and every *.md
// file in it one of its lessons: their programs are verified like any
// other. The chapter's own index.md, if any, gives its title, summary,
// weight and draft status in front matter like a lesson's (the title
// defaults to the folder's name), and its text is the chapter's page,
// which lists the chapter's lessons. Chapters do not nest: a Markdown file
// in a folder of a chapter is an error, since it would otherwise be left
// out without a word. Folders without Markdown files (images, data for
// files=) are not chapters.
//
//	lessons/
//	  index.md                 the home page and the book's settings
//	  01-introduction.md       a lesson at the top
//	  02-channels/             a chapter
//	    index.md               its title, weight and page
//	    01-pipelines.md
//	    02-fan-out.md
//
// Pages keep their folders: 02-channels/01-pipelines.md becomes
// 02-channels/01-pipelines.html, and every link in the site stays
// relative, so it works under a sub-path and opened from disk.
//
// Symbolic links may point anywhere inside the folder. A link whose
// target is outside it (an absolute target, or one that climbs out with
// "..", directly or through other links) is an error naming the link:
// lessons/passwd.png -> /etc/passwd would otherwise be published.
// A symbolic link to a folder is not followed: it is not a chapter, and
// nothing in it is published.
//
// Lessons are listed by their weight, lowest first, then by file name; a
// numeric prefix such as 01-goroutines.md keeps the order obvious. At the
// top of the book, lessons and chapters are ordered together the same way
// (a chapter by its index.md's weight, then its folder's name); a
// chapter's lessons follow its page. That reading order is the order of
// the contents, of previous/next links (and the ← → keys), and of verify.
// The page of a lesson is named after its file: 01-goroutines.md becomes
// 01-goroutines.html.
//
// # Links
//
// Lessons link to each other by file name, [lesson 2](02-parallelism.md)
// or ./02-parallelism.md, relative to the lesson's folder as on GitHub
// (from a chapter, ../01-intro.md is a lesson at the top and
// ../03-other/01-x.md one in another chapter; ../ is the home page and
// 03-other/ a chapter's page), optionally with an anchor: #id names a heading
// (its id is its text in lower case, with hyphens for spaces) or a
// program (its name= or line-N id) of that page, or of the same page when
// the link is only #id. A program's page also has ID-result (its result
// panel), ID-L12 (its lesson line 12, when shown) and, for trace,
// ID-timeline. A heading whose id a program's anchors would take is
// renamed: "## Hello" beside name=hello becomes #h-hello, and a second
// "## Hello" #h-hello-1. The checker accepts exactly the ids the page
// has ([Lesson.Anchors]). The site turns these links into links to the
// pages, so they work both on the site and when the Markdown is read on
// GitHub. Every link without a scheme, and every image, is checked
// ([Book.CheckLinks]): a link to a lesson, anchor or file the site would
// not have, or an image that is not in the folder (or has an absolute
// path, which breaks under a sub-path), is an error at its position.
// Links with a scheme (https:, mailto:) are not checked.
//
// # Front matter
//
// A lesson starts with YAML between two lines of three hyphens:
//
//	---
//	title: Goroutines, the Go way to run things at once
//	summary: One sentence for the table of contents.
//	weight: 10
//	sources:
//	  - title: "Concurrency and Parallelism in Python"
//	    author: NK
//	    site: DEV Community
//	    url: https://example.com/article
//	---
//
// title is required. summary, weight (an integer, default 0) and sources
// (the articles a lesson ports: title, author, site, url) are optional. Any
// other key is an error, so a misspelt field is caught rather than ignored.
// A chapter's index.md may have front matter, and needs no title.
//
// draft: true makes a lesson a draft (in a chapter's index.md, the whole
// chapter): workbook serve shows it, marked as a draft, while workbook
// build leaves it out of the site and runs none of its programs, and
// workbook verify skips it unless given -drafts. A link to a draft from a
// published page is an error, since the site would not have its target.
//
// # Book settings
//
// The front matter of the top index.md holds the book's settings. All are
// optional:
//
//	---
//	title: Go concurrency for Python programmers
//	summary: The sentence under the title on the home page.
//	description: For search engines; defaults to summary.
//	repository: https://github.com/owner/repo
//	branch: main
//	repository-folder: lessons
//	language: en
//	playground: false
//	run-in-browser: false
//	---
//
// title names the site. repository adds an "Edit this page" link to every
// page: a URL containing {path} is a template, {path} being the page's
// file in the lessons folder (02-channels/01-pipelines.md), which suits
// any forge (https://gitlab.com/o/r/-/edit/main/lessons/{path}); any
// other http(s) URL is a repository in the GitHub style, edited at
// REPOSITORY/edit/BRANCH/REPOSITORY-FOLDER/PATH, with branch defaulting
// to main and repository-folder (the lessons folder's path in the
// repository) to lessons. language is the pages' language (html lang,
// default en). playground and run-in-browser (both true by default)
// switch off the Go Playground links and the in-browser Run button for
// books that do not want them, in every build and in serve, as build's
// -playground=false and -wasm=false do for one build. Any other key, or a value of the wrong
// kind, is an error at its line that lists the valid settings.
//
// Problems are reported together, sorted by position: every lesson's
// format errors and, with them, the broken links of the lessons that
// have none (see Links).
//
// # Snippets
//
// Every fenced code block whose info string starts with the word go is a
// snippet; so is one that starts with golang, and either word in any case
// (Go, GO, Golang): whatever a page shows as Go is built and run. The
// words after it are attributes, separated by spaces or tabs:
//
//	name=worker-pool  a stable id: lower-case letters, digits and hyphens.
//	                  It is the page anchor and the target of
//	                  "workbook run FILE#ID". Unique in the lesson, except
//	                  that blocks sharing a name are parts of one program.
//	                  ID-result and ID-timeline are the anchors of its
//	                  result and timeline, so no other program may be
//	                  named that way.
//	norun             built and vetted but not run (a server that never
//	                  exits). It cannot be combined with the run attributes
//	                  below, nor have an output block.
//	skip              shown only: neither built nor run. Say why in the
//	                  prose. Only name= may go with it.
//	exit=2            the expected exit status, 0 to 255 (default 0);
//	                  exit=2 for a panic or a deadlock.
//	timeout=30s       the wall-clock limit as a Go duration such as 30s or
//	                  1m (default 10s). At the limit the program and every
//	                  process it started are killed; what it printed is
//	                  kept.
//	race              built with -race. A race report exits with status 66,
//	                  so use it with exit=66 when the race is the lesson.
//	                  Programs run with GORACE=atexit_sleep_ms=100: the
//	                  detector waits 0.1 s, not its default 1 s, at exit.
//	gomaxprocs=1,2,4  run with each value, which must be distinct
//	                  positive integers, while nothing else runs: three
//	                  times each, the values taking turns, keeping the run
//	                  with the median wall time. Every run must pass. The
//	                  page charts each value's wall time (with the spread
//	                  of its repeats), the speedup against the first value
//	                  and CPU÷wall, names the machine's CPU count and how
//	                  busy other work kept it, and shows each value's
//	                  output.
//	trace             record a runtime trace in a separate run and draw the
//	                  goroutine timeline from it. Not yet for programs with
//	                  go test parts, file=, files= or stdin=.
//	exclusive         run while nothing else runs, so timings are honest.
//	args="-n 3 input.txt"
//	                  command-line arguments: a Go double-quoted string
//	                  (backslash escapes allowed) split at white space, so
//	                  an argument cannot contain a space. A single word
//	                  needs no quotes: args=input.txt.
//	files="data.txt testdata/"
//	                  data files and folders, relative to the lesson's
//	                  folder, copied into the program's package folder
//	                  before it is built (so //go:embed finds them) and
//	                  into its working folder before each run (so
//	                  os.Open("data.txt") and args=data.txt work). A
//	                  folder brings everything under it. A path may not
//	                  leave the lesson's folder, nor be a symbolic link
//	                  that does; go.mod, go.sum and main.go are refused,
//	                  and so are files the go command would build (.go, .c,
//	                  .s, ...) outside a testdata folder, and anything
//	                  but regular files and folders (a named pipe, a
//	                  device or a socket would never be read to its end).
//	stdin=input.txt   a file, like a files= path, fed to the program's
//	                  standard input (otherwise stdin is empty).
//	file=shapes/shapes.go
//	                  on a part of a named program: the Go file it belongs
//	                  to (see Programs of several files below).
//	test              written ```go test: the block is a test file (see
//	                  Tests, examples and benchmarks below).
//	vet=false         build and run without go vet, for a lesson about what
//	                  vet catches; the page says vet was off.
//	testflags="-run TestSum"
//	                  go test flags for a program with a go test part
//	                  (-run, -count, -short, ...), as go test spells them.
//	cpu=1,2,4         GOMAXPROCS values for benchmarks, as go test -cpu.
//
// The contents of files= and stdin= files join the cache key, so editing
// data.txt reruns the programs that read it.
//
// Anything else is an error that names the file, line and column and lists
// the valid attributes. So is an attribute given twice in one block, a
// value where none is taken (race=1), or a value of the wrong kind.
//
// Without name=, a program's id is line-N, N being the line of its opening
// fence. Such ids change when the text above moves; give a program a name
// when anything links to it.
//
// A snippet must be a complete program, starting with package main (after
// any comments), unless it is skip or part of a named program. Nothing on
// a page escapes verification: an indented code block (four spaces) that
// parses as Go, as a file, as declarations or as statements that do
// something (an assignment, a call, a loop...), is an error that says to
// fence it as go (or go skip). So is a fence without a language (```
// alone) whose text is a Go file starting with a package clause.
// Indented or untagged shell sessions, output and formulas are left alone.
//
// # Programs in parts
//
// Blocks with the same name= are one program, joined in document order
// with the prose left out, so a lesson can explain a program piece by
// piece:
//
//	```go name=counter
//	package main
//
//	import "fmt"
//	```
//
//	The loop is where the goroutines start:
//
//	```go name=counter
//	func main() { fmt.Println("hi") }
//	```
//
// The first part must start with package main. Attributes may be written on
// any part and repeated on later ones, but a later part may not change a
// value (exit=1 on one part and exit=2 on another is an error). The
// program's results, and its output block, come after its last part. A
// later part that starts with a package clause is an error that says the
// parts were joined, rather than a Go syntax error in the middle of a file.
//
// # Programs of several files
//
// file=NAME.go on a part says which file of the program it belongs to;
// parts without it make up main.go, which must start with package main.
// Parts of one file are joined in document order and each file starts
// with its own package clause. A file in a folder is a package of the
// program's module that main imports by the module path and the folder:
// "example/shapes" for file=shapes/shapes.go, or, when the lessons folder
// has a go.mod, its module path and the folder
// ("example.com/book/shapes"):
//
//	```go name=area
//	package main
//
//	import (
//		"fmt"
//
//		"example/shapes"
//	)
//
//	func main() { fmt.Println(shapes.Area(2, 3)) }
//	```
//
//	```go name=area file=shapes/shapes.go
//	package shapes
//
//	func Area(w, h int) int { return w * h }
//	```
//
// Compiler and vet messages about any file point into the lesson.
//
// The caption of each part names its file.
//
// # Tests, examples and benchmarks
//
// A block whose info string is ```go test is a test file: alone (a
// complete _test.go file, any package), or as a part of a named program
// whose other parts are the code under test (then they may be any
// package, not only main). Its parts go to main_test.go unless file=
// names another _test.go file. The program is built with go test -c and
// run as go test -v runs it, so Test functions, Example functions (whose
// // Output: comment go test checks) and testing/synctest work; race and
// timeout mean what they mean elsewhere, and testflags= adds go test
// flags:
//
//	```go test name=sum testflags="-run TestSum"
//	package sum
//
//	import "testing"
//
//	func TestSum(t *testing.T) {
//		if got := Sum(1, 2); got != 3 {
//			t.Errorf("Sum(1, 2) = %d, want 3", got)
//		}
//	}
//	```
//
// A failing test fails verify at the lesson line of the failing
// assertion (the t.Error call), and its output shows lesson positions.
// When a test file declares a Benchmark function, the program runs its
// benchmarks too (-bench=. -benchmem, with -cpu from cpu=), alone like an
// exclusive program. go test runs each benchmark for about a second per
// cpu value (-benchtime), which the 10s default timeout soon spends: give
// such a program a timeout=, or testflags="-benchtime=100ms". The result
// panel shows a table of every benchmark's ns/op, B/op and allocs/op for
// each -cpu value, and figures can cite them (see Figures).
//
// # Exercises
//
// An exercise is a program the reader completes. Its blocks share a name:
// ```go exercise name=sum is the starter, the code the reader sees and
// edits; ```go solution name=sum is the author's answer, hidden on the
// page behind "Show solution"; the output block after the solution is the
// check that both are held to (or, instead, a go test block named sum,
// which starter and solution share); and ```hint blocks after that
// (Markdown) are revealed one at a time:
//
//	```go exercise name=sum
//	package main
//
//	import "fmt"
//
//	func main() {
//		fmt.Println(0) // add 1, 2 and 3
//	}
//	```
//
//	```go solution name=sum
//	package main
//
//	import "fmt"
//
//	func main() {
//		fmt.Println(1 + 2 + 3)
//	}
//	```
//
//	```output
//	6
//	```
//
//	```hint
//	The + operator adds numbers.
//	```
//
// Parts, OMIT lines, file=, files=, timeout= and the other attributes work
// as for programs; the attributes of every block of the exercise apply to
// both starter and solution, so they run alike. The starter's id is the
// name (sum, so workbook run FILE#sum runs what the reader starts with),
// the solution's is the name with -solution (sum-solution).
//
// verify checks an exercise as it checks any program, twice: the solution
// must pass the check, and the starter must compile and must not pass it
// yet, or the reader would have nothing to do. starter=broken marks a
// starter that does not compile on purpose ("fix the compile error"); its
// solution then needs no output block, compiling is the check.
// starter=passes marks a starter that may already pass. Either goes on the
// go exercise block. A solution without an exercise, an exercise without
// a solution or without a check, an output block after the starter and a
// hint that follows anything but the exercise's last block, its output
// block or another hint are errors.
//
// Readers check their work with workbook learn (in a terminal), or with the
// Check button under the starter in workbook serve.
//
// # Hidden lines
//
// A line ending in "// OMIT" is compiled and run but not shown on the page,
// for set-up that would distract from the point (the copy button still
// copies the whole program). So is every line from one ending in
// "// OMIT START" to the next ending in "// OMIT END", both included, as
// in the present tool: such a range stays within one block. Hidden lines
// must leave the code shown parsable (whole statements or declarations):
// otherwise the page would show code that is not Go, which is an error at
// the first hidden line.
//
// # Expected output
//
// A block with the info string output right after a snippet (only blank
// lines between) is what the program must print:
//
//	```output
//	hello from goroutine 1
//	took ...
//	```
//
// It is compared with everything the program wrote to standard output and
// standard error, interleaved as a terminal would show them. Trailing
// white space on each line and blank lines at the start and end are
// ignored; blank lines in between count. In an expected line, "..."
// matches any run of characters, including none, for durations, addresses
// and counts. A line that is only "..." matches any number of lines,
// including none: a race report, a stack trace, the middle of a long
// listing:
//
//	```output
//	==================
//	WARNING: DATA RACE
//	...
//	Found 1 data race(s)
//	```
//
// In an unordered block, a "..." line lets any other lines come too.
//
// A mismatch names the lesson line of the first difference. When the
// output differs only in white space (an editor turned a tab into
// spaces), the message says so and shows tabs as → and spaces as ·. With "output unordered" the lines may come in any order
// (compared as a multiset, like a Go example's "// Unordered output:"),
// for goroutines whose order is up to the scheduler. Positions in the
// output, as in a panic's stack trace, are lesson positions
// (lessons/x.md:12), not temporary files.
//
// An output block that follows anything else, a skip block, a norun
// program, or a part other than the last, is an error. A snippet without
// an output block passes when it exits with the expected status within its
// timeout. The site shows what the program really printed, never the
// expected text.
//
// Output is capped at 1 MiB (1048576 bytes) and 10,000 lines per run; the
// rest is dropped. A run whose output passes the cap fails with reason
// truncated, with or without an output block, and the message names the
// cap it hit ("output passed the 10000-line limit and was cut").
//
// # Figures
//
// Prose can cite what a program really did. A figure is filled in when the
// site is built, from the same run its result panel shows, so a number in
// a sentence is never pasted by hand and never goes stale:
//
//	With one core the count took {{wall primes@1}}, with two
//	{{wall primes@2}}: {{speedup primes@2}} faster, on a machine with
//	{{cpus primes}} CPUs. It printed {{output primes@2 3}}.
//
// A figure is a kind and a program's name= between double braces (spaces
// inside are allowed: {{ wall primes }}). Figures cite named programs of
// the same lesson, before or after the sentence. The kinds:
//
//	wall NAME       wall time, as on the result panel: 1.02s, 540ms
//	cpu NAME        CPU time, user plus system
//	cpuratio NAME   CPU time ÷ wall time: 1.95 means two cores were busy
//	speedup NAME@P  wall time with the first gomaxprocs value ÷ wall time
//	                with P: 1.87×
//	output NAME N   line N of the output, counted as in the output block
//	                (blank lines at the start skipped), shown as code
//	cpus NAME       the number of CPUs of the machine the program ran on
//	nsop NAME BenchmarkX
//	                ns/op of a benchmark of a program with a go test part
//	                (NAME@P for its cpu=P run when cpu= lists several);
//	                bop and allocsop give B/op and allocs/op
//
// For a program with gomaxprocs=..., every kind but cpus names the run
// with @ and its GOMAXPROCS value: {{wall primes@2}},
// {{output primes@2 3}}. Each value is the run with the median wall time
// of its repeats, as on the panel.
//
// Figures go in paragraphs, lists, tables, emphasis and link text. A
// figure in a heading (the table of contents and search show headings as
// plain text) or in an image's description is an error. In code spans and
// code blocks {{ is ordinary text, and so is \{{ anywhere; anything else
// from {{ to }} in prose must be a figure. An unknown kind or program, an
// @P the program does not run with (or any @ on a program without
// gomaxprocs), a speedup of a program without gomaxprocs or of its first
// value, a line past the end of the program's output block, a line of
// unordered output, or a figure of a norun program is an error at the
// figure's position.
//
// On the page a figure links to its program's result, and its tooltip
// says what was measured and on what machine. When there is nothing to
// show, because the program did not build or was not run (a build with
// -allow-failures), it reads [not measured]: never a made-up number.
//
// # Positions
//
// Every problem is reported at a lesson position, the way a compiler does:
// lessons/01-goroutines.md:41:7: unknown attribute "nrun". [Load] reports
// every problem in every file at once, sorted, one per line (an
// [ErrorList]). Compiler errors, vet findings and stack traces point into
// the lesson too: [Program.Source] marks each part with a //line directive
// naming the part, not the lesson, so that editing prose never changes a
// program's source or its cached result, and [Program.MapPositions] turns
// part positions into lesson lines. Columns count from the start of the
// code line, as the program sees it.
//
// # Trust
//
// Lessons are code, and workbook runs them: building a workbook, verifying
// it, or serving it executes every program with the rights of the user
// who runs workbook. The runner bounds each run (a timeout, an output cap,
// a fresh working directory, a minimal environment, its own process group,
// or a Job Object on Windows) to keep mistakes cheap, but it is not a sandbox against malice. Build,
// verify and serve only workbooks you would run with "go run". In serve
// mode, the person who started serve can edit and run programs in the
// page too, which is why serve runs nothing for a connection that is not
// from loopback, checks the Host and Origin of each request, and requires
// the login cookie that its printed one-time URL sets plus the page's
// per-process token before it runs anything.
package book
