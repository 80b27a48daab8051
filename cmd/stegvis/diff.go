package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
)

func init() {
	register(command{
		name:    "diff",
		usage:   "[--json] OLD NEW",
		summary: "list what changed between two versions of a program, and whether it needs a major version",
		run:     runDiff,
	})
}

func runDiff(args []string, stdout, stderr io.Writer) error {
	c := command{name: "diff", usage: "[--json] OLD NEW", summary: "Lists, by id, the modules, sections, steps, forms, questions, options, scores, flags,\nbatteries, plans and media that were added, removed or changed between OLD and NEW, and\nmarks the incompatible ones. OLD and NEW are bundle folders or program folders."}
	fs := newFlags(c, stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fs.Usage()
		return errUsage
	}
	old, err := loadVersion(pos[0])
	if err != nil {
		return err
	}
	nw, err := loadVersion(pos[1])
	if err != nil {
		return err
	}
	if old.Program.ID != nw.Program.ID {
		return fmt.Errorf("%s is program %q and %s is %q; diff compares two versions of one program", pos[0], old.Program.ID, pos[1], nw.Program.ID)
	}
	r := diff.Bundles(old, nw)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(stdout, "%s %s → %s\n", r.Program, r.OldVersion, r.NewVersion)
	for _, ch := range r.Changes {
		fmt.Fprintln(stdout, ch)
	}
	bad := len(r.Incompatible())
	switch {
	case len(r.Changes) == 0:
		fmt.Fprintln(stdout, "no changes")
	case bad > 0:
		fmt.Fprintf(stdout, "%d changes, %d incompatible: a major version, for new enrolments only\n", len(r.Changes), bad)
	default:
		fmt.Fprintf(stdout, "%d changes, all compatible: a minor version that running enrolments may move to\n", len(r.Changes))
	}
	if err := r.CheckVersion(); err != nil {
		fmt.Fprintf(stdout, "version: %v\n", err)
	}
	return nil
}

// loadVersion reads a bundle folder, or builds a program folder in memory.
func loadVersion(dir string) (*bundle.Bundle, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return bundle.ReadDir(dir)
	}
	res, err := compiler.BuildDir(dir, compiler.Options{})
	if err != nil {
		return nil, err
	}
	if res.Bundle == nil {
		return nil, fmt.Errorf("%s does not build:\n%v", dir, res.Diagnostics)
	}
	return res.Bundle, nil
}
