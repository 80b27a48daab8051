package runtime

import (
	"bufio"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer/sign"
)

// Provenance: programs shared between regions. A region signs its bundles
// with its publisher key (designer/sign) and lists them in a catalogue;
// another region trusts some publishers' keys (Trust, the file "stegvis
// serve --trust" reads) and imports their signed bundles. An imported
// publication keeps where it comes from (Provenance), and the publisher
// whose bundle brought a program id into this store first owns that id:
// only that publisher's bundles are its next versions.

// Provenance says where an imported bundle comes from: the trusted
// publisher who signed it and the hash its signature covers.
type Provenance struct {
	// Publisher is the publisher's name in the trust list when imported.
	Publisher string `json:"publisher"`
	// Fingerprint is the fingerprint of the publisher's key.
	Fingerprint string `json:"fingerprint"`
	// Hash is the bundle's full hash (the SHA-256 of its signed manifest).
	Hash string `json:"hash"`
	// Catalogue is where the bundle was found: a URL or a file path.
	Catalogue string `json:"catalogue,omitempty"`
}

// ownerKeyPrefix marks an owner that is a publisher key, not a unit; unit
// ids never hold a colon.
const ownerKeyPrefix = "key:"

// Owner returns who a publication claims its program id for: the
// publisher key of an imported bundle ("key:<fingerprint>"), else the
// unit that published it ("" for the operator).
func (p Publication) Owner() string {
	if p.Provenance != nil {
		return ownerKeyPrefix + p.Provenance.Fingerprint
	}
	return p.Unit
}

// OwnerIsPublisher reports whether owner, as Owner returns it, is a
// publisher key from another region.
func OwnerIsPublisher(owner string) bool { return strings.HasPrefix(owner, ownerKeyPrefix) }

// ownerName words an owner for a refusal.
func ownerName(owner string) string {
	switch {
	case owner == "":
		return "the operator"
	case OwnerIsPublisher(owner):
		return "publisher " + sign.Short(strings.TrimPrefix(owner, ownerKeyPrefix))
	}
	return "unit " + owner
}

// TrustedPublisher is a publisher whose signed bundles this region imports.
type TrustedPublisher struct {
	// Name is what the region calls the publisher ("Region Exempel").
	Name string
	// Fingerprint is the fingerprint of the publisher's key.
	Fingerprint string
	// Catalogue is where the publisher's catalogue is read: an https://
	// URL of its catalogue.json, or a file path; empty when none is known.
	Catalogue string
}

// Trust is the list of trusted publishers.
type Trust struct {
	publishers []TrustedPublisher
}

// ErrUntrusted means a bundle is signed by a publisher the region does
// not trust.
var ErrUntrusted = errors.New("the publisher is not trusted")

// NewTrust returns a trust list of the given publishers.
func NewTrust(ps ...TrustedPublisher) *Trust {
	return &Trust{publishers: slices.Clone(ps)}
}

// ParseTrust reads a trust file: one publisher a line, as
//
//	NAME… KEY [CATALOGUE]
//
// where KEY is the fingerprint of the publisher's key or its public key in
// base64 (the body of publisher.pub), NAME is every word before it, and
// CATALOGUE the URL or path of its catalogue.json. Blank lines and lines
// starting with # are skipped. file names the file in errors, which give
// its line.
func ParseTrust(r io.Reader, file string) (*Trust, error) {
	t := &Trust{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		at, fp := -1, ""
		for i, f := range fields {
			if sign.IsFingerprint(f) {
				at, fp = i, f
				break
			}
			if pub, err := sign.ParsePublic(f); err == nil && len(pub) == ed25519.PublicKeySize {
				at, fp = i, sign.Fingerprint(pub)
				break
			}
		}
		switch {
		case at < 0:
			return nil, fmt.Errorf("%s:%d: no key: want NAME KEY [CATALOGUE], KEY a fingerprint (52 characters) or a public key in base64", file, n)
		case at == 0:
			return nil, fmt.Errorf("%s:%d: no name before the key", file, n)
		case len(fields) > at+2:
			return nil, fmt.Errorf("%s:%d: %q after the catalogue: want NAME KEY [CATALOGUE]", file, n, strings.Join(fields[at+2:], " "))
		}
		p := TrustedPublisher{Name: strings.Join(fields[:at], " "), Fingerprint: fp}
		if len(fields) == at+2 {
			p.Catalogue = fields[at+1]
		}
		if _, ok := t.Publisher(fp); ok {
			return nil, fmt.Errorf("%s:%d: the key of %s is listed twice", file, n, p.Name)
		}
		t.publishers = append(t.publishers, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	return t, nil
}

// Publishers returns the trusted publishers in the order of the file.
func (t *Trust) Publishers() []TrustedPublisher {
	if t == nil {
		return nil
	}
	return slices.Clone(t.publishers)
}

// Publisher returns the trusted publisher with the fingerprint.
func (t *Trust) Publisher(fingerprint string) (TrustedPublisher, bool) {
	if t == nil {
		return TrustedPublisher{}, false
	}
	for _, p := range t.publishers {
		if p.Fingerprint == fingerprint {
			return p, true
		}
	}
	return TrustedPublisher{}, false
}

// CheckPublisher returns the trusted publisher of a bundle signed with the
// key of fingerprint, or ErrUntrusted.
func (t *Trust) CheckPublisher(fingerprint string) (TrustedPublisher, error) {
	p, ok := t.Publisher(fingerprint)
	if !ok {
		return TrustedPublisher{}, fmt.Errorf("publisher %s: %w", sign.Short(fingerprint), ErrUntrusted)
	}
	return p, nil
}
