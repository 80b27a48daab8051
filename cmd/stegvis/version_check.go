package main

import (
	"errors"
	"fmt"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
	"github.com/stegvis/stegvis/themes"
)

// checkVersion refuses a build whose version number does not fit its
// changes against the previous version's bundle, saying why in the
// language of cat.
func checkVersion(cat *themes.Catalog, previous string, res *compiler.Result) error {
	old, err := bundle.ReadDir(previous)
	if err != nil {
		return fmt.Errorf("--previous: %w", err)
	}
	if old.Program.ID != res.Program.ID {
		return errors.New(cat.T("cli.build.previous_other", old.Program.ID, res.Program.ID))
	}
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
