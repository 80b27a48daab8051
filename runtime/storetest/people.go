// Conformance of guardians and self-enrolment offers.

package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testGuardians(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const child, other, g1, g2 = "201801012384", "201902022395", "198001019802", "198202028807"
	if _, err := s.Guardians(ctx, child); !errors.Is(err, runtime.ErrNotFound) {
		t.Fatalf("Guardians before any = %v, want ErrNotFound", err)
	}
	if got, err := s.Wards(ctx, g1); err != nil || len(got) != 0 {
		t.Fatalf("Wards before any = %v, %v", got, err)
	}
	if err := s.SetGuardians(ctx, child, []string{g1, g2}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGuardians(ctx, other, []string{g1}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Guardians(ctx, child)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "guardians", got, []string{g1, g2})
	wards, err := s.Wards(ctx, g1)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "wards of g1", wards, []string{child, other})
	// Replacing the list takes the child from the index of a guardian
	// no longer listed.
	if err := s.SetGuardians(ctx, child, []string{g2}); err != nil {
		t.Fatal(err)
	}
	wards, err = s.Wards(ctx, g1)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "wards of g1 after change", wards, []string{other})
	if err := s.SetGuardians(ctx, child, nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.Guardians(ctx, child)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("guardians after clearing = %v", got)
	}
	wards, err = s.Wards(ctx, g2)
	if err != nil {
		t.Fatal(err)
	}
	if len(wards) != 0 {
		t.Errorf("wards of g2 after clearing = %v", wards)
	}
}

func testSelfEnrolments(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if got, err := s.SelfEnrolments(ctx); err != nil || len(got) != 0 {
		t.Fatalf("SelfEnrolments before any = %v, %v", got, err)
	}
	if err := s.CloseSelfEnrolment(ctx, "u1", "sova"); err != nil {
		t.Fatalf("closing what is not open: %v", err)
	}
	offers := []runtime.SelfEnrolment{
		{Unit: "u2", Program: "sova", Clinician: "bo", OpenedAt: at, OpenedBy: "admin"},
		{Unit: "u1", Program: "sova", Clinician: "anna", OpenedAt: at},
		{Unit: "u1", Program: "andas", Clinician: "anna", OpenedAt: at},
	}
	for _, o := range offers {
		if err := s.OpenSelfEnrolment(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	// Opening again replaces.
	offers[1].Clinician = "cecilia"
	if err := s.OpenSelfEnrolment(ctx, offers[1]); err != nil {
		t.Fatal(err)
	}
	got, err := s.SelfEnrolments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "offers", got, []runtime.SelfEnrolment{offers[2], offers[1], offers[0]})
	if err := s.CloseSelfEnrolment(ctx, "u1", "sova"); err != nil {
		t.Fatal(err)
	}
	got, err = s.SelfEnrolments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "offers after close", got, []runtime.SelfEnrolment{offers[2], offers[0]})
}
