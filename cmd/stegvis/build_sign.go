package main

import (
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/sign"
)

// signWith returns the function that signs each built bundle with the
// private key in the file keyPath, or one that leaves bundles unsigned
// when keyPath is "". The key is read once, before anything is built.
func signWith(keyPath string) (func(*bundle.Bundle) (*bundle.Bundle, error), error) {
	if keyPath == "" {
		return func(b *bundle.Bundle) (*bundle.Bundle, error) { return b, nil }, nil
	}
	priv, err := sign.ReadPrivateFile(keyPath)
	if err != nil {
		return nil, err
	}
	return func(b *bundle.Bundle) (*bundle.Bundle, error) { return sign.Bundle(b, priv) }, nil
}
