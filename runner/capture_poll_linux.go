package runner

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipePoller waits for the two read ends of a pipeCapture with epoll,
// whose ready list keeps the order in which they became ready.
type pipePoller struct {
	file *os.File // the epoll descriptor
	epfd int
	fds  [2]int
	evs  *[2]unix.EpollEvent
}

func newPipePoller(files [2]*os.File) (pipePoller, [2]int, error) {
	fds, err := pipeFDs(files)
	if err != nil {
		return pipePoller{}, fds, err
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return pipePoller{}, fds, err
	}
	p := pipePoller{epfd: epfd, fds: fds, evs: new([2]unix.EpollEvent)}
	for i, fd := range fds {
		// Edge-triggered: a pipe joins the ready list when written to,
		// so the list is in the order of the writes; level-triggered,
		// a pipe not yet read would keep its old place.
		ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET, Fd: int32(i)}
		if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
			unix.Close(epfd)
			return pipePoller{}, fds, err
		}
	}
	if p.file, err = pollerFile(epfd); err != nil {
		return pipePoller{}, fds, err
	}
	return p, fds, nil
}

// wait stores the indexes of the ready pipes in ready, in order,
// without waiting.
func (p pipePoller) wait(ready []int) (int, error) {
	n, err := unix.EpollWait(p.epfd, p.evs[:], 0)
	for k := range max(n, 0) {
		ready[k] = int(p.evs[k].Fd)
	}
	return max(n, 0), err
}

func (p pipePoller) remove(i int) {
	unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, p.fds[i], nil)
}

func (p pipePoller) close() { p.file.Close() }
