package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestServeLogin attacks serve as another user of the machine would: a
// client without the login cookie reads pages without the token and can
// run nothing, even with the token and the right Origin; the login URL
// works once, sets an HttpOnly, SameSite=Strict cookie named after the
// port, and moves on to the site without the secret in the URL; the
// logged-in owner runs code only with the cookie, the token and the
// server's own Origin together.
func TestServeLogin(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", goBlock(" name=hi", "hi"))})
	ts := startServer(t, dir, r, nil)
	_, port, _ := net.SplitHostPort(ts.host)
	anon := &http.Client{}
	pages := []string{"/", "/01-a.html", "/404.html", "/no/such/page"}
	var seen []string // every page body, checked for secrets at the end
	for _, p := range pages {
		_, body := ts.getWith(anon, p)
		seen = append(seen, body)
		if strings.Contains(body, ts.srv.Token()) {
			t.Errorf("GET %s without the login cookie hands out the token", p)
		}
		if !strings.Contains(body, `<meta name="workbook-access" content="read">`) {
			t.Errorf("GET %s without the login cookie does not say it is read-only", p)
		}
	}
	if code, body := ts.postRun(anon, ts.srv.Token(), runBody); code != 403 || !strings.Contains(body, "login URL") {
		t.Errorf("a run without the login cookie, with the token: %d %s; want 403 naming the login URL", code, body)
	}
	for _, q := range []string{"", "?secret=", "?secret=" + strings.Repeat("0", 64), "?secret=" + ts.srv.Token()} {
		resp, err := anon.Get(ts.url + loginPath + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 || len(resp.Cookies()) > 0 {
			t.Errorf("login%s: %s with %d cookies; want 403 and none", q, resp.Status, len(resp.Cookies()))
		}
	}

	// The owner opens the URL serve printed.
	first, firstSecret := ts.srv.LoginURL(), ts.srv.auth.loginSecret()
	if !strings.Contains(ts.log.String(), first) {
		t.Fatalf("the log does not print the login URL %s:\n%s", first, ts.log)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(first)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	seen = append(seen, string(body))
	if resp.StatusCode != 200 || resp.Header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(string(body), `url=/"`) || loginToken(string(body)) != ts.srv.Token() {
		t.Errorf("login: %s, Referrer-Policy %q; want 200, no-referrer, the token stored and a move to /:\n%s", resp.Status, resp.Header.Get("Referrer-Policy"), body)
	}
	cs := resp.Cookies()
	if len(cs) != 1 {
		t.Fatalf("login set %d cookies, want 1", len(cs))
	}
	c := cs[0]
	if c.Name != "workbook-login-"+port || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure || len(c.Value) != 2*secretBytes || !ts.srv.auth.validCookie(c.Value) {
		t.Errorf("login cookie %s; want workbook-login-%s, HttpOnly, SameSite=Strict, Path=/, not Secure", resp.Header.Get("Set-Cookie"), port)
	}

	// The URL works once; a new one is printed for another browser.
	resp, err = anon.Get(first)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || len(resp.Cookies()) > 0 {
		t.Errorf("the login URL used a second time: %s with %d cookies; want 403 and none", resp.Status, len(resp.Cookies()))
	}
	next := ts.srv.LoginURL()
	if next == first || !strings.Contains(ts.log.String(), next) {
		t.Errorf("after a login the log does not print a new login URL")
	}

	owner, tok := ts.loginWithToken()
	if ts.cookie(owner) == c.Value || !ts.srv.auth.validCookie(c.Value) {
		t.Errorf("a second login shares the first one's cookie value, or logs the first out")
	}
	_, body2 := ts.getWith(owner, "/01-a.html")
	if tok != ts.srv.Token() || !canRun(body2) || strings.Contains(body2, tok) {
		t.Fatalf("logged in, the login handed out token %q (want the server's), the page says it can run: %v, carries the token: %v", tok, canRun(body2), strings.Contains(body2, tok))
	}
	// A program on another port of this host sets a cookie of the same
	// name, sent first (longer Path): the real one still counts.
	shadowed, _ := http.NewRequest("GET", ts.url+"/01-a.html", nil)
	shadowed.Header.Set("Cookie", "workbook-login-"+port+"=junk; workbook-login-"+port+"="+c.Value)
	if resp, err := http.DefaultClient.Do(shadowed); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !canRun(string(b)) {
			t.Errorf("a shadowing cookie of the same name logs the owner out")
		}
	}
	// A HEAD (a link checker) does not spend a login secret.
	live := ts.srv.LoginURL()
	if resp, err := http.Head(live); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusMethodNotAllowed || len(resp.Cookies()) > 0 || ts.srv.LoginURL() != live {
		t.Errorf("HEAD of the login URL: %s; want 405, no cookie, the secret unspent", resp.Status)
	}
	if code, _ := ts.postRun(owner, "", runBody); code != 403 {
		t.Errorf("a run with the cookie but no token: %d, want 403", code)
	}
	req, _ := http.NewRequest("POST", ts.url+"/_workbook/run", strings.NewReader(runBody))
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("X-Workbook-Token", tok)
	resp, err = owner.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("a run with the cookie and the token from a forged Origin: %d, want 403", resp.StatusCode)
	}
	if n := r.count("ran it"); n != 0 {
		t.Fatalf("refused requests ran the program %d times", n)
	}
	if code, body := ts.postRun(owner, tok, runBody); code != 200 || !strings.Contains(body, `"text":"ran it"`) {
		t.Errorf("the logged-in owner's run: %d %s", code, body)
	}

	// No secret but the token, in logged-in pages only, leaves serve; the
	// log prints login secrets in login URLs only.
	for _, s := range []string{firstSecret, ts.srv.auth.loginSecret(), c.Value, ts.cookie(owner)} {
		for _, b := range seen {
			if strings.Contains(b, s) {
				t.Errorf("a page carries a login secret or the cookie")
			}
		}
		for l := range strings.Lines(ts.log.String()) {
			if strings.Contains(l, s) && !strings.Contains(l, `url="http://`+ts.host+loginPath+"?secret="+s+`"`) {
				t.Errorf("a log line carries a secret outside a login URL: %s", l)
			}
		}
	}
}

