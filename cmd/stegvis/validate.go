package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/themes"
)

func init() {
	register(command{
		name:    "validate",
		usage:   "[flags] DIR",
		summary: "check a program folder (or a folder of programs) and report every problem as file:line:col",
		run:     runValidate,
	})
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	c := command{name: "validate", usage: "[flags] DIR"}
	fs, cat, lang := designerFlags(c, args, stderr)
	quiet := fs.Bool("q", false, cat.T("cli.validate.flag.q"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if err := oneDir(fs, cat, pos); err != nil {
		return err
	}
	dirs, err := programs(pos[0], cat)
	if err != nil {
		return err
	}
	failed := false
	for _, dir := range dirs {
		res, err := compiler.BuildDir(dir, compiler.Options{})
		if err != nil {
			return err
		}
		if report(stdout, cat, dir, res.Diagnostics, *quiet) {
			failed = true
		}
	}
	if failed {
		return exitError(1)
	}
	return nil
}

// programs returns the program folders in dir, saying in the language of
// cat when there are none.
func programs(dir string, cat *themes.Catalog) ([]string, error) {
	dirs, err := compiler.Programs(dir)
	var none *compiler.NoProgramError
	var pe *fs.PathError
	switch {
	case errors.As(err, &none):
		return nil, errors.New(none.Format(cat.T))
	case errors.As(err, &pe):
		// The folder itself: what the system says is all there is to say.
		return nil, errors.New(cat.T("cli.os.path", pe.Path, osReason(cat, pe.Err)))
	}
	return dirs, err
}

// report prints diagnostics and a summary line for one program in the
// language of cat, and reports whether there were errors.
func report(w io.Writer, cat *themes.Catalog, dir string, ds designer.Diagnostics, quiet bool) bool {
	for _, d := range ds {
		if quiet && d.Severity == designer.Warning {
			continue
		}
		fmt.Fprintln(w, d.Format(cat.T))
	}
	errs, warns := ds.Count()
	if errs > 0 {
		fmt.Fprintln(w, cat.T("cli.validate.errors", dir, cat.N("cli.count.errors", errs), cat.N("cli.count.warnings", warns)))
		return true
	}
	fmt.Fprintln(w, cat.T("cli.validate.ok", dir, cat.N("cli.count.warnings", warns)))
	return false
}
