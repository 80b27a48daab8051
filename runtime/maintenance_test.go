package runtime

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestMaintenanceFold(t *testing.T) {
	e, err := Fold(logOf(t, started, step{clinician, &MaintenanceStarted{Days: 30, Modules: []string{"intro"}}}))
	if err != nil {
		t.Fatal(err)
	}
	if !e.Maintenance || e.MaintenanceDays != 30 || !e.MaintenanceFrom.Equal(minute(1)) {
		t.Fatalf("maintenance %v, days %d, from %v", e.Maintenance, e.MaintenanceDays, e.MaintenanceFrom)
	}
	if want := []string{"sleep", "worry"}; !slices.Equal(e.MaintenanceHidden, want) {
		t.Errorf("hidden = %v, want %v", e.MaintenanceHidden, want)
	}
	if !e.ModuleVisible("intro") || e.ModuleVisible("sleep") {
		t.Error("visibility does not follow the chosen modules")
	}
	if !e.CanOpen("intro", "what") {
		t.Error("a step of a visible module is closed")
	}
	if c := e.Clone(); &c.MaintenanceHidden[0] == &e.MaintenanceHidden[0] {
		t.Error("Clone shares MaintenanceHidden")
	}
	if got := e.StartedModules(); !slices.Equal(got, []string{"intro"}) {
		t.Errorf("started modules = %v", got)
	}

	old, err := Fold(logOf(t, started, step{clinician, &MaintenanceSet{On: true}}))
	if err != nil {
		t.Fatal(err)
	}
	if !old.ModuleVisible("sleep") || !old.MaintenanceEnds().IsZero() || old.CitizenAccess(t0.AddDate(10, 0, 0)) != nil {
		t.Error("an old maintenance period shows every module and never ends")
	}
}

// TestCitizenAccess: a maintenance period ends at local midnight after its
// last day, in Stockholm, across the switch to summer time too.
func TestCitizenAccess(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, Stockholm)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	maint := func(from string, days int) *Enrolment {
		return &Enrolment{Maintenance: true, MaintenanceFrom: at(from), MaintenanceDays: days}
	}
	tests := []struct {
		name string
		e    *Enrolment
		now  string
		want error
	}{
		{"running", &Enrolment{}, "2027-01-01 00:00", nil},
		{"ended", &Enrolment{EndedAt: at("2027-01-01 10:00")}, "2027-01-01 10:00", ErrEnded},
		{"first day", maint("2027-01-04 14:00", 1), "2027-01-04 14:01", nil},
		{"last minute of the last day", maint("2027-01-04 14:00", 1), "2027-01-05 23:59", nil},
		{"midnight after the last day", maint("2027-01-04 14:00", 1), "2027-01-06 00:00", ErrAccessOver},
		{"across summer time, last minute", maint("2027-03-20 09:00", 10), "2027-03-30 23:59", nil},
		{"across summer time, midnight", maint("2027-03-20 09:00", 10), "2027-03-31 00:00", ErrAccessOver},
		{"ended in maintenance", &Enrolment{Maintenance: true, MaintenanceDays: 30, MaintenanceFrom: at("2027-01-01 10:00"), EndedAt: at("2027-01-02 10:00")}, "2027-01-03 10:00", ErrEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.e.CitizenAccess(at(tt.now)); !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Errorf("= %v, want %v", err, tt.want)
			}
		})
	}
	if !errors.Is(ErrAccessOver, ErrReadOnly) {
		t.Error("ErrAccessOver is not read-only")
	}
	e := maint("2027-01-04 14:00", 1)
	if got, want := e.MaintenanceLastDay(), at("2027-01-05 00:00"); !got.Equal(want) {
		t.Errorf("last day = %v, want %v", got, want)
	}
}
