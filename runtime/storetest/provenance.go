package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// testImportedOwner checks the ownership of programs imported from other
// regions: the publisher key whose bundle brought a program id into the
// store first owns it, so neither another key, nor a unit, nor the
// operator publishes its next versions; an import of a program id this
// region published first is refused; and the provenance is kept.
func testImportedOwner(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const keyA, keyB = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	bundles := []string{"shared@1.0+aaaaaaaaaaaa", "shared@1.1+bbbbbbbbbbbb", "shared@1.2+cccccccccccc", "shared@1.3+dddddddddddd", "shared@1.4+eeeeeeeeeeee", "homegrown@1.0+aaaaaaaaaaaa", "homegrown@1.1+bbbbbbbbbbbb"}
	for _, b := range bundles {
		if err := s.PutBundle(ctx, b, map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	pub := func(bundle, unit, key string) runtime.Publication {
		prog, v, _ := strings.Cut(bundle, "@")
		v, _, _ = strings.Cut(v, "+")
		p := runtime.Publication{Program: prog, Version: v, Bundle: bundle, PublishedAt: t0, Unit: unit}
		if key != "" {
			p.Provenance = &runtime.Provenance{Publisher: "Region " + key[:1], Fingerprint: key, Hash: strings.Repeat("0", 64), Catalogue: "https://example.org/catalogue.json"}
		}
		return p
	}
	first := pub("shared@1.0+aaaaaaaaaaaa", "u1", keyA)
	if err := s.Publish(ctx, first); err != nil {
		t.Fatalf("the first import: %v", err)
	}
	isErr(t, "another key's version", s.Publish(ctx, pub("shared@1.1+bbbbbbbbbbbb", "u1", keyB)), runtime.ErrNotPublisher)
	isErr(t, "a unit's own version of an imported program", s.Publish(ctx, pub("shared@1.2+cccccccccccc", "u1", "")), runtime.ErrNotPublisher)
	isErr(t, "the operator's version of an imported program", s.Publish(ctx, pub("shared@1.3+dddddddddddd", "", "")), runtime.ErrNotPublisher)
	if err := s.Publish(ctx, pub("shared@1.4+eeeeeeeeeeee", "u2", keyA)); err != nil {
		t.Errorf("the same key's next version, imported by another unit: %v", err)
	}
	if err := s.Publish(ctx, pub("homegrown@1.0+aaaaaaaaaaaa", "", "")); err != nil {
		t.Fatal(err)
	}
	isErr(t, "an import of this region's program id", s.Publish(ctx, pub("homegrown@1.1+bbbbbbbbbbbb", "u1", keyA)), runtime.ErrNotPublisher)

	pubs, err := s.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []runtime.Publication
	for _, p := range pubs {
		if p.Program == "shared" {
			got = append(got, p)
		}
	}
	equal(t, "the imported publications", got, []runtime.Publication{first, pub("shared@1.4+eeeeeeeeeeee", "u2", keyA)})
}
