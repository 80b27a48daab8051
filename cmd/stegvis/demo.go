package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func init() {
	register(command{
		name:    "demo",
		usage:   "[--addr HOST:PORT] [--store FILE] [--lang sv|en] [DIR]",
		summary: "build, publish and serve the programs in DIR (default content) with demo users, on a fresh store",
		run:     runDemo,
	})
}

// runDemo is build, publish and serve --dev --demo in one: what `make run` does.
func runDemo(args []string, stdout, stderr io.Writer) error {
	c := command{name: "demo", usage: "[--addr HOST:PORT] [--store FILE] [--lang sv|en] [DIR]", summary: "Builds every program in DIR (default content), publishes the bundles to a fresh embedded\nstore and serves them with the development sign-in and demo units, staff and citizens.\nThe store is emptied first, so edited content always publishes. For demos only."}
	fs := newFlags(c, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	store := fs.String("store", "var/demo.db", "the embedded store's file; it is emptied first")
	lang := fs.String("lang", "sv", "the language of the pages: sv or en")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	dir := "content"
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		fs.Usage()
		return errUsage
	}
	bundles, err := os.MkdirTemp("", "stegvis-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bundles)
	if err := runBuild([]string{dir, "-o", bundles}, io.Discard, stderr); err != nil {
		return err
	}
	names, err := filepath.Glob(filepath.Join(bundles, "*@*"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("%s built no bundle", dir)
	}
	if err := os.MkdirAll(filepath.Dir(*store), 0o755); err != nil {
		return err
	}
	if err := os.Remove(*store); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("empty the demo store: %w", err)
	}
	if err := runPublish(append(names, "--store", *store), io.Discard, stderr); err != nil {
		return err
	}
	return runServe([]string{"--dev", "--demo", "--store", *store, "--addr", *addr, "--lang", *lang}, stdout, stderr)
}
