// Package sign signs and verifies bundles with a publisher key, so that a
// region can share its programs and another region can check who built a
// bundle and that nothing in it changed since.
//
// A publisher key is an ed25519 key pair. The private key is a PEM file
// ("PRIVATE KEY", PKCS #8) that only the publisher keeps, outside any
// repository; the public key is a PEM file ("PUBLIC KEY", PKIX) or, where
// one line is handier, its 32 raw bytes in standard base64. A key's
// fingerprint is the SHA-256 of the raw public key in lower-case base32
// without padding; its short form, the first 16 characters in groups of
// four, is what people compare by eye.
//
// Signing puts the publisher's public key and fingerprint in the manifest,
// so the bundle's hash and name cover them, and writes signature.json
// beside the manifest: the ed25519 signature of the manifest's bytes.
// ed25519 is deterministic, so the same content signed with the same key
// gives the same bytes.
package sign

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
)

// Algorithm is the only signature algorithm of signature.json.
const Algorithm = "ed25519"

// Errors of verifying a bundle.
var (
	// ErrUnsigned means a bundle has no signature, or its manifest names
	// no publisher.
	ErrUnsigned = errors.New("the bundle is not signed")
	// ErrBadSignature means a bundle's signature does not verify with the
	// key its manifest names: the manifest, or the signature, changed after
	// signing.
	ErrBadSignature = errors.New("the bundle's signature does not verify")
)

// Signature is signature.json: the ed25519 signature of manifest.json by
// the key whose fingerprint it names.
type Signature struct {
	Algorithm   string `json:"algorithm"`
	Fingerprint string `json:"fingerprint"`
	// Signature is the 64-byte signature in standard base64.
	Signature string `json:"signature"`
}

var fingerprintEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Fingerprint returns the fingerprint of a public key.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return strings.ToLower(fingerprintEncoding.EncodeToString(sum[:]))
}

// Short returns the short form of a fingerprint: its first 16 characters
// in groups of four ("abcd-efgh-ijkl-mnop").
func Short(fingerprint string) string {
	if len(fingerprint) < 16 {
		return fingerprint
	}
	f := fingerprint[:16]
	return f[:4] + "-" + f[4:8] + "-" + f[8:12] + "-" + f[12:]
}

// IsFingerprint reports whether s has the form of a fingerprint.
func IsFingerprint(s string) bool {
	if len(s) != 52 || strings.ToLower(s) != s {
		return false
	}
	b, err := fingerprintEncoding.DecodeString(strings.ToUpper(s))
	return err == nil && len(b) == sha256.Size
}

// NewKey makes a publisher key from the random bytes of r
// (crypto/rand.Reader, or a fixed reader in tests).
func NewKey(r io.Reader) (ed25519.PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(r)
	if err != nil {
		return nil, fmt.Errorf("new publisher key: %w", err)
	}
	return priv, nil
}

