package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var nouns = strings.Fields(`goroutine channel mutex buffer worker scheduler pipeline request response
	server client queue stack slice map struct interface method function closure value pointer
	deadline context timer ticker signal process thread runtime compiler linker package module
	test benchmark profile trace heap allocation collector field record reader writer stream
	socket handler router cache index ledger account invoice order payload batch shard replica`)

var verbs = strings.Fields(`reads writes sends receives blocks waits locks unlocks closes opens starts
	stops schedules allocates frees copies sorts merges splits joins retries cancels returns
	panics recovers logs measures counts checks builds runs parses formats encodes decodes
	flushes drains fills spawns collects`)

var adjectives = strings.Fields(`buffered unbuffered concurrent parallel idle busy small large fast slow
	shared private nil empty full closed open pending ready stale fresh cheap costly safe racy
	ordered unordered stable bounded unbounded lazy eager careful naive typical rare`)

var adverbs = strings.Fields(`quickly slowly safely rarely often always never eventually first again
	together alone carefully`)

// prose writes varied text from the vocabulary.
type prose struct {
	rnd     *rand.Rand
	lessons int // for links between lessons
}

func (p *prose) word(ws []string) string { return ws[p.rnd.IntN(len(ws))] }

// sentence is one generated sentence, with now and then inline code,
// emphasis or a link to another lesson.
func (p *prose) sentence() string {
	var parts []string
	switch p.rnd.IntN(4) {
	case 0:
		parts = []string{"The", p.word(adjectives), p.word(nouns), p.word(verbs), "the", p.word(nouns)}
	case 1:
		parts = []string{"A", p.word(nouns), p.word(adverbs), p.word(verbs), "each", p.word(adjectives), p.word(nouns)}
	case 2:
		parts = []string{"When", "the", p.word(nouns), p.word(verbs) + ",", "every", p.word(nouns), p.word(verbs), p.word(adverbs)}
	default:
		parts = []string{"Note", "that", "a", p.word(adjectives), p.word(nouns), "never", p.word(verbs), "a", p.word(nouns), "it", "does", "not", "own"}
	}
	i := 1 + p.rnd.IntN(len(parts)-1)
	switch p.rnd.IntN(6) {
	case 0:
		parts[i] = "`" + parts[i] + "`"
	case 1:
		parts[i] = "*" + parts[i] + "*"
	case 2:
		parts[i] = "**" + parts[i] + "**"
	case 3:
		n := p.rnd.IntN(p.lessons)
		parts[i] = fmt.Sprintf("[%s](%s)", parts[i], lessonFile(n))
	}
	return strings.Join(parts, " ") + "."
}

// paragraph is 2 to 7 sentences wrapped at about 100 columns.
func (p *prose) paragraph() string {
	var b strings.Builder
	col := 0
	for range 2 + p.rnd.IntN(6) {
		s := p.sentence()
		if col > 0 && col+len(s) > 100 {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(s)
		col += len(s)
	}
	return b.String() + "\n\n"
}

func (p *prose) list() string {
	var b strings.Builder
	marker := "-"
	ordered := p.rnd.IntN(3) == 0
	for i := range 2 + p.rnd.IntN(5) {
		if ordered {
			marker = fmt.Sprintf("%d.", i+1)
		}
		fmt.Fprintf(&b, "%s %s\n", marker, p.sentence())
	}
	return b.String() + "\n"
}

func (p *prose) table() string {
	cols := 2 + p.rnd.IntN(3)
	var b strings.Builder
	row := func(f func() string) {
		b.WriteString("|")
		for range cols {
			b.WriteString(" " + f() + " |")
		}
		b.WriteString("\n")
	}
	row(func() string { return title(p.word(nouns)) })
	row(func() string { return "---" })
	for range 2 + p.rnd.IntN(6) {
		row(func() string {
			if p.rnd.IntN(2) == 0 {
				return fmt.Sprint(p.rnd.IntN(10000))
			}
			return "`" + p.word(nouns) + "`"
		})
	}
	return b.String() + "\n"
}

func (p *prose) python() string {
	f, x := p.word(verbs), p.word(nouns)
	return fmt.Sprintf("```python\nimport threading\n\ndef %s(%s):\n    \"\"\"The Python way to %s a %s.\"\"\"\n"+
		"    with lock:\n        items = [i * %d for i in range(%d)]\n    return sum(items)\n\n"+
		"lock = threading.Lock()\nprint(%s(%q))\n```\n\n", f, x, f, x, p.rnd.IntN(9)+1, p.rnd.IntN(100)+1, f, x)
}

func (p *prose) shell() string {
	return fmt.Sprintf("```sh\n$ go run ./cmd/%s -n %d\n$ GOMAXPROCS=%d go test -run Test%s ./...\nok  \texample.com/%s\t0.%03ds\n```\n\n",
		p.word(nouns), p.rnd.IntN(100), 1+p.rnd.IntN(8), title(p.word(nouns)), p.word(nouns), p.rnd.IntN(1000))
}