// TestServeLoginPerServer: the cookie of one serve opens nothing on
// another (browsers send a host's cookies to all its ports).
func TestServeLoginPerServer(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	a := startServer(t, dir, newScriptRunner(), nil)
	b := startServer(t, dir, newScriptRunner(), nil)
	client := a.login()
	if _, body := a.getWith(client, "/"); !canRun(body) {
		t.Fatalf("logged in to a, a's page is read-only")
	}
	if _, body := b.getWith(client, "/"); canRun(body) {
		t.Errorf("logged in to a, b's page says it may run code")
	}
	if code, _ := b.postRun(client, b.srv.Token(), runBody); code != 403 {
		t.Errorf("logged in to a, a run on b with b's token: %d, want 403", code)
	}
}

// TestServeRestartNeedsLogin: a restarted serve knows no old login: an
// open tab's cookie and token run nothing, and the refusal says why and
// what to do.
func TestServeRestartNeedsLogin(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	old := startServer(t, dir, newScriptRunner(), nil)
	client, tok := old.loginWithToken()
	if err := old.shutdown(); err != nil {
		t.Fatal(err)
	}
	again := startServer(t, dir, newScriptRunner(), func(c *Config) { c.Addr = old.host })
	if _, body := again.getWith(client, "/"); canRun(body) || strings.Contains(body, again.srv.Token()) {
		t.Errorf("after a restart, the old login still counts")
	}
	if code, body := again.postRun(client, tok, runBody); code != 403 || !strings.Contains(body, "serve restarted") || !strings.Contains(body, "login URL") {
		t.Errorf("after a restart, a run from an old tab: %d %q; want 403 saying serve restarted and to use the login URL", code, body)
	}
}

