package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/stegvis/stegvis/designer/sign"
)

var keysCmd = command{
	name:    "keys",
	usage:   "new --out DIR [--force]",
	summary: "make the region's publisher key (ed25519) that signs shared bundles",
}

func init() {
	c := keysCmd
	c.run = runKeys
	register(c)
}

func runKeys(args []string, stdout, stderr io.Writer) error {
	fs, cat, lang := designerFlags(keysCmd, args, stderr)
	out := fs.String("out", "", cat.T("cli.keys.flag.out"))
	force := fs.Bool("force", false, cat.T("cli.keys.flag.force"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usageError(fs, cat, "cli.keys.no_sub")
	case pos[0] != "new":
		return usageError(fs, cat, "cli.keys.unknown_sub", pos[0])
	case len(pos) > 1:
		return usageError(fs, cat, "cli.args.too_many")
	case *out == "":
		return usageError(fs, cat, "cli.keys.no_out")
	}
	root, err := sign.GitWorkTree(*out)
	if err != nil {
		return err
	}
	if root != "" && !*force {
		return errors.New(cat.T("cli.keys.in_git", *out, root))
	}
	priv, err := sign.NewKey(rand.Reader)
	if err != nil {
		return err
	}
	privPath, pubPath, err := sign.WriteKeyFiles(*out, priv)
	if err != nil {
		return err
	}
	fp := sign.Fingerprint(priv.Public().(ed25519.PublicKey))
	fmt.Fprintln(stdout, cat.T("cli.keys.done", privPath, pubPath, sign.Short(fp), fp))
	return nil
}
