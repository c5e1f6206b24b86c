//go:build linux

package runner

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Output is captured through unix datagram sockets: one receiving socket
// and three senders connected to it, the program's stdout, its stderr,
// and the sandbox helper's "start" announcement. All datagrams land in
// one queue in the order they were written, and each says which socket
// sent it, so the capture keeps both the true order between stdout and
// stderr and the label of every line (two pipes lose the order; one
// shared pipe loses the labels).
//
// With SO_TIMESTAMPNS the kernel stamps each datagram when it is sent,
// so a line's time does not depend on when the reader gets to it. The
// helper's "start" is stamped on the same clock just before the program
// starts; times are measured from it.
//
// The price: each write is one datagram, so a single write larger than
// the sender's buffer fails in the program (see captureSendBuffer); a
// sender blocks while 10 datagrams (net.unix.max_dgram_qlen) wait, and a
// write costs more than into a pipe: 100,000 Printlns took 0.64 s
// against 0.11 s through two pipes (measured on 2 busy cores; a bare
// blocking reader thread was no faster, so the cost is the kernel's).

// captureSendBuffer is the send buffer asked for each sender socket.
// Linux doubles it and refuses a datagram larger than the result (less
// 32 bytes) with EMSGSIZE. With CAP_NET_ADMIN (SO_SNDBUFFORCE) it is
// granted whole: single writes up to 4 MiB succeed (measured; larger
// ones fail with ENOBUFS, as the kernel cannot allocate one buffer that
// big). Otherwise net.core.wmem_max caps it: 208 KiB by default, so
// single writes up to about 416 KiB.
const captureSendBuffer = 4 << 20

// Indexes of the senders.
const (
	senderStdout = iota
	senderStderr
	senderStart
	numSenders
)

// capture receives one run's output.
type capture struct {
	recv    *os.File // the receiving socket, non-blocking
	conn    syscall.RawConn
	senders [numSenders]*os.File // blocking: the program writes to them
	names   [numSenders]string   // their autobound abstract addresses
	maxSend int                  // the largest write a sender accepts

	lines   *lineBuffer
	notify  *lineNotifier // nil without an onLine
	buf     []byte
	oob     []byte
	started bool
	startNs int64 // the start datagram's time, CLOCK_REALTIME ns
	err     error
	done    chan struct{}
}

// newCapture creates the sockets. The caller passes c.senders to the
// helper, calls closeSenders once it started, then start and finish.
func newCapture(onLine func(Line)) (*capture, error) {
	c := &capture{
		// A datagram larger than what may still be kept is cut by the
		// kernel (MSG_TRUNC reports it), so this is all the room needed.
		buf:  make([]byte, OutputLimit),
		oob:  make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(unix.Timespec{})))),
		done: make(chan struct{}),
	}
	if err := c.open(); err != nil {
		c.close()
		return nil, fmt.Errorf("creating output sockets: %w", err)
	}
	var push func(Line)
	if onLine != nil {
		c.notify = newLineNotifier(onLine)
		push = c.notify.push
	}
	c.lines = newLineBuffer(OutputLimit, push)
	return c, nil
}

func (c *capture) open() error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return err
	}
	// os.NewFile makes a non-blocking descriptor pollable: reads wait in
	// the netpoller and a deadline can stop them.
	c.recv = os.NewFile(uintptr(fd), "capture")
	if err := unix.Bind(fd, &unix.SockaddrUnix{}); err != nil { // autobind
		return err
	}
	// Without kernel stamps, lines are stamped when read (see stamp).
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
	to, err := unix.Getsockname(fd)
	if err != nil {
		return err
	}
	if c.conn, err = c.recv.SyscallConn(); err != nil {
		return err
	}
	for i := range c.senders {
		if c.senders[i], c.names[i], err = c.sender(to); err != nil {
			return err
		}
	}
	return nil
}

