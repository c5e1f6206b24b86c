package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// action is action.yml's metadata syntax, as far as we use it; it is
// decoded with KnownFields, so a misspelt key fails.
type action struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    map[string]string `yaml:"branding"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func loadAction(t testing.TB) *action {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

var (
	inputRefRe = regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`)
	stepRefRe  = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs`)
)

// TestActionStructure checks what actionlint does not: action.yml itself.
// GitHub reads it only when a workflow runs, so a mistake here would first
// show in an author's failed build.
func TestActionStructure(t *testing.T) {
	a := loadAction(t)
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description (the Marketplace shows them)")
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"lessons", "command", "out", "shard", "go-version"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s needs a description and a default", name)
		}
	}
	used := map[string]bool{}
	ids := map[string]bool{}
	var uses []string
	for i, s := range a.Runs.Steps {
		if (s.Run == "") == (s.Uses == "") {
			t.Errorf("step %d: want exactly one of run and uses", i)
		}
		if s.Run != "" && s.Shell == "" {
			t.Errorf("step %d (%s): a composite run step needs a shell", i, s.Name)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d (%s): pass expressions through env, not into the script (script injection)", i, s.Name)
		}
		for _, ref := range stepRefRe.FindAllStringSubmatch(stepText(s), -1) {
			if !ids[ref[1]] {
				t.Errorf("step %d (%s) reads steps.%s, which is not an earlier step", i, s.Name, ref[1])
			}
		}
		if s.ID != "" {
			ids[s.ID] = true
		}
		uses = append(uses, strings.Split(s.Uses, "@")[0])
		for _, ref := range inputRefRe.FindAllStringSubmatch(stepText(s), -1) {
			used[ref[1]] = true
			if _, ok := a.Inputs[ref[1]]; !ok {
				t.Errorf("step %d (%s) reads undeclared input %s", i, s.Name, ref[1])
			}
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is never used", name)
		}
	}
	for _, want := range []string{"actions/setup-go", "actions/cache"} {
		if !slices.Contains(uses, want) {
			t.Errorf("no step uses %s", want)
		}
	}
	for name, o := range a.Outputs {
		for _, ref := range stepRefRe.FindAllStringSubmatch(o.Value, -1) {
			if !ids[ref[1]] {
				t.Errorf("output %s reads steps.%s, which no step is", name, ref[1])
			}
		}
	}
}

// stepText is everything in a step that may hold expressions.
func stepText(s actionStep) string {
	var b strings.Builder
	b.WriteString(s.If + "\n" + s.Name + "\n")
	for _, m := range []map[string]string{s.Env, s.With} {
		for k, v := range m {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	return b.String()
}

// TestTemplatesUseAction checks that every workflow init writes gives the
// workbook action only inputs it declares.
func TestTemplatesUseAction(t *testing.T) {
	a := loadAction(t)
	for _, shards := range []int{1, 3} {
		for _, f := range initFiles("lessons", shards) {
			if !strings.HasSuffix(f.path, ".yml") {
				continue
			}
			text, err := renderTemplate(f.template, newTemplateData("v1.2.3", shards))
			if err != nil {
				t.Fatal(err)
			}
			var wf struct {
				Jobs map[string]struct {
					Steps []actionStep `yaml:"steps"`
				} `yaml:"jobs"`
			}
			if err := yaml.Unmarshal(text, &wf); err != nil {
				t.Fatalf("%s: %v", f.path, err)
			}
			n := 0
			for job, j := range wf.Jobs {
				for _, s := range j.Steps {
					if !strings.HasPrefix(s.Uses, "workbook-dev/workbook@") {
						continue
					}
					n++
					if s.Uses != "workbook-dev/workbook@v1.2.3" {
						t.Errorf("%s: job %s uses %s, want the release init was built at", f.path, job, s.Uses)
					}
					for k := range s.With {
						if _, ok := a.Inputs[k]; !ok {
							t.Errorf("%s: job %s gives the action input %q, which action.yml does not declare", f.path, job, k)
						}
					}
				}
			}
			if n == 0 {
				t.Errorf("%s does not use the workbook action", f.path)
			}
		}
	}
}
