package site

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/workbook-dev/workbook/runner"
)

// svgNode is enough of an SVG element tree to check the chart's structure.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []svgNode  `xml:",any"`
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns every element under n (n included) named name, in order.
func (n *svgNode) all(name string) []*svgNode {
	var out []*svgNode
	if n.XMLName.Local == name {
		out = append(out, n)
	}
	for i := range n.Children {
		out = append(out, n.Children[i].all(name)...)
	}
	return out
}

func sweepRuns(walls ...[]int) []runner.Run {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var runs []runner.Run
	for i, w := range walls {
		r := runner.Run{GOMAXPROCS: 1 << i, Wall: ms(w[0]), User: ms(w[0] * (1 << i) * 9 / 10), System: ms(5)}
		for _, s := range w[1:] {
			r.Samples = append(r.Samples, runner.Sample{Wall: ms(s)})
		}
		runs = append(runs, r)
	}
	return runs
}

func parseChart(t testing.TB, h string) (svg *svgNode, caption string) {
	t.Helper()
	var fig svgNode
	if err := xml.Unmarshal([]byte(h), &fig); err != nil {
		t.Fatalf("chart is not well-formed XML: %v\n%s", err, h)
	}
	svgs, caps := fig.all("svg"), fig.all("figcaption")
	if fig.XMLName.Local != "figure" || len(svgs) != 1 || len(caps) != 1 {
		t.Fatalf("want <figure> with one <svg> and a <figcaption>:\n%s", h)
	}
	return svgs[0], caps[0].Text
}

func TestSweepChart(t *testing.T) {
	t.Parallel()
	// GOMAXPROCS 1, 2, 4 on 2 CPUs: the median of 3, with a spread.
	runs := sweepRuns([]int{1000, 1100, 1000, 950}, []int{520, 560, 500, 520}, []int{540, 540, 600, 530})
	svg, caption := parseChart(t, string(sweepChart("primes", runs, runner.Env{NumCPU: 2})))

	if svg.attr("role") != "img" || len(svg.all("title")) != 1 || len(svg.all("desc")) != 1 {
		t.Errorf("the chart needs role=img, a <title> and a <desc>")
	}
	if got := svg.attr("aria-labelledby"); got != "primes-chart-t primes-chart-d" {
		t.Errorf("aria-labelledby = %q", got)
	}
	desc := svg.all("desc")[0].Text
	for _, want := range []string{"GOMAXPROCS=1: 1.00s (950ms to 1.10s), speedup 1.00×", "GOMAXPROCS=2: 520ms (500ms to 560ms), speedup 1.92×", "GOMAXPROCS=4: 540ms"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc lacks %q: %s", want, desc)
		}
	}

	bars := svg.all("rect")
	if len(bars) != 3 {
		t.Fatalf("%d bars, want one per value", len(bars))
	}
	var widths []string
	for _, b := range bars {
		widths = append(widths, b.attr("width"))
	}
	// The slowest sample (1.10s) spans the longest possible bar or whisker,
	// so the 1.00s bar is 1/1.1 of it.
	if widths[0] != num(chartBarMax/1.1) || widths[1] != num(chartBarMax*0.52/1.1) {
		t.Errorf("bar widths %v, want %s and %s", widths, num(chartBarMax/1.1), num(chartBarMax*0.52/1.1))
	}
	if c := bars[2].attr("class"); c != "ch-bar over" {
		t.Errorf("GOMAXPROCS=4 on 2 CPUs has class %q, want it marked as over the CPU count", c)
	}
	if c := bars[1].attr("class"); c != "ch-bar" {
		t.Errorf("GOMAXPROCS=2 on 2 CPUs has class %q", c)
	}

	var whiskers, ideals int
	for _, p := range svg.all("path") {
		switch p.attr("class") {
		case "ch-whisker":
			whiskers++
		case "ch-ideal":
			ideals++
		}
	}
	if whiskers != 3 || ideals != 2 {
		t.Errorf("%d whiskers and %d ideal marks, want 3 and 2", whiskers, ideals)
	}

	var texts []string
	for _, tx := range svg.all("text") {
		texts = append(texts, tx.Text)
	}
	got := strings.Join(texts, "|")
	for _, want := range []string{"GOMAXPROCS|wall time|speedup|CPU÷wall", "1|", "|1.00s|1.00×|", "|520ms|1.92×|", "|4|", "|540ms|1.85×|"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart text lacks %q:\n%s", want, got)
		}
	}
	for _, want := range []string{"median wall time of 3 runs", "against GOMAXPROCS=1", "on 2 CPUs: GOMAXPROCS above 2 cannot run faster here"} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption lacks %q: %s", want, caption)
		}
	}
}

func TestSweepChartCaptions(t *testing.T) {
	t.Parallel()
	// One run per value (results cached before repeats), all within the
	// machine, and the ideal mark absent when it would equal the first bar.
	runs := sweepRuns([]int{900}, []int{500})
	_, caption := parseChart(t, string(sweepChart("p", runs, runner.Env{NumCPU: 8})))
	for _, want := range []string{"wall time of one run per value", "Measured on 8 CPUs."} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption lacks %q: %s", want, caption)
		}
	}
	if strings.Contains(caption, "cannot run faster") {
		t.Errorf("with 8 CPUs nothing is over the machine: %s", caption)
	}
	runs[0].GOMAXPROCS, runs[1].GOMAXPROCS = 2, 4
	svg, caption := parseChart(t, string(sweepChart("p", runs, runner.Env{NumCPU: 2})))
	for _, p := range svg.all("path") {
		if p.attr("class") == "ch-ideal" {
			t.Errorf("GOMAXPROCS 2 and 4 on 2 CPUs have the same ideal: no mark, got one")
		}
	}
	if strings.Contains(caption, "dashed") || !strings.Contains(caption, "above 2 cannot run faster") {
		t.Errorf("caption: %s", caption)
	}
	if h := sweepChart("p", runs[:1], runner.Env{}); h != "" {
		t.Errorf("a single run has a chart: %s", h)
	}
}

func TestSweepChartMachineLoad(t *testing.T) {
	t.Parallel()
	caption := func(machine ...int) string {
		runs := sweepRuns([]int{1000}, []int{600})
		for i, m := range machine {
			runs[i].MachineCPU = time.Duration(m) * time.Millisecond
		}
		_, c := parseChart(t, string(sweepChart("p", runs, runner.Env{NumCPU: 2})))
		return c
	}
	// The runs used 905ms and 1085ms of CPU in 1.6s: 1.6 CPU-seconds
	// more is one CPU's worth of other work.
	if c := caption(905+1000, 1085+600); !strings.Contains(c, "Other work kept about 1.0 CPUs busy while it ran") {
		t.Errorf("a busy machine: %s", c)
	}
	if c := caption(905+50, 1085+50); !strings.Contains(c, "otherwise nearly idle") {
		t.Errorf("an idle machine: %s", c)
	}
	if c := caption(905 + 1000); strings.Contains(c, "Other work") || strings.Contains(c, "idle") {
		t.Errorf("with the load of one run unknown, the caption guesses: %s", c)
	}
}
