package serve

import (
	"net"
	"sync"
)

// A limitListener accepts at most cap(slots) connections at once, so
// that however many clients connect, serve keeps file descriptors for
// its rebuilds (see maxConns). When every slot is taken, Accept calls
// full (which closes idle keep-alive connections) and waits for a slot;
// meanwhile new connections wait in the kernel's backlog, holding none
// of our descriptors.
type limitListener struct {
	net.Listener
	slots chan struct{}
	full  func()
	done  chan struct{}
	once  sync.Once
}

func newLimitListener(ln net.Listener, n int, full func()) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), full: full, done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.full()
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// A limitConn gives its slot back when closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
