package main

import (
	"os"

	"github.com/stegvis/stegvis/runtime"
)

// readTrust reads the trust file of --trust: the publishers of other
// regions whose signed bundles unit admins may import (see
// runtime.ParseTrust). No file trusts no one.
func readTrust(path string) (*runtime.Trust, error) {
	if path == "" {
		return runtime.NewTrust(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return runtime.ParseTrust(f, path)
}