// MarshalPrivate returns the private key as a PEM "PRIVATE KEY" block.
func MarshalPrivate(priv ed25519.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("marshal private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// MarshalPublic returns the public key as a PEM "PUBLIC KEY" block.
func MarshalPublic(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("marshal public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePrivate reads a private key file as MarshalPrivate writes it.
func ParsePrivate(data []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" file, as stegvis keys new writes")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("private key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key is a %T, not an ed25519 key", k)
	}
	return priv, nil
}

// ParsePublic reads a public key: a PEM "PUBLIC KEY" block or the raw key
// in standard base64.
func ParsePublic(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if block, _ := pem.Decode([]byte(s)); block != nil {
		if block.Type != "PUBLIC KEY" {
			return nil, fmt.Errorf("a PEM %q block, not \"PUBLIC KEY\"", block.Type)
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("public key: %w", err)
		}
		pub, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("public key is a %T, not an ed25519 key", k)
		}
		return pub, nil
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%q is neither a PEM public key nor %d bytes in base64", s, ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(raw), nil
}

// Publisher returns the manifest's publisher for a public key.
func Publisher(pub ed25519.PublicKey) *designer.Publisher {
	return &designer.Publisher{Key: base64.StdEncoding.EncodeToString(pub), Fingerprint: Fingerprint(pub)}
}

// Bundle returns b signed with priv: a new bundle whose manifest names the
// publisher, with its hash and name, and signature.json. b itself is
// unchanged; a signature it had is replaced.
func Bundle(b *bundle.Bundle, priv ed25519.PrivateKey) (*bundle.Bundle, error) {
	m := b.Manifest
	m.Publisher = Publisher(priv.Public().(ed25519.PublicKey))
	mb := bundle.ManifestBytes(m)
	sig, err := priv.Sign(nil, mb, crypto.Hash(0))
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", b.Name, err)
	}
	sb, err := json.MarshalIndent(Signature{Algorithm: Algorithm, Fingerprint: m.Publisher.Fingerprint, Signature: base64.StdEncoding.EncodeToString(sig)}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", b.Name, err)
	}
	sum := sha256.Sum256(mb)
	h := hex.EncodeToString(sum[:])
	return &bundle.Bundle{
		Name:      designer.BundleName(b.Program.ID, b.Program.Version, h),
		Hash:      h,
		Manifest:  m,
		Files:     b.Files,
		Program:   b.Program,
		Signature: append(sb, '\n'),
	}, nil
}

// Verify checks that manifest, the bytes of a bundle's manifest.json, is
// signed by sig, its signature.json, with the key the manifest names, and
// returns that publisher. It returns ErrUnsigned when either is missing
// and ErrBadSignature when the signature does not verify. It does not
// say whether the publisher is trusted, nor check the files against the
// manifest: the bundle's reader does that.
func Verify(manifest, sig []byte) (*designer.Publisher, error) {
	var m designer.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if m.Publisher == nil || len(sig) == 0 {
		return nil, ErrUnsigned
	}
	pub, err := ParsePublic(m.Publisher.Key)
	if err != nil {
		return nil, fmt.Errorf("the manifest's publisher key: %w: %w", err, ErrBadSignature)
	}
	if Fingerprint(pub) != m.Publisher.Fingerprint {
		return nil, fmt.Errorf("the manifest's fingerprint %s is not its key's (%s): %w", m.Publisher.Fingerprint, Fingerprint(pub), ErrBadSignature)
	}
	var s Signature
	dec := json.NewDecoder(bytes.NewReader(sig))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", designer.SignatureFile, err, ErrBadSignature)
	}
	if s.Algorithm != Algorithm {
		return nil, fmt.Errorf("%s: algorithm %q, not %q: %w", designer.SignatureFile, s.Algorithm, Algorithm, ErrBadSignature)
	}
	if s.Fingerprint != m.Publisher.Fingerprint {
		return nil, fmt.Errorf("%s names the key %s, the manifest %s: %w", designer.SignatureFile, Short(s.Fingerprint), Short(m.Publisher.Fingerprint), ErrBadSignature)
	}
	raw, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(raw) != ed25519.SignatureSize || !ed25519.Verify(pub, manifest, raw) {
		return nil, ErrBadSignature
	}
	return m.Publisher, nil
}

// VerifyBundle verifies a bundle read by designer/bundle, whose manifest
// bytes are those ManifestBytes gives (as stegvis writes every bundle).
func VerifyBundle(b *bundle.Bundle) (*designer.Publisher, error) {
	mb := bundle.ManifestBytes(b.Manifest)
	sum := sha256.Sum256(mb)
	if hex.EncodeToString(sum[:]) != b.Hash {
		return nil, fmt.Errorf("verify %s: manifest.json is not as stegvis writes it: %w", b.Name, ErrBadSignature)
	}
	p, err := Verify(mb, b.Signature)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", b.Name, err)
	}
	return p, nil
}
