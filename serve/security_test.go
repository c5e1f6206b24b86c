package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/site"
)

const secret = "TOP-SECRET-CONTENT"

const runBody = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ran it\") }\n"

// TestServeSecurityMatrix tries every combination of Host, Origin,
// login cookie, token and method against the run endpoint: only POST
// from the server's own origin, logged in, with the page's token, at an
// allowed Host, runs.
func TestServeSecurityMatrix(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", goBlock(" name=hi", "hi"))})
	ts := startServer(t, dir, r, nil)
	owner := ts.login()
	u, _ := url.Parse(ts.url)
	cookies := owner.Jar.Cookies(u)
	if len(cookies) != 1 {
		t.Fatalf("logged in with %d cookies, want 1", len(cookies))
	}
	_, port, _ := net.SplitHostPort(ts.host)
	hosts := []struct {
		host string
		ok   bool
	}{
		{ts.host, true},
		{"localhost:" + port, true},
		{"LOCALHOST:" + port, true},
		{"127.0.0.2:" + port, true},
		{"[::1]:" + port, true},
		{"evil.example:" + port, false},
		{"evil.example", false},
		{"127.0.0.1.nip.io:" + port, false},
		{"192.168.1.10:" + port, false},
		{"127.0.0.1:1", false}, // right IP, wrong port
	}
	origins := []string{"own", "other", "null", "absent"}
	tokens := []string{"right", "wrong", "absent"}
	methods := []string{"POST", "GET", "PUT", "OPTIONS"}
	tried, ran := 0, 0
	for _, h := range hosts {
		for _, origin := range origins {
			for _, tok := range tokens {
				for i, method := range append(methods, methods...) {
					cookie := i < len(methods)
					req, err := http.NewRequest(method, ts.url+"/_workbook/run?page=01-a.html&prog=hi", strings.NewReader(runBody))
					if err != nil {
						t.Fatal(err)
					}
					req.Host = h.host
					if cookie {
						req.AddCookie(cookies[0])
					}
					switch origin {
					case "own":
						req.Header.Set("Origin", "http://"+h.host)
					case "other":
						req.Header.Set("Origin", "http://evil.example")
					case "null":
						req.Header.Set("Origin", "null")
					}
					switch tok {
					case "right":
						req.Header.Set("X-Workbook-Token", ts.srv.Token())
					case "wrong":
						req.Header.Set("X-Workbook-Token", strings.Repeat("0", len(ts.srv.Token())))
					}
					if method == "OPTIONS" {
						req.Header.Set("Access-Control-Request-Method", "POST")
						req.Header.Set("Access-Control-Request-Headers", "x-workbook-token")
					}
					want := http.StatusForbidden
					if h.ok && origin == "own" && tok == "right" && method == "POST" && cookie {
						want = http.StatusOK
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatalf("%s Host=%q Origin=%s token=%s cookie=%v: %v", method, h.host, origin, tok, cookie, err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					tried++
					if resp.StatusCode != want {
						t.Errorf("%s Host=%q Origin=%s token=%s cookie=%v: status %d, want %d (%s)", method, h.host, origin, tok, cookie, resp.StatusCode, want, body)
					}
					if want == http.StatusOK {
						ran++
						if !strings.Contains(string(body), `"text":"ran it"`) || !strings.Contains(string(body), `"done":true`) {
							t.Errorf("allowed run did not run: %s", body)
						}
					}
					noCORS(t, resp.Header)
				}
			}
		}
	}
	if got := r.count("ran it"); got != ran {
		t.Errorf("the runner ran the program %d times; %d requests were allowed", got, ran)
	}
	t.Logf("%d requests, %d allowed", tried, ran)

	// A request without a Host (HTTP/1.0) names no allowed host either.
	c, err := net.Dial("tcp", ts.host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET / HTTP/1.0\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil {
		t.Errorf("a request without Host: %v", err)
	} else if resp.StatusCode != 403 {
		t.Errorf("a request without Host: %s, want 403", resp.Status)
	}

	// Pages and events obey the same Host rule.
	for _, h := range hosts {
		for _, path := range []string{"/", "/01-a.html", "/_workbook/serve.js"} {
			req, _ := http.NewRequest("GET", ts.url+path, nil)
			req.Host = h.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := map[bool]int{true: 200, false: 403}[h.ok]; resp.StatusCode != want {
				t.Errorf("GET %s Host=%q: %d, want %d", path, h.host, resp.StatusCode, want)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store", path, resp.Header.Get("Cache-Control"))
			}
			noCORS(t, resp.Header)
		}
	}
}

func noCORS(t testing.TB, h http.Header) {
	t.Helper()
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			t.Errorf("response carries the CORS header %s", k)
		}
	}
}

// TestServePaths: only the site's files are served: no path escapes the
// in-memory site (../, encoded, a symlink in the lessons folder), no
// dotfile, no listing of a folder.
func TestServePaths(t *testing.T) {
	outside := t.TempDir()
	writeLessonFile(t, filepath.Join(outside, "secret.txt"), secret)
	dir := writeLessons(t, map[string]string{
		"01-a.md":          lessonText("First", "A.\n"),
		"drafts/notes.txt": secret, // a .md file would be a chapter's lesson
		".hidden/x.md":     secret,
		"img/picture.txt":  secret,
		"secret-notes.txt": secret,
	})
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "secret.html")); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir, newScriptRunner(), nil)
	for _, target := range []string{
		"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/..%2fsecret.txt", "/..\\secret.txt", "//etc/passwd", "/./index.html", "/01-a.html/../../secret.txt",
		"/link/secret.txt", "/link/", "/link", "/secret.html", "/01-a.md", "/secret-notes.txt",
		"/drafts/", "/drafts/notes.txt", "/img/", "/.hidden/x.md", "/.nojekyll", "/%2enojekyll",
		"/_workbook/", "/_workbook/../secret.txt", "/_workbook/app.js",
	} {
		resp := rawGet(t, ts.host, target)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 400 {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
		if strings.Contains(string(body), secret) || strings.Contains(string(body), "root:x:0:0") {
			t.Errorf("GET %s leaked a file:\n%s", target, body)
		}
		if strings.Contains(string(body), "Index of") || strings.Contains(string(body), "<pre>\n<a href") {
			t.Errorf("GET %s lists a folder", target)
		}
		noCORS(t, resp.Header)
	}
	// The 404 page is the site's own.
	if code, body := ts.get("/no/such/page"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("missing page: %d", code)
	}
	// POST to a page is not allowed.
	resp, err := http.Post(ts.url+"/01-a.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST to a page: %d, want 405", resp.StatusCode)
	}
}

