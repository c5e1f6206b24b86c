package serve

import (
	"encoding/json"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// withheld replaces a live secret of serve (the run token, the login
// cookie or secret) wherever a program's result shows it: a program
// runs as the user who started serve, so it may find one (a log file, a
// browser's cookies) and print it, and a page, the cache or a published
// site must never carry it.
//
// The filter is best-effort: it finds a secret written whole, within
// one line of output, in either case (secrets are hex). A program that
// splits one across lines, encodes it otherwise or prints it piece by
// piece gets it through: programs run as the user, and could do worse.
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
		if indexFold(string(data), sec, 0) >= 0 {
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
		data = []byte(replaceFold(string(data), sec, withheld))
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
		text = replaceFold(text, sec, withheld)
	}
	return text
}

// replaceFold replaces every instance of the ASCII string old in s,
// in any case, with with.
func replaceFold(s, old, with string) string {
	var b strings.Builder
	last := 0
	for i := indexFold(s, old, 0); i >= 0; i = indexFold(s, old, last) {
		b.WriteString(s[last:i])
		b.WriteString(with)
		last = i + len(old)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// indexFold returns the index of the first instance of the ASCII string
// sub in s at or after from, in any case, or -1. Bytes that are not
// ASCII letters must match exactly, so no multi-byte rune ever matches.
func indexFold(s, sub string, from int) int {
	if sub == "" {
		return -1
	}
	for i := from; i+len(sub) <= len(s); i++ {
		if equalFoldASCII(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
