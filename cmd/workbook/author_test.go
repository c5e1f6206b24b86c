package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// errgroupLesson is the first thing a concurrency author reaches for: a
// program that needs a module besides the standard library.
const errgroupLesson = "---\ntitle: errgroup\nweight: 20\n---\n\n" +
	"```go name=squares\npackage main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\n\t\"golang.org/x/sync/errgroup\"\n)\n\n" +
	"func main() {\n\tg, ctx := errgroup.WithContext(context.Background())\n\tsquares := make([]int, 3)\n" +
	"\tfor i := range 3 {\n\t\tg.Go(func() error {\n\t\t\tsquares[i] = (i + 1) * (i + 1)\n\t\t\treturn ctx.Err()\n\t\t})\n\t}\n" +
	"\tif err := g.Wait(); err != nil {\n\t\tfmt.Println(\"error:\", err)\n\t\treturn\n\t}\n\tfmt.Println(\"squares:\", squares)\n}\n```\n\n" +
	"```output\nsquares: [1 4 9]\n```\n"

// TestAuthor plays a new author, as README's "Start your own book" says:
// install workbook by module path (this checkout, served as a release
// from a local GOPROXY), init a book, add a lesson that imports
// golang.org/x/sync, then run what the workflows init wrote would run on
// GitHub: the workbook action's run steps, install, verify, build.
func TestAuthor(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: installs workbook and builds a book")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	writeProxy(t, root, proxy)
	bin := filepath.Join(tmp, "bin")
	env := authorEnv(t, proxy, bin, filepath.Join(tmp, "cache"))

	// README's first block: install, init, serve, verify.
	blocks := readmeBlocks(t, filepath.Join(root, "README.md"))
	if len(blocks) < 2 {
		t.Fatalf("README's %q section has %d sh blocks, want the install and the module ones", authorSection, len(blocks))
	}
	dir := tmp
	out := runBlock(t, env, &dir, blocks[0])
	if !strings.Contains(out, "1 passed, 0 failed") {
		t.Errorf("README's first block did not verify the new book:\n%s", out)
	}
	if out := sh(t, env, dir, "workbook", "version"); !strings.HasPrefix(out, "workbook "+testVersion+" ") {
		t.Errorf("workbook version = %q, want the version installed", out)
	}

	// A lesson with a third-party import, and README's module block.
	book := dir
	writeFiles(t, book, map[string]string{"lessons/02-errgroup.md": errgroupLesson})
	runBlock(t, env, &dir, blocks[1])
	if out := sh(t, env, book, "workbook", "verify"); !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("workbook verify:\n%s", out)
	}

	// What GitHub would run: the workflows' workbook steps, in order.
	gh := newFakeGitHub(t, root, book, env)
	for _, wf := range []string{"ci.yml", "pages.yml"} {
		for _, use := range workbookSteps(t, filepath.Join(book, ".github/workflows", wf)) {
			if use.ref != testVersion {
				t.Errorf("%s uses workbook@%s, want the installed version %s", wf, use.ref, testVersion)
			}
			out := gh.runAction(t, use.ref, use.with)
			switch use.with["command"] {
			case "verify":
				if !strings.Contains(out, "2 passed, 0 failed") || strings.Contains(out, "::error") {
					t.Errorf("%s: verify:\n%s", wf, out)
				}
			case "build":
				if !strings.Contains(out, "wrote public: 2 passed, 0 failed") {
					t.Errorf("%s: build:\n%s", wf, out)
				}
			}
		}
	}
	page, err := os.ReadFile(filepath.Join(book, "public", "02-errgroup.html"))
	if err != nil {
		t.Fatalf("the site has no errgroup page: %v", err)
	}
	for _, want := range []string{"squares: [1 4 9]", "Verified: output matched"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the errgroup page does not show %q", want)
		}
	}
	for _, f := range []string{"index.html", "01-first.html", "404.html", ".nojekyll"} {
		if _, err := os.Stat(filepath.Join(book, "public", f)); err != nil {
			t.Errorf("the site lacks %s: %v", f, err)
		}
	}
}

// authorSection is the README section the author test runs.
const authorSection = "## Start your own book"

// readmeBlocks returns the lines of each sh block in the README's
// authorSection.
func readmeBlocks(t *testing.T, readme string) [][]string {
	t.Helper()
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n"+authorSection+"\n")
	if !ok {
		t.Fatalf("README has no %q section", authorSection)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var blocks [][]string
	for _, chunk := range strings.Split(section, "```sh\n")[1:] {
		body, _, _ := strings.Cut(chunk, "```")
		blocks = append(blocks, strings.Split(strings.TrimSpace(body), "\n"))
	}
	return blocks
}

// runBlock runs README lines as the author would type them, in *dir,
// following cd. The release is the test's; serve, which runs until
// stopped, is left out. A go get that cannot reach the module proxy skips
// the test, unless CI is set.
func runBlock(t *testing.T, env []string, dir *string, lines []string) string {
	t.Helper()
	var all strings.Builder
	for _, line := range lines {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(strings.ReplaceAll(line, "@latest", "@"+testVersion))
		if to, ok := strings.CutPrefix(line, "cd "); ok {
			*dir = filepath.Join(*dir, to)
			continue
		}
		if line == "" || strings.HasPrefix(line, "workbook serve") {
			continue
		}
		out, err := run1(env, *dir, "bash", "-c", line)
		all.WriteString(out)
		if err != nil && strings.HasPrefix(line, "go get") && os.Getenv("CI") == "" {
			t.Skipf("%s: cannot reach the module proxy? set CI to make this a failure:\n%s", line, out)
		}
		if err != nil {
			t.Fatalf("README: %s: %v\n%s", line, err, out)
		}
	}
	return all.String()
}

// authorEnv is an author's environment: the local proxy first, its
// release trusted without the checksum database, workbook's results in
// cache, and bin (where go install puts workbook) on PATH.
func authorEnv(t *testing.T, proxy, bin, cache string) []string {
	t.Helper()
	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "WORKBOOK_") && k != "GOFLAGS" && k != "GOBIN" && k != "PATH" {
			env = append(env, kv)
		}
	}
	return append(env,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(upstream)),
		"GONOSUMDB="+modulePath, "GOBIN="+bin, "WORKBOOK_CACHE="+cache,
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func run1(env []string, dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	if name == "workbook" {
		// exec.Command looks name up on our PATH, not env's.
		for _, kv := range env {
			if p, ok := strings.CutPrefix(kv, "GOBIN="); ok {
				cmd.Path = filepath.Join(p, name)
			}
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func sh(t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	out, err := run1(env, dir, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// actionUse is a workflow step that uses the workbook action.
type actionUse struct {
	ref  string
	with map[string]string
}

func workbookSteps(t *testing.T, workflow string) []actionUse {
	t.Helper()
	data, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []actionStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", workflow, err)
	}
	var uses []actionUse
	for _, job := range slices.Sorted(maps.Keys(wf.Jobs)) {
		for _, s := range wf.Jobs[job].Steps {
			if ref, ok := strings.CutPrefix(s.Uses, "workbook-dev/workbook@"); ok {
				uses = append(uses, actionUse{ref, s.With})
			}
		}
	}
	if len(uses) == 0 {
		t.Fatalf("%s does not use the workbook action", workflow)
	}
	return uses
}
