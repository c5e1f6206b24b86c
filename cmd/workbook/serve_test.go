package main

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestServeScripts runs testdata/serve: workbook serve in the background
// on a free port, driven over HTTP by the commands below.
func TestServeScripts(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	goEnv := strings.Split(strings.TrimSpace(string(out)), "\n")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/serve",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"} {
				env.Setenv(k, goEnv[i])
			}
			env.Setenv("WORKBOOK_CACHE", filepath.Join(env.WorkDir, ".cache"))
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			defer ln.Close()
			_, port, _ := net.SplitHostPort(ln.Addr().String())
			env.Setenv("PORT", port)
			// serve -open runs the system's opener: this one notes what
			// it was asked to open.
			bin := filepath.Join(env.WorkDir, ".bin")
			if err := os.MkdirAll(bin, 0o755); err != nil {
				return err
			}
			for _, name := range []string{"xdg-open", "open"} {
				script := "#!/bin/sh\necho \"$1\" > \"$WORK/opened\"\n"
				if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
					return err
				}
			}
			env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waitget":   cmdWaitGet,
			"get":       cmdGet,
			"runpost":   cmdRunPost,
			"waitevent": cmdWaitEvent,
			"login":     cmdLogin,
		},
	})
}

func serverURL(ts *testscript.TestScript) string { return "http://127.0.0.1:" + ts.Getenv("PORT") }

// waitget PATH STATUS [REGEXP]: GET PATH until it answers STATUS with a
// body matching REGEXP (30 s at most).
func cmdWaitGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitget PATH STATUS [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 3 {
		re = regexp.MustCompile(args[2])
	}
	deadline := time.Now().Add(30 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := http.Get(serverURL(ts) + args[0])
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%d %.200s", resp.StatusCode, body)
			if strconv.Itoa(resp.StatusCode) == args[1] && (re == nil || re.Match(body)) {
				return
			}
		} else {
			last = err.Error()
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("GET %s: never %s matching %v; last: %s", args[0], args[1], re, last)
}

// get [-host HOST] PATH STATUS: one GET, which must answer STATUS.
func cmdGet(ts *testscript.TestScript, neg bool, args []string) {
	host := ""
	if len(args) > 2 && args[0] == "-host" {
		host, args = args[1], args[2:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: get [-host HOST] PATH STATUS")
	}
	req, err := http.NewRequest("GET", serverURL(ts)+args[0], nil)
	ts.Check(err)
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	ts.Check(err)
	resp.Body.Close()
	if strconv.Itoa(resp.StatusCode) != args[1] {
		ts.Fatalf("GET %s (Host %q): %s, want %s", args[0], host, resp.Status, args[1])
	}
}

// waitevent NAME REGEXP: read the event stream until an event NAME
// whose data matches REGEXP (30 s at most). A page connecting while a
// rebuild has failed gets the error at once.
func cmdWaitEvent(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitevent NAME REGEXP")
	}
	re := regexp.MustCompile(args[1])
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(serverURL(ts) + "/_workbook/events")
	ts.Check(err)
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	name := ""
	for sc.Scan() {
		line := sc.Text()
		if n, ok := strings.CutPrefix(line, "event: "); ok {
			name = n
		} else if d, ok := strings.CutPrefix(line, "data: "); ok && name == args[0] && re.MatchString(d) {
			return
		}
	}
	ts.Fatalf("no %s event matching %s: %v", args[0], args[1], sc.Err())
}

// tokenRE finds the run token where a login's response stores it.
var tokenRE = regexp.MustCompile(`localStorage\.setItem\("workbook-token-[0-9]+", "([0-9a-f]+)"\)`)

// runpost ORIGIN TOKEN STATUS [REGEXP]: POST the program in file prog.go
// to the run endpoint, with the login cookie once logged in. ORIGIN
// "own" is the server's; TOKEN "login" is the one the login handed out
// ($TOKEN), "page" is one the home page carries (fetched with the cookie
// alone: pages carry none, so it sends none), "none" sends none.
func cmdRunPost(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: runpost ORIGIN TOKEN STATUS [REGEXP]")
	}
	origin, token := args[0], args[1]
	if origin == "own" {
		origin = serverURL(ts)
	}
	switch token {
	case "login":
		token = ts.Getenv("TOKEN")
	case "page":
		token = "none"
		req, err := http.NewRequest("GET", serverURL(ts)+"/", nil)
		ts.Check(err)
		if c := ts.Getenv("COOKIE"); c != "" {
			req.Header.Set("Cookie", c)
		}
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if t := ts.Getenv("TOKEN"); t != "" && strings.Contains(string(page), t) {
			ts.Fatalf("the home page, asked with the cookie alone, carries the token")
		}
	}
	req, err := http.NewRequest("POST", serverURL(ts)+"/_workbook/run", strings.NewReader(ts.ReadFile("prog.go")))
	ts.Check(err)
	if origin != "none" {
		req.Header.Set("Origin", origin)
	}
	if token != "none" {
		req.Header.Set("X-Workbook-Token", token)
	}
	if c := ts.Getenv("COOKIE"); c != "" {
		req.Header.Set("Cookie", c)
	}
	resp, err := http.DefaultClient.Do(req)
	ts.Check(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strconv.Itoa(resp.StatusCode) != args[2] {
		ts.Fatalf("run: %s, want %s: %s", resp.Status, args[2], body)
	}
	if len(args) == 4 && !regexp.MustCompile(args[3]).Match(body) {
		ts.Fatalf("run output does not match %s:\n%s", args[3], body)
	}
	ts.Logf("%s", body)
}

var refreshRE = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)

// login: log in as serve -open does: read the page the opener was given
// (a file only we can read), follow it to the login URL, and keep the
// cookie ($COOKIE) and the token the login hands out ($TOKEN) for
// runpost. $LOGINFILE names the file.
func cmdLogin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: login")
	}
	opened := ""
	for deadline := time.Now().Add(30 * time.Second); opened == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		data, _ := os.ReadFile(ts.MkAbs("opened")) // not yet: empty
		opened = strings.TrimSpace(string(data))
	}
	u, err := url.Parse(opened)
	ts.Check(err)
	if u.Scheme != "file" {
		ts.Fatalf("serve -open opened %q; want a file, never the URL with its secret", opened)
	}
	fi, err := os.Stat(u.Path)
	ts.Check(err)
	if fi.Mode().Perm() != 0o600 {
		ts.Fatalf("the login file %s has mode %v; want 0600", u.Path, fi.Mode().Perm())
	}
	ts.Setenv("LOGINFILE", u.Path)
	m := refreshRE.FindStringSubmatch(ts.ReadFile(u.Path))
	if m == nil {
		ts.Fatalf("the login file does not move on to a URL")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(html.UnescapeString(m[1]))
	ts.Check(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	cs := resp.Cookies()
	if resp.StatusCode != 200 || len(cs) != 1 {
		ts.Fatalf("login: %s with %d cookies", resp.Status, len(cs))
	}
	tok := tokenRE.FindSubmatch(body)
	if tok == nil {
		ts.Fatalf("the login's response hands out no token:\n%s", body)
	}
	ts.Setenv("COOKIE", cs[0].Name+"="+cs[0].Value)
	ts.Setenv("TOKEN", string(tok[1]))
}

// serve tells when the first build compiles the standard library: the
// runner serve is given must say so.
var _ interface {
	StdCold(ctx context.Context, race bool) (bool, error)
} = (*moduleRunner)(nil)
