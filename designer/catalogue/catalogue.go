// Package catalogue makes and reads a region's catalogue: the static index
// of the signed bundles it shares, which another region reads as a file or
// over HTTPS to import them.
//
// A catalogue is a folder holding catalogue.json, index.html (the same for
// people) and each listed bundle as <name>.zip beside them, so the folder
// can be served as it is by any web server. catalogue.json names every
// zip by its file name, relative to itself, with its size and SHA-256, and
// each bundle by its name and full hash and the publisher who signed it.
// The same bundles always give the same bytes.
package catalogue

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/sign"
)

// Schema is the version of the catalogue.json layout.
const Schema = 1

// File is the name of a catalogue's index.
const File = "catalogue.json"

// Catalogue is catalogue.json.
type Catalogue struct {
	Schema int `json:"schema"`
	// Region is the name the publishing region gives itself.
	Region   string     `json:"region,omitempty"`
	Programs []*Program `json:"programs"`
}

// Program is one shared program and its versions, newest first.
type Program struct {
	ID string `json:"id"`
	// Title, Description and Presentation (HTML) are those of the newest
	// version.
	Title        string             `json:"title"`
	Description  string             `json:"description,omitempty"`
	Presentation string             `json:"presentation_html,omitempty"`
	Publisher    designer.Publisher `json:"publisher"`
	Versions     []*Version         `json:"versions"`
}

// Version is one signed bundle of a program.
type Version struct {
	Version string `json:"version"`
	// Bundle is the bundle's name, Hash its full hash.
	Bundle string `json:"bundle"`
	Hash   string `json:"hash"`
	// File is the bundle's zip, relative to catalogue.json, with its size
	// and SHA-256.
	File   string `json:"file"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Date   string `json:"date,omitempty"`
}

// Errors of Make, each wrapped with the bundle it is about.
var (
	// ErrUnsigned means a bundle to list is not signed.
	ErrUnsigned = errors.New("not signed: build it with --sign KEY to share it")
	// ErrTwoPublishers means versions of one program are signed with
	// different keys.
	ErrTwoPublishers = errors.New("a program has one publisher")
)

// Entry is a bundle to list with its zip's bytes.
type Entry struct {
	Bundle *bundle.Bundle
	Zip    []byte
}

// Zip returns the zip of b as WriteZip writes it.
func Zip(b *bundle.Bundle) ([]byte, error) {
	var buf bytes.Buffer
	if err := b.WriteZip(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Make makes the catalogue of region's signed bundles. Every bundle must
// be signed, with a signature that verifies; the versions of one program
// must share its publisher and one version one bundle.
func Make(region string, entries []Entry) (*Catalogue, error) {
	byID := map[string]*Program{}
	for _, e := range entries {
		b := e.Bundle
		pub, err := sign.VerifyBundle(b)
		if err != nil {
			if errors.Is(err, sign.ErrUnsigned) {
				return nil, fmt.Errorf("%s is %w", b.Name, ErrUnsigned)
			}
			return nil, err
		}
		p := byID[b.Program.ID]
		if p == nil {
			p = &Program{ID: b.Program.ID, Publisher: *pub}
			byID[b.Program.ID] = p
		}
		if p.Publisher.Fingerprint != pub.Fingerprint {
			return nil, fmt.Errorf("%s is signed by %s, other versions of %s by %s: %w", b.Name, sign.Short(pub.Fingerprint), b.Program.ID, sign.Short(p.Publisher.Fingerprint), ErrTwoPublishers)
		}
		sum := sha256.Sum256(e.Zip)
		v := &Version{Version: b.Program.Version, Bundle: b.Name, Hash: b.Hash, File: b.Name + ".zip", Size: int64(len(e.Zip)), SHA256: hex.EncodeToString(sum[:]), Date: b.Program.Date}
		for _, o := range p.Versions {
			if o.Version == v.Version && o.Bundle != v.Bundle {
				return nil, fmt.Errorf("%s and %s are both version %s: a version has one bundle", o.Bundle, v.Bundle, v.Version)
			}
		}
		if slices.ContainsFunc(p.Versions, func(o *Version) bool { return o.Bundle == v.Bundle }) {
			continue
		}
		p.Versions = append(p.Versions, v)
		slices.SortFunc(p.Versions, func(a, b *Version) int { return compareVersions(b.Version, a.Version) })
		if p.Versions[0] == v {
			p.Title, p.Description, p.Presentation = b.Program.Title, b.Program.Description, b.Program.Presentation
		}
	}
	c := &Catalogue{Schema: Schema, Region: region, Programs: []*Program{}}
	for _, p := range byID {
		c.Programs = append(c.Programs, p)
	}
	slices.SortFunc(c.Programs, func(a, b *Program) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

// Bytes returns catalogue.json.
func (c *Catalogue) Bytes() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		panic(fmt.Sprintf("catalogue: marshal: %v", err)) // plain structs always marshal
	}
	return buf.Bytes()
}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	hashRE = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Parse reads catalogue.json and checks that it is one: what another
// region serves is not trusted, so every name, file and hash must have
// its form (the bundles' signatures are checked when one is imported).
func Parse(data []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if c.Schema != Schema {
		return nil, fmt.Errorf("catalogue: schema %d, this stegvis reads %d", c.Schema, Schema)
	}
	for _, p := range c.Programs {
		if p == nil || !idRE.MatchString(p.ID) {
			return nil, errors.New("catalogue: a program without a valid id")
		}
		if !sign.IsFingerprint(p.Publisher.Fingerprint) {
			return nil, fmt.Errorf("catalogue: %s: the publisher's fingerprint %q is not one", p.ID, p.Publisher.Fingerprint)
		}
		for _, v := range p.Versions {
			if v == nil {
				return nil, fmt.Errorf("catalogue: %s: an empty version", p.ID)
			}
			id, version, short, err := designer.ParseBundleName(v.Bundle)
			switch {
			case err != nil:
				return nil, fmt.Errorf("catalogue: %s: %w", p.ID, err)
			case id != p.ID || version != v.Version || !hashRE.MatchString(v.Hash) || !strings.HasPrefix(v.Hash, short):
				return nil, fmt.Errorf("catalogue: %s: the bundle %s does not match its version %s and hash", p.ID, v.Bundle, v.Version)
			case !hashRE.MatchString(v.SHA256) || v.Size <= 0 || v.Size > bundle.MaxZipSize:
				return nil, fmt.Errorf("catalogue: %s: the file of %s has no valid size or SHA-256", p.ID, v.Bundle)
			case v.File == "" || path.Base(v.File) != v.File || strings.ContainsAny(v.File, `\:?#%`) || v.File[0] == '.':
				return nil, fmt.Errorf("catalogue: %s: the file %q of %s is not a plain file name beside the catalogue", p.ID, v.File, v.Bundle)
			}
		}
	}
	return &c, nil
}

// Find returns the program and version of the bundle named bundle.
func (c *Catalogue) Find(bundle string) (*Program, *Version, bool) {
	for _, p := range c.Programs {
		for _, v := range p.Versions {
			if v.Bundle == bundle {
				return p, v, true
			}
		}
	}
	return nil, nil, false
}

// compareVersions orders MAJOR.MINOR versions by number.
func compareVersions(a, b string) int {
	var am, an, bm, bn int
	fmt.Sscanf(a, "%d.%d", &am, &an)
	fmt.Sscanf(b, "%d.%d", &bm, &bn)
	if am != bm {
		return am - bm
	}
	return an - bn
}
