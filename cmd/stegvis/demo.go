package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
)

func init() {
	register(command{
		name:    "demo",
		usage:   "[--addr HOST:PORT] [--store FILE] [--clock-offset 8d] [--lang sv|en] [DIR]",
		summary: "build, publish and serve the programs in DIR (default content) with demo users, on a fresh store",
		run:     runDemo,
	})
}

// runDemo is build, publish and serve --dev --demo in one: what `make run` does.
func runDemo(args []string, stdout, stderr io.Writer) error {
	c := command{name: "demo", usage: "[--addr HOST:PORT] [--store FILE] [--clock-offset 8d] [--lang sv|en] [DIR]"}
	fs, cat, lang := commandFlags(c, args, stderr, "cli.serve.flag.lang")
	fs.Lookup("lang").DefValue = "" // as for serve: pages follow the browser
	addr := fs.String("addr", "127.0.0.1:8080", cat.T("cli.demo.flag.addr"))
	store := fs.String("store", "var/demo.db", cat.T("cli.demo.flag.store"))
	offset := fs.String("clock-offset", "", cat.T("cli.demo.flag.clock_offset"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	dir := "content"
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return usageError(fs, cat, "cli.args.too_many", strings.Join(pos[1:], " "))
	}
	// Listen first: a busy port should stop the demo before it builds and
	// empties its store, not after.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return errors.New(cat.T("cli.serve.listen", *addr, err))
	}
	defer ln.Close()
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
	serveArgs := []string{"--dev", "--demo", "--store", *store, "--addr", *addr}
	if *offset != "" {
		if _, err := parseOffset(*offset); err != nil {
			return usageError(fs, cat, "cli.serve.bad_clock_offset", *offset)
		}
		serveArgs = append(serveArgs, "--clock-offset", *offset)
	}
	if flagSet(fs, "lang") {
		// Every page in that language; without it, each follows the browser.
		serveArgs = append(serveArgs, "--lang", *lang)
	}
	return serve(serveArgs, stdout, stderr, ln)
}
