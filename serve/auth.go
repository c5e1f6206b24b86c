package serve

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sync"
	"time"
)

// loginPath is where the login URL points; its one query parameter is
// the secret.
const loginPath = "/_workbook/login"

// An auth holds the secrets that decide who may drive serve (run code).
// All of them are random per process and never leave it except as the
// login URL that serve logs, and the cookie and the token that a login's
// response hands out. No other response carries the token: cookies are
// not kept apart by port, so a server on another port of this host may
// get the cookie (the browser sends it along with any request of its own
// pages), and the cookie alone must never be enough to run code.
//
// Each login has a cookie value of its own (a second browser's login
// does not share the first one's). Secrets live in memory only. A
// restarted serve does not know the old cookies, so open tabs turn read-only and say to log in again through
// the URL it printed: keeping a secret on disk so that cookies survived
// would put a key to run code in a file that backups, a shared cache
// (the GitHub Action caches workbook's cache folder) or another program
// could copy.
type auth struct {
	token string // the run token: only a login's response carries it

	mu      sync.Mutex
	secret  string   // the current one-time login secret
	cookies []string // the login cookie's value of each login, newest last
}

// maxLogins bounds the logins remembered: each needs a login URL from
// the terminal, so the oldest of more is long forgotten.
const maxLogins = 64

// Secrets of 32 random bytes (256 bits) cannot be guessed.
const secretBytes = 32

func newAuth() *auth {
	return &auth{token: randomHex(secretBytes), secret: randomHex(secretBytes)}
}

// loginSecret returns the current login secret.
func (a *auth) loginSecret() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.secret
}

// useSecret reports whether s is the current login secret and, if so,
// replaces it (next) and returns a new login cookie value: each login URL
// works once, so one that leaks after use (terminal scrollback, browser
// history) opens nothing, and each login has a cookie of its own, so
// browsers logged in never share one.
func (a *auth) useSecret(s string) (ok bool, next, cookie string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if subtle.ConstantTimeCompare([]byte(s), []byte(a.secret)) != 1 {
		return false, "", ""
	}
	a.secret = randomHex(secretBytes)
	cookie = randomHex(secretBytes)
	a.cookies = append(a.cookies, cookie)
	if len(a.cookies) > maxLogins {
		a.cookies = slices.Delete(a.cookies, 0, len(a.cookies)-maxLogins)
	}
	return true, a.secret, cookie
}

// validCookie reports whether v is the cookie value of a login.
func (a *auth) validCookie(v string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	ok := false
	for _, c := range a.cookies {
		ok = subtle.ConstantTimeCompare([]byte(v), []byte(c)) == 1 || ok
	}
	return ok
}

// secrets lists every live secret, for keeping them out of results.
func (a *auth) secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string{a.token, a.secret}, a.cookies...)
}

// cookieName names the login cookie after the port: browsers share
// cookies between the ports of a host, and two serves must not clash.
func cookieName(port string) string { return "workbook-login-" + port }

// loggedIn reports whether r carries the login cookie of this server.
// Every cookie of that name counts: cookies are not kept apart by port,
// so a program on another port of this host can set one of the same
// name (with a longer Path, sent first) to shadow ours.
func (s *Server) loggedIn(r *http.Request) bool {
	for _, c := range r.CookiesNamed(cookieName(s.allowed().port)) {
		if s.auth.validCookie(c.Value) {
			return true
		}
	}
	return false
}

// fromLoopback reports whether the connection (not any header) comes
// from this machine's loopback interface.
func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoginURL returns the URL that logs a browser in: it opens the site
// with the right to run code. It works once; serve logs the next one.
// Empty before Serve, or when no loopback client can reach the server.
func (s *Server) LoginURL() string {
	if s.allowed().loginHost == "" {
		return ""
	}
	return s.loginURLWith(s.auth.loginSecret())
}

