package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies every file under from into to, replacing files that
// exist: what actions/download-artifact's merge-multiple or cp -r does.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, name)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestShardCachesMerge: the results of verify shards, copied into one
// folder, are the whole book's: a build from them runs nothing. This is
// what the sharded workflow init writes does.
func TestShardCachesMerge(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{}
	for i := range 4 {
		files[fmt.Sprintf("lessons/%d.md", i)] = fmt.Sprintf("---\ntitle: L%d\n---\n\n```go name=p\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%d) }\n```\n\n```output\n%d\n```\n", i, i, i)
	}
	writeFiles(t, dir, files)
	for i := 1; i <= 2; i++ {
		stdout, _ := mustWorkbook(t, fmt.Sprintf("shard%d", i), "verify", "-shard", fmt.Sprintf("%d/2", i))
		if !strings.Contains(stdout, "passed, 0 failed") || strings.Contains(stdout, "cached") {
			t.Fatalf("shard %d/2:\n%s", i, stdout)
		}
	}
	// Only the results folder travels between jobs.
	for i := 1; i <= 2; i++ {
		copyTree(t, filepath.Join(fmt.Sprintf("shard%d", i), "results"), filepath.Join("merged", "results"))
	}
	_, stderr := mustWorkbook(t, "merged", "build", "-out", "pub")
	if !strings.Contains(stderr, "4 passed, 0 failed; 0 ran, 4 from the cache, 0 frozen") {
		t.Errorf("a build from the merged shard results ran programs:\n%s", stderr)
	}
}