// TestServeRemoteClient attacks serve from another machine: bound to
// every interface, a client whose connection is not from loopback gets
// read-only pages and no run, login or token, even with a forged
// Host: localhost, the owner's cookie and the token.
func TestServeRemoteClient(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", goBlock(" name=hi", "hi"))})
	ts := startServer(t, dir, r, func(c *Config) { c.Addr = "0.0.0.0:0" })
	_, port, _ := net.SplitHostPort(ts.host)
	local := "localhost:" + port
	login := ts.srv.LoginURL()
	if !strings.HasPrefix(login, "http://"+local+loginPath) {
		t.Fatalf("login URL %s; want one on localhost", login)
	}
	owner := ts.login() // the owner, on this machine
	cookie := "workbook-login-" + port + "=" + ts.cookie(owner)
	forge := func(req *http.Request) {
		req.Host = local
		req.Header.Set("Origin", "http://"+local)
		req.Header.Set("X-Workbook-Token", ts.srv.Token())
		req.Header.Set("Cookie", cookie)
		req.Header.Set("X-Forwarded-For", "127.0.0.1")
	}
	attack := func(name string, do func(*http.Request) *http.Response) {
		t.Helper()
		page, _ := http.NewRequest("GET", "http://"+local+"/01-a.html", nil)
		forge(page)
		resp := do(page)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(string(body), ts.srv.Token()) || !strings.Contains(string(body), `<meta name="workbook-access" content="remote">`) {
			t.Errorf("%s: a page: %s; want 200, read-only, no token", name, resp.Status)
		}
		run, _ := http.NewRequest("POST", "http://"+local+"/_workbook/run?page=01-a.html&prog=hi", strings.NewReader(runBody))
		forge(run)
		resp = do(run)
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("%s: a run: %s %s; want 403", name, resp.Status, body)
		}
		secret := ts.srv.auth.loginSecret()
		in, _ := http.NewRequest("GET", "http://"+local+loginPath+"?secret="+secret, nil)
		forge(in)
		resp = do(in)
		resp.Body.Close()
		if resp.StatusCode != 403 || len(resp.Cookies()) > 0 || ts.srv.auth.loginSecret() != secret {
			t.Errorf("%s: a login with the live secret: %s, %d cookies; want 403, none, and the secret unspent", name, resp.Status, len(resp.Cookies()))
		}
		if n := r.count("ran it"); n != 0 {
			t.Fatalf("%s: the program ran %d times", name, n)
		}
	}
	attack("handler", func(req *http.Request) *http.Response {
		req.RemoteAddr = "203.0.113.9:40000"
		rec := httptest.NewRecorder()
		ts.srv.ServeHTTP(rec, req)
		return rec.Result()
	})
	// Over a real connection from one of this machine's own addresses
	// that is not loopback (as another machine's would be).
	var ip string
	for _, a := range interfaceIPs() {
		if p := net.ParseIP(a); p != nil && !p.IsLoopback() && !p.IsLinkLocalUnicast() {
			ip = a
			break
		}
	}
	if ip == "" {
		t.Log("this machine has no address but loopback: the connection test is skipped")
	} else {
		attack("connection from "+ip, func(req *http.Request) *http.Response {
			c, err := net.DialTimeout("tcp", net.JoinHostPort(ip, port), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			c.SetDeadline(time.Now().Add(10 * time.Second))
			req.Header.Set("Connection", "close")
			if err := req.Write(c); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), req)
			if err != nil {
				t.Fatal(err)
			}
			return resp
		})
		// Another machine naming this one reads pages: the warning says so.
		resp, err := http.Get("http://" + net.JoinHostPort(ip, port) + "/01-a.html")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET http://%s/01-a.html: %s, want 200 (read-only)", net.JoinHostPort(ip, port), resp.Status)
		}
	}
	// The owner on this machine still runs code.
	req, _ := http.NewRequest("POST", "http://"+local+"/_workbook/run", strings.NewReader(runBody))
	req.Header.Set("Origin", "http://"+local)
	req.Header.Set("X-Workbook-Token", ts.srv.Token())
	resp, err := owner.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body) // the run streams: its end is the body's
	resp.Body.Close()
	if resp.StatusCode != 200 || r.count("ran it") != 1 {
		t.Errorf("the logged-in owner on loopback: %s, ran %d times", resp.Status, r.count("ran it"))
	}
	if log := ts.log.String(); !strings.Contains(log, "never run a program") || !strings.Contains(log, "level=WARN") {
		t.Errorf("the warning does not say that other machines never run programs:\n%s", log)
	}
}

// TestServeRefusedLoginsDoNotFlood: a client repeating wrong logins
// gets one warning in the log, not one per try, so the login URL is
// not scrolled away.
func TestServeRefusedLoginsDoNotFlood(t *testing.T) {
	dir := writeLessons(t, map[string]string{"01-a.md": lessonText("First", "A.\n")})
	ts := startServer(t, dir, newScriptRunner(), nil)
	for range 200 {
		resp, err := http.Get(ts.url + loginPath + "?secret=" + strings.Repeat("1", 64))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if n := strings.Count(ts.log.String(), "refused a login"); n != 1 {
		t.Errorf("200 wrong logins logged %d warnings, want 1", n)
	}
}

func TestThrottle(t *testing.T) {
	th := throttle{period: time.Minute}
	t0 := time.Unix(1000, 0)
	for i, c := range []struct {
		at   time.Duration
		ok   bool
		held int
	}{{0, true, 0}, {time.Second, false, 0}, {59 * time.Second, false, 0}, {61 * time.Second, true, 2}, {62 * time.Second, false, 0}} {
		if ok, held := th.allow(t0.Add(c.at)); ok != c.ok || held != c.held {
			t.Errorf("call %d at +%v: %v, %d held; want %v, %d", i, c.at, ok, held, c.ok, c.held)
		}
	}
}
