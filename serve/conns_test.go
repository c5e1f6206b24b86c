package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// keepAlive opens a connection to ts and makes one request on it, which
// leaves it idle and open (HTTP/1.1 keep-alive), unless the server
// answered that it closes it.
func keepAlive(t *testing.T, ts *testServer) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", ts.host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(20 * time.Second))
	fmt.Fprintf(c, "GET /01-a.html HTTP/1.1\r\nHost: %s\r\n\r\n", ts.host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("a request on a new connection: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a request on a new connection: %s", resp.Status)
	}
	return c
}

// closedWithin reports whether the server closes c within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := c.Read(make([]byte, 1))
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// TestServeIdleConnectionsClosed: idle keep-alive connections, and
// connections that never send a request, are closed after their timeout.
func TestServeIdleConnectionsClosed(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, newScriptRunner(), func(c *Config) {
		c.IdleTimeout, c.ReadTimeout = 300*time.Millisecond, 300*time.Millisecond
	})
	var idle []net.Conn
	for range 10 {
		idle = append(idle, keepAlive(t, ts))
	}
	silent, err := net.Dial("tcp", ts.host)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	for i, c := range idle {
		if !closedWithin(c, 5*time.Second) {
			t.Errorf("idle connection %d still open 5 s after a 300 ms idle timeout", i)
		}
	}
	if !closedWithin(silent, 5*time.Second) {
		t.Errorf("a connection that sends nothing is still open 5 s after a 300 ms read timeout")
	}
}

// TestServeConnectionLimit: however many connections clients open, serve
// holds at most MaxConns of them: the rest wait while idle ones are
// closed to make room, every request is answered, event streams take
// at most half the connections, and a rebuild still works.
func TestServeConnectionLimit(t *testing.T) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd to count descriptors")
	}
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Before.\n")})
	const limit = 4
	ts := startServer(t, dir, newScriptRunner(), func(c *Config) { c.MaxConns = limit })
	fds := func() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }
	base := fds()
	const clients = 40
	for range clients {
		keepAlive(t, ts) // each waits for a slot; idle ones are closed to make room
	}
	if held := fds() - base - clients; held > limit+2 {
		t.Errorf("with %d clients connected, serve holds %d descriptors; want at most the limit, %d", clients, held, limit)
	}

	// Streams never go idle: half the connections at most.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var codes []int
	for range 3 {
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/_workbook/events", nil)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	if fmt.Sprint(codes) != "[200 200 503]" {
		t.Errorf("three event streams with %d connections: %v; want [200 200 503]", limit, codes)
	}

	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "After.\n"))
	ts.waitFor("the rebuild", func() bool {
		c := keepAlive(t, ts)
		defer c.Close()
		_, body := ts.get("/01-a.html")
		return strings.Contains(body, "After.")
	})
	if strings.Contains(ts.log.String(), "too many open files") {
		t.Errorf("serve ran out of descriptors:\n%s", ts.log)
	}
}

// TestServeStreamsOutliveReadTimeout: the read timeout bounds reading a
// request, not the event stream or a run's streamed output (which a
// WriteTimeout would cut).
func TestServeStreamsOutliveReadTimeout(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "Before.\n")})
	ts := startServer(t, dir, newScriptRunner(), func(c *Config) { c.ReadTimeout = 200 * time.Millisecond })
	ev := ts.events()
	nextEvent(t, ev, "hello")
	code, body := ts.postRun(ts.owner(), ts.srv.Token(), "package main\n// sleep: 1s\nfunc main() { fmt.Println(\"late\") }\n")
	if code != 200 || !strings.Contains(body, `"text":"late"`) || !strings.Contains(body, `"done":true`) {
		t.Errorf("a run that outlasts the read timeout: %d %s", code, body)
	}
	writeLessonFile(t, filepath.Join(dir, "01-a.md"), lessonText("First", "After.\n"))
	nextEvent(t, ev, "reload") // the stream opened a second ago still delivers
}

// TestServeConnectionLimitWaitsForIdle: a connection that is busy when
// the limit is reached, and idle after, is closed to make room: the new
// client is served without waiting for the idle timeout.
func TestServeConnectionLimitWaitsForIdle(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, r, func(c *Config) { c.MaxConns = 1 })
	owner := ts.login()
	r.mu.Lock()
	r.started = make(chan string, 1)
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.postRunAt(owner, "/_workbook/run", "package main\n// sleep: 500ms\nfunc main() {}\n")
	}()
	<-r.started // the only connection is busy
	c, err := net.Dial("tcp", ts.host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET /01-a.html HTTP/1.1\r\nHost: %s\r\n\r\n", ts.host)
	if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil {
		t.Errorf("a client arriving while the only connection was busy: %v", err)
	} else if resp.Body.Close(); resp.StatusCode != 200 {
		t.Errorf("a client arriving while the only connection was busy: %s", resp.Status)
	}
	<-done
}
