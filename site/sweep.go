package site

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/workbook-dev/workbook/internal/plural"

	"github.com/workbook-dev/workbook/runner"
)

// The sweep chart's geometry, in SVG user units. The columns are sized
// for 12-unit text, 10 in the header (style.css sets both): "GOMAXPROCS", then the bars and
// their wall times, then the speedup and CPU÷wall figures. It is narrow
// so that on a phone, where it shrinks to the screen, the text stays
// about as large as the table's.
const (
	chartW      = 340
	chartHead   = 22  // height of the header row
	chartRow    = 24  // height of each value's row
	chartBarH   = 12  // bar thickness
	chartLabelX = 36  // centre of the GOMAXPROCS column
	chartBarX   = 80  // where bars start
	chartBarMax = 112 // the longest bar or whisker
	chartSpeedX = 282 // right edge of the speedup column
	chartRatioX = 340 // right edge of the CPU÷wall column
)

// sweepChart draws a GOMAXPROCS sweep as an inline SVG bar chart: the
// median wall time of each value with whiskers from its fastest to its
// slowest repeat, the speedup against the first value, CPU÷wall, and a
// dashed mark where perfect scaling on this machine would put the bar.
// The caption says on how many CPUs it ran, so a speedup that stops at
// two reads as the machine's limit, not the program's. The sweep table
// after it holds the same numbers as text.
func sweepChart(id string, runs []runner.Run, env runner.Env) template.HTML {
	if len(runs) < 2 {
		return ""
	}
	var longest time.Duration
	for i := range runs {
		_, hi := runs[i].Spread()
		longest = max(longest, hi, runs[i].Wall)
	}
	if longest <= 0 {
		return ""
	}
	x := func(d time.Duration) float64 {
		return chartBarX + float64(chartBarMax)*float64(d)/float64(longest)
	}
	first := &runs[0]
	ideals := false
	h := chartHead + len(runs)*chartRow + 2
	var b, desc strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-chart-t %s-chart-d">`, chartW, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-chart-t">Wall time of %s for each GOMAXPROCS value</title>`, id, html.EscapeString(id))
	fmt.Fprintf(&b, `<g class="ch-head"><text x="0" y="13">GOMAXPROCS</text><text x="%d" y="13">wall time</text>`+
		`<text x="%d" y="13" text-anchor="end">speedup</text><text x="%d" y="13" text-anchor="end">CPU÷wall</text></g>`,
		chartBarX, chartSpeedX, chartRatioX)
	for i := range runs {
		run := &runs[i]
		y := chartHead + i*chartRow
		mid := y + chartRow/2
		lo, hi := run.Spread()
		speedup, ratio := chartRatios(first, run)
		cls := "ch-bar"
		if env.NumCPU > 0 && run.GOMAXPROCS > env.NumCPU {
			cls += " over" // more processors than the machine has
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%d</text>`, chartLabelX, mid+4, run.GOMAXPROCS)
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%s" height="%d" rx="2"/>`,
			cls, chartBarX, mid-chartBarH/2, num(max(x(run.Wall)-chartBarX, 1)), chartBarH)
		if hi > lo {
			fmt.Fprintf(&b, `<path class="ch-whisker" d="M%s %dH%sM%s %dv8M%s %dv8"/>`,
				num(x(lo)), mid, num(x(hi)), num(x(lo)), mid-4, num(x(hi)), mid-4)
		}
		if ideal, ok := idealWall(first, run, env.NumCPU); ok && i > 0 {
			ideals = true
			fmt.Fprintf(&b, `<path class="ch-ideal" d="M%s %dv%d"/>`, num(x(ideal)), mid-chartBarH/2-3, chartBarH+6)
		}
		fmt.Fprintf(&b, `<text x="%s" y="%d">%s</text>`, num(x(max(hi, run.Wall))+5), mid+4, duration(run.Wall))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, chartSpeedX, mid+4, speedup)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, chartRatioX, mid+4, ratio)
		fmt.Fprintf(&desc, "GOMAXPROCS=%d: %s", run.GOMAXPROCS, duration(run.Wall))
		if hi > lo {
			fmt.Fprintf(&desc, " (%s to %s)", duration(lo), duration(hi))
		}
		fmt.Fprintf(&desc, ", speedup %s, CPU÷wall %s. ", speedup, ratio)
	}
	fmt.Fprintf(&b, `<desc id="%s-chart-d">%s</desc></svg>`, id, html.EscapeString(strings.TrimSpace(desc.String())))
	return template.HTML(`<figure class="chart">` + b.String() +
		`<figcaption>` + html.EscapeString(chartCaption(runs, env.NumCPU, ideals)) + `</figcaption></figure>`)
}

