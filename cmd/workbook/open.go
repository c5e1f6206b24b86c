package main

import (
	"fmt"
	"html"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// browserOpener returns what serve -open does once serve listens: open
// the login URL in the browser, and a cleanup for when serve stops.
//
// The URL carries the login secret, and a command's arguments are
// readable by every user of the machine (ps, /proc), so the browser is
// given a file that only we can read and that moves on to the URL, as
// Jupyter does; the file is removed when serve stops.
func browserOpener(log *slog.Logger) (open func(loginURL string), cleanup func()) {
	var mu sync.Mutex
	var file string
	open = func(loginURL string) {
		if loginURL == "" {
			log.Warn("not opening a browser: no browser on this machine can run programs at this address")
			return
		}
		name, err := writeLoginFile(loginURL)
		if err != nil {
			log.Warn("could not open the browser; open the login URL logged above", "error", err)
			return
		}
		mu.Lock()
		file = name
		mu.Unlock()
		p := filepath.ToSlash(name)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/Users/... on Windows
		}
		openBrowser(log, (&url.URL{Scheme: "file", Path: p}).String())
	}
	cleanup = func() {
		mu.Lock()
		defer mu.Unlock()
		if file != "" {
			os.Remove(file)
		}
	}
	return open, cleanup
}

// writeLoginFile writes a page that moves on to loginURL into a new
// file only its owner can read (os.CreateTemp makes it 0600).
func writeLoginFile(loginURL string) (string, error) {
	f, err := os.CreateTemp("", "workbook-login-*.html")
	if err != nil {
		return "", fmt.Errorf("writing the login page: %w", err)
	}
	u := html.EscapeString(loginURL)
	_, err = fmt.Fprintf(f, `<!doctype html>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0; url=%s">
<title>workbook serve</title>
<p><a href="%[1]s">Open workbook serve</a></p>
`, u)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing the login page: %w", err)
	}
	return f.Name(), nil
}

// openBrowser opens url with the system's opener. Failing to is not an
// error: the login URL is in the log.
func openBrowser(log *slog.Logger, url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		log.Warn("could not open the browser; open the login URL logged above", "error", err)
		return
	}
	go cmd.Wait() // reap it
}
