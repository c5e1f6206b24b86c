package site

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Chroma styles for the two colour schemes. Their token colours are
// checked for AA contrast in palette_test.go, and kept in colours.go
// (styleColours), so that workbook need not load chroma's styles.
//
//go:generate go run ./internal/gencolours
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// A highlighter turns code into HTML spans with chroma's CSS classes
// (the classes html.WithClasses writes), so one stylesheet serves every
// block in both colour schemes.
//
// Lexers are looked up once per language: lexers.Get falls back to
// matching file names against every lexer, which dominated the build
// time of a similar generator when done for every block.
type highlighter struct {
	mu     sync.Mutex
	lexers map[string]chroma.Lexer // nil value: no lexer for that language
	styled map[string]string       // chroma's class → the one pages write, for the classes the stylesheet colours
	// memo keeps highlighted blocks between renders: serve renders the
	// whole site on every save, and chroma is most of that.
	memo highlightMemo
	// dir, when set, is where highlighted blocks are kept between
	// builds; store is the store for it.
	dir   string
	store highlightStore
}

func (h *highlighter) lexer(lang string) chroma.Lexer {
	lang = strings.ToLower(lang)
	h.mu.Lock()
	defer h.mu.Unlock()
	if l, ok := h.lexers[lang]; ok {
		return l
	}
	if h.lexers == nil {
		h.lexers = make(map[string]chroma.Lexer)
	}
	var l chroma.Lexer
	if lang != "" && lang != "text" && lang != "plain" && lang != "output" {
		if l = lexers.Get(lang); l != nil {
			l = chroma.Coalesce(l)
		}
	}
	h.lexers[lang] = l
	return l
}

// codeLine is one line of a highlighted block.
type codeLine struct {
	HTML string // the line's spans, without its newline
	Text string // the line as written, without its newline
}

// lines highlights code in lang and returns it line by line. Unknown
// languages come back escaped but uncoloured.
func (h *highlighter) lines(lang, code string) []codeLine {
	return h.memo.lines(lang, code, h.highlight)
}

func (h *highlighter) highlight(lang, code string) []codeLine {
	code = strings.TrimSuffix(code, "\n")
	l := h.lexer(lang)
	if l == nil {
		return plainLines(code)
	}
	styled, store := h.setup()
	name := l.Config().Name
	if lines, ok := store.load(name, code); ok {
		return lines
	}
	it, err := l.Tokenise(nil, code+"\n")
	if err != nil {
		return plainLines(code)
	}
	lines := tokenLines(it.Tokens(), styled)
	store.save(name, code, lines)
	return lines
}

// setup returns the classes the stylesheet colours (see pageClasses)
// and the store of highlighted blocks in h.dir, making them on first use.
func (h *highlighter) setup() (map[string]string, highlightStore) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.styled == nil {
		h.styled = pageClasses(codeColours())
	}
	if h.store.dir != h.dir {
		h.store = newHighlightStore(h.dir, h.styled)
	}
	return h.styled, h.store
}

// tokenLines turns tokens into HTML, line by line, each token in a span
// of the class its colours are written under (styled). A token the
// stylesheet does not colour needs no span, and neighbours of one colour
// share one, as do two separated by nothing but spaces: "for range" is
// one span, not two and a space.
func tokenLines(tokens []chroma.Token, styled map[string]string) []codeLine {
	type run struct{ cls, text string }
	var out []codeLine
	var b, t strings.Builder
	var runs []run
	for _, toks := range chroma.SplitTokensIntoLines(tokens) {
		b.Reset()
		t.Reset()
		runs = runs[:0]
		for _, tok := range toks {
			v := strings.TrimSuffix(tok.Value, "\n")
			if v == "" {
				continue
			}
			t.WriteString(v)
			runs = append(runs, run{styled[tokenClass(tok.Type)], v})
		}
		for i := 0; i < len(runs); i++ {
			cls, text := runs[i].cls, runs[i].text
			for i+1 < len(runs) {
				if next := runs[i+1]; next.cls == cls {
					text += next.text
					i++
				} else if cls != "" && next.cls == "" && strings.TrimLeft(next.text, " \t") == "" && i+2 < len(runs) && runs[i+2].cls == cls {
					text += next.text + runs[i+2].text
					i += 2
				} else {
					break
				}
			}
			if cls == "" {
				b.WriteString(escapeText(text))
				continue
			}
			// A class is a letter or two (chroma's), which needs no
			// quotes: two bytes fewer on every token a page colours.
			b.WriteString(`<span class=`)
			b.WriteString(cls)
			b.WriteString(`>`)
			b.WriteString(escapeText(text))
			b.WriteString(`</span>`)
		}
		out = append(out, codeLine{HTML: b.String(), Text: t.String()})
	}
	return out
}

