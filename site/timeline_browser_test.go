package site

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/workbook-dev/workbook/internal/browsertest"
	"github.com/workbook-dev/workbook/runner"
)

// buildTimelines builds a site of one lesson with every recorded
// timeline of testdata/timeline.
func buildTimelines(t testing.TB) string {
	t.Helper()
	lessons := fstest.MapFS{"timelines.md": &fstest.MapFile{Data: []byte(timelineLessonMD()), Mode: 0o644}}
	results := map[string]*runner.Result{}
	for _, name := range timelineModels {
		results["timelines#"+name] = timelineResult(t, name)
	}
	out, _ := buildWithResults(t, lessons, results)
	return out
}

// TestTimelineBrowser loads the timelines in light and dark: no console
// errors, the colours follow the scheme, a replay event moves the
// cursor. With $WORKBOOK_SCREENSHOTS set it saves every chart in both
// schemes (timeline-NAME-light.png...), to be looked at.
func TestTimelineBrowser(t *testing.T) {
	t.Parallel()
	browsertest.ChromePath(t)
	b := newBrowser(t, buildTimelines(t))
	b.open("timelines.html")
	b.waitFor(`document.readyState === "complete"`)
	fills := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
		n := eval[int](b, `document.querySelectorAll(".tl-svg").length`)
		if n != len(timelineModels) {
			t.Fatalf("%s: %d charts, want %d", scheme, n, len(timelineModels))
		}
		// Every chart is drawn at the column's width, none overflows.
		if bad := eval[string](b, `Array.from(document.querySelectorAll(".tl-svg")).filter(s => {
			const r = s.getBoundingClientRect(), c = s.closest(".result").getBoundingClientRect();
			return r.height < 100 || r.width < 300 || r.right > c.right + 1;
		}).map(s => s.closest(".tl").id).join(" ")`); bad != "" {
			t.Errorf("%s: charts drawn too small or overflowing: %s", scheme, bad)
		}
		fills[scheme] = eval[string](b, `getComputedStyle(document.querySelector(".tl-svg g.c0 rect")).fill`)
		for _, name := range timelineModels {
			b.elementShot("timeline-"+name+"-"+scheme, "#"+name+"-timeline")
		}
	}
	if fills["light"] == fills["dark"] || fills["light"] == "" {
		t.Errorf("a goroutine's colour is %q in light and %q in dark; want one per scheme", fills["light"], fills["dark"])
	}

	// Replay's hook: the event moves the cursor of its own program only.
	cursor := `(id) => { const c = document.querySelector("#" + id + "-timeline .tl-cur");
		return c.getAttribute("display") === "none" ? "hidden" : c.getAttribute("x1"); }`
	eval[bool](b, `document.querySelector("#primes-result .replay").dispatchEvent(
		new CustomEvent("workbook:replay-time", {bubbles: true, detail: {ms: 268}})), true`)
	got := eval[string](b, "("+cursor+`)("primes")`)
	if got == "hidden" || got == "" {
		t.Fatalf("after a replay-time event the cursor is %s", got)
	}
	var x float64
	if err := json.Unmarshal([]byte(got), &x); err != nil || x <= tlPlotX0 || x >= tlPlotX1 {
		t.Errorf("cursor at x=%s, want inside the plot (%d, %d)", got, tlPlotX0, tlPlotX1)
	}
	if other := eval[string](b, "("+cursor+`)("sleepers")`); other != "hidden" {
		t.Errorf("another program's cursor moved to %s", other)
	}
	b.elementShot("timeline-primes-replay-dark", "#primes-timeline")
	eval[bool](b, `window.wbTimeline(document.querySelector("#primes-result"), null), true`)
	if got := eval[string](b, "("+cursor+`)("primes")`); got != "hidden" {
		t.Errorf("after a stop the cursor is at %s, want hidden", got)
	}

	// The output's own replay sends those events as it plays.
	b.do(chromedp.Click("#primes-result .replay"))
	b.waitFor(`document.querySelector("#primes-timeline .tl-cur").getAttribute("display") !== "none"`)
	b.do(chromedp.Click("#primes-result .replay")) // pause: the cursor stays
	if got := eval[string](b, "("+cursor+`)("primes")`); got == "hidden" {
		t.Error("the cursor went away when the replay paused")
	}
	b.do(chromedp.Click(`#primes-result .rc button[title^="Stop"]`))
	b.waitFor(`document.querySelector("#primes-timeline .tl-cur").getAttribute("display") === "none"`)
	if problems := b.takeProblems(); len(problems) > 0 {
		t.Errorf("problems on the page:\n%s", strings.Join(problems, "\n"))
	}
}

// TestTimelinePhone: on a 390 px phone a timeline keeps a readable size
// and scrolls sideways inside its figure, which says so, while the page
// itself does not scroll sideways. With $WORKBOOK_SCREENSHOTS set it
// saves the page in light and dark (timeline-phone-*.png).
func TestTimelinePhone(t *testing.T) {
	t.Parallel()
	browsertest.ChromePath(t)
	b := newBrowser(t, buildTimelines(t))
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	b.open("timelines.html")
	b.waitFor(`document.readyState === "complete"`)
	if w := eval[int](b, "document.documentElement.scrollWidth"); w > 390 {
		t.Errorf("the page is %d px wide on a 390 px phone", w)
	}
	got := eval[string](b, `(() => { const c = document.querySelector("#primes-timeline .tl-chart"), s = c.querySelector("svg");
		return [c.clientWidth < c.scrollWidth, s.getBoundingClientRect().width >= 600, getComputedStyle(c, "::before").content].join(" "); })()`)
	if got != `true true "scroll sideways ⇆"` {
		t.Errorf("timeline on a phone: scrolls inside, drawn at 600 px or more, hint = %s", got)
	}
	for _, scheme := range []string{"light", "dark"} {
		b.media(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
		b.do(chromedp.ScrollIntoView("#primes-timeline"))
		b.elementShot("timeline-phone-"+scheme, "#primes-result")
	}
	if problems := b.takeProblems(); len(problems) > 0 {
		t.Errorf("problems on the page:\n%s", strings.Join(problems, "\n"))
	}
}