// rawGet sends target exactly as written (no client-side cleaning).
func rawGet(t testing.TB, host, target string) *http.Response {
	t.Helper()
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return resp
}

// TestServeToken: the token is random per server, handed out by the
// login only (no page carries it, logged in or not), and never written
// into a built site.
func TestServeToken(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", goBlock("", "hi"))})
	a := startServer(t, dir, r, nil)
	b := startServer(t, dir, r, nil)
	if a.srv.Token() == b.srv.Token() || len(a.srv.Token()) < 32 {
		t.Errorf("tokens %q and %q: want long and different per server", a.srv.Token(), b.srv.Token())
	}
	owner, tok := a.loginWithToken()
	if tok != a.srv.Token() {
		t.Errorf("the login handed out %q, want the server's token", tok)
	}
	for _, p := range []string{"/", "/01-a.html", "/404.html"} {
		if _, body := a.getWith(owner, p); strings.Contains(body, tok) || !canRun(body) {
			t.Errorf("%s, logged in: carries the token, or does not say it may run", p)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(context.Background(), site.Config{Lessons: os.DirFS(dir), Out: out, Runner: r}); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, bad := range append(a.srv.auth.secrets(), "workbook-token", "workbook-access", "_workbook", "serve.js") {
			if strings.Contains(string(data), bad) {
				t.Errorf("built file %s contains %q", p, bad)
			}
		}
		return nil
	})
}

