package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

// scriptRunner is a fake runner that "runs" a program by reading it:
// each fmt.Println("...") prints its text; a line "// sleep: DUR"
// sleeps first (until cancelled); the word BROKEN fails the build with a
// compiler-like message at the word's position; "// every: DUR" spaces
// the printed lines (in Run, which streams them). It counts runs by
// source, so tests can tell what ran.
type scriptRunner struct {
	mu        sync.Mutex
	runs      map[string]int // by source
	cancelled int            // runs stopped by their context
	timeout   time.Duration  // the last run's Program.Timeout
	started   chan string    // if set, receives each source as it starts
	last      runner.Program // the program of the last run started
}

var (
	printRE = regexp.MustCompile(`fmt\.Println\("([^"]*)"\)`)
	sleepRE = regexp.MustCompile(`// sleep: (\S+)`)
	everyRE = regexp.MustCompile(`// every: (\S+)`)
)

func newScriptRunner() *scriptRunner { return &scriptRunner{runs: map[string]int{}} }

func (f *scriptRunner) count(substr string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for src, c := range f.runs {
		if strings.Contains(src, substr) {
			n += c
		}
	}
	return n
}

func (f *scriptRunner) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.runs {
		n += c
	}
	return n
}

func (f *scriptRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	out := make([]*runner.Result, len(progs))
	for i, p := range progs {
		r, err := f.Run(ctx, p, nil)
		if err != nil {
			return out, err
		}
		out[i] = r
		if done != nil {
			done(i, r)
		}
	}
	return out, nil
}

