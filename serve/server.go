package serve

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/site"
	"github.com/workbook-dev/workbook/watch"
)

// A Runner builds and runs programs for serve: whole books at each
// rebuild, and one program at a time for the in-page editor.
// *runner.Runner is one.
type Runner interface {
	site.Runner
	Run(ctx context.Context, p *runner.Program, onLine func(runner.Line)) (*runner.Result, error)
}

var _ Runner = (*runner.Runner)(nil)

// Limits on the editor's runs. Each run builds and runs a program, so
// more at once than there are CPUs only slows them all; a program
// source of 64 KiB is ten times the longest in the bundled book.
const (
	maxRequestBody = 64 << 10
	shutdownGrace  = 5 * time.Second
)

// Connection timeouts. A request's head must arrive within 10 s and
// the whole request (a run's body is at most 64 KiB) within 30 s, so a
// slow client holds no connection long. Responses have no time limit
// (no WriteTimeout): the event stream lasts as long as its page, a run's
// output as long as the run, and once a request is read net/http lifts
// its read deadline. A keep-alive connection left idle is closed after a
// minute.
const (
	readHeaderTimeout  = 10 * time.Second
	defaultReadTimeout = 30 * time.Second
	defaultIdleTimeout = time.Minute
)

// Config says what to serve. Lessons and Runner are required.
type Config struct {
	// Lessons is the folder of lessons, read again at every rebuild.
	Lessons fs.FS
	// Dir names the folder in diagnostics. Default: "lessons".
	Dir string
	// Watch is the folder on disk to watch for changes, usually the one
	// Lessons reads. Empty: nothing is watched (an embedded book).
	Watch string
	// Poll polls Watch for changes instead of waiting for events.
	Poll bool
	// PollInterval is the polling period. Default: 500 ms.
	PollInterval time.Duration
	// Runner builds and runs programs.
	Runner Runner
	// Addr is the address as the user gave it ("localhost:8080"), also
	// accepted as a Host besides the listener's own address. Optional.
	Addr string
	// MaxRuns bounds the editor's runs at once. Default: the CPU count.
	MaxRuns int
	// MaxConns bounds the connections open at once; more wait until one
	// closes, and idle ones are closed to make room. Default: a quarter
	// of the file descriptors the process may open, at most 256. Event
	// streams (one per open page) may use half of them, a remote IP
	// address at most 8, and a loopback client ends the oldest remote
	// stream rather than wait.
	MaxConns int
	// ReadTimeout bounds the time to read a request. Default: 30 s.
	ReadTimeout time.Duration
	// IdleTimeout closes a keep-alive connection idle that long.
	// Default: 1 minute.
	IdleTimeout time.Duration
	// Log receives the server's log. Default: discarded.
	Log *slog.Logger
	// Listening, when set, is called once Serve listens, with the login
	// URL (empty when no browser on this machine can reach the server):
	// workbook serve -open opens it.
	Listening func(loginURL string)
}

// A Server builds the site into memory, serves it, rebuilds it when the
// lessons change, tells open pages to reload, and runs programs edited
// in the page. Create one with New and start it with Serve.
//
// Security (see the package doc): every request must name an allowed
// Host, against DNS rebinding; running code needs a connection from
// loopback, POST, an Origin equal to the server's own, the login cookie
// (see LoginURL) and the token that only the login's response hands out
// (the page keeps it in localStorage). Files
// come from the in-memory site only, so no request can reach the file
// system.
type Server struct {
	cfg      Config
	log      *slog.Logger
	auth     *auth         // who may run code: random per process
	refusals throttle      // of warnings about refused logins
	instance string        // names this process to pages, so they notice a restart
	render   site.Renderer // keeps highlighted code between rebuilds

	site   atomic.Pointer[generation] // the last good build; nil before the first
	events broadcaster
	change changeQueue
	// building is true while a build runs: changes seen then may be a
	// program's doing.
	building atomic.Bool
	ran      runWindow     // when the last build's programs ran
	runs     chan struct{} // one slot per editor run allowed at once
	streams  streamSlots   // event streams allowed at once
	runMu    sync.Mutex
	closed   bool           // Serve is stopping: no new runs
	active   sync.WaitGroup // editor runs under way
	acceptMu sync.Mutex     // one lesson file rewrite at a time

	hostsMu sync.RWMutex
	hosts   hostAllow
}

// A generation is one complete build of the site, never modified.
type generation struct {
	gen   int
	files map[string][]byte
	book  *book.Book
	keys  []string // memo keys of its programs
}

