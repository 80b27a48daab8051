package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Publications: compiled bundles, which are published, and which bundle
// each unit runs of each program.

// BundleStore keeps compiled bundles, which programs are published and
// which bundle each unit runs.
type BundleStore interface {
	// PutBundle stores a bundle's files by their paths in the bundle
	// (program.json, manifest.json, steps/…, media/…, pdf/…). A bundle is
	// immutable: its name carries the hash of its content, so putting a
	// name that is already stored does nothing and returns nil. A bundle
	// without files is an error.
	PutBundle(ctx context.Context, name string, files map[string][]byte) error
	// BundleFile returns one file of a bundle.
	BundleFile(ctx context.Context, name, path string) ([]byte, error)
	// Bundles returns the names of the stored bundles, sorted.
	Bundles(ctx context.Context) ([]string, error)

	// Publish records that a stored bundle is published, so units can
	// activate it. It claims the version atomically: it returns
	// ErrVersionTaken when another bundle of the program is published with
	// p.Version, and ErrNotPublisher when p.Unit is set and the program id
	// belongs to another publisher (see Publication.Unit). Publishing the
	// same bundle again replaces the record. It returns ErrNotFound when
	// the bundle is not stored, and ErrInvalid when p names no program or
	// version.
	Publish(ctx context.Context, p Publication) error
	// Publications returns every publication, sorted by program and then
	// by time published.
	Publications(ctx context.Context) ([]Publication, error)

	// Activate makes a bundle the one a unit starts new enrolments of its
	// program on, replacing any earlier activation of that program. It
	// returns ErrNotFound when the bundle is not published, and ErrInvalid
	// when the activation names no unit or program.
	Activate(ctx context.Context, a Activation) error
	// Deactivate removes a unit's activation of a program; running
	// enrolments keep their bundle. It returns ErrNotFound when the program
	// is not active on the unit.
	Deactivate(ctx context.Context, unit, program string) error
	// Activation returns the activation of a program on a unit.
	Activation(ctx context.Context, unit, program string) (Activation, error)
	// Activations returns the programs active on a unit, sorted by program.
	Activations(ctx context.Context, unit string) ([]Activation, error)
}

// Publication says that a bundle is published: units may activate it.
type Publication struct {
	Program     string    `json:"program"`
	Version     string    `json:"version"`
	Bundle      string    `json:"bundle"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by,omitempty"`
	// Unit is the unit whose admin published the bundle on the programs
	// page; empty when the operator published it ("stegvis publish", the
	// demo). The publisher of a program's first version owns the program
	// id: only that unit publishes its next versions, and a program the
	// operator published first belongs to no unit. The operator may
	// publish any program.
	Unit string `json:"unit,omitempty"`
	// Provenance is set when the bundle was imported from another region
	// (see provenance.go): the publisher's key then owns the program id.
	Provenance *Provenance `json:"provenance,omitempty"`
}

// Errors of Publish.
var (
	// ErrVersionTaken means the program's version is already published
	// with another bundle: a published version never changes, so other
	// content needs a new version. It is an ErrExists.
	ErrVersionTaken = fmt.Errorf("version already published with other content: %w", ErrExists)
	// ErrNotPublisher means a unit tried to publish a version of a program
	// id that another unit, or the operator, published first.
	ErrNotPublisher = errors.New("the program is published by another publisher")
)

// Activation says which bundle of a program a unit starts enrolments on.
type Activation struct {
	Unit        string    `json:"unit"`
	Program     string    `json:"program"`
	Bundle      string    `json:"bundle"`
	ActivatedAt time.Time `json:"activated_at"`
	ActivatedBy string    `json:"activated_by,omitempty"`
}

// SortPublications sorts publications as Publications returns them: by
// program, then oldest published first, then by bundle.
func SortPublications(ps []Publication) {
	slices.SortFunc(ps, func(a, b Publication) int {
		if c := strings.Compare(a.Program, b.Program); c != 0 {
			return c
		}
		if c := a.PublishedAt.Compare(b.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Bundle, b.Bundle)
	})
}

// Claim is what a program's publications have claimed: the owner of the
// program id as Publication.Owner gives it (a unit, "" for the operator,
// or another region's publisher key), and the bundle published with a
// version ("" for none). Both stores record the claims and check a
// publication against them atomically; publications from before claims
// were recorded give the claims their defaults (PriorClaim).
type Claim struct {
	Owner  string
	Bundle string
}

// PriorClaim returns the claim on p's program and version that ps, sorted
// as SortPublications sorts them, imply: the unit of the program's first
// publication owns it (p.Unit for a new program), and the first bundle
// published with p.Version holds that version.
func PriorClaim(p Publication, ps []Publication) Claim {
	c := Claim{Owner: p.Owner()}
	first := true
	for _, q := range ps {
		if q.Program != p.Program {
			continue
		}
		if first {
			c.Owner, first = q.Owner(), false
		}
		if q.Version == p.Version && c.Bundle == "" {
			c.Bundle = q.Bundle
		}
	}
	return c
}

// Check checks p against the claim on its program and version: a unit
// publishes only programs it owns (ErrNotPublisher), the operator any of
// this region's; a program imported from another region takes versions
// only from its publisher's key, and an import only a program id that key
// owns; and a version holds one bundle (ErrVersionTaken).
func (c Claim) Check(p Publication) error {
	if c.Strict(p) && p.Owner() != c.Owner {
		return fmt.Errorf("%s belongs to %s: %w", p.Program, ownerName(c.Owner), ErrNotPublisher)
	}
	if c.Bundle != "" && c.Bundle != p.Bundle {
		return fmt.Errorf("%s %s is %s: %w", p.Program, p.Version, c.Bundle, ErrVersionTaken)
	}
	return nil
}

// Strict reports whether p must be published by the claim's very owner:
// when a unit publishes, and whenever another region's publisher is
// involved, as the program's owner or as p's. Only the operator
// publishing this region's programs is free of it.
func (c Claim) Strict(p Publication) bool {
	return p.Unit != "" || p.Provenance != nil || OwnerIsPublisher(c.Owner)
}
