package runtime

import (
	"errors"
	"testing"
	"time"
)

// Numbers with valid check digits for the tests.
const (
	testChild    = "201503142380" // born 2015-03-14
	testLeapDay  = "200802292383" // born 2008-02-29
	testGuardian = "198005052389"
	testOther    = "197603032389"
	testTeen     = "201001012382" // born 2010-01-01
)

func stockholm(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Stockholm)
}

func TestAge(t *testing.T) {
	tests := []struct {
		name string
		pnr  string
		now  time.Time
		want int
	}{
		{"day before 13th birthday", testChild, stockholm(2028, 3, 13, 23, 59), 12},
		{"13th birthday at midnight in Stockholm", testChild, stockholm(2028, 3, 14, 0, 0), 13},
		// 23:30 UTC on the 13th is 00:30 on the 14th in Stockholm.
		{"birthday begins in Stockholm, not UTC", testChild, time.Date(2028, 3, 13, 23, 30, 0, 0, time.UTC), 13},
		{"leap day child on 28 February", testLeapDay, stockholm(2021, 2, 28, 12, 0), 12},
		{"leap day child on 1 March", testLeapDay, stockholm(2021, 3, 1, 0, 0), 13},
		{"leap day child on leap day", testLeapDay, stockholm(2020, 2, 29, 0, 0), 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Age(tt.pnr, tt.now)
			if err != nil || got != tt.want {
				t.Errorf("Age(%s, %v) = %d, %v; want %d", tt.pnr, tt.now, got, err, tt.want)
			}
		})
	}
	if _, err := Age("12", time.Now()); !errors.Is(err, ErrPnrFormat) {
		t.Errorf("Age of a bad number = %v", err)
	}
}

func TestCanActFor(t *testing.T) {
	guardians := []string{testGuardian}
	tests := []struct {
		name     string
		guardian string
		now      time.Time
		want     error
	}{
		{"guardian of a 10-year-old", testGuardian, stockholm(2025, 6, 1, 12, 0), nil},
		{"last minute before the birthday", testGuardian, stockholm(2028, 3, 13, 23, 59), nil},
		{"on the 13th birthday", testGuardian, stockholm(2028, 3, 14, 0, 0), ErrChildTooOld},
		{"someone not listed", testOther, stockholm(2025, 6, 1, 12, 0), ErrNotGuardian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CanActFor(testChild, guardians, tt.guardian, tt.now); !errors.Is(err, tt.want) {
				t.Errorf("CanActFor = %v, want %v", err, tt.want)
			}
		})
	}
	until, err := GuardianEnds(testChild)
	if err != nil || !until.Equal(stockholm(2028, 3, 14, 0, 0)) {
		t.Errorf("GuardianEnds = %v, %v", until, err)
	}
}

func TestCheckGuardians(t *testing.T) {
	now := stockholm(2025, 6, 1, 12, 0)
	tests := []struct {
		name      string
		child     string
		guardians []string
		want      []string
		err       error
	}{
		{"two adults, any form, repeated", testChild, []string{"19800505-2389", testOther, testGuardian}, []string{testOther, testGuardian}, nil},
		{"none clears", testTeen, nil, nil, nil},
		{"child of 13 or more", testTeen, []string{testGuardian}, nil, ErrChildTooOld},
		{"a minor as guardian", testChild, []string{testLeapDay}, nil, ErrGuardianMinor},
		{"the child itself", testChild, []string{testChild}, nil, ErrInvalid},
		{"bad number", testChild, []string{"19800505-2380"}, nil, ErrPnrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckGuardians(tt.child, tt.guardians, now)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestCareTeam(t *testing.T) {
	e := &Enrolment{Unit: "u1", Clinician: "anna"}
	tests := []struct {
		name  string
		staff Staff
		want  bool
	}{
		{"responsible clinician", Staff{ID: "anna"}, true},
		{"clinician on the unit", Staff{ID: "bo", Roles: map[string][]Role{"u1": {RoleClinician}}}, true},
		{"citizen admin on the unit", Staff{ID: "cia", Roles: map[string][]Role{"u1": {RoleCitizenAdmin}}}, true},
		{"unit admin", Staff{ID: "ua", Roles: map[string][]Role{"u1": {RoleUnitAdmin}}}, false},
		{"data admin", Staff{ID: "da", Roles: map[string][]Role{"u1": {RoleDataAdmin}}}, false},
		{"clinician on another unit", Staff{ID: "bo", Roles: map[string][]Role{"u2": {RoleClinician}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CareTeam(tt.staff, e); got != tt.want {
				t.Errorf("CareTeam = %v, want %v", got, tt.want)
			}
			if !ShowIdentity(tt.staff, e, false) {
				t.Error("an identity that is not protected is hidden")
			}
			if got := ShowIdentity(tt.staff, e, true); got != tt.want {
				t.Errorf("ShowIdentity of protected = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSelfEnrolmentsFor(t *testing.T) {
	offers := []SelfEnrolment{{Unit: "u1", Program: "andas"}, {Unit: "u1", Program: "sova"}, {Unit: "u2", Program: "sova"}}
	if got := SelfEnrolmentsFor(Citizen{Protected: true}, offers, nil); len(got) != 0 {
		t.Errorf("protected identity offered %v", got)
	}
	got := SelfEnrolmentsFor(Citizen{}, offers, []string{"andas"})
	if len(got) != 2 || got[0].Program != "sova" || got[1].Unit != "u2" {
		t.Errorf("offers = %v", got)
	}
	clin := Staff{ID: "anna", Roles: map[string][]Role{"u1": {RoleClinician}}}
	o := SelfEnrolment{Unit: "u1", Program: "sova", Clinician: "anna"}
	if err := CheckSelfEnrolment(o, true, clin); err != nil {
		t.Errorf("valid offer: %v", err)
	}
	if err := CheckSelfEnrolment(o, false, clin); !errors.Is(err, ErrInvalid) {
		t.Errorf("not activated: %v", err)
	}
	o.Unit = "u2"
	if err := CheckSelfEnrolment(o, true, clin); !errors.Is(err, ErrInvalid) {
		t.Errorf("clinician of another unit: %v", err)
	}
}
