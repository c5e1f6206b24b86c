package runner

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipePoller waits for the two read ends of a pipeCapture with kqueue,
// which returns events in the order they were activated.
type pipePoller struct {
	file *os.File // the kqueue descriptor
	kq   int
	fds  [2]int
	evs  *[2]unix.Kevent_t
}

func newPipePoller(files [2]*os.File) (pipePoller, [2]int, error) {
	fds, err := pipeFDs(files)
	if err != nil {
		return pipePoller{}, fds, err
	}
	kq, err := unix.Kqueue()
	if err != nil {
		return pipePoller{}, fds, err
	}
	unix.CloseOnExec(kq)
	p := pipePoller{kq: kq, fds: fds, evs: new([2]unix.Kevent_t)}
	var changes [2]unix.Kevent_t
	for i, fd := range fds {
		// EV_CLEAR, edge-triggered: see the Linux poller.
		unix.SetKevent(&changes[i], fd, unix.EVFILT_READ, unix.EV_ADD|unix.EV_CLEAR)
	}
	if _, err := unix.Kevent(kq, changes[:], nil, nil); err != nil {
		unix.Close(kq)
		return pipePoller{}, fds, err
	}
	if p.file, err = pollerFile(kq); err != nil {
		return pipePoller{}, fds, err
	}
	return p, fds, nil
}

// wait stores the indexes of the ready pipes in ready, in order,
// without waiting.
func (p pipePoller) wait(ready []int) (int, error) {
	var zero unix.Timespec
	n, err := unix.Kevent(p.kq, nil, p.evs[:], &zero)
	k := 0
	for _, ev := range p.evs[:max(n, 0)] {
		for i, fd := range p.fds {
			if ev.Ident == uint64(fd) {
				ready[k] = i
				k++
			}
		}
	}
	return k, err
}

func (p pipePoller) remove(i int) {
	var ev unix.Kevent_t
	unix.SetKevent(&ev, p.fds[i], unix.EVFILT_READ, unix.EV_DELETE)
	unix.Kevent(p.kq, []unix.Kevent_t{ev}, nil, nil)
}

func (p pipePoller) close() { p.file.Close() }
