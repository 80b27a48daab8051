package main

import (
	"fmt"
	"io"

	"github.com/stegvis/stegvis/designer/compiler"
)

func init() {
	register(command{
		name:    "build",
		usage:   "DIR -o OUT [--previous OLD_BUNDLE] [--no-pdf]",
		summary: "build each program in DIR into a versioned, deterministic bundle under OUT",
		run:     runBuild,
	})
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	c := command{name: "build", usage: "DIR -o OUT [--previous OLD_BUNDLE] [--no-pdf]", summary: "Builds every program in DIR (a program folder, or a folder of program folders) into\nOUT/<id>@<version>+<hash>: program.json, rendered steps, media under hashed names,\nPDFs and manifest.json. The same content always gives the same bytes."}
	fs := newFlags(c, stderr)
	out := fs.String("o", "", "the folder to write bundles into (required)")
	previous := fs.String("previous", "", "the previous version's bundle folder: refuse a minor version over an incompatible change")
	noPDF := fs.Bool("no-pdf", false, "leave PDFs out (faster)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return errUsage
	}
	dirs, err := compiler.Programs(pos[0])
	if err != nil {
		return err
	}
	if *previous != "" && len(dirs) != 1 {
		return fmt.Errorf("--previous compares one program; give DIR as that program's folder")
	}
	opts := compiler.Options{}
	if !*noPDF {
		opts.PDF = pdfRenderer()
	}
	failed := false
	for _, dir := range dirs {
		res, err := compiler.BuildDir(dir, opts)
		if err != nil {
			return err
		}
		if report(stderr, dir, res.Diagnostics, true) {
			failed = true
			continue
		}
		if *previous != "" {
			if err := checkVersion(*previous, res); err != nil {
				return err
			}
		}
		path, err := res.Bundle.WriteDir(*out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s  %d files, %d bytes, %d steps\n", path, len(res.Bundle.Manifest.Files)+1, res.Bundle.Size(), res.Program.StepCount())
	}
	if failed {
		return exitError(1)
	}
	return nil
}
