package designer

import (
	"fmt"
	"regexp"
)

// Bundle paths of the files every bundle has.
const (
	ProgramFile  = "program.json"
	ManifestFile = "manifest.json"
	// SignatureFile holds a signed bundle's signature of manifest.json
	// (see designer/sign). The manifest cannot list it, as it signs the
	// manifest; the manifest names the publisher whose key made it.
	SignatureFile = "signature.json"
)

// Manifest lists every file of a bundle but itself, sorted by path, with
// its size and SHA-256. The bundle's hash is the SHA-256 of the manifest's
// bytes, so it covers every file.
type Manifest struct {
	Schema  int          `json:"schema"`
	Program string       `json:"program"`
	Version string       `json:"version"`
	Files   []BundleFile `json:"files"`
	// Publisher is the publisher who signed the bundle, nil when it is
	// unsigned. It is part of the manifest, so the bundle's hash and name
	// cover who published it.
	Publisher *Publisher `json:"publisher,omitempty"`
}

// Publisher is the public half of a publisher key (ed25519): a region's
// identity as the publisher of the programs it shares.
type Publisher struct {
	// Key is the raw ed25519 public key in standard base64.
	Key string `json:"key"`
	// Fingerprint is the SHA-256 of the raw key in lower-case base32
	// without padding (see designer/sign.Fingerprint).
	Fingerprint string `json:"fingerprint"`
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