// New returns a server for cfg. Nothing is built or served until
// Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Lessons == nil || cfg.Runner == nil {
		return nil, errors.New("serve.New: Config needs Lessons and Runner")
	}
	if cfg.Dir == "" {
		cfg.Dir = "lessons"
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = runtime.NumCPU()
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = maxConns()
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = defaultReadTimeout
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = defaultIdleTimeout
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:      cfg,
		log:      log,
		auth:     newAuth(),
		refusals: throttle{period: time.Minute},
		instance: randomHex(8),
		runs:     make(chan struct{}, cfg.MaxRuns),
		streams:  streamSlots{max: max(1, cfg.MaxConns/2)},
		change:   changeQueue{ready: make(chan struct{}, 1)},
	}
	s.events.publish(&siteState{Instance: s.instance, Pages: map[string]int{}})
	return s, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand's contract since Go 1.24)
	return hex.EncodeToString(b)
}

// Serve builds the site, watches the lessons and serves on ln until ctx
// is done. Then it stops cleanly: the build and every editor run are
// cancelled (their programs killed, their folders removed) and open
// connections closed. It returns nil after a clean stop.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.allowHosts(ln.Addr())
	s.announce(ln.Addr())
	if s.cfg.Listening != nil {
		s.cfg.Listening(s.LoginURL())
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hs, ln := s.httpServer(ctx, ln)
	var wg sync.WaitGroup
	wg.Go(func() { s.buildLoop(ctx) })
	if s.cfg.Watch != "" {
		w := &watch.Watcher{Root: s.cfg.Watch, Poll: s.cfg.Poll, Interval: s.cfg.PollInterval, Log: s.log, Notify: s.notify()}
		wg.Go(func() { w.Run(ctx) })
		interval := cmp.Or(s.cfg.PollInterval, 500*time.Millisecond)
		wg.Go(func() { watchModule(ctx, s.cfg.Watch, s.cfg.Poll, interval, s.notify()) })
	}
	s.change.add(nil, true, false) // the first build
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		cancel()
	}
	sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer scancel()
	if serr := hs.Shutdown(sctx); serr != nil && err == nil {
		err = fmt.Errorf("stopping the server: %w", serr)
	}
	wg.Wait()
	s.runMu.Lock()
	s.closed = true
	s.runMu.Unlock()
	s.active.Wait() // editor runs: their programs are killed and folders removed
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.log.Info("stopped")
	return err
}

// httpServer returns the HTTP server for ctx, with its timeouts, and ln
// bounded to MaxConns connections.
func (s *Server) httpServer(ctx context.Context, ln net.Listener) (*http.Server, net.Listener) {
	hs := &http.Server{
		Handler:           s,
		BaseContext:       func(net.Listener) context.Context { return ctx }, // ends event streams and runs on stop
		ReadHeaderTimeout: min(readHeaderTimeout, s.cfg.ReadTimeout),
		ReadTimeout:       s.cfg.ReadTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	return hs, newLimitListener(ln, s.cfg.MaxConns, func() {
		// Every connection is taken: close the idle ones to make room.
		s.log.Debug("connection limit reached: closing idle connections", "limit", s.cfg.MaxConns)
		hs.SetKeepAlivesEnabled(false)
		hs.SetKeepAlivesEnabled(true)
	})
}

// Token returns the run token that a login hands out.
func (s *Server) Token() string { return s.auth.token }

// head is what serve adds to every page: what the reader may do (see
// personal), the build the page belongs to, and the script and style of
// live reload and the editor. Paths are absolute: serve always serves
// the site at "/", and 404.html is served at any depth. It holds no
// secret: the token is handed out by the login only.
func (s *Server) head(gen int) template.HTML {
	return template.HTML(fmt.Sprintf(`%s
<meta name="workbook-build" content="%s:%d">
<link rel="stylesheet" href="/_workbook/serve.css">
<script src="/_workbook/serve.js" defer></script>`, accessRead, s.instance, gen))
}

// announce logs where the site is and how to log in, and warns when
// other machines can reach it. Every word of it is enforced in
// ServeHTTP: a connection that is not from loopback never gets the
// token or a run, whatever its headers say.
func (s *Server) announce(a net.Addr) {
	tcp, _ := a.(*net.TCPAddr)
	switch {
	case tcp != nil && tcp.IP.IsUnspecified():
		s.log.Warn("listening on every interface: other machines that can reach this one can read the lessons and their results at this machine's IP addresses, but never run a program; only a browser on this machine, logged in through the URL below, can",
			"addr", a.String())
	case !isLoopback(a):
		s.log.Warn("listening on an address other machines can reach: they can read the lessons and their results, but never run a program; nobody can run programs from the page, since that needs a browser connecting from this machine's loopback (use -addr 0.0.0.0:PORT to serve others and run here, or -addr 127.0.0.1:PORT)",
			"addr", a.String())
	}
	s.log.Info("listening", "url", "http://"+displayAddr(a))
	if u := s.LoginURL(); u != "" {
		s.log.Info("to edit and run programs in the page, open this URL in your browser (it works once; pages opened without it are read-only)", "url", u)
	}
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func isLoopback(a net.Addr) bool {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.IsLoopback()
	}
	host, _, _ := net.SplitHostPort(a.String())
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
