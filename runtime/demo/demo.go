// Package demo fills a store with a demo: two units, staff with every role,
// citizens with programs under way, and, when no program is published, the
// small "Sov bättre" program. "stegvis serve --dev --demo" runs it; the
// development sign-in then offers every demo account.
package demo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// Units of the demo.
const (
	UnitSouth = "mottagning-syd"
	UnitNorth = "mottagning-nord"
)

// VideoTemplate is the south unit's video service: an address under
// example.com, a domain reserved for examples, so a demo meeting opens
// nothing real.
const VideoTemplate = "https://video.example.com/join/{room}"

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
	{"frida", "Frida Fors", map[string][]runtime.Role{UnitNorth: {runtime.RoleCitizenAdmin}}},
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
	for _, u := range []runtime.Unit{{ID: UnitSouth, Name: "Mottagning Syd", Backup: []string{"bertil"}, Video: VideoTemplate}, {ID: UnitNorth, Name: "Mottagning Nord"}} {
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
	if err := seedActivities(ctx, store, now); err != nil {
		return err
	}
	return seedPeople(ctx, store, now)
}

// startEnrolments gives the first three demo citizens a program on the
// south unit, once: a citizen with an enrolment already is left alone.
// With one program active all three get it; with several, one each in
// turn, so that the demo shows what each program's rules do over time.
// Programs whose battery at start has an urgent flag come first: the
// first citizen (Tolvan, with anna as clinician and bertil as the unit's
// backup) fills in that form so that the flag is raised (seedUrgent), and
// its escalation shows with the clock moved forward.
func startEnrolments(ctx context.Context, store runtime.Store, now time.Time) error {
	acts, err := store.Activations(ctx, UnitSouth)
	if err != nil || len(acts) == 0 {
		return err
	}
	type program struct {
		act    runtime.Activation
		p      *designer.Program
		urgent *urgentForm
	}
	progs := make([]program, 0, len(acts))
	for _, act := range acts {
		b, err := store.BundleFile(ctx, act.Bundle, "program.json")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		p, err := decodeProgram(b)
		if err != nil {
			return err
		}
		progs = append(progs, program{act: act, p: p, urgent: findUrgentForm(p)})
	}
	slices.SortStableFunc(progs, func(a, b program) int {
		if (a.urgent != nil) != (b.urgent != nil) {
			if a.urgent != nil {
				return -1
			}
			return 1
		}
		return strings.Compare(a.act.Program, b.act.Program)
	})
	svc := runtime.NewEnrolments(store)
	svc.Now = func() time.Time { return now }
	for i, c := range Citizens[:3] {
		had, err := store.Enrolments(ctx, runtime.ByCitizen(c.PNR))
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if len(had) > 0 {
			continue
		}
		clinician := "anna"
		if i == 2 {
			clinician = "bertil"
		}
		pr := progs[i%len(progs)]
		e, err := svc.Start(ctx, runtime.StartInput{Program: pr.p, Bundle: pr.act.Bundle, Unit: UnitSouth, Citizen: c.PNR,
			CitizenName: c.Name, Clinician: clinician, Actor: runtime.Actor{ID: clinician, Role: runtime.RoleClinician}})
		if err != nil {
			return fmt.Errorf("demo: start for %s: %w", c.Name, err)
		}
		if err := seedCare(ctx, svc, pr.p, e, now); err != nil {
			return err
		}
		if i == 0 && pr.urgent != nil {
			if err := seedUrgent(ctx, svc, pr.p, e, *pr.urgent, now); err != nil {
				return fmt.Errorf("demo: %s: %w", c.Name, err)
			}
		}
	}
	return nil
}

// urgentForm is a form of a battery at start and answers to it that
// raise an urgent flag.
type urgentForm struct {
	Battery, Form string
	Answers       map[string][]string
}

// findUrgentForm looks for a form of a battery at start that has an
// urgent flag, as PHQ-9 with its item 9 in the psychoeducation sample,
// and answers that raise it: the lowest answer to every question, but
// one question's answer raised until the flag fires. It tries the
// answers through FlagsOnSubmit, so it reads no condition itself. Forms
// with a required question other than a choice or a scale are passed
// over.
func findUrgentForm(p *designer.Program) *urgentForm {
	for _, b := range p.Batteries {
		if !b.AtStart {
			continue
		}
		for _, id := range b.Forms {
			f, ok := p.Form(id)
			if !ok {
				continue
			}
			if a := urgentAnswers(p, f); a != nil {
				return &urgentForm{Battery: b.ID, Form: f.ID, Answers: a}
			}
		}
	}
	return nil
}

// urgentAnswers returns answers to f that raise an urgent flag, or nil.
func urgentAnswers(p *designer.Program, f *designer.Form) map[string][]string {
	choices := map[string][]string{}
	answers := map[string][]string{}
	for _, q := range f.Questions {
		var values []string
		switch {
		case q.Type == designer.TypeSingle && len(q.Options) > 0:
			for _, o := range q.Options {
				values = append(values, o.Value)
			}
		case q.Type == designer.TypeScale && q.Scale != nil:
			for v := q.Scale.Min; v <= q.Scale.Max; v++ {
				values = append(values, strconv.Itoa(v))
			}
		case q.Required:
			return nil
		default:
			continue
		}
		choices[q.ID] = values
		answers[q.ID] = values[:1]
	}
	urgent := func(a map[string][]string) bool {
		return slices.ContainsFunc(runtime.FlagsOnSubmit(p, f, a), func(fl *designer.Flag) bool { return fl.Urgent })
	}
	if urgent(answers) {
		return answers
	}
	for _, q := range f.Questions {
		for _, v := range choices[q.ID] {
			try := maps.Clone(answers)
			try[q.ID] = []string{v}
			if urgent(try) {
				return try
			}
		}
	}
	return nil
}

// seedUrgent submits the urgent form of the battery at start for e as its
// citizen, through the same decision as the citizen's page: the urgent
// flag is raised on the enrolment, and Plan schedules the notice to the
// responsible clinician and the escalation.
func seedUrgent(ctx context.Context, svc *runtime.Enrolments, p *designer.Program, e *runtime.Enrolment, u urgentForm, now time.Time) error {
	_, err := svc.Do(ctx, e.ID, runtime.Actor{ID: e.Citizen, Role: runtime.RoleCitizen},
		runtime.SubmitBattery(p, u.Battery, u.Form, u.Answers, now))
	if err != nil {
		return fmt.Errorf("submit %s: %w", u.Form, err)
	}
	return nil
}
