// Conformance of the bundle store: bundles, publications and activations.

package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testBundles(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	files := map[string][]byte{
		"program.json":         []byte(`{"id":"stress"}`),
		"manifest.json":        []byte(`{"files":[]}`),
		"steps/intro/why.html": []byte("<p>Varför</p>"),
		"media/bild-3fa2.png":  bytes.Repeat([]byte{0, 1, 2, 255}, 4096),
		"pdf/empty":            {},
	}
	if err := s.PutBundle(ctx, Bundle, nil); err == nil {
		t.Error("a bundle without files was stored")
	}
	if err := s.PutBundle(ctx, Bundle, files); err != nil {
		t.Fatal(err)
	}
	for path, want := range files {
		got, err := s.BundleFile(ctx, Bundle, path)
		if err != nil {
			t.Fatalf("BundleFile %s: %v", path, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("BundleFile %s = %d bytes, want %d", path, len(got), len(want))
		}
	}
	_, err := s.BundleFile(ctx, Bundle, "steps/nope.html")
	isErr(t, "missing file", err, runtime.ErrNotFound)

	// A bundle is immutable: putting its name again changes nothing.
	if err := s.PutBundle(ctx, Bundle, map[string][]byte{"program.json": []byte("other")}); err != nil {
		t.Fatal(err)
	}
	got, err := s.BundleFile(ctx, Bundle, "program.json")
	if err != nil || string(got) != `{"id":"stress"}` {
		t.Errorf("after a second put: %q, %v", got, err)
	}
	_, err = s.BundleFile(ctx, Bundle, "pdf/nothing")
	isErr(t, "file of a second put", err, runtime.ErrNotFound)

	if err := s.PutBundle(ctx, "alpha@2.1+aaaaaaaaaaaa", map[string][]byte{"program.json": []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	names, err := s.Bundles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "bundles", names, []string{"alpha@2.1+aaaaaaaaaaaa", Bundle})
}

func testPublishAndActivate(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	isErr(t, "publish unstored bundle", s.Publish(ctx, runtime.Publication{Program: "stress", Version: "1.0", Bundle: Bundle, PublishedAt: t0}), runtime.ErrNotFound)
	newer := "stress@1.1+bbbbbbbbbbbb"
	for _, b := range []string{Bundle, newer, "alpha@1.0+aaaaaaaaaaaa"} {
		if err := s.PutBundle(ctx, b, map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	isErr(t, "activate unpublished", s.Activate(ctx, runtime.Activation{Unit: "u1", Program: "stress", Bundle: Bundle, ActivatedAt: t0}), runtime.ErrNotFound)

	pubs := []runtime.Publication{
		{Program: "stress", Version: "1.1", Bundle: newer, PublishedAt: t0.Add(time.Hour), PublishedBy: "anna"},
		{Program: "stress", Version: "1.0", Bundle: Bundle, PublishedAt: t0, PublishedBy: "anna"},
		{Program: "alpha", Version: "1.0", Bundle: "alpha@1.0+aaaaaaaaaaaa", PublishedAt: t0.Add(2 * time.Hour)},
	}
	for _, p := range pubs {
		if err := s.Publish(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "publications", got, []runtime.Publication{pubs[2], pubs[1], pubs[0]})

	a := runtime.Activation{Unit: "u1", Program: "stress", Bundle: Bundle, ActivatedAt: t0, ActivatedBy: "admin"}
	if err := s.Activate(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Bundle = newer
	if err := s.Activate(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := runtime.Activation{Unit: "u1", Program: "alpha", Bundle: "alpha@1.0+aaaaaaaaaaaa", ActivatedAt: t0}
	if err := s.Activate(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.Activate(ctx, runtime.Activation{Unit: "u2", Program: "alpha", Bundle: "alpha@1.0+aaaaaaaaaaaa", ActivatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	one, err := s.Activation(ctx, "u1", "stress")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activation", one, a)
	all, err := s.Activations(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activations", all, []runtime.Activation{b, a})
	if err := s.Deactivate(ctx, "u1", "alpha"); err != nil {
		t.Fatal(err)
	}
	all, err = s.Activations(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activations after deactivate", all, []runtime.Activation{a})
	_, err = s.Activation(ctx, "u1", "alpha")
	isErr(t, "deactivated", err, runtime.ErrNotFound)
}
