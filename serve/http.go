package serve

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// ServeHTTP answers a request to serve: the site from memory, the event
// stream, the editor's runs and serve's own script and style.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store") // a reload must never show an old build
	h.Set("X-Content-Type-Options", "nosniff")
	// No other site may frame these pages (and click Run in them).
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "frame-ancestors 'none'")
	if !s.hostAllowed(r.Host) {
		// DNS rebinding: a name the attacker controls, pointed at us.
		http.Error(w, "forbidden: unknown Host "+fmt.Sprintf("%q", r.Host), http.StatusForbidden)
		return
	}
	switch p := r.URL.Path; {
	case p == "/_workbook/events":
		s.handleEvents(w, r)
	case p == "/_workbook/run":
		s.handleRun(w, r)
	case p == loginPath:
		s.handleLogin(w, r)
	case p == "/_workbook/check":
		s.handleCheck(w, r)
	case p == "/_workbook/accept":
		s.handleAccept(w, r)
	case p == "/_workbook/serve.js" || p == "/_workbook/serve.css":
		s.handleAsset(w, r, "assets/"+path.Base(p))
	case strings.HasPrefix(p, "/_workbook/"):
		http.NotFound(w, r)
	default:
		s.handleStatic(w, r)
	}
}

// A hostAllow is the set of Host header values the server answers, and
// the address its login URL names.
type hostAllow struct {
	port      string
	names     map[string]bool // lower case, without the port
	loginHost string          // HOST:PORT for the login URL; "" when loopback cannot reach us
}

// allowHosts sets the Host names the server answers: the bound address,
// the one the user gave, localhost, and, bound to every interface, this
// machine's own addresses (what another machine names to reach it).
func (s *Server) allowHosts(bound net.Addr) {
	a := hostAllow{names: map[string]bool{"localhost": true}}
	host, port, _ := net.SplitHostPort(bound.String())
	a.port = port
	a.names[strings.ToLower(host)] = true
	userHost, _, _ := net.SplitHostPort(s.cfg.Addr)
	if userHost != "" {
		a.names[strings.ToLower(userHost)] = true
	}
	ip := net.ParseIP(host)
	switch {
	case ip != nil && ip.IsUnspecified():
		for _, ifa := range interfaceIPs() {
			a.names[ifa] = true
		}
		a.loginHost = net.JoinHostPort("localhost", port)
	case ip != nil && ip.IsLoopback():
		a.loginHost = bound.String()
		if strings.EqualFold(userHost, "localhost") {
			a.loginHost = net.JoinHostPort("localhost", port)
		}
	}
	s.hostsMu.Lock()
	s.hosts = a
	s.hostsMu.Unlock()
}

func (s *Server) allowed() hostAllow {
	s.hostsMu.RLock()
	defer s.hostsMu.RUnlock()
	return s.hosts
}

// interfaceIPs lists this machine's IP addresses, as Host names them.
func interfaceIPs() []string {
	addrs, _ := net.InterfaceAddrs() // none: only loopback names are answered
	var ips []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			ips = append(ips, n.IP.String())
		}
	}
	return ips
}

// hostAllowed reports whether a Host header names this server: a name
// allowHosts set, or a loopback IP, with the bound port.
func (s *Server) hostAllowed(hostport string) bool {
	a := s.allowed()
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the scheme's default.
		host, port = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]"), "80"
	}
	if port != a.port || host == "" {
		return false
	}
	host = strings.ToLower(host)
	if a.names[host] {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sitePath maps a URL path to a file of the site: "/" and folders to
// their index.html. It refuses anything that could name a file outside
// the site or a hidden one (the map holds .nojekyll, for GitHub Pages).
func sitePath(p string) (string, bool) {
	name, ok := strings.CutPrefix(p, "/")
	if !ok {
		return "", false
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) || strings.Contains(name, "\\") {
		return "", false
	}
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false
		}
	}
	return name, true
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	g := s.site.Load()
	if g == nil {
		s.placeholder(w, r)
		return
	}
	name, ok := sitePath(r.URL.Path)
	data, found := g.files[name]
	if !ok || !found {
		name, data = "404.html", g.files["404.html"]
		sendFile(w, r, name, s.personal(r, name, data), http.StatusNotFound)
		return
	}
	sendFile(w, r, name, s.personal(r, name, data), http.StatusOK)
}

// fileCSP is the Content-Security-Policy of every file that is not a
// page (an image, an SVG, the site's scripts and styles): opened on its
// own, such a file is a document of serve's origin, and an SVG's script
// would run with the right to drive serve. sandbox gives it an origin of
// its own and no scripts. Pages keep frame-ancestors only.
const fileCSP = "sandbox; frame-ancestors 'none'"

func sendFile(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	if path.Ext(name) != ".html" {
		w.Header().Set("Content-Security-Policy", fileCSP)
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	if status != http.StatusOK {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	// ServeContent answers HEAD and ranges; the zero time sends no
	// Last-Modified, so nothing is revalidated instead of reloaded.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func (s *Server) handleAsset(w http.ResponseWriter, r *http.Request, name string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	data, err := assetFS.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	sendFile(w, r, name, data, http.StatusOK)
}

// assetFS holds serve's own script and style, which only served pages
// load: a built site contains nothing of serve.
//
//go:embed assets
var assetFS embed.FS

// placeholder answers before the first build is ready. It carries the
// serve script, so it reloads itself when the site is there, and shows
// the error if the first build failed.
func (s *Server) placeholder(w http.ResponseWriter, r *http.Request) {
	title, text := "Building the site…", "workbook is running the lessons' programs. This page reloads by itself when the site is ready."
	if s.events.current().Errors != nil {
		title, text = "The site could not be built", "The problems are listed below and in the terminal. This page reloads by itself once they are fixed."
	}
	page := fmt.Sprintf(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>%s · workbook</title>%s
</head>
<body style="font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>%[1]s</h1>
<p>%s</p>
</body>
</html>
`, title, s.head(0), text)
	w.Header().Set("Retry-After", "1")
	sendFile(w, r, "building.html", s.personal(r, "building.html", []byte(page)), http.StatusServiceUnavailable)
}
