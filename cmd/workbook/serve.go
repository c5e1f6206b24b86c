package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

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
	mr := &moduleRunner{fsys: fsys, base: runner.Runner{Rerun: lf.rerun, Gate: new(sync.RWMutex)}}
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
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if watch == "" {
		log.Info("serving the book built into workbook; nothing to watch (use -lessons DIR for your own)")
	}
	return srv.Serve(ctx, ln)
}

// moduleRunner runs programs in the lessons folder's module as it is at
// each build: go.mod and go.sum may change while serve runs.
type moduleRunner struct {
	fsys fs.FS
	base runner.Runner
}

func (m *moduleRunner) current() *runner.Runner {
	r := m.base
	r.GoMod, _ = fs.ReadFile(m.fsys, "go.mod")
	r.GoSum, _ = fs.ReadFile(m.fsys, "go.sum")
	return &r
}

func (m *moduleRunner) RunAll(ctx context.Context, progs []*runner.Program, done func(int, *runner.Result)) ([]*runner.Result, error) {
	return m.current().RunAll(ctx, progs, done)
}

func (m *moduleRunner) Run(ctx context.Context, p *runner.Program, onLine func(runner.Line)) (*runner.Result, error) {
	return m.current().Run(ctx, p, onLine)
}