func plainLines(code string) []codeLine {
	var out []codeLine
	for l := range strings.SplitSeq(code, "\n") {
		out = append(out, codeLine{HTML: escapeText(l), Text: l})
	}
	return out
}

// escapeText escapes text for an element's content, where quotes are
// safe; html.EscapeString would spell every quote in the code as &#34;.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	return textEscaper.Replace(s)
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// tokenClass is the class chroma's HTML formatter gives a token type:
// its own, or its nearest ancestor's.
func tokenClass(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
	}
	return ""
}

// A colourPair is a token colour in the light and the dark scheme.
type colourPair struct{ light, dark chroma.Colour }

// codeColours groups chroma's token classes by their colours in the two
// styles, leaving out those drawn in the page's text colour in both
// (code is drawn in the palette's fg) and white space.
func codeColours() map[colourPair][]string {
	var lightText, darkText chroma.Colour
	for _, c := range palette() {
		if c.name == "fg" {
			lightText, darkText = chroma.ParseColour(c.light), chroma.ParseColour(c.dark)
		}
	}
	groups := map[colourPair][]string{}
	for t, cls := range chroma.StandardTypes {
		// Negative types style the wrapper, line numbers and lexer errors
		// (with a background we do not draw), not tokens.
		if cls == "" || t < 0 || t == chroma.TextWhitespace {
			continue
		}
		c := styleColours[t]
		p := colourPair{chroma.ParseColour(c[0]), chroma.ParseColour(c[1])}
		if (!p.light.IsSet() || p.light == lightText) && (!p.dark.IsSet() || p.dark == darkText) {
			continue
		}
		if !p.light.IsSet() {
			p.light = lightText
		}
		if !p.dark.IsSet() {
			p.dark = darkText
		}
		groups[p] = append(groups[p], cls)
	}
	return groups
}

// pageClasses maps each class of groups to the one the pages write for
// its group: that of the group's most general token type (k for every
// keyword drawn in the keywords' colours, s for such strings). One class
// per colour makes a page's code shorter and more alike, which is what
// gzip likes.
func pageClasses(groups map[colourPair][]string) map[string]string {
	types := map[string]chroma.TokenType{}
	for t, cls := range chroma.StandardTypes {
		types[cls] = t
	}
	out := map[string]string{}
	for _, classes := range groups {
		first := slices.MinFunc(classes, func(a, b string) int { return cmp.Compare(types[a], types[b]) })
		for _, c := range classes {
			out[c] = first
		}
	}
	return out
}

// writeHighlightCSS writes the code colours of both schemes: one rule per
// group of classes sharing a colour pair, for the class the pages write
// for the group (pageClasses), whose colour is a custom property that
// style.css switches with the theme. It returns the properties' light
// and dark declarations.
func writeHighlightCSS(w io.Writer) (vars [2]string, err error) {
	groups := codeColours()
	page := pageClasses(groups)
	pairs := slices.SortedFunc(maps.Keys(groups), func(a, b colourPair) int {
		return strings.Compare(a.light.String()+a.dark.String(), b.light.String()+b.dark.String())
	})
	var lv, dv strings.Builder
	for i, p := range pairs {
		if _, err := fmt.Fprintf(w, ".chroma .%s{color:var(--h%d)}\n", page[groups[p][0]], i); err != nil {
			return vars, err
		}
		fmt.Fprintf(&lv, "--h%d:%s;", i, p.light)
		fmt.Fprintf(&dv, "--h%d:%s;", i, p.dark)
	}
	return [2]string{lv.String(), dv.String()}, nil
}
