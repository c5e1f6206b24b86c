package runner

import (
	"maps"
	"regexp"
	"slices"
	"testing"
)

func TestSplitOutput(t *testing.T) {
	m := &buildModule{dir: "/tmp/wb1", dirs: []string{"/tmp/wb1", "/private/tmp/wb1"}, path: "wbprog"}
	m.refRe = regexp.MustCompile(`(?:wbprog|/tmp/wb1|/private/tmp/wb1)/((?:p|m|wbmain)[0-9]+)\b`)
	tests := []struct {
		name, out string
		want      map[string]string
		rest      string
	}{{
		name: "compile errors",
		out:  "# wbprog/p2\nwbpart2.go:6:14: undefined: x\nwbpart2.go:7:6: declared and not used: y\n# wbprog/m12\nmain.go:1:1: bad\n",
		want: map[string]string{"p2": "wbpart2.go:6:14: undefined: x\nwbpart2.go:7:6: declared and not used: y", "m12": "main.go:1:1: bad"},
	}, {
		name: "load errors",
		out: "p4/wbpart4.go:3:8: package nonexist/foo is not in std (/usr/local/go/src/nonexist/foo)\n" +
			"package wbprog/p5\n\timports wbprog/p5 from main.go: import cycle not allowed\n" +
			"package wbprog/p6: build constraints exclude all Go files in /private/tmp/wb1/p6\n" +
			"go: something about the module\n",
		want: map[string]string{
			"p4": "wbpart4.go:3:8: package nonexist/foo is not in std (/usr/local/go/src/nonexist/foo)",
			"p5": "package wbprog/p5\n\timports wbprog/p5 from main.go: import cycle not allowed",
			"p6": "package wbprog/p6: build constraints exclude all Go files in p6",
		},
		rest: "go: something about the module",
	}, {
		name: "vet type errors and paths",
		out:  "# wbprog/p2\n# [wbprog/p2]\nvet: p2/wbpart2.go:6:14: undefined: x\n# wbprog/p3\n/tmp/wb1/p3/main.go:1:2: y (see ./p3/main.go:4:1)\n",
		want: map[string]string{"p2": "vet: wbpart2.go:6:14: undefined: x", "p3": "main.go:1:2: y (see main.go:4:1)"},
	}, {
		name: "unknown header",
		out:  "# example.com/other\nx.go:1:1: z\n",
		want: map[string]string{},
		rest: "x.go:1:1: z",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest := m.splitOutput(tt.out)
			if !maps.Equal(got, tt.want) || rest != tt.rest {
				t.Errorf("splitOutput:\n%q\nrest %q\nwant:\n%q\nrest %q", got, rest, tt.want, tt.rest)
			}
		})
	}
}

func TestParseVet(t *testing.T) {
	m := &buildModule{dir: "/tmp/wb1", dirs: []string{"/tmp/wb1"}, path: "example.com/x"}
	out := `{}
{
	"example.com/x/p3": {
		"printf": [
			{"posn": "/tmp/wb1/p3/wbpart3.go:6:14", "end": "/tmp/wb1/p3/wbpart3.go:6:16", "message": "bad format"}
		],
		"copylocks": {"error": "analysis failed"}
	}
}
`
	got, err := m.parseVet([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, f := range got["p3"] {
		texts = append(texts, f.text)
	}
	slices.Sort(texts)
	want := []string{"vet: copylocks: analysis failed", "wbpart3.go:6:14: bad format"}
	if len(got) != 1 || !slices.Equal(texts, want) {
		t.Fatalf("parseVet = %q (%d packages), want p3: %q", texts, len(got), want)
	}
	if f := got["p3"][0]; f.text == want[1] && (f.file != "wbpart3.go" || f.line != 6 || f.col != 14) {
		t.Errorf("position = %s:%d:%d", f.file, f.line, f.col)
	}
	if _, err := m.parseVet([]byte("{\"a\": 3")); err == nil {
		t.Errorf("parseVet accepted broken JSON")
	}
}
