package designer

import (
	"fmt"
	"regexp"
)

// Bundle paths of the files every bundle has.
const (
	ProgramFile  = "program.json"
	ManifestFile = "manifest.json"
)

// Manifest lists every file of a bundle but itself, sorted by path, with
// its size and SHA-256. The bundle's hash is the SHA-256 of the manifest's
// bytes, so it covers every file.
type Manifest struct {
	Schema  int          `json:"schema"`
	Program string       `json:"program"`
	Version string       `json:"version"`
	Files   []BundleFile `json:"files"`
}

// BundleFile is one file of a bundle.
type BundleFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// BundleName returns the name of a bundle: <id>@<version>+<short hash>.
func BundleName(id, version, hash string) string {
	if len(hash) > 12 {
		hash = hash[:12]
	}
	return fmt.Sprintf("%s@%s+%s", id, version, hash)
}

var bundleNameRE = regexp.MustCompile(`^([a-z0-9][a-z0-9-]*)@([0-9]+\.[0-9]+)\+([0-9a-f]{12})$`)

// ParseBundleName splits a bundle name into program id, version and short hash.
func ParseBundleName(name string) (id, version, hash string, err error) {
	m := bundleNameRE.FindStringSubmatch(name)
	if m == nil {
		return "", "", "", fmt.Errorf("%q is not a bundle name: want <id>@<major>.<minor>+<12 hex digits>", name)
	}
	return m[1], m[2], m[3], nil
}
