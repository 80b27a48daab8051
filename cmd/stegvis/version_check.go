package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
	"github.com/stegvis/stegvis/themes"
)

// checkVersion refuses a build whose version number does not fit its
// changes against the previous version, saying why in the language of
// cat. previous is a bundle (folder or zip), a folder of published bundles
// or the address of a running stegvis; when it holds no version of the
// program, the build is the first and passes with a note on w.
func checkVersion(cat *themes.Catalog, w io.Writer, previous string, res *compiler.Result) error {
	old, from, err := previousBundle(previous, res.Program.ID)
	if errors.Is(err, bundle.ErrNoPrevious) {
		fmt.Fprintln(w, cat.T("cli.build.previous_none", err))
		return nil
	}
	if err != nil {
		return fmt.Errorf("--previous: %w", err)
	}
	if old.Program.ID != res.Program.ID {
		return errors.New(cat.T("cli.build.previous_other", old.Program.ID, res.Program.ID))
	}
	fmt.Fprintln(w, cat.T("cli.build.previous_from", res.Bundle.Name, from))
	err = diff.Bundles(old, res.Bundle).CheckVersion()
	var verr *diff.VersionError
	if errors.As(err, &verr) {
		return fmt.Errorf("%s: %s", res.Program.ID, verr.Format(cat.T))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", res.Program.ID, err)
	}
	return nil
}

// previousBundle reads the previous version of program from previous, and
// says where it found it.
func previousBundle(previous, program string) (*bundle.Bundle, string, error) {
	if isURL(previous) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		b, err := bundle.ReadPublished(ctx, &http.Client{Timeout: 30 * time.Second}, previous, program)
		if err != nil {
			return nil, "", err
		}
		return b, strings.TrimSuffix(previous, "/") + "/published/" + program, nil
	}
	path := previous
	if !oneBundle(previous) {
		var err error
		if path, err = bundle.Newest(previous, program); err != nil {
			return nil, "", err
		}
	}
	b, err := bundle.ReadPath(path)
	return b, path, err
}

// oneBundle reports whether previous names one bundle (a bundle folder or
// a zip) rather than a folder of them or an address.
func oneBundle(previous string) bool {
	if isURL(previous) {
		return false
	}
	fi, err := os.Stat(previous)
	if err != nil || !fi.IsDir() {
		return true // a zip, or a path that will fail with its own error
	}
	_, err = os.Stat(filepath.Join(previous, designer.ManifestFile))
	return err == nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