func (f *scriptRunner) Run(ctx context.Context, p *runner.Program, onLine func(runner.Line)) (*runner.Result, error) {
	src := string(p.Source)
	f.mu.Lock()
	f.runs[src]++
	f.last = *p
	f.timeout = p.Timeout
	started := f.started
	f.mu.Unlock()
	if started != nil {
		started <- src
	}
	stop := func() (*runner.Result, error) {
		f.mu.Lock()
		f.cancelled++
		f.mu.Unlock()
		return nil, ctx.Err()
	}
	if m := sleepRE.FindStringSubmatch(src); m != nil {
		d, _ := time.ParseDuration(m[1])
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return stop()
		}
	}
	res := &runner.Result{Env: runner.Env{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", NumCPU: 2}}
	if pos := brokenPos(src); pos != "" {
		res.Build.Output = pos + ": undefined: BROKEN\n"
		return res, nil
	}
	res.Build.OK = true
	var every time.Duration
	if m := everyRE.FindStringSubmatch(src); m != nil {
		every, _ = time.ParseDuration(m[1])
	}
	run := runner.Run{Start: time.Now().UTC(), Wall: 3 * time.Millisecond, User: time.Millisecond, MaxRSS: 1500}
	for i, m := range printRE.FindAllStringSubmatch(src, -1) {
		if i > 0 && every > 0 {
			select {
			case <-time.After(every):
			case <-ctx.Done():
				return stop()
			}
		}
		l := runner.Line{T: time.Duration(i) * (every + time.Millisecond), Stream: runner.Stdout, Text: m[1]}
		run.Output = append(run.Output, l)
		if onLine != nil {
			onLine(l)
		}
	}
	res.Runs = []runner.Run{run}
	return res, nil
}

// brokenPos returns "wbpartK.go:L:C" for the word BROKEN in a program
// made of //line-separated parts, or "".
func brokenPos(src string) string {
	part, line := 0, 0
	for l := range strings.Lines(src) {
		if strings.HasPrefix(l, "//line wbpart") {
			part++
			line = 0
			continue
		}
		line++
		if i := strings.Index(l, "BROKEN"); i >= 0 {
			return fmt.Sprintf("./wbpart%d.go:%d:%d", part, line, i+1)
		}
	}
	return ""
}

// A testServer is a Server serving a lessons folder on a free port.
type testServer struct {
	t       testing.TB
	srv     *Server
	url     string // http://127.0.0.1:PORT
	host    string // 127.0.0.1:PORT
	dir     string // the lessons folder
	log     *syncBuffer
	stop    context.CancelFunc
	stopped chan error
	once    sync.Once
	err     error // Serve's result, once stopped

	ownerMu sync.Mutex
	client  *http.Client // logged in, once owner is called
}

// owner returns a client logged in to the server, the same one each time.
func (ts *testServer) owner() *http.Client {
	ts.t.Helper()
	ts.ownerMu.Lock()
	defer ts.ownerMu.Unlock()
	if ts.client == nil {
		ts.client = ts.login()
	}
	return ts.client
}

// shutdown stops the server as Ctrl-C does and returns Serve's result.
func (ts *testServer) shutdown() error {
	ts.t.Helper()
	ts.once.Do(func() {
		ts.stop()
		select {
		case ts.err = <-ts.stopped:
		case <-time.After(15 * time.Second):
			ts.err = fmt.Errorf("Serve did not stop within 15 s of its context")
		}
	})
	return ts.err
}

// syncBuffer is a log destination that tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// writeLessons writes files (name → content) into a new lessons folder.
func writeLessons(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lessons")
	for name, data := range files {
		writeLessonFile(t, filepath.Join(dir, name), data)
	}
	return dir
}

func writeLessonFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startServer serves dir with r and waits for the first build (not its
// pending pages). The server stops at the end of the test, and must
// stop cleanly.
func startServer(t testing.TB, dir string, r Runner, edit func(*Config)) *testServer {
	t.Helper()
	ts := startServerNoWait(t, dir, r, edit)
	ts.waitFor("the first build", func() bool {
		st := ts.srv.events.current()
		return (ts.srv.site.Load() != nil && st.Progress == nil) || st.Errors != nil
	})
	return ts
}

// startServerNoWait is startServer without waiting for the first build.
func startServerNoWait(t testing.TB, dir string, r Runner, edit func(*Config)) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	cfg := Config{
		Lessons: os.DirFS(dir),
		Watch:   dir,
		Runner:  r,
		Log:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr := cfg.Addr // a test may ask for an address (a restart on the same port)
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{t: t, srv: srv, url: "http://" + ln.Addr().String(), host: ln.Addr().String(),
		dir: dir, log: logs, stop: cancel, stopped: make(chan error, 1)}
	go func() { ts.stopped <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		if err := ts.shutdown(); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ts
}

// waitFor polls cond for up to 20 s.
func (ts *testServer) waitFor(what string, cond func() bool) {
	ts.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			ts.t.Fatalf("timed out waiting for %s; server log:\n%s", what, ts.log.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// get fetches a path and returns the status and body.
func (ts *testServer) get(path string) (int, string) {
	ts.t.Helper()
	resp, err := http.Get(ts.url + path)
	if err != nil {
		ts.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// port is the port the server listens on.
func (ts *testServer) port() string {
	_, port, _ := net.SplitHostPort(ts.host)
	return port
}

func (ts *testServer) gen() int {
	if g := ts.srv.site.Load(); g != nil {
		return g.gen
	}
	return 0
}

// postRunCtx asks to run src as the page's editor does, logged in: POST from the
// server's own origin with its token. query names the program edited
// ("page=01-a.html&prog=ID"), or is empty.
func (ts *testServer) postRunCtx(ctx context.Context, query, src string) *http.Response {
	ts.t.Helper()
	u := ts.url + "/_workbook/run"
	if query != "" {
		u += "?" + query
	}
	req, _ := http.NewRequestWithContext(ctx, "POST", u, strings.NewReader(src))
	req.Header.Set("Origin", ts.url)
	req.Header.Set("X-Workbook-Token", ts.srv.Token())
	resp, err := ts.owner().Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	return resp
}

// An sseEvent is one Server-Sent Event.
type sseEvent struct {
	name string
	data string
}

func (e sseEvent) state(t testing.TB) siteState {
	t.Helper()
	var st siteState
	if err := json.Unmarshal([]byte(e.data), &st); err != nil {
		t.Fatalf("event %s: %v: %s", e.name, err, e.data)
	}
	return st
}

// events connects to the event stream; events arrive on the channel
// until the test ends.
func (ts *testServer) events() <-chan sseEvent {
	ts.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ts.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/_workbook/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatalf("connecting to events: %v", err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		ts.t.Fatalf("events: status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan sseEvent, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			case line == "" && ev.name != "":
				ch <- ev
				ev = sseEvent{}
			}
		}
	}()
	return ch
}

// nextEvent is the package's nextEvent that shows the server's log when
// no such event comes.
func (ts *testServer) nextEvent(ch <-chan sseEvent, names ...string) sseEvent {
	ts.t.Helper()
	return awaitEvent(ts.t, ch, func() string { return "; server log:\n" + ts.log.String() }, names...)
}

// nextEvent returns the next event named one of names, skipping others.
func nextEvent(t testing.TB, ch <-chan sseEvent, names ...string) sseEvent {
	t.Helper()
	return awaitEvent(t, ch, func() string { return "" }, names...)
}

// awaitEvent is nextEvent, with more to say when the wait times out.
func awaitEvent(t testing.TB, ch <-chan sseEvent, more func() string, names ...string) sseEvent {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev := <-ch:
			for _, n := range names {
				if ev.name == n {
					return ev
				}
			}
		case <-timeout:
			t.Fatalf("no %v event within 20 s%s", names, more())
		}
	}
}

// lessonText returns a lesson file with the given body.
func lessonText(title, body string) string {
	return "---\ntitle: " + title + "\n---\n\n" + body
}

// goBlock returns a go block that prints each line.
func goBlock(attrs string, lines ...string) string {
	var b strings.Builder
	b.WriteString("```go" + attrs + "\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n")
	for _, l := range lines {
		b.WriteString("\tfmt.Println(" + strconv.Quote(l) + ")\n")
	}
	b.WriteString("}\n```\n")
	return b.String()
}

// login logs a new client in through the server's login URL, as a
// browser does, and returns it: it carries the login cookie.
func (ts *testServer) login() *http.Client {
	ts.t.Helper()
	c, _ := ts.loginWithToken()
	return c
}

// loginWithToken logs a new client in, and returns it with the token
// that the login's response hands out.
func (ts *testServer) loginWithToken() (*http.Client, string) {
	ts.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		ts.t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	u := ts.srv.LoginURL()
	if u == "" {
		ts.t.Fatalf("the server has no login URL")
	}
	resp, err := c.Get(u)
	if err != nil {
		ts.t.Fatalf("logging in: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		ts.t.Fatalf("logging in: %s: %s", resp.Status, body)
	}
	tok := loginToken(string(body))
	if tok == "" {
		ts.t.Fatalf("the login's response hands out no token:\n%s", body)
	}
	return c, tok
}

// cookie returns the value of the login cookie that client c holds.
func (ts *testServer) cookie(c *http.Client) string {
	ts.t.Helper()
	for _, at := range []string{ts.url, ts.srv.LoginURL()} { // the login's host may differ
		u, _ := url.Parse(at)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == cookieName(ts.port()) {
				return ck.Value
			}
		}
	}
	ts.t.Fatalf("the client holds no login cookie")
	return ""
}

// loginToken returns the token a login's response stores, or "".
func loginToken(page string) string {
	m := tokenRE.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

var tokenRE = regexp.MustCompile(`localStorage\.setItem\("workbook-token-[0-9]+", "([0-9a-f]*)"\)`)

// canRun reports whether a page says its reader is logged in.
func canRun(page string) bool {
	return strings.Contains(page, `<meta name="workbook-access" content="run">`)
}

// getWith fetches a path with client c and returns the status and body.
func (ts *testServer) getWith(c *http.Client, path string) (int, string) {
	ts.t.Helper()
	resp, err := c.Get(ts.url + path)
	if err != nil {
		ts.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// postRun posts src to the run endpoint with client c, from the
// server's own origin with the given token, and returns the status and
// body.
func (ts *testServer) postRun(c *http.Client, token, src string) (int, string) {
	ts.t.Helper()
	req, _ := http.NewRequest("POST", ts.url+"/_workbook/run", strings.NewReader(src))
	req.Header.Set("Origin", ts.url)
	if token != "" {
		req.Header.Set("X-Workbook-Token", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		ts.t.Fatalf("POST /_workbook/run: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// runRequest returns a run request for target, from the server's own
// origin with its token.
func (ts *testServer) runRequest(target, src string) *http.Request {
	req, _ := http.NewRequest("POST", ts.url+target, strings.NewReader(src))
	req.Header.Set("Origin", ts.url)
	req.Header.Set("X-Workbook-Token", ts.srv.Token())
	return req
}

// postRunAt posts src to target with client c and returns the status
// and body.
func (ts *testServer) postRunAt(c *http.Client, target, src string) (int, string) {
	ts.t.Helper()
	resp, err := c.Do(ts.runRequest(target, src))
	if err != nil {
		ts.t.Fatalf("POST %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
