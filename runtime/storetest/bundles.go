// Conformance of the bundle store: bundles, publications and activations.

package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
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
	isErr(t, "activate without a program", s.Activate(ctx, runtime.Activation{Unit: "u1", Bundle: Bundle, ActivatedAt: t0}), runtime.ErrInvalid)
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

// testVersionClaim races writers publishing different bundles of one
// program with one version: a published version never changes, so exactly
// one wins and the others get ErrVersionTaken. The same bundle may be
// published again.
func testVersionClaim(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const n = 12
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("race@1.0+%012x", i+1)
		if err := s.PutBundle(ctx, names[i], map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = s.Publish(ctx, runtime.Publication{Program: "race", Version: "1.0", Bundle: names[i], PublishedAt: t0, Unit: "u1"})
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("both %s and %s were published as race 1.0", names[winner], names[i])
		case err == nil:
			winner = i
		case !errors.Is(err, runtime.ErrVersionTaken) || !errors.Is(err, runtime.ErrExists):
			t.Errorf("publish %s: error = %v, want ErrVersionTaken", names[i], err)
		}
	}
	if winner < 0 {
		t.Fatal("no publication won")
	}
	pubs, err := s.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "publications", pubs, []runtime.Publication{{Program: "race", Version: "1.0", Bundle: names[winner], PublishedAt: t0, Unit: "u1"}})

	again := runtime.Publication{Program: "race", Version: "1.0", Bundle: names[winner], PublishedAt: t0.Add(time.Hour), Unit: "u1"}
	if err := s.Publish(ctx, again); err != nil {
		t.Errorf("the same bundle again: %v", err)
	}
	loser := names[(winner+1)%n]
	isErr(t, "another bundle after the race", s.Publish(ctx, runtime.Publication{Program: "race", Version: "1.0", Bundle: loser, PublishedAt: t0}), runtime.ErrVersionTaken)
	isErr(t, "no program", s.Publish(ctx, runtime.Publication{Version: "1.0", Bundle: loser, PublishedAt: t0}), runtime.ErrInvalid)
	isErr(t, "no version", s.Publish(ctx, runtime.Publication{Program: "race", Bundle: loser, PublishedAt: t0}), runtime.ErrInvalid)
}

// testProgramOwner checks that the unit that first publishes a program id
// owns it: another unit may not publish its next versions, the operator
// (a publication without a unit) may, and a program first published by
// the operator belongs to no unit.
func testProgramOwner(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	for _, b := range []string{"owned@1.0+aaaaaaaaaaaa", "owned@1.1+bbbbbbbbbbbb", "owned@1.2+cccccccccccc", "owned@1.3+dddddddddddd", "region@1.0+aaaaaaaaaaaa", "region@1.1+bbbbbbbbbbbb"} {
		if err := s.PutBundle(ctx, b, map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	pub := func(bundle, unit string) error {
		_, v, _ := strings.Cut(bundle, "@")
		v, _, _ = strings.Cut(v, "+")
		prog, _, _ := strings.Cut(bundle, "@")
		return s.Publish(ctx, runtime.Publication{Program: prog, Version: v, Bundle: bundle, PublishedAt: t0, Unit: unit})
	}
	if err := pub("owned@1.0+aaaaaaaaaaaa", "u1"); err != nil {
		t.Fatal(err)
	}
	isErr(t, "another unit's next version", pub("owned@1.1+bbbbbbbbbbbb", "u2"), runtime.ErrNotPublisher)
	isErr(t, "another unit's same bundle", pub("owned@1.0+aaaaaaaaaaaa", "u2"), runtime.ErrNotPublisher)
	if err := pub("owned@1.1+bbbbbbbbbbbb", "u1"); err != nil {
		t.Errorf("the owner's next version: %v", err)
	}
	if err := pub("owned@1.2+cccccccccccc", ""); err != nil {
		t.Errorf("the operator's version: %v", err)
	}
	if err := pub("owned@1.3+dddddddddddd", "u1"); err != nil {
		t.Errorf("the owner after the operator: %v", err)
	}
	if err := pub("region@1.0+aaaaaaaaaaaa", ""); err != nil {
		t.Fatal(err)
	}
	isErr(t, "a unit on the operator's program", pub("region@1.1+bbbbbbbbbbbb", "u1"), runtime.ErrNotPublisher)

	// Two units racing to publish a new program id: one owns it.
	for _, b := range []string{"fresh@1.0+aaaaaaaaaaaa", "fresh@1.1+bbbbbbbbbbbb"} {
		if err := s.PutBundle(ctx, b, map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, b := range []string{"fresh@1.0+aaaaaaaaaaaa", "fresh@1.1+bbbbbbbbbbbb"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = pub(b, fmt.Sprintf("unit-%d", i))
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Errorf("two units racing for a program id: %v, %v; want exactly one refused", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil {
			isErr(t, "the loser of the race", err, runtime.ErrNotPublisher)
		}
	}
	pubs, err := s.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]string{}
	for _, p := range pubs {
		units[p.Bundle] = p.Unit
	}
	equal(t, "units of the publications", units, map[string]string{
		"owned@1.0+aaaaaaaaaaaa": "u1", "owned@1.1+bbbbbbbbbbbb": "u1", "owned@1.2+cccccccccccc": "", "owned@1.3+dddddddddddd": "u1",
		"region@1.0+aaaaaaaaaaaa": "", winnerOf(errs): "unit-" + strconv.Itoa(indexOfNil(errs)),
	})
}

func indexOfNil(errs []error) int {
	for i, err := range errs {
		if err == nil {
			return i
		}
	}
	return -1
}

func winnerOf(errs []error) string {
	return []string{"fresh@1.0+aaaaaaaaaaaa", "fresh@1.1+bbbbbbbbbbbb"}[max(indexOfNil(errs), 0)]
}
