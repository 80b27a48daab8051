package runtime

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestHandoverDecisions(t *testing.T) {
	anna := staffWith("anna", map[string][]Role{"u1": {RoleClinician}})
	bertil := staffWith("bertil", map[string][]Role{"u1": {RoleCitizenAdmin}})
	dataAdmin := staffWith("david", map[string][]Role{"u1": {RoleDataAdmin}})
	erik := staffWith("erik", map[string][]Role{"u2": {RoleClinician}})
	frida := staffWith("frida", map[string][]Role{"u2": {RoleCitizenAdmin}})
	gustav := staffWith("gustav", map[string][]Role{"u3": {RoleCitizenAdmin, RoleClinician}})
	base := []step{started}
	pending := append(base, step{clinician, &HandoverRequested{ToUnit: "u2"}})
	tests := []struct {
		name    string
		history []step
		d       Decision
		want    []Change
		err     error
	}{
		{"clinician hands over", base, RequestHandover(anna, "u2"), []Change{&HandoverRequested{ToUnit: "u2"}}, nil},
		{"citizen admin hands over", base, RequestHandover(bertil, "u2"), []Change{&HandoverRequested{ToUnit: "u2"}}, nil},
		{"data admin may not", base, RequestHandover(dataAdmin, "u2"), nil, ErrForbidden},
		{"staff of another unit may not", base, RequestHandover(erik, "u3"), nil, ErrForbidden},
		{"not to its own unit", base, RequestHandover(anna, "u1"), nil, ErrInvalid},
		{"not to no unit", base, RequestHandover(anna, ""), nil, ErrInvalid},
		{"asking again changes nothing", pending, RequestHandover(anna, "u2"), nil, nil},
		{"asking another unit replaces", pending, RequestHandover(anna, "u3"), []Change{&HandoverRequested{ToUnit: "u3"}}, nil},
		{"in maintenance too", append(base, step{clinician, &MaintenanceSet{On: true}}), RequestHandover(anna, "u2"), []Change{&HandoverRequested{ToUnit: "u2"}}, nil},
		{"not when ended", append(base, step{clinician, &Ended{Reason: EndOther}}), RequestHandover(anna, "u2"), nil, ErrEnded},

		{"receiving citizen admin accepts", pending, AcceptHandover(frida, erik), []Change{&HandoverAccepted{From: "u1", Unit: "u2", Clinician: "erik"}}, nil},
		{"nothing pending", base, AcceptHandover(frida, erik), nil, ErrInvalid},
		{"the sending unit may not accept", pending, AcceptHandover(bertil, erik), nil, ErrForbidden},
		{"another unit's citizen admin may not", pending, AcceptHandover(gustav, erik), nil, ErrForbidden},
		{"a clinician of the receiving unit only", pending, AcceptHandover(frida, anna), nil, ErrInvalid},
		{"a citizen admin is no clinician", pending, AcceptHandover(frida, frida), nil, ErrInvalid},

		{"receiving citizen admin declines", pending, DeclineHandover(frida), []Change{&HandoverDeclined{Unit: "u2"}}, nil},
		{"decline with nothing pending", base, DeclineHandover(frida), nil, ErrInvalid},
		{"a receiving clinician may not decline", pending, DeclineHandover(erik), nil, ErrForbidden},

		{"link", base, Link(&Enrolment{ID: "e2", Citizen: "191212121212"}), []Change{&EnrolmentsLinked{With: "e2"}}, nil},
		{"link again changes nothing", append(base, step{clinician, &EnrolmentsLinked{With: "e2"}}), Link(&Enrolment{ID: "e2", Citizen: "191212121212"}), nil, nil},
		{"not with itself", base, Link(&Enrolment{ID: "e1", Citizen: "191212121212"}), nil, ErrInvalid},
		{"not with another citizen's", base, Link(&Enrolment{ID: "e2", Citizen: "198505142383"}), nil, ErrInvalid},
		{"not with an ended one", base, Link(&Enrolment{ID: "e2", Citizen: "191212121212", EndedAt: t0}), nil, ErrEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDecision(t, tt.history, tt.d, tt.want, tt.err, nil) })
	}
}

func TestHandoverFold(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		check func(t *testing.T, e *Enrolment)
	}{
		{"requested", []step{started, {clinician, &HandoverRequested{ToUnit: "u2"}}}, func(t *testing.T, e *Enrolment) {
			if e.HandoverTo != "u2" || !e.HandoverPending() || e.Unit != "u1" || e.Clinician != "anna" {
				t.Errorf("state = %s", jsonOf(e))
			}
			want := []Index{ByUnit("u1"), ByClinician("anna"), ByCitizen("191212121212"), HandedTo("u2")}
			if got := IndexesOf(e); !reflect.DeepEqual(got, want) {
				t.Errorf("indexes = %v, want %v", got, want)
			}
			if !HandedTo("u2").Match(e) || HandedTo("u1").Match(e) {
				t.Error("HandedTo matches the wrong unit")
			}
		}},
		{"accepted", []step{started, {clinician, &HandoverRequested{ToUnit: "u2"}}, {clinician, &HandoverAccepted{From: "u1", Unit: "u2", Clinician: "erik"}}}, func(t *testing.T, e *Enrolment) {
			if e.HandoverTo != "" || e.Unit != "u2" || e.Clinician != "erik" {
				t.Errorf("state = %s", jsonOf(e))
			}
			if ByUnit("u1").Match(e) || !ByUnit("u2").Match(e) || HandedTo("u2").Match(e) {
				t.Error("the indexes do not follow the handover")
			}
		}},
		{"declined", []step{started, {clinician, &HandoverRequested{ToUnit: "u2"}}, {clinician, &HandoverDeclined{Unit: "u2"}}}, func(t *testing.T, e *Enrolment) {
			if e.HandoverTo != "" || e.Unit != "u1" || HandedTo("u2").Match(e) {
				t.Errorf("state = %s", jsonOf(e))
			}
		}},
		{"ended while pending", []step{started, {clinician, &HandoverRequested{ToUnit: "u2"}}, {clinician, &Ended{Reason: EndOther}}}, func(t *testing.T, e *Enrolment) {
			if e.HandoverPending() || HandedTo("u2").Match(e) {
				t.Error("an ended enrolment waits for a handover")
			}
		}},
		{"linked twice", []step{started, {clinician, &EnrolmentsLinked{With: "e2"}}, {clinician, &EnrolmentsLinked{With: "e3"}}, {clinician, &EnrolmentsLinked{With: "e2"}}}, func(t *testing.T, e *Enrolment) {
			if !reflect.DeepEqual(e.Linked, []string{"e2", "e3"}) {
				t.Errorf("linked = %v", e.Linked)
			}
			c := e.Clone()
			c.Linked[0] = "x"
			if e.Linked[0] != "e2" {
				t.Error("Clone shares Linked")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, tt.steps...))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, e)
			var back Enrolment
			if err := json.Unmarshal([]byte(jsonOf(e)), &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&back, e) {
				t.Errorf("snapshot round trip\n got %s\nwant %s", jsonOf(&back), jsonOf(e))
			}
		})
	}
}
