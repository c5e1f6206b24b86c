// Command gen writes a generated workbook for benchmarks: N lessons of
// varied size (about 200 lines on average), each with five programs drawn
// from a pool of distinct programs, prose generated from a vocabulary,
// lists, tables, links between lessons, headings, Python and shell
// blocks, and output blocks. The same seed gives the same book.
//
//	go run ./bench/bigbook/gen -n 1000 -programs 250 DIR
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	n := flag.Int("n", 1000, "number of lessons")
	np := flag.Int("programs", 250, "number of distinct programs")
	seed := flag.Uint64("seed", 14, "random seed")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: gen [-n N] [-programs P] [-seed S] DIR")
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(*seed, 0))
	pool := programs(*np, rnd)
	p := &prose{rnd: rnd, lessons: *n}
	lines := 0
	for i := range *n {
		text := lesson(i, p, pool)
		lines += strings.Count(text, "\n")
		if err := os.WriteFile(filepath.Join(dir, lessonFile(i)), []byte(text), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%d lessons, %d lines (%d on average), %d distinct programs\n", *n, lines, lines / *n, *np)
}

func lessonFile(i int) string { return fmt.Sprintf("l%04d.md", i) }

// sizes are how much prose a lesson has between its programs: most are
// middling, some short, a few long.
var sizes = []int{0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 6}

// lesson writes lesson i: front matter, an introduction, then five
// sections, each with prose, a program (with its output block more often
// than not), and now and then a list, a table, Python or shell.
func lesson(i int, p *prose, pool []program) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s %s, lesson %d\nsummary: %s\nweight: %d\n---\n\n",
		title(p.word(adjectives)), p.word(nouns), i, p.sentence(), i)
	size := sizes[p.rnd.IntN(len(sizes))]
	b.WriteString(p.paragraph())
	for k := range 5 {
		fmt.Fprintf(&b, "## %s %s\n\n", title(p.word(verbs)), p.word(nouns))
		for j := range size {
			if j > 0 && p.rnd.IntN(3) == 0 {
				fmt.Fprintf(&b, "### %s %s\n\n", title(p.word(adjectives)), p.word(nouns))
			}
			b.WriteString(p.paragraph())
			b.WriteString(extra(p))
		}
		prog := pool[p.rnd.IntN(len(pool))]
		fmt.Fprintf(&b, "```go name=p%d\n%s\n```\n\n", k, prog.code)
		if p.rnd.IntN(3) > 0 {
			fmt.Fprintf(&b, "```output\n%s```\n\n", prog.output)
		}
		b.WriteString(p.paragraph())
	}
	return b.String()
}

// extra is sometimes a list, a table, a Python or a shell block.
func extra(p *prose) string {
	switch p.rnd.IntN(10) {
	case 0, 1:
		return p.list()
	case 2:
		return p.table()
	case 3:
		return p.python()
	case 4:
		return p.shell()
	}
	return ""
}