// handleLogin trades a login secret for the login cookie, then sends the
// browser to the home page. The page it answers with moves on by itself
// rather than by a redirect: a SameSite=Strict cookie is not sent on a
// redirect that a link from elsewhere (a terminal, a file) started, and
// the home page must arrive logged in. The secret never reaches the
// home page's URL, history entry or Referer.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet {
		// Not even HEAD: a link checker's HEAD would spend the secret.
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !fromLoopback(r) {
		s.refusedLogin("refused a login from another machine: running code needs a browser on this machine", "remote", r.RemoteAddr)
		http.Error(w, "forbidden: only a browser on the machine that runs workbook serve can log in", http.StatusForbidden)
		return
	}
	ok, next, cookie := s.auth.useSecret(r.URL.Query().Get("secret"))
	token := ""
	switch {
	case ok:
		http.SetCookie(w, &http.Cookie{Name: cookieName(s.allowed().port), Value: cookie,
			Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		token = s.auth.token
		s.log.Info("a browser logged in; to log in another browser, open", "url", s.loginURLWith(next))
	case s.loggedIn(r):
		// This browser used the link already (a reload, a second tab): it
		// stored the token then. The cookie alone never gets it.
	default:
		s.refusedLogin("refused a login: the link was used already or is wrong; the newest login URL is the last one logged", "remote", r.RemoteAddr)
		http.Error(w, "forbidden: this login link was used already or is wrong. Each login URL works once: open the newest one that workbook serve printed in its terminal.", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(loginPage(tokenKey(s.allowed().port), token))
}

// tokenKey is the localStorage key that holds the run token. Storage is
// kept apart by origin (so by port), unlike cookies; the port in the
// key says whose token it is all the same. serve.js builds the same key.
func tokenKey(port string) string { return "workbook-token-" + port }

// refusedLogin logs a refused login, at most once a minute (see throttle).
func (s *Server) refusedLogin(msg string, attrs ...any) {
	ok, held := s.refusals.allow(time.Now())
	if !ok {
		return
	}
	if held > 0 {
		attrs = append(attrs, "refused_before_unlogged", held)
	}
	s.log.Warn(msg, attrs...)
}

func (s *Server) loginURLWith(secret string) string {
	return "http://" + s.allowed().loginHost + loginPath + "?" + url.Values{"secret": {secret}}.Encode()
}

// loginPage is the login's answer: it stores token (when the login
// handed one out) where the site's pages look for it, then moves on to
// the home page. key and token are hex and letters, safe in a script.
func loginPage(key, token string) []byte {
	store := ""
	if token != "" {
		store = fmt.Sprintf("try { localStorage.setItem(%q, %q); } catch (e) { /* private mode: read-only */ }\n", key, token)
	}
	return fmt.Appendf(nil, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0; url=/">
<title>Logged in · workbook</title>
<script>
%slocation.replace("/");
</script>
</head>
<body style="font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<p>Logged in. <a href="/">Open the site</a>.</p>
</body>
</html>
`, store)
}

// accessRead is the mark in every page's head that personal replaces.
// Its content says what the reader may do: "read" (not logged in),
// "remote" (another machine: never more than read) or "run" (logged
// in; the page finds the token where the login stored it).
const accessRead = `<meta name="workbook-access" content="read">`

// personal returns page data for r: an HTML page says whether r is
// logged in, and why it may not run code otherwise. It never carries
// the token (see auth). Other files are as they are.
func (s *Server) personal(r *http.Request, name string, data []byte) []byte {
	if path.Ext(name) != ".html" {
		return data
	}
	end := bytes.Index(data, []byte("</head>"))
	if end < 0 {
		return data
	}
	// serve's head is the last thing in <head>; the title before it is
	// escaped text, so the mark found is serve's.
	i := bytes.LastIndex(data[:end], []byte(accessRead))
	if i < 0 {
		return data
	}
	var access string
	switch {
	case !fromLoopback(r):
		access = `<meta name="workbook-access" content="remote">`
	case s.loggedIn(r):
		access = `<meta name="workbook-access" content="run">`
	default:
		return data
	}
	out := make([]byte, 0, len(data)+len(access))
	out = append(out, data[:i]...)
	out = append(out, access...)
	return append(out, data[i+len(accessRead):]...)
}
