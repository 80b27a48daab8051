package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/catalogue"
)

var catalogueCmd = command{
	name:    "catalogue",
	usage:   "--out DIR [--name REGION] BUNDLE...",
	summary: "write the static catalogue of the region's signed bundles, for other regions to import",
}

func init() {
	c := catalogueCmd
	c.run = runCatalogue
	register(c)
}

func runCatalogue(args []string, stdout, stderr io.Writer) error {
	fs, cat, lang := designerFlags(catalogueCmd, args, stderr)
	out := fs.String("out", "", cat.T("cli.catalogue.flag.out"))
	name := fs.String("name", "", cat.T("cli.catalogue.flag.name"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usageError(fs, cat, "cli.args.no_bundle")
	case *out == "":
		return usageError(fs, cat, "cli.catalogue.no_out")
	}
	var entries []catalogue.Entry
	seen := map[string]bool{}
	for _, p := range pos {
		paths, err := bundlePaths(p)
		if err != nil {
			return err
		}
		for _, path := range paths {
			b, err := readBundle(path)
			if err != nil {
				return err
			}
			if seen[b.Name] {
				continue
			}
			seen[b.Name] = true
			zip, err := catalogue.Zip(b)
			if err != nil {
				return err
			}
			entries = append(entries, catalogue.Entry{Bundle: b, Zip: zip})
		}
	}
	c, err := catalogue.Make(*name, entries)
	switch {
	case errors.Is(err, catalogue.ErrUnsigned):
		return fmt.Errorf("%s: %s", cat.T("cli.catalogue.unsigned"), err)
	case errors.Is(err, catalogue.ErrTwoPublishers):
		return fmt.Errorf("%s: %s", cat.T("cli.catalogue.two_publishers"), err)
	case err != nil:
		return err
	}
	if err := catalogue.WriteDir(*out, *lang, c, entries); err != nil {
		return err
	}
	fmt.Fprintln(stdout, cat.T("cli.catalogue.done", filepath.Join(*out, catalogue.File), len(c.Programs), len(entries)))
	return nil
}

// bundlePaths returns the bundles at p: p itself when it is a bundle
// folder or a zip, else every bundle folder and zip in the folder p (a
// build's output folder), sorted.
func bundlePaths(p string) ([]string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{p}, nil
	}
	if _, err := os.Stat(filepath.Join(p, designer.ManifestFile)); err == nil {
		return []string{p}, nil
	}
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, de := range des {
		n := de.Name()
		if _, _, _, err := designer.ParseBundleName(strings.TrimSuffix(n, ".zip")); err != nil {
			continue
		}
		out = append(out, filepath.Join(p, n))
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no bundle", p)
	}
	return out, nil
}

// readBundle reads and verifies a bundle folder or zip.
func readBundle(path string) (*bundle.Bundle, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return bundle.ReadDir(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, _, err := bundle.ReadZip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
