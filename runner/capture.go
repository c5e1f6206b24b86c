package runner

import (
	"bytes"
	"time"
)

// lineBuffer turns the chunks a program writes into Lines. Chunks arrive
// in the order they were written, each with its stream and time; lines
// are completed per stream, so a stderr line written in the middle of an
// unfinished stdout line does not break it.
//
// It keeps at most limit bytes (text plus newlines) and drops the rest,
// so its memory is bounded however much a program prints.
type lineBuffer struct {
	limit     int
	kept      int
	truncated bool
	last      time.Duration // the latest time seen, so times never go back
	partial   [2]partialLine
	lines     []Line
	onLine    func(Line)
}

// partialLine is a line begun but not yet ended by a newline.
type partialLine struct {
	open bool
	t    time.Duration // when its first byte appeared
	text []byte
}

func newLineBuffer(limit int, onLine func(Line)) *lineBuffer {
	return &lineBuffer{limit: limit, onLine: onLine, lines: []Line{}}
}

// add records p, written to s at t. lost says the writer wrote more than
// p (the rest could not be read), which counts as truncation.
func (b *lineBuffer) add(s Stream, t time.Duration, p []byte, lost bool) {
	if lost {
		b.truncated = true
	}
	if room := b.limit - b.kept; len(p) > room {
		p = p[:room]
		b.truncated = true
	}
	if len(p) == 0 {
		return
	}
	b.kept += len(p)
	b.last = max(b.last, t)
	pl := &b.partial[streamIndex(s)]
	for len(p) > 0 {
		if !pl.open {
			pl.open, pl.t = true, b.last
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			pl.text = append(pl.text, p...)
			return
		}
		pl.text = append(pl.text, p[:i]...)
		b.emit(s, pl)
		p = p[i+1:]
	}
}

// flush ends unfinished lines (a final line without a newline), the
// earlier-begun first.
func (b *lineBuffer) flush() {
	out, errs := &b.partial[0], &b.partial[1]
	if errs.open && (!out.open || errs.t < out.t) {
		b.emit(Stderr, errs)
	}
	if out.open {
		b.emit(Stdout, out)
	}
	if errs.open {
		b.emit(Stderr, errs)
	}
}

func (b *lineBuffer) emit(s Stream, pl *partialLine) {
	l := Line{T: pl.t, Stream: s, Text: string(pl.text)}
	pl.open, pl.text = false, pl.text[:0]
	b.lines = append(b.lines, l)
	if b.onLine != nil {
		b.onLine(l)
	}
}

func streamIndex(s Stream) int {
	if s == Stderr {
		return 1
	}
	return 0
}
