package serve

import (
	"net"
	"sync"
	"time"
)

// A limitListener accepts at most cap(slots) connections at once, so
// that however many clients connect, serve keeps file descriptors for
// its rebuilds (see maxConns). When every slot is taken, Accept calls
// full (which closes idle keep-alive connections) until a slot is free;
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

// retryFull is how often a waiting Accept closes idle connections
// again: a connection busy when it last did may have gone idle since.
const retryFull = 100 * time.Millisecond

func (l *limitListener) Accept() (net.Conn, error) {
	if err := l.waitSlot(); err != nil {
		return nil, err
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

// waitSlot takes a slot, closing idle connections while there is none.
func (l *limitListener) waitSlot() error {
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
	}
	tick := time.NewTicker(retryFull)
	defer tick.Stop()
	for {
		l.full()
		select {
		case l.slots <- struct{}{}:
			return nil
		case <-l.done:
			return net.ErrClosed
		case <-tick.C:
		}
	}
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
