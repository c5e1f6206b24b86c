package serve

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// withheld replaces a live secret of serve (the run token, the login
// cookie or secret) wherever a program's result shows it: a program
// runs as the user who started serve, so it may find one (a log file, a
// browser's cookies) and print it, and a page, the cache or a published
// site must never carry it.
const withheld = "[withheld: a secret of workbook serve]"

// Keep reports whether res may be stored in the runner's cache: not
// when it shows a live secret. The runner serve uses must ask it (see
// runner.Runner.Keep).
func (s *Server) Keep(res *runner.Result) bool {
	data, err := json.Marshal(res)
	return err == nil && !s.showsSecret(data)
}

func (s *Server) showsSecret(data []byte) bool {
	for _, sec := range s.auth.secrets() {
		if bytes.Contains(data, []byte(sec)) {
			return true
		}
	}
	return false
}

// redact returns res, or a copy of it in which every live secret is
// withheld. Secrets are hex, which JSON leaves as it is, so the copy is
// made through JSON: every text of the result (output lines, compiler
// messages, the timeline's marks) is covered.
func (s *Server) redact(res *runner.Result) *runner.Result {
	if res == nil {
		return nil
	}
	data, err := json.Marshal(res)
	if err != nil || !s.showsSecret(data) {
		return res
	}
	for _, sec := range s.auth.secrets() {
		data = bytes.ReplaceAll(data, []byte(sec), []byte(withheld))
	}
	var out runner.Result
	if json.Unmarshal(data, &out) != nil {
		return &runner.Result{Key: res.Key, Env: res.Env, Build: runner.Build{Output: withheld}}
	}
	out.Cached = res.Cached
	return &out
}

// redactText withholds every live secret in a line of output.
func (s *Server) redactText(text string) string {
	for _, sec := range s.auth.secrets() {
		text = strings.ReplaceAll(text, sec, withheld)
	}
	return text
}
