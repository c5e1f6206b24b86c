//go:build linux || darwin

package runner

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// pipeFDs returns the descriptors of the read ends without changing
// their mode (os.File.Fd would make them blocking): non-blocking, as
// os.Pipe made them, so a read never waits.
func pipeFDs(files [2]*os.File) (fds [2]int, err error) {
	for i, f := range files {
		rc, err := f.SyscallConn()
		if err != nil {
			return fds, err
		}
		if err := rc.Control(func(fd uintptr) { fds[i] = int(fd) }); err != nil {
			return fds, err
		}
	}
	return fds, nil
}

// pollerFile makes the poller's own descriptor (which is readable while
// it has events) a file Go's netpoller waits on, so pollRead parks like
// any reader and wakes as fast, instead of holding a thread in a
// blocking wait.
func pollerFile(fd int) (*os.File, error) {
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "pipe poller")
	if err := f.SetReadDeadline(time.Time{}); err != nil {
		f.Close()
		return nil, fmt.Errorf("the pipe poller cannot be waited on: %w", err)
	}
	return f, nil
}

// pollRead reads both pipes in the order the poller says they were
// written to, each until it is empty (the poller is edge-triggered),
// until both reach end of file or finish closes c.stop. The files stay
// open until it returns: finish waits for it, and close comes after
// finish.
func (c *pipeCapture) pollRead(p pipePoller, fds [2]int) {
	defer p.close()
	rc, err := p.file.SyscallConn()
	if err != nil {
		return
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-c.stop:
			p.file.SetReadDeadline(time.Now())
		case <-done:
		}
	}()
	buf := make([]byte, pipeReadSize)
	var ready [2]int
	open := [2]bool{true, true}
	for open[0] || open[1] {
		err := rc.Read(func(uintptr) bool {
			n, err := p.wait(ready[:])
			if n == 0 {
				return err != nil && !errors.Is(err, unix.EINTR) && !errors.Is(err, unix.EAGAIN)
			}
			for _, i := range ready[:n] {
				if open[i] && !c.drain(fds[i], captureStreams[i], buf) {
					open[i] = false
					p.remove(i)
				}
			}
			return true
		})
		if err != nil {
			return // finish gave up on the pipes
		}
	}
}

// drain reads fd until it is empty. It reports false at end of file or
// when the pipe failed.
func (c *pipeCapture) drain(fd int, s Stream, buf []byte) bool {
	for {
		m, err := unix.Read(fd, buf)
		switch {
		case m > 0:
			c.add(s, buf[:m])
		case errors.Is(err, unix.EINTR):
		case errors.Is(err, unix.EAGAIN):
			return true
		default:
			return false
		}
	}
}
