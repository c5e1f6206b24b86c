package runner

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// pipeCapture receives one run's output for BackendPortable through two
// pipes, one per stream, and stamps each chunk when it is read. Chunks
// are added under one lock, stamped inside it, so times never go back.
//
// On Linux and macOS one goroutine waits on both pipes with an
// edge-triggered epoll or kqueue, which lists the pipes in the order
// they were written to, and empties them in that order: a stdout write
// followed by a stderr write before the reader woke up are still read in
// that order (with a goroutine per pipe, 37 runs in 100 swapped such a
// pair; with the poller none did). What two pipes cannot tell is the
// order within one wake-up when both streams wrote more than once: each
// stream's lines then come together. Elsewhere (Windows) a goroutine per
// pipe waits in its read, and writes closer together than a thread's
// wake-up may swap. Either way the lines of one stream keep their order
// and are stamped within the reader's wake-up latency of their write.
type pipeCapture struct {
	r, w    [2]*os.File // [0] stdout, [1] stderr; w are the program's ends
	readers sync.WaitGroup
	stop    chan struct{} // closed when finish gives up waiting for end of file

	mu     sync.Mutex
	start  time.Time // output times are measured from here
	lines  *lineBuffer
	closed bool          // finish has returned: late reads are dropped
	notify *lineNotifier // nil without an onLine
}

// pipeReadSize is how much one read takes from a pipe: a pipe buffer's
// worth on Linux and macOS (64 KiB), so a flood costs few wake-ups.
const pipeReadSize = 64 << 10

// newPipeCapture creates the pipes. The caller gives c.w to the program,
// calls closeWriters once it started, and finish when it exited.
func newPipeCapture(onLine func(Line)) (*pipeCapture, error) {
	c := &pipeCapture{stop: make(chan struct{})}
	for i := range c.r {
		r, w, err := os.Pipe()
		if err != nil {
			c.close()
			return nil, fmt.Errorf("creating output pipes: %w", err)
		}
		c.r[i], c.w[i] = r, w
	}
	var push func(Line)
	if onLine != nil {
		c.notify = newLineNotifier(onLine)
		push = c.notify.push
	}
	c.lines = newLineBuffer(OutputLimit, push)
	return c, nil
}

// captureStreams are the streams of c.r and c.w, in order.
var captureStreams = [2]Stream{Stdout, Stderr}

// begin starts reading, with times measured from start.
func (c *pipeCapture) begin(start time.Time) {
	c.start = start
	if p, fds, err := newPipePoller(c.r); err == nil {
		c.readers.Go(func() { c.pollRead(p, fds) })
		return
	}
	for i, s := range captureStreams {
		c.readers.Go(func() { c.read(c.r[i], s) })
	}
}

// closeWriters closes our copies of the program's ends, so the readers
// see end of file when the program and its children are gone.
func (c *pipeCapture) closeWriters() {
	for i, f := range c.w {
		if f != nil {
			f.Close()
			c.w[i] = nil
		}
	}
}

func (c *pipeCapture) read(f *os.File, s Stream) {
	buf := make([]byte, pipeReadSize)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			c.add(s, buf[:n])
		}
		if err != nil {
			return // end of file, or finish gave up on the pipe
		}
	}
}

func (c *pipeCapture) add(s Stream, p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.lines.add(s, time.Since(c.start), p, false)
	}
}

// finish waits until both pipes reach end of file, or linger has
// passed (a descendant that escaped the kill still holds a pipe: what it
// writes later is not the run's), and returns the output once onLine has
// seen every line.
func (c *pipeCapture) finish(linger time.Duration) *lineBuffer {
	c.closeWriters()
	eof := make(chan struct{})
	go func() {
		c.readers.Wait()
		close(eof)
	}()
	select {
	case <-eof:
	case <-time.After(linger):
		close(c.stop)
		for _, f := range c.r {
			// A deadline stops a read on a pollable pipe; elsewhere
			// closing the file cancels it (Windows: CancelIoEx).
			if f.SetReadDeadline(time.Now()) != nil {
				f.Close()
			}
		}
		select {
		case <-eof:
		case <-time.After(linger):
			// A read that cannot be stopped: leave it, dropping what it
			// reads (closed, below).
		}
	}
	c.mu.Lock()
	c.closed = true
	c.lines.flush()
	c.mu.Unlock()
	if c.notify != nil {
		c.notify.close()
		c.notify = nil
	}
	return c.lines
}

// close releases the pipes.
func (c *pipeCapture) close() {
	c.closeWriters()
	for _, f := range c.r {
		if f != nil {
			f.Close()
		}
	}
	if c.notify != nil {
		c.notify.close()
	}
}
