// Package demo fills a store with a demo: two units, staff with every role,
// citizens with programs under way, and, when no program is published, the
// small "Sov bättre" program. "stegvis serve --dev --demo" runs it; the
// development sign-in then offers every demo account.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// Units of the demo.
const (
	UnitSouth = "mottagning-syd"
	UnitNorth = "mottagning-nord"
)

// Staff is a demo staff member and their roles per unit.
type Staff struct {
	ID    string
	Name  string
	Roles map[string][]runtime.Role
}

// StaffMembers are the demo staff: one for every role, and one on another
// unit, so that unit boundaries can be tried.
var StaffMembers = []Staff{
	{"anna", "Anna Andersson", map[string][]runtime.Role{UnitSouth: {runtime.RoleClinician}}},
	{"bertil", "Bertil Berg", map[string][]runtime.Role{UnitSouth: {runtime.RoleClinician, runtime.RoleCitizenAdmin}}},
	{"cecilia", "Cecilia Carlsson", map[string][]runtime.Role{UnitSouth: {runtime.RoleUnitAdmin}, UnitNorth: {runtime.RoleUnitAdmin}}},
	{"david", "David Dahl", map[string][]runtime.Role{UnitSouth: {runtime.RoleDataAdmin}}},
	{"erik", "Erik Ek", map[string][]runtime.Role{UnitNorth: {runtime.RoleClinician}}},
}

// Citizens are the demo citizens; their numbers are valid test numbers.
var Citizens = []runtime.Citizen{
	{PNR: "191212121212", Name: "Tolvan Tolvansson", Mobile: "070-123 45 67"},
	{PNR: "198505142383", Name: "Sara Lind"},
	{PNR: "199203034419", Name: "Johan Berg"},
	{PNR: "197809105526", Name: "Maria Ek"},
}

// Choices are the demo citizens, for the development sign-in.
func Choices() []auth.Choice {
	out := make([]auth.Choice, len(Citizens))
	for i, c := range Citizens {
		out[i] = auth.Choice{Kind: auth.Citizen, Subject: c.PNR, Name: c.Name, Description: runtime.FormatPnr(c.PNR)}
	}
	return out
}

// Seed writes the demo into the store. It may run on every start: what is
// there already is left as it is, so the demo keeps what was done in it.
func Seed(ctx context.Context, store runtime.Store, now time.Time) error {
	for _, u := range []runtime.Unit{{ID: UnitSouth, Name: "Mottagning Syd", Backup: []string{"bertil"}}, {ID: UnitNorth, Name: "Mottagning Nord"}} {
		if err := store.PutUnit(ctx, u); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	for _, st := range StaffMembers {
		if err := store.PutStaff(ctx, runtime.Staff{ID: st.ID, Name: st.Name}); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		for unit, roles := range st.Roles {
			if err := store.SetRoles(ctx, st.ID, unit, roles); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	for _, c := range Citizens {
		if err := store.PutCitizen(ctx, c); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	pubs, err := store.Publications(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(pubs) == 0 {
		p, files, err := Program()
		if err != nil {
			return err
		}
		pub, err := publish.Program(ctx, store, p, files, "demo", now)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		pubs = append(pubs, pub)
	}
	// Activate the latest publication of each program where none is active.
	latest := map[string]runtime.Publication{}
	for _, p := range pubs {
		latest[p.Program] = p
	}
	for _, unit := range []string{UnitSouth, UnitNorth} {
		for prog, pub := range latest {
			if _, err := store.Activation(ctx, unit, prog); err == nil {
				continue
			} else if !errors.Is(err, runtime.ErrNotFound) {
				return fmt.Errorf("demo: %w", err)
			}
			if err := store.Activate(ctx, runtime.Activation{Unit: unit, Program: prog, Bundle: pub.Bundle, ActivatedAt: now, ActivatedBy: "demo"}); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	if err := startEnrolments(ctx, store, now); err != nil {
		return err
	}
	return seedPeople(ctx, store, now)
}

// startEnrolments gives the first demo citizens a program on the south
// unit, once.
func startEnrolments(ctx context.Context, store runtime.Store, now time.Time) error {
	acts, err := store.Activations(ctx, UnitSouth)
	if err != nil || len(acts) == 0 {
		return err
	}
	act := acts[0]
	b, err := store.BundleFile(ctx, act.Bundle, "program.json")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	p, err := decodeProgram(b)
	if err != nil {
		return err
	}
	svc := runtime.NewEnrolments(store)
	svc.Now = func() time.Time { return now }
	for i, c := range Citizens[:3] {
		clinician := "anna"
		if i == 2 {
			clinician = "bertil"
		}
		_, err := svc.Start(ctx, runtime.StartInput{Program: p, Bundle: act.Bundle, Unit: UnitSouth, Citizen: c.PNR,
			CitizenName: c.Name, Clinician: clinician, Actor: runtime.Actor{ID: clinician, Role: runtime.RoleClinician}})
		if errors.Is(err, runtime.ErrExists) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: start for %s: %w", c.Name, err)
		}
	}
	return nil
}
