package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fakeGitHub runs the run steps of action.yml as a GitHub runner would
// for one job: bash with -eo pipefail in the workspace, inputs and the
// github context through expressions, and the GITHUB_ENV, GITHUB_PATH
// and GITHUB_OUTPUT files carried from step to step. Steps that use
// other actions (setup-go, cache) are skipped: Go is already here, and
// the cache is the results folder the action names.
type fakeGitHub struct {
	actionDir, workspace string
	base                 []string // environment, without PATH
	path                 string
}

func newFakeGitHub(t *testing.T, actionDir, workspace string, env []string) *fakeGitHub {
	gh := &fakeGitHub{actionDir: actionDir, workspace: workspace, path: os.Getenv("PATH")}
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		// A runner has none of the author's workbook settings, and its
		// PATH does not have the workbook the author installed.
		if k != "PATH" && k != "GOBIN" && !strings.HasPrefix(k, "WORKBOOK_") {
			gh.base = append(gh.base, kv)
		}
	}
	return gh
}

var exprRe = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// runAction runs the action at ref with the inputs with, as one job of
// its own (a fresh runner temp folder), and returns what it printed.
func (gh *fakeGitHub) runAction(t *testing.T, ref string, with map[string]string) string {
	t.Helper()
	a := loadAction(t)
	temp := t.TempDir()
	files := map[string]string{}
	for _, f := range []string{"GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT"} {
		files[f] = filepath.Join(temp, strings.ToLower(f))
	}
	ctx := map[string]string{"github.action_ref": ref, "github.action_path": gh.actionDir}
	for name, in := range a.Inputs {
		v := *in.Default
		if w, ok := with[name]; ok {
			v = w
		}
		ctx["inputs."+name] = v
	}
	jobEnv := map[string]string{}
	var paths []string
	var out strings.Builder
	for i, s := range a.Runs.Steps {
		if s.Run == "" {
			continue
		}
		script := filepath.Join(temp, "step.sh")
		if err := os.WriteFile(script, []byte(s.Run), 0o666); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = gh.workspace
		cmd.Env = append(gh.base, "RUNNER_TEMP="+temp, "GITHUB_WORKSPACE="+gh.workspace)
		for f, name := range files {
			cmd.Env = append(cmd.Env, f+"="+name)
		}
		cmd.Env = append(cmd.Env, "PATH="+strings.Join(append(paths, gh.path), string(os.PathListSeparator)))
		for k, v := range jobEnv {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+expand(t, v, ctx))
		}
		b, err := cmd.CombinedOutput()
		out.Write(b)
		if err != nil {
			t.Fatalf("action step %d (%s): %v\n%s", i, s.Name, err, b)
		}
		for _, kv := range readFileLines(t, files["GITHUB_ENV"]) {
			k, v, _ := strings.Cut(kv, "=")
			jobEnv[k] = v
		}
		// Each line of GITHUB_PATH goes first, the latest before the rest.
		paths = nil
		for _, p := range readFileLines(t, files["GITHUB_PATH"]) {
			paths = append([]string{p}, paths...)
		}
	}
	return out.String()
}

// expand replaces the expressions of the contexts the action's run
// steps may read; any other is a test failure, for a step the fake
// cannot run faithfully.
func expand(t *testing.T, s string, ctx map[string]string) string {
	t.Helper()
	return exprRe.ReplaceAllStringFunc(s, func(m string) string {
		v, ok := ctx[exprRe.FindStringSubmatch(m)[1]]
		if !ok {
			t.Fatalf("action.yml: %s: the test's runner knows only %v", m, ctx)
		}
		return v
	})
}

func readFileLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}
