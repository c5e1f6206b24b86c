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
	fmt.Fprintf(w, "FAIL %s %s %s\n", pos, e.name, wallText(e.result))
	// Messages quote the program's output: its escape sequences are
	// shown, not obeyed by the terminal.
	for _, line := range strings.Split(strings.TrimRight(runner.Printable(e.verdict.Message), "\n"), "\n") {
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
// each appears in a pull request on the lesson line that is wrong.
func reportGitHub(w io.Writer, e *entry) {
	if e.verdict.Status != "fail" {
		reportText(w, e)
		return
	}
	for _, a := range annotations(e) {
		pos := fmt.Sprintf("file=%s,line=%d", escapeProperty(a.file), a.line)
		if a.col > 0 {
			pos += fmt.Sprintf(",col=%d", a.col)
		}
		fmt.Fprintf(w, "::error %s,title=%s::%s\n", pos, escapeProperty("workbook: "+e.name), escapeData(runner.Printable(a.msg)))
	}
}

// escapeData and escapeProperty follow the workflow command format.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(strings.TrimRight(s, "\n"))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// record is one line of verify -format json (documented in doc.go).
type record struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Message string `json:"message,omitempty"`
	runner.Figures
	Cached   bool                `json:"cached"`
	RanAlone bool                `json:"ran_alone,omitempty"` // see runner.Result.RanAlone
	Output   []runner.ReportLine `json:"output"`
	Runs     []runRecord         `json:"runs,omitempty"`
	Env      *runner.Env         `json:"env,omitempty"`
}

// runRecord describes each run of a program run more than once
// (gomaxprocs=...); the top-level figures are those of the first run.
type runRecord struct {
	GOMAXPROCS int `json:"gomaxprocs"`
	runner.Figures
	Start  time.Time           `json:"start"`
	Output []runner.ReportLine `json:"output"`
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

func reportJSON(w io.Writer, e *entry) {
	rec := record{File: e.lesson.File, Line: e.line, Name: e.name, Status: e.verdict.Status,
		Reason: e.verdict.Reason, Message: e.verdict.Message, Output: []runner.ReportLine{}}
	if res := e.result; res != nil {
		rec.Cached, rec.RanAlone = res.Cached, res.RanAlone
		rec.Env = &res.Env
		for i, r := range res.Runs {
			rr := runRecord{GOMAXPROCS: r.GOMAXPROCS, Figures: r.Figures(), Start: r.Start,
				Output: outLines(e, r.Output), MachineMS: runner.Millis(r.MachineCPU)}
			for _, smp := range r.Samples {
				rr.Samples = append(rr.Samples, sampleRecord{WallMS: runner.Millis(smp.Wall), UserMS: runner.Millis(smp.User), SysMS: runner.Millis(smp.System), ExitCode: smp.ExitCode})
			}
			if i == 0 {
				rec.Figures, rec.Output = rr.Figures, rr.Output
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
func outLines(e *entry, lines []runner.Line) []runner.ReportLine {
	out := make([]runner.ReportLine, len(lines))
	for i, l := range lines {
		out[i] = l.Report(e.prog.MapPositions)
	}
	return out
}
