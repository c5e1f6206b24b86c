package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

// reporters print one entry of verify's report, per -format.
var reporters = map[string]func(io.Writer, *entry){
	"text":   reportText,
	"github": reportGitHub,
	"json":   reportJSON,
}

// reportText prints "ok  lessons/x.md:12 name 0.21s", and for a failure
// the reason, indented.
func reportText(w io.Writer, e *entry) {
	pos := fmt.Sprintf("%s:%d", e.lesson.File, e.line)
	switch e.verdict.Status {
	case "skip":
		fmt.Fprintf(w, "skip %s %s\n", pos, e.name)
		return
	case "pass":
		note := ""
		if e.updated {
			note = " (output block updated)"
		}
		fmt.Fprintf(w, "ok   %s %s %s%s\n", pos, e.name, wallText(e.result), note)
		return
	}
	if l := e.verdict.Line; l > 0 {
		pos = fmt.Sprintf("%s:%d", e.lesson.File, l) // where it failed: a test's assertion
	}
	fmt.Fprintf(w, "FAIL %s %s %s\n", pos, e.name, wallText(e.result))
	for _, line := range strings.Split(strings.TrimRight(e.verdict.Message, "\n"), "\n") {
		fmt.Fprintf(w, "    %s\n", line)
	}
}

// wallText is the total wall time of a result's runs, and whether it
// came from the cache.
func wallText(res *runner.Result) string {
	if res == nil {
		return ""
	}
	var wall time.Duration
	for _, r := range res.Runs {
		wall += r.Wall
	}
	s := fmt.Sprintf("%.2fs", wall.Seconds())
	if res.Cached {
		s += " (cached)"
	}
	return s
}

// reportGitHub prints failures as GitHub Actions error annotations, so
// they appear on the lesson's line in a pull request.
func reportGitHub(w io.Writer, e *entry) {
	if e.verdict.Status != "fail" {
		reportText(w, e)
		return
	}
	msg := fmt.Sprintf("%s failed (%s)\n%s", e.name, e.verdict.Reason, e.verdict.Message)
	line := e.line
	if e.verdict.Line > 0 {
		line = e.verdict.Line
	}
	fmt.Fprintf(w, "::error file=%s,line=%d,title=%s::%s\n",
		escapeProperty(e.lesson.File), line, escapeProperty("workbook: "+e.name), escapeData(msg))
}

// escapeData and escapeProperty follow the workflow command format.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(strings.TrimRight(s, "\n"))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// record is one line of verify -format json (SPEC §3).
type record struct {
	File     string      `json:"file"`
	Line     int         `json:"line"`
	Name     string      `json:"name"`
	Status   string      `json:"status"`
	Reason   string      `json:"reason"`
	Message  string      `json:"message,omitempty"`
	ExitCode int         `json:"exit_code"`
	WallMS   float64     `json:"wall_ms"`
	UserMS   float64     `json:"user_ms"`
	SysMS    float64     `json:"sys_ms"`
	MaxRSSKB int64       `json:"max_rss_kb"`
	Cached   bool        `json:"cached"`
	Output   []outLine   `json:"output"`
	Runs     []runRecord `json:"runs,omitempty"`
	Env      *runner.Env `json:"env,omitempty"`
}

type outLine struct {
	TMS    float64 `json:"t_ms"`
	Stream string  `json:"stream"`
	Text   string  `json:"text"`
}

// runRecord describes each run of a program run more than once
// (gomaxprocs=...); the top-level figures are those of the first run.
type runRecord struct {
	GOMAXPROCS int       `json:"gomaxprocs"`
	ExitCode   int       `json:"exit_code"`
	WallMS     float64   `json:"wall_ms"`
	UserMS     float64   `json:"user_ms"`
	SysMS      float64   `json:"sys_ms"`
	MaxRSSKB   int64     `json:"max_rss_kb"`
	Start      time.Time `json:"start"`
	Output     []outLine `json:"output"`
	// Samples are every repeat of a sweep value (the run shown is the
	// median); MachineMS is the CPU time the whole machine spent meanwhile,
	// so a reader can tell a busy machine from a slow program.
	Samples   []sampleRecord `json:"samples,omitempty"`
	MachineMS float64        `json:"machine_cpu_ms,omitempty"`
}

type sampleRecord struct {
	WallMS   float64 `json:"wall_ms"`
	UserMS   float64 `json:"user_ms"`
	SysMS    float64 `json:"sys_ms"`
	ExitCode int     `json:"exit_code"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func reportJSON(w io.Writer, e *entry) {
	rec := record{File: e.lesson.File, Line: e.line, Name: e.name, Status: e.verdict.Status,
		Reason: e.verdict.Reason, Message: e.verdict.Message, Output: []outLine{}}
	if res := e.result; res != nil {
		rec.Cached = res.Cached
		rec.Env = &res.Env
		for i, r := range res.Runs {
			rr := runRecord{GOMAXPROCS: r.GOMAXPROCS, ExitCode: r.ExitCode, WallMS: ms(r.Wall),
				UserMS: ms(r.User), SysMS: ms(r.System), MaxRSSKB: r.MaxRSS, Start: r.Start,
				Output: outLines(e, r.Output), MachineMS: ms(r.MachineCPU)}
			for _, smp := range r.Samples {
				rr.Samples = append(rr.Samples, sampleRecord{WallMS: ms(smp.Wall), UserMS: ms(smp.User), SysMS: ms(smp.System), ExitCode: smp.ExitCode})
			}
			if i == 0 {
				rec.ExitCode, rec.WallMS, rec.UserMS, rec.SysMS, rec.MaxRSSKB, rec.Output =
					rr.ExitCode, rr.WallMS, rr.UserMS, rr.SysMS, rr.MaxRSSKB, rr.Output
			}
			if len(res.Runs) > 1 {
				rec.Runs = append(rec.Runs, rr)
			}
		}
	}
	data, err := json.Marshal(rec)
	if err != nil {
		panic(err) // every field is a plain value: this cannot happen
	}
	fmt.Fprintf(w, "%s\n", data)
}

// outLines converts output for display: times in ms, positions in the
// program's parts mapped to lesson positions.
func outLines(e *entry, lines []runner.Line) []outLine {
	out := make([]outLine, len(lines))
	for i, l := range lines {
		out[i] = outLine{TMS: ms(l.T), Stream: string(l.Stream), Text: e.prog.MapPositions(l.Text)}
	}
	return out
}
