package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"syscall"
	"time"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/runtime/publish"
)

var publishCmd = command{
	name:    "publish",
	usage:   "BUNDLE... [--store FILE|redis://…] [--by NAME] [--keep DIR]",
	summary: "verify built bundles (folders or .zip files) and publish them to the store, for units to activate",
}

func init() {
	c := publishCmd
	c.run = runPublish
	register(c)
}

func runPublish(args []string, stdout, stderr io.Writer) error {
	fs, cat, lang := designerFlags(publishCmd, args, stderr)
	storeSpec := fs.String("store", defaultStore, cat.T("cli.publish.flag.store"))
	by := fs.String("by", "", cat.T("cli.publish.flag.by"))
	keep := fs.String("keep", "", cat.T("cli.publish.flag.keep"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError(fs, cat, "cli.args.no_bundle")
	}
	if *by == "" {
		if u, err := user.Current(); err == nil {
			*by = u.Username
		}
	}
	store, err := openStore(*storeSpec, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, cancel := signalContext()
	defer cancel()
	for _, dir := range pos {
		pub, err := publish.File(ctx, store, dir, *by, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, cat.T("cli.publish.done", pub.Bundle, pub.Program, pub.Version))
		if *keep != "" {
			kept, err := keepBundle(dir, *keep)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, cat.T("cli.publish.kept", kept))
		}
	}
	return nil
}

// keepBundle writes a copy of the published bundle at path (a folder or a
// zip) into the folder of published bundles, where build --previous DIR
// finds it.
func keepBundle(path, dir string) (string, error) {
	b, err := bundle.ReadPath(path)
	if err != nil {
		return "", fmt.Errorf("--keep: %w", err)
	}
	kept, err := b.WriteDir(dir)
	if err != nil {
		return "", fmt.Errorf("--keep: %w", err)
	}
	return kept, nil
}

// signalContext is cancelled by an interrupt.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
