package serve

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// runDone is the last object of a run's response: what happened.
type runDone struct {
	Done  bool   `json:"done"`
	Error string `json:"error,omitempty"` // the tool failed (no go command...)

	BuildOK     bool   `json:"build_ok"`
	BuildOutput string `json:"build_output,omitempty"` // compiler and vet messages

	runner.Figures // of the run, when the program built and ran

	// Status and Message compare the run with the lesson's expectations
	// (exit status, output block), when the request named the program.
	Status  string `json:"status,omitempty"`
	Reason  string `json:"reason,omitempty"` // why it failed: a book.Reason*
	Message string `json:"message,omitempty"`
	Env     string `json:"env,omitempty"`
}

// handleRun builds and runs the program in the request body and streams
// what happens as JSON lines: one runner.ReportLine per line of output
// as it appears, then a runDone. The query may name the program the source was
// edited from (page=01-x.html&prog=ID): it then runs with that program's
// timeout, arguments and -race, and its positions are lesson positions.
// Closing the request (the page's Stop) kills the program.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	s.handleProgram(w, r, false)
}

// handleProgram is handleRun, and with check handleCheck: both go
// through the same guard, limits and streaming.
func (s *Server) handleProgram(w http.ResponseWriter, r *http.Request, check bool) {
	if why := s.runRefused(r); why != "" {
		http.Error(w, "forbidden: "+why, http.StatusForbidden)
		return
	}
	src, ok := readProgram(w, r)
	if !ok {
		return
	}
	end, ok := s.beginRun(w)
	if !ok {
		return
	}
	defer end()
	q := r.URL.Query()
	p := s.lookupProgram(q.Get("page"), q.Get("prog"))
	if check && (p == nil || p.Role != book.RoleStarter) {
		http.Error(w, "no exercise "+q.Get("prog")+" on page "+q.Get("page")+" (reload the page: the lesson changed)", http.StatusNotFound)
		return
	}
	s.stream(w, r, p, src, check)
}

// readProgram reads the program in the request body, or answers the
// request and returns false.
func readProgram(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	tooLarge := fmt.Sprintf("program too large (limit %d bytes)", maxRequestBody)
	if r.ContentLength > maxRequestBody {
		http.Error(w, tooLarge, http.StatusRequestEntityTooLarge)
		return nil, false
	}
	src, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, tooLarge, http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "reading the program: "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	if len(strings.TrimSpace(string(src))) == 0 {
		http.Error(w, "no program to run", http.StatusBadRequest)
		return nil, false
	}
	return src, true
}

// beginRun takes one of the editor's run slots and counts the run so
// that Serve waits for it, or answers the request and returns false.
// The caller calls end when the run is over.
func (s *Server) beginRun(w http.ResponseWriter) (end func(), ok bool) {
	select {
	case s.runs <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "2")
		http.Error(w, fmt.Sprintf("%d programs are running already; stop one first", cap(s.runs)), http.StatusTooManyRequests)
		return nil, false
	}
	if !s.startRun() {
		<-s.runs
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return nil, false
	}
	return func() { s.active.Done(); <-s.runs }, true
}

// runRefused says why a request may not run code, or "" when it may: a
// connection from loopback (whatever the headers say), POST, from a page
// of this server (Origin), logged in (the cookie), carrying the token
// that only the login's response hands out.
func (s *Server) runRefused(r *http.Request) string {
	if !fromLoopback(r) {
		return "programs run only for a browser on the machine that runs workbook serve"
	}
	if r.Method != http.MethodPost {
		return "running a program needs POST"
	}
	if o := r.Header.Get("Origin"); o == "" || !strings.EqualFold(o, "http://"+r.Host) {
		return "running a program needs a request from this server's own pages (Origin)"
	}
	if !s.loggedIn(r) {
		return "not logged in (serve restarted?): open the login URL that workbook serve printed in its terminal"
	}
	tok := r.Header.Get("X-Workbook-Token")
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.auth.token)) != 1 {
		return "missing or wrong X-Workbook-Token: open the login URL that workbook serve printed in its terminal again"
	}
	return ""
}

// startRun counts a run so that Serve waits for it, unless Serve is
// stopping already.
func (s *Server) startRun() bool {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.closed {
		return false
	}
	s.active.Add(1)
	return true
}

// lookupProgram finds a program of the served site by page and ID.
func (s *Server) lookupProgram(page, id string) *book.Program {
	g := s.site.Load()
	if g == nil || id == "" {
		return nil
	}
	slug := strings.TrimSuffix(page, ".html")
	for _, l := range g.book.Pages() {
		if l.Slug != slug {
			continue
		}
		for _, p := range l.Programs {
			if p.ID == id {
				return p
			}
		}
	}
	return nil
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, p *book.Program, src []byte, check bool) {
	rp := &runner.Program{Source: src}
	name := "an unnamed program"
	mapPos := func(s string) string { return s }
	if p != nil {
		// The program as build runs it, every attribute included, so the
		// run means what the lesson means and its check is fair (a sweep
		// runs its values; norun builds); only the source is the page's.
		rp = p.RunnerProgram()
		rp.Source = src
		rp.Timeout = editorTimeout(p, src)
		name = fmt.Sprintf("%s#%s", p.Lesson.File, p.ID)
		mapPos = p.MapPositions
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	send := func(v any) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(v)
		rc.Flush()
	}
	rc.Flush() // the page learns at once that the run was accepted
	res, err := s.cfg.Runner.Run(r.Context(), rp, func(l runner.Line) {
		send(l.Report(func(t string) string { return s.redactText(runner.Printable(mapPos(t))) }))
	})
	if r.Context().Err() != nil {
		s.log.Info("run stopped", "program", name)
		return
	}
	if err != nil {
		s.log.Error("run failed", "program", name, "error", err)
		send(runDone{Done: true, Error: err.Error()})
		return
	}
	res = s.redact(res)
	d := runDone{Done: true, BuildOK: res.Build.OK, Env: res.Env.String()}
	d.BuildOutput = mapPos(strings.TrimRight(res.Build.Output+res.Build.Vet, "\n"))
	if len(res.Runs) > 0 {
		d.Figures = res.Runs[0].Figures()
	}
	if p != nil {
		v := book.Check(p, res)
		if check {
			// The reader's attempt at an exercise: held to the solution's
			// check, where Check would ask a starter not to pass.
			v = book.CheckAttempt(p, res)
		}
		d.Status, d.Reason, d.Message = v.Status, v.Reason, v.Message
	}
	send(d)
	s.log.Info("ran from the page", "program", name, "build_ok", d.BuildOK, "exit", d.ExitCode, "wall", time.Duration(d.WallMS*1e6).Round(time.Millisecond))
}

// editorTimeout is the time limit of a run from the page: the lesson's
// own for the lesson's program as it is (it is what the build ran), and
// never more than the default for an edited one, whose loop may never
// end: a lesson's timeout=1h is for its program, not for every edit.
func editorTimeout(p *book.Program, src []byte) time.Duration {
	t := p.Attrs.Timeout
	if bytes.Equal(src, p.Source()) {
		return t
	}
	if t <= 0 || t > runner.DefaultTimeout {
		return runner.DefaultTimeout
	}
	return t
}
