package serve

import (
	"net"
)

// Listen listens on addr (HOST:PORT) for Serve. Go's "tcp" on 0.0.0.0
// also listens on IPv6's [::], and on [::] also on IPv4: an address
// names one family here, so 0.0.0.0 is IPv4 only ("tcp4") and [::] IPv6
// only ("tcp6"), and a user who asks for one family does not open the
// server to the other's networks as well.
func Listen(addr string) (net.Listener, error) {
	return net.Listen(listenNetwork(addr), addr)
}

// listenNetwork is the network that listening on addr means.
func listenNetwork(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "tcp" // net.Listen says what is wrong
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "tcp"
	case ip.To4() != nil:
		return "tcp4"
	default:
		return "tcp6"
	}
}
