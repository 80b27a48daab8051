package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
)

func init() {
	register(command{
		name:    "build",
		usage:   "DIR -o OUT [--previous BUNDLE|DIR|URL] [--no-pdf] [--zip]",
		summary: "build each program in DIR into a versioned, deterministic bundle under OUT",
		run:     runBuild,
	})
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	c := command{name: "build", usage: "DIR -o OUT [--previous BUNDLE|DIR|URL] [--no-pdf] [--zip]"}
	fs, cat, lang := designerFlags(c, args, stderr)
	out := fs.String("o", "", cat.T("cli.build.flag.o"))
	previous := fs.String("previous", "", cat.T("cli.build.flag.previous"))
	noPDF := fs.Bool("no-pdf", false, cat.T("cli.build.flag.no_pdf"))
	zipped := fs.Bool("zip", false, cat.T("cli.build.flag.zip"))
	signKey := fs.String("sign", "", cat.T("cli.build.flag.sign"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if err := oneDir(fs, cat, pos); err != nil {
		return err
	}
	if *out == "" {
		return usageError(fs, cat, "cli.build.no_out")
	}
	dirs, err := programs(pos[0], cat)
	if err != nil {
		return err
	}
	if *previous != "" && len(dirs) != 1 && oneBundle(*previous) {
		return errors.New(cat.T("cli.build.previous_many"))
	}
	signBundle, err := signWith(*signKey)
	if err != nil {
		return err
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
		if report(stderr, cat, dir, res.Diagnostics, true) {
			failed = true
			continue
		}
		if *previous != "" {
			if err := checkVersion(cat, stderr, *previous, res); err != nil {
				return err
			}
		}
		if res.Bundle, err = signBundle(res.Bundle); err != nil {
			return err
		}
		path, err := res.Bundle.WriteDir(*out)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, cat.T("cli.build.done", path, len(res.Bundle.Manifest.Files)+1, res.Bundle.Size(), res.Program.StepCount()))
		if *zipped {
			zpath, err := writeZip(res.Bundle, *out)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, cat.T("cli.build.zipped", zpath))
		}
	}
	if failed {
		return exitError(1)
	}
	return nil
}

// writeZip writes the bundle's zip beside its folder, for uploading on the
// admin page. It is written whole or not at all.
func writeZip(b *bundle.Bundle, out string) (string, error) {
	path := filepath.Join(out, b.Name+".zip")
	tmp, err := os.CreateTemp(out, ".tmp-*.zip")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if err := b.WriteZip(tmp); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}
