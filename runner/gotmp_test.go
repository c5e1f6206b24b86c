package runner

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goBuildDirs lists the go command's temporary folders (go-build*) and
// workbook's build folders anywhere under root.
func goBuildDirs(root string) []string {
	var found []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && (strings.HasPrefix(d.Name(), "go-build") || strings.HasPrefix(d.Name(), "workbook-build-")) {
			found = append(found, path)
		}
		return nil
	})
	return found
}

// TestCancelledBuildLeavesNoTempFolders cancels a build while the go
// command is compiling: neither its go-build* folders nor workbook's
// build folder may be left in the temporary directory.
func TestCancelledBuildLeavesNoTempFolders(t *testing.T) {
	r := &Runner{CacheDir: t.TempDir()}
	if _, err := r.lookToolchain(context.Background(), r.CacheDir); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// A fresh source each time, so the go command compiles rather than
	// finding the package in its build cache.
	src := fmt.Sprintf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%d) }\n", time.Now().UnixNano())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if len(goBuildDirs(tmp)) > 1 { // workbook's folder and one of go's
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := r.RunAll(ctx, []*Program{{Source: []byte(src), NoRun: true}}, nil)
	if ctx.Err() == nil {
		t.Skipf("the build finished (%v) before the test saw the go command's folder", err)
	}
	if left := goBuildDirs(tmp); len(left) > 0 {
		t.Errorf("a cancelled build left %v", left)
	}
}