// TestServeRunLimits: request size and runs at once are bounded.
func TestServeRunLimits(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, r, func(c *Config) { c.MaxRuns = 1 })
	post := func(ctx context.Context, body string) *http.Response { return ts.postRunCtx(ctx, "", body) }
	big := post(context.Background(), runBody+"// "+strings.Repeat("x", maxRequestBody))
	big.Body.Close()
	if big.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a %d-byte program: status %d, want 413", maxRequestBody+len(runBody), big.StatusCode)
	}

	r.mu.Lock()
	r.started = make(chan string, 10)
	r.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	slow := post(ctx, "package main\n// sleep: 30s\nfunc main() {}\n")
	<-r.started
	second := post(context.Background(), runBody)
	second.Body.Close()
	if second.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a second run while one runs (MaxRuns 1): status %d, want 429", second.StatusCode)
	}
	// Stopping the first (the page's Stop) cancels it and frees the slot.
	cancel()
	slow.Body.Close()
	ts.waitFor("the stopped run to be cancelled", func() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.cancelled == 1 })
	ts.waitFor("a free run slot", func() bool {
		resp := post(context.Background(), runBody)
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

// TestServeRunKeepsAttributes: a program run from its page runs with
// every attribute the lesson gives it, as a build runs it; only the
// source is the page's.
func TestServeRunKeepsAttributes(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First",
		goBlock(" name=all trace race exclusive timeout=3s gomaxprocs=1,2 args=\"a b\"", "hi"))})
	ts := startServer(t, dir, r, nil)
	p := ts.srv.lookupProgram("01-a.html", "all")
	if p == nil {
		t.Fatal("the program is not in the served site")
	}
	src := strings.Replace(string(p.Source()), `"hi"`, `"edited"`, 1)
	resp := ts.postRunCtx(context.Background(), "page=01-a.html&prog=all", src)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	want := *p.RunnerProgram()
	want.Source = []byte(src)
	r.mu.Lock()
	got := r.last
	r.mu.Unlock()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the page's run got\n%+v\nwant\n%+v", got, want)
	}
}

// TestServeWarnsBeyondLoopback: bound to every interface, serve says
// that requests must name the bound address (so only loopback gets in)
// and how to serve another machine, and answers loopback names only.

// TestServeWarnsBeyondLoopback: bound to every interface, serve warns
// that other machines can read but never run, answers names of this
// machine only, and logs a login URL on localhost. Bound to an address
// that is not loopback, it says that nobody can run programs, and
// offers no login. On loopback it does not warn.
func TestServeWarnsBeyondLoopback(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, newScriptRunner(), func(c *Config) { c.Addr = "0.0.0.0:0" })
	if log := ts.log.String(); !strings.Contains(log, "level=WARN") || !strings.Contains(log, "can read the lessons") ||
		!strings.Contains(log, "never run a program") || !strings.Contains(log, "/_workbook/login?secret=") {
		t.Errorf("no true warning when serving beyond loopback:\n%s", log)
	}
	_, port, _ := net.SplitHostPort(ts.host)
	resp := rawGet(t, "127.0.0.1:"+port, "/")
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET / at 127.0.0.1: %d", resp.StatusCode)
	}
	for _, host := range []string{"evil.example:" + port, "10.1.2.3:" + port} {
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("GET / with Host %s: %d, want 403", host, resp.StatusCode)
		}
	}
	quiet := startServer(t, dir, newScriptRunner(), nil)
	if strings.Contains(quiet.log.String(), "level=WARN") {
		t.Errorf("a warning on loopback:\n%s", quiet.log)
	}
	for _, a := range interfaceIPs() {
		if ip := net.ParseIP(a); ip.To4() == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
			continue
		}
		one := startServer(t, dir, newScriptRunner(), func(c *Config) { c.Addr = a + ":0" })
		if log := one.log.String(); !strings.Contains(log, "nobody can run programs") || strings.Contains(log, "secret=") || one.srv.LoginURL() != "" {
			t.Errorf("bound to %s: the log does not say that nobody can run programs, or offers a login:\n%s", a, log)
		}
		break
	}
}
