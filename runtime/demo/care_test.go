package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/publish"
)

// TestSeedCare: with a program that has contacts and planning, as the
// lifestyle sample has, each demo enrolment shows a contact and a planned
// meeting a week on, added by its clinician; seeding again adds nothing.
func TestSeedCare(t *testing.T) {
	ctx := context.Background()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p, files, err := Program()
	if err != nil {
		t.Fatal(err)
	}
	p.Features = append(p.Features, designer.FeatureContacts, designer.FeaturePlanning)
	if _, err := publish.Program(ctx, store, p, files, "test", now); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := Seed(ctx, store, now); err != nil {
			t.Fatal(err)
		}
	}
	es, err := store.Enrolments(ctx, runtime.ByUnit(UnitSouth))
	if err != nil || len(es) != 3 {
		t.Fatalf("%d enrolments (%v), want 3", len(es), err)
	}
	for _, e := range es {
		if len(e.CareContacts) != 1 || e.CareContacts[0].Name != "Kim Nilsson" || e.CareContacts[0].CreatedBy.ID != e.Clinician {
			t.Errorf("%s: contacts %+v", e.CitizenName, e.CareContacts)
		}
		if len(e.Planning) != 2 || e.Planning[0].Kind != runtime.PlanningMeeting || e.Planning[0].Date != "2026-11-30" || e.Planning[0].Time != "10:00" {
			t.Errorf("%s: planning %+v", e.CitizenName, e.Planning)
		}
		if len(e.Planning) == 2 && (e.Planning[1].Exact() || e.Planning[1].Month != "2026-12") {
			t.Errorf("%s: the activity %+v", e.CitizenName, e.Planning[1])
		}
	}
}
