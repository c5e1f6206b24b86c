package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/workbook-dev/workbook/lessons"
	"github.com/workbook-dev/workbook/runner"
	"github.com/workbook-dev/workbook/serve"
)

func runServe(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "serve")
	var lf lessonFlags
	lf.register(fs, false)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; other machines may read the pages, only this one runs programs")
	poll := fs.Bool("poll", false, "poll the lessons for changes instead of waiting for events (network drives, WSL, containers)")
	open := fs.Bool("open", false, "open the login URL in the browser, so that its pages can run programs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(cio, "serve: unexpected argument %q", fs.Arg(0))
	}
	if _, port, err := net.SplitHostPort(*addr); err != nil || !validPort(port) {
		return usageErrorf(cio, "serve: bad -addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", *addr)
	}
	fsys, dir, err := lf.source()
	if err != nil {
		return err
	}
	watch := ""
	if _, embedded := fsys.(embed.FS); !embedded {
		watch = filepath.FromSlash(dir)
	}
	// Ctrl-C is how serve stops: handle it here too, so the programs
	// running are killed and their folders removed whoever calls us.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(cio.stderr, nil))
	var listening func(string)
	if *open {
		var cleanup func()
		listening, cleanup = browserOpener(log)
		defer cleanup()
	}
	mr := &moduleRunner{dir: watch, base: runner.Runner{Rerun: lf.rerun, Memory: lf.memory, Gate: new(sync.RWMutex)}}
	if lf.demo {
		mr.base.GoMod, mr.base.GoSum = lessons.GoMod, lessons.GoSum
	}
	srv, err := serve.New(serve.Config{
		Lessons:   fsys,
		Dir:       dir,
		Watch:     watch,
		Poll:      *poll,
		Runner:    mr,
		Addr:      *addr,
		Log:       log,
		Listening: listening,
	})
	if err != nil {
		return err
	}
	mr.base.Keep = srv.Keep // no result that shows serve's secrets is cached
	ln, err := serve.Listen(*addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if watch == "" {
		log.Info("serving the bundled book (-demo); nothing to watch (use -lessons DIR for your own)")
	}
	return srv.Serve(ctx, ln)
}

// validPort reports whether port is a TCP port number or service name
// (looked up in the system's services file, never on the network).
func validPort(port string) bool {
	_, err := net.LookupPort("tcp", port)
	return err == nil
}

// moduleRunner runs programs in the book's module (see
// lessonFlags.runner) as it is at each build: go.mod and go.sum may
// change while serve runs.
type moduleRunner struct {
	dir  string // the lessons folder; "" for the bundled book
	base runner.Runner
}

func (m *moduleRunner) current() (*runner.Runner, error) {
	r := m.base
	if m.dir == "" {
		return &r, nil
	}
	return &r, r.UseModule(m.dir)
}

func (m *moduleRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	r, err := m.current()
	if err != nil {
		return nil, err
	}
	return r.RunAll(ctx, progs, done)
}

func (m *moduleRunner) Run(ctx context.Context, p *runner.Program, onLine func(runner.Line)) (*runner.Result, error) {
	r, err := m.current()
	if err != nil {
		return nil, err
	}
	return r.Run(ctx, p, onLine)
}

// ModuleKey names the book's module as it is now, so serve reruns what
// a go get or an edit of a replaced library changes.
func (m *moduleRunner) ModuleKey() (string, error) {
	r, err := m.current()
	if err != nil {
		return "", err
	}
	return r.ModuleKey()
}

// GoModule returns the book's go.mod as it is now.
func (m *moduleRunner) GoModule() []byte {
	r, err := m.current()
	if err != nil {
		return nil
	}
	return r.GoMod
}

// StdCold reports whether Go's build cache lacks the standard library
// as programs are built (runner.Runner.StdCold).
func (m *moduleRunner) StdCold(ctx context.Context, race bool) (bool, error) {
	r, err := m.current()
	if err != nil {
		return false, err
	}
	return r.StdCold(ctx, race)
}