// chartRatios returns the speedup of run against first and its CPU÷wall.
func chartRatios(first, run *runner.Run) (speedup, ratio string) {
	if run.Wall <= 0 {
		return "–", "–"
	}
	cpu := run.User + run.System
	return fmt.Sprintf("%.2f×", first.Wall.Seconds()/run.Wall.Seconds()), fmt.Sprintf("%.2f", cpu.Seconds()/run.Wall.Seconds())
}

// idealWall is the wall time run would have if the program scaled
// perfectly from first, with no more processors than the machine has.
func idealWall(first, run *runner.Run, cpus int) (time.Duration, bool) {
	p0, p := first.GOMAXPROCS, run.GOMAXPROCS
	if cpus > 0 {
		p0, p = min(p0, cpus), min(p, cpus)
	}
	if p0 <= 0 || p <= 0 || p == p0 {
		return 0, false
	}
	return time.Duration(float64(first.Wall) * float64(p0) / float64(p)), true
}

// chartCaption says what the chart shows and on what machine.
func chartCaption(runs []runner.Run, cpus int, ideals bool) string {
	var parts []string
	if n := len(runs[0].Samples); n > 1 {
		parts = append(parts, fmt.Sprintf("Bars: median wall time of %d runs per value; whiskers: fastest to slowest.", n))
	} else {
		parts = append(parts, "Bars: wall time of one run per value.")
	}
	speedup := fmt.Sprintf("Speedup against GOMAXPROCS=%d", runs[0].GOMAXPROCS)
	if ideals {
		speedup += "; dashed marks: perfect scaling on this machine"
	}
	parts = append(parts, speedup+".")
	over := false
	for _, r := range runs {
		over = over || (cpus > 0 && r.GOMAXPROCS > cpus)
	}
	if busy, ok := othersBusy(runs); ok && busy >= noticeableLoad {
		parts = append(parts, fmt.Sprintf("Other work kept about %.1f CPUs busy while it ran, so these speedups are lower than on an idle machine.", busy))
	} else if ok {
		parts = append(parts, "The machine was otherwise nearly idle.")
	}
	switch {
	case cpus <= 0:
	case over:
		parts = append(parts, fmt.Sprintf("Measured on %s: GOMAXPROCS above %d cannot run faster here.", plural.Of(cpus, "CPU"), cpus))
	default:
		parts = append(parts, fmt.Sprintf("Measured on %s.", plural.Of(cpus, "CPU")))
	}
	return strings.Join(parts, " ")
}

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	return strconv.FormatFloat(float64(int(f*10+0.5))/10, 'f', -1, 64)
}

// noticeableLoad is how many CPUs other work must keep busy before the
// caption warns of it: below it, /proc/stat's 10 ms ticks and the
// runner's own start-up could account for the difference.
const noticeableLoad = 0.25

// othersBusy returns how many CPUs, on average, work other than the
// program kept busy while the sweep's runs lasted. ok is false when the
// runner could not tell.
func othersBusy(runs []runner.Run) (cpus float64, ok bool) {
	var others, wall time.Duration
	for _, r := range runs {
		if r.MachineCPU <= 0 || r.Wall <= 0 {
			return 0, false
		}
		others += max(0, r.MachineCPU-r.User-r.System)
		wall += r.Wall
	}
	return others.Seconds() / wall.Seconds(), true
}
