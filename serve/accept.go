package serve

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"

	"github.com/workbook-dev/workbook/book"
	"github.com/workbook-dev/workbook/runner"
)

// acceptDone is the answer of an accept request.
type acceptDone struct {
	Updated bool   `json:"updated"`
	Message string `json:"message"`
}

// handleAccept makes what a lesson's program prints its expected output
// (the page's "Accept as expected output"): the query names the program
// (page=01-x.html&prog=ID), the body is its source as the page shows
// it, which must be the lesson's own (an edited program's output is not
// the lesson's). It runs the program as the build does and rewrites its
// output block in the lesson file, and nothing else (book.UpdateOutput);
// the watcher then rebuilds as for any save. It has run's guard.
func (s *Server) handleAccept(w http.ResponseWriter, r *http.Request) {
	if why := s.runRefused(r); why != "" {
		http.Error(w, "forbidden: "+why, http.StatusForbidden)
		return
	}
	src, ok := readProgram(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	p := s.lookupProgram(q.Get("page"), q.Get("prog"))
	if p == nil || p.Expect == nil {
		http.Error(w, "no program "+q.Get("prog")+" with an output block on page "+q.Get("page")+" (reload the page: the lesson changed)", http.StatusNotFound)
		return
	}
	if !bytes.Equal(src, p.Source()) {
		http.Error(w, "the program was edited: only the lesson's own program's output can be accepted (Reset it first, or edit the lesson)", http.StatusConflict)
		return
	}
	if s.cfg.Watch == "" {
		http.Error(w, "the built-in book cannot be updated: serve a lessons folder", http.StatusConflict)
		return
	}
	end, ok := s.beginRun(w)
	if !ok {
		return
	}
	defer end()
	res, err := s.cfg.Runner.Run(r.Context(), p.RunnerProgram(), nil)
	if err != nil {
		s.log.Error("accept: run failed", "program", p.Lesson.File+"#"+p.ID, "error", err)
		http.Error(w, "running the program: "+err.Error(), http.StatusInternalServerError)
		return
	}
	d, code := s.accept(p, res)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(d)
}

// accept writes res's output into p's output block and says what it did,
// with the status of the answer.
func (s *Server) accept(p *book.Program, res *runner.Result) (acceptDone, int) {
	if !s.Keep(res) {
		return acceptDone{Message: "the output shows a secret of workbook serve: not written"}, http.StatusConflict
	}
	s.acceptMu.Lock()
	defer s.acceptMu.Unlock()
	err := updateLesson(s.cfg.Watch, p.Lesson.Slug+".md", func(src []byte) ([]byte, error) {
		return book.UpdateOutput(src, p, res)
	})
	switch {
	case errors.Is(err, book.ErrNothingToUpdate):
		return acceptDone{Message: "nothing to update: the output already matches, or the program did not build"}, http.StatusOK
	case err != nil:
		s.log.Error("accept failed", "program", p.Lesson.File+"#"+p.ID, "error", err)
		return acceptDone{Message: err.Error()}, http.StatusConflict
	}
	msg := fmt.Sprintf("updated %s:%d: the output block of %s", p.Lesson.File, p.Expect.Line, p.ID)
	s.log.Info(msg)
	return acceptDone{Updated: true, Message: msg}, http.StatusOK
}

// updateLesson rewrites the lesson file rel (slash-separated) of the
// folder dir with edit's result, in one step (a new file renamed over
// it, with its mode), never outside dir and never through a symbolic
// link.
func updateLesson(dir, rel string, edit func([]byte) ([]byte, error)) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	defer root.Close()
	name := path.Clean(rel)
	fi, err := root.Lstat(name)
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("accept: %s/%s is not a regular file (a link?): update it by hand", dir, rel)
	}
	src, err := root.ReadFile(name)
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	out, err := edit(src)
	if err != nil {
		return err
	}
	return replaceFile(root, name, out, fi.Mode().Perm())
}

// replaceFile writes data beside name in root and renames it into place.
func replaceFile(root *os.Root, name string, data []byte, perm fs.FileMode) error {
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+"."+rand.Text())
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(tmp, perm)
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		root.Remove(tmp)
		return fmt.Errorf("accept: %w", err)
	}
	return nil
}
