package serve

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// streamWriter is a ResponseWriter for an event stream served by
// ServeHTTP in a goroutine: it reports the status once written.
type streamWriter struct {
	header http.Header
	status chan int
}

func (w *streamWriter) Header() http.Header         { return w.header }
func (w *streamWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *streamWriter) Flush()                      {}
func (w *streamWriter) WriteHeader(code int) {
	select {
	case w.status <- code:
	default:
	}
}

// stream opens an event stream from remote (IP:PORT) and returns its
// status and a channel closed when serve ends it.
func (ts *testServer) stream(ctx context.Context, remote string) (int, <-chan struct{}) {
	ts.t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/_workbook/events", nil)
	req.RemoteAddr = remote
	w := &streamWriter{header: http.Header{}, status: make(chan int, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.srv.ServeHTTP(w, req)
	}()
	select {
	case code := <-w.status:
		return code, done
	case <-time.After(10 * time.Second):
		ts.t.Fatalf("the stream from %s got no answer", remote)
		return 0, nil
	}
}

// TestServeStreamsPerIP: one remote IP opens at most 8 event streams; a
// loopback client finds every slot held by remote ones, and the oldest
// remote stream ends to make room; another remote client is refused.
func TestServeStreamsPerIP(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, newScriptRunner(), func(c *Config) { c.MaxConns = 20 }) // 10 streams
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first <-chan struct{}
	for i := range maxStreamsPerIP {
		code, done := ts.stream(ctx, "203.0.113.9:"+strconv.Itoa(40000+i))
		if code != 200 {
			t.Fatalf("remote stream %d: %d, want 200", i+1, code)
		}
		if i == 0 {
			first = done
		}
	}
	if code, _ := ts.stream(ctx, "203.0.113.9:41000"); code != 503 {
		t.Errorf("stream %d from one remote IP: %d, want 503", maxStreamsPerIP+1, code)
	}
	for i := range 2 {
		if code, _ := ts.stream(ctx, "203.0.113.10:"+strconv.Itoa(40000+i)); code != 200 {
			t.Fatalf("another remote IP's stream %d: %d, want 200", i+1, code)
		}
	}
	if code, _ := ts.stream(ctx, "203.0.113.11:40000"); code != 503 {
		t.Errorf("a remote stream with every slot taken: %d, want 503", code)
	}
	if code, _ := ts.stream(ctx, "127.0.0.1:50000"); code != 200 {
		t.Fatalf("a loopback stream with every slot held by remote ones: %d, want 200", code)
	}
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Errorf("the oldest remote stream did not end to make room for the loopback one")
	}
	// The slot of the ended stream is the loopback one's: still full.
	if code, _ := ts.stream(ctx, "203.0.113.11:40001"); code != 503 {
		t.Errorf("a remote stream after the loopback one took the last slot: %d, want 503", code)
	}
}