// sender creates a socket bound to its own abstract address (which
// recvmsg reports, telling the streams apart) and connected to to.
func (c *capture) sender(to unix.Sockaddr) (*os.File, string, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, "", err
	}
	f := os.NewFile(uintptr(fd), "output")
	fail := func(err error) (*os.File, string, error) {
		f.Close()
		return nil, "", err
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{}); err != nil {
		return fail(err)
	}
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, captureSendBuffer) != nil {
		// Without CAP_NET_ADMIN: as much as net.core.wmem_max allows.
		_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, captureSendBuffer)
	}
	if n, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF); err == nil {
		c.maxSend = n - 32
	}
	if err := unix.Connect(fd, to); err != nil {
		return fail(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return fail(err)
	}
	name := sa.(*unix.SockaddrUnix).Name
	if name == "" {
		return fail(errors.New("sender socket has no address"))
	}
	return f, name, nil
}

// closeSenders closes our copies of the senders once the helper has its
// own: only the program should hold them.
func (c *capture) closeSenders() {
	for i, f := range c.senders {
		if f != nil {
			f.Close()
			c.senders[i] = nil
		}
	}
}

func (c *capture) close() {
	c.closeSenders()
	if c.recv != nil {
		c.recv.Close()
	}
	if c.notify != nil {
		c.notify.close()
	}
}

// start reads datagrams in a goroutine until finish.
func (c *capture) start() {
	go c.loop()
}

// finish stops reading once everything queued has been read and returns
// the output, after onLine has seen every line. Call it when no sender
// can write any more: datagram sockets have no end of file, so the
// reader must be told.
func (c *capture) finish() (*lineBuffer, error) {
	c.recv.SetReadDeadline(time.Now())
	<-c.done
	if c.notify != nil {
		c.notify.close()
	}
	return c.lines, c.err
}

func (c *capture) loop() {
	defer close(c.done)
	for c.err == nil {
		err := c.conn.Read(func(fd uintptr) bool {
			return c.drain(int(fd)) != nil
		})
		if err != nil {
			break // finish's deadline (or the socket was closed)
		}
	}
	// Whatever was queued before the deadline is still to be read.
	c.conn.Control(func(fd uintptr) { c.drain(int(fd)) })
	c.lines.flush()
}

// drain reads datagrams until none is queued. It returns nil then, or
// the error that stopped it (also kept in c.err).
func (c *capture) drain(fd int) error {
	for {
		n, oobn, _, from, err := unix.Recvmsg(fd, c.buf, c.oob, unix.MSG_DONTWAIT|unix.MSG_TRUNC)
		switch {
		case err == unix.EAGAIN:
			return nil
		case err == unix.EINTR:
			continue
		case err != nil:
			c.err = fmt.Errorf("reading output: %w", err)
			return c.err
		}
		c.receive(n, c.oob[:oobn], from)
	}
}

// receive handles one datagram of n bytes (perhaps more than c.buf).
func (c *capture) receive(n int, oob []byte, from unix.Sockaddr) {
	sa, ok := from.(*unix.SockaddrUnix)
	if !ok {
		return
	}
	ns := stamp(oob)
	switch sa.Name {
	case c.names[senderStart]:
		if !c.started {
			c.started, c.startNs = true, ns
		}
	case c.names[senderStdout]:
		c.add(Stdout, ns, n)
	case c.names[senderStderr]:
		c.add(Stderr, ns, n)
	}
	// Anything else was sent by a stranger who found the abstract
	// address: dropped.
}

func (c *capture) add(s Stream, ns int64, n int) {
	var t time.Duration
	if c.started {
		t = max(0, time.Duration(ns-c.startNs))
	}
	k := min(n, len(c.buf))
	c.lines.add(s, t, c.buf[:k], n > k)
}

// stamp returns the datagram's send time from its SCM_TIMESTAMPNS, or
// now when the kernel gave none (both CLOCK_REALTIME).
func stamp(oob []byte) int64 {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err == nil {
		for _, m := range msgs {
			if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SCM_TIMESTAMPNS &&
				len(m.Data) >= int(unsafe.Sizeof(unix.Timespec{})) {
				ts := (*unix.Timespec)(unsafe.Pointer(&m.Data[0]))
				return ts.Nano()
			}
		}
	}
	return time.Now().UnixNano()
}
