package main

import (
	"fmt"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
)

// checkVersion refuses a build whose version number does not fit its
// changes against the previous version's bundle.
func checkVersion(previous string, res *compiler.Result) error {
	old, err := bundle.ReadDir(previous)
	if err != nil {
		return fmt.Errorf("--previous: %w", err)
	}
	if old.Program.ID != res.Program.ID {
		return fmt.Errorf("--previous is a bundle of %q, not of %q", old.Program.ID, res.Program.ID)
	}
	if err := diff.Bundles(old, res.Bundle).CheckVersion(); err != nil {
		return fmt.Errorf("%s: %w", res.Program.ID, err)
	}
	return nil
}
