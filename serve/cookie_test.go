package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeCookieAloneGetsNoToken attacks serve as a server on another
// port of this host would: the browser sent it the login cookie (cookies
// ignore ports), and with it the attacker asks every endpoint for the
// token, then tries to run code with a forged Origin. No response
// carries the token, and nothing runs.
func TestServeCookieAloneGetsNoToken(t *testing.T) {
	r := newScriptRunner()
	dir := writeLessons(t, map[string]string{
		"01-a.md":   lessonText("First", goBlock(" name=hi", "hi")),
		"image.svg": `<svg xmlns="http://www.w3.org/2000/svg"/>`,
	})
	ts := startServer(t, dir, r, nil)
	_, port, _ := net.SplitHostPort(ts.host)
	owner, tok := ts.loginWithToken()
	cookie := cookieName(port) + "=" + ts.cookie(owner)
	ask := func(method, target string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, method, ts.url+target, nil)
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Origin", ts.url)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, target, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body) // the event stream ends with ctx
		var head strings.Builder
		resp.Header.Write(&head)
		return resp.StatusCode, head.String() + string(body)
	}
	targets := []string{"/", "/no/such/page", "/favicon.ico", "/_workbook/events", "/_workbook/serve.js",
		"/_workbook/serve.css", "/_workbook/run", "/_workbook/nothing", loginPath, loginPath + "?secret=" + strings.Repeat("0", 64)}
	for name := range ts.srv.site.Load().files {
		targets = append(targets, "/"+name)
	}
	for _, target := range targets {
		for _, method := range []string{"GET", "POST"} {
			if _, resp := ask(method, target); strings.Contains(resp, tok) {
				t.Errorf("%s %s with the cookie alone: the response carries the token", method, target)
			}
		}
	}
	// A run with the cookie, the own Origin and no token, or a wrong one.
	for _, guess := range []string{"", strings.Repeat("0", len(tok)), ts.cookie(owner)} {
		req, _ := http.NewRequest("POST", ts.url+"/_workbook/run?page=01-a.html&prog=hi", strings.NewReader(runBody))
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Origin", ts.url)
		if guess != "" {
			req.Header.Set("X-Workbook-Token", guess)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("a run with the cookie alone (token %q): %s, want 403", guess, resp.Status)
		}
	}
	if n := r.count("ran it"); n != 0 {
		t.Fatalf("the cookie alone ran the program %d times", n)
	}
	// The owner, with the token the login handed out, runs it.
	if code, body := ts.postRun(owner, tok, runBody); code != 200 || !strings.Contains(body, `"text":"ran it"`) {
		t.Errorf("the owner's run with the login's token: %d %s", code, body)
	}
}
