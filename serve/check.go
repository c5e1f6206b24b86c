package serve

import "net/http"

// handleCheck checks a reader's attempt at an exercise: the request body
// is the edited starter, the query names it (page=01-x.html&prog=ID). It
// runs as handleRun runs a program, under the same guard, limits and
// streaming, and its last object's status is "pass" when the attempt
// passes the exercise's check (the solution's output block or test),
// with the difference in its message when it does not. Only an
// exercise's starter can be checked.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	s.handleProgram(w, r, true)
}
