package serve

import (
	"net"
	"strconv"
	"testing"
	"time"
)

// TestListenFamily: -addr 0.0.0.0:PORT listens on IPv4 only, and
// [::]:PORT on IPv6 only; a name listens as Go does.
func TestListenFamily(t *testing.T) {
	for addr, want := range map[string]string{"0.0.0.0:0": "tcp4", "127.0.0.1:0": "tcp4", "[::]:0": "tcp6", "[::1]:0": "tcp6", "localhost:0": "tcp", ":0": "tcp"} {
		if got := listenNetwork(addr); got != want {
			t.Errorf("listenNetwork(%q) = %q, want %q", addr, got, want)
		}
	}
	v6, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback to test with: %v", err)
	}
	v6.Close()
	ln, err := Listen("0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	if c, err := net.DialTimeout("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 5*time.Second); err != nil {
		t.Errorf("0.0.0.0: IPv4 loopback cannot connect: %v", err)
	} else {
		c.Close()
	}
	if c, err := net.DialTimeout("tcp6", net.JoinHostPort("::1", strconv.Itoa(port)), 5*time.Second); err == nil {
		c.Close()
		t.Errorf("listening on 0.0.0.0 also accepts IPv6 connections")
	}
}
