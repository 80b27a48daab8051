package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
	"github.com/stegvis/stegvis/themes"
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
	c := command{name: "diff", usage: "[--json] OLD NEW"}
	fs, cat, lang := designerFlags(c, args, stderr)
	asJSON := fs.Bool("json", false, cat.T("cli.diff.flag.json"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError(fs, cat, "cli.diff.two", len(pos))
	}
	old, err := loadVersion(pos[0], cat)
	if err != nil {
		return err
	}
	nw, err := loadVersion(pos[1], cat)
	if err != nil {
		return err
	}
	if old.Program.ID != nw.Program.ID {
		return errors.New(cat.T("cli.diff.other_program", pos[0], old.Program.ID, pos[1], nw.Program.ID))
	}
	r := diff.Bundles(old, nw)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
		if r.CheckVersion() != nil {
			return exitError(1) // as without --json
		}
		return nil
	}
	fmt.Fprintln(stdout, cat.T("cli.diff.header", r.Program, r.OldVersion, r.NewVersion))
	for _, ch := range r.Changes {
		fmt.Fprintln(stdout, ch.Format(cat.T))
	}
	bad := len(r.Incompatible())
	switch {
	case len(r.Changes) == 0:
		fmt.Fprintln(stdout, cat.T("cli.diff.none"))
	case bad > 0:
		fmt.Fprintln(stdout, cat.N("cli.diff.incompatible", len(r.Changes), cat.N("cli.diff.incompatible_count", bad)))
	default:
		fmt.Fprintln(stdout, cat.N("cli.diff.compatible", len(r.Changes)))
	}
	err = r.CheckVersion()
	var verr *diff.VersionError
	switch {
	case errors.As(err, &verr):
		fmt.Fprintln(stdout, cat.T("cli.diff.version", verr.Format(cat.T)))
	case err != nil:
		fmt.Fprintln(stdout, cat.T("cli.diff.version", err))
	}
	if err != nil {
		// A wrong version number fails, as validate's errors do, so that
		// a script or CI step stops on it.
		return exitError(1)
	}
	return nil
}

// loadVersion reads a bundle folder, or builds a program folder in memory;
// a program that does not build is reported in the language of cat.
func loadVersion(dir string, cat *themes.Catalog) (*bundle.Bundle, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return bundle.ReadDir(dir)
	}
	res, err := compiler.BuildDir(dir, compiler.Options{})
	if err != nil {
		return nil, err
	}
	if res.Bundle == nil {
		var errs []string
		for _, d := range res.Diagnostics {
			if d.Severity == designer.Error {
				errs = append(errs, d.Format(cat.T))
			}
		}
		return nil, errors.New(cat.T("cli.diff.broken", dir, strings.Join(errs, "\n")))
	}
	return res.Bundle, nil
}
