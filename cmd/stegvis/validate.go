package main

import (
	"fmt"
	"io"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
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
	c := command{name: "validate", usage: "[flags] DIR", summary: "Checks every program in DIR (a program folder, or a folder of program folders): YAML and front matter,\nunknown keys, ids and references, conditions, scoring and its test cases, flags, media,\naccessibility and readability. Exits 1 if there are errors; warnings do not stop a build."}
	fs := newFlags(c, stderr)
	quiet := fs.Bool("q", false, "print errors only, not warnings")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	dirs, err := compiler.Programs(pos[0])
	if err != nil {
		return err
	}
	failed := false
	for _, dir := range dirs {
		res, err := compiler.BuildDir(dir, compiler.Options{})
		if err != nil {
			return err
		}
		if report(stdout, dir, res.Diagnostics, *quiet) {
			failed = true
		}
	}
	if failed {
		return exitError(1)
	}
	return nil
}

// report prints diagnostics and a summary line for one program, and
// reports whether there were errors.
func report(w io.Writer, dir string, ds designer.Diagnostics, quiet bool) bool {
	for _, d := range ds {
		if quiet && d.Severity == designer.Warning {
			continue
		}
		fmt.Fprintln(w, d)
	}
	errs, warns := ds.Count()
	if errs > 0 {
		fmt.Fprintf(w, "%s: %d errors, %d warnings\n", dir, errs, warns)
		return true
	}
	fmt.Fprintf(w, "%s: no errors, %d warnings\n", dir, warns)
	return false
}
