package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/workbook-dev/workbook/runner"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

func runVersion(ctx context.Context, cio cmdIO, args []string) error {
	fs := newFlagSet(cio, "version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(cio, "version: unexpected argument %q", fs.Arg(0))
	}
	goVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(cio.stdout, "workbook %s built with %s\n", buildVersion(), goVersion)
	tc, err := (&runner.Runner{}).Toolchain(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(cio.stdout, "programs are built with %s\n", tc)
	return nil
}

// buildVersion is the module version workbook was built at: the version
// `go install …/cmd/workbook@VERSION` installed, or (devel) and the VCS
// revision for a build from a checkout.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	v = "(devel)"
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// actionRef is the ref of the workbook GitHub Action that matches a
// workbook version: the release itself, or main for anything else (a
// development build, a pseudo-version).
func actionRef(version string) string {
	if !semver.IsValid(version) || module.IsPseudoVersion(version) || strings.HasSuffix(version, "+dirty") {
		return "main"
	}
	return version
}
