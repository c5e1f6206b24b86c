package runner

import (
	"bytes"
	"sync"
	"time"
)

// lineBuffer turns the chunks a program writes into Lines. Chunks arrive
// in the order they were written, each with its stream and time; lines
// are completed per stream, so a stderr line written in the middle of an
// unfinished stdout line does not break it.
//
// It keeps at most limit bytes (text plus newlines) and LineLimit lines
// and drops the rest, so its memory, and the page showing the lines, are
// bounded however much a program prints.
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
	if len(b.lines) >= LineLimit {
		b.truncated = true
		return
	}
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

// lineNotifier calls onLine for each line in order from its own
// goroutine, so a slow consumer (a browser on a slow link) never holds up
// the reader, and through it the program. Its queue is bounded by the
// output cap, like the lines themselves.
type lineNotifier struct {
	mu     sync.Mutex
	cond   sync.Cond
	queue  []Line
	closed bool
	done   chan struct{}
}

// newLineNotifier starts delivering lines to onLine.
func newLineNotifier(onLine func(Line)) *lineNotifier {
	n := &lineNotifier{done: make(chan struct{})}
	n.cond.L = &n.mu
	go n.run(onLine)
	return n
}

func (n *lineNotifier) push(l Line) {
	n.mu.Lock()
	n.queue = append(n.queue, l)
	n.mu.Unlock()
	n.cond.Signal()
}

// close delivers what is queued and returns once onLine is done.
func (n *lineNotifier) close() {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	n.cond.Signal()
	<-n.done
}

func (n *lineNotifier) run(onLine func(Line)) {
	defer close(n.done)
	for {
		n.mu.Lock()
		for len(n.queue) == 0 && !n.closed {
			n.cond.Wait()
		}
		batch, closed := n.queue, n.closed
		n.queue = nil
		n.mu.Unlock()
		for _, l := range batch {
			onLine(l)
		}
		if closed && len(batch) == 0 {
			return
		}
	}
}
