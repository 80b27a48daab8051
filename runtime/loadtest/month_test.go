package loadtest

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/designer/scoring"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
)

// programDir is the sample program the enrolments run: seven modules of
// five steps, one form in each.
var programDir = filepath.Join("..", "..", "content", "primarvard-psykoedukation")

// Where the month takes place.
const (
	unit      = "vc-centrum"
	clinician = "anna.andersson"
)

// publishProgram builds the sample program, without PDFs, and publishes it
// to store. It returns the program and its bundle's name.
func publishProgram(ctx context.Context, tb testing.TB, store runtime.Store) (*designer.Program, string) {
	tb.Helper()
	res, err := compiler.BuildDir(programDir, compiler.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if res.Bundle == nil {
		tb.Fatalf("build %s:\n%v", programDir, res.Diagnostics)
	}
	pub, err := publish.Bundle(ctx, store, res.Bundle, bundle.ManifestBytes(res.Bundle.Manifest), "loadtest", time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	if err := store.Activate(ctx, runtime.Activation{Unit: unit, Program: pub.Program, Bundle: pub.Bundle, ActivatedAt: time.Now()}); err != nil {
		tb.Fatal(err)
	}
	return res.Program, pub.Bundle
}

// pnr returns the i-th of a series of valid personal identity numbers
// (12 digits), one per day from 1 January 1950.
func pnr(i int) string {
	d := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)
	ten := d.Format("060102") + fmt.Sprintf("%03d", 1+i/20000)
	// Luhn over the nine digits: double every other one from the first.
	sum := 0
	for k, c := range ten {
		n := int(c - '0')
		if k%2 == 0 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return d.Format("2006") + ten[2:] + strconv.Itoa((10-sum%10)%10)
}

// month is a month of typical use of one enrolment.
type month struct {
	Visits, Opened, Drafts, Submitted, Flags int
	Started, Completed                       int
	// Batteries counts the battery forms filled.
	Batteries int
}

// simulateMonth starts an enrolment for citizen and runs 30 days of typical
// use through the service, as the pages would: the citizen signs in every
// day (30 visits), fills the battery due first, opens about 40 steps
// (some again), saves drafts and sends 6 forms; the clinician starts three
// modules one after another, completes the first, reads every form and
// reviews raised flags. The days end the evening before end, so the next
// visit is a new one. It returns the
// enrolment's id and what was done.
func simulateMonth(ctx context.Context, tb testing.TB, store runtime.Store, p *designer.Program, bundleName, citizen string, end time.Time) (string, month) {
	tb.Helper()
	return simulateMonths(ctx, tb, store, p, bundleName, citizen, end, 1)
}

// simulateMonths is simulateMonth over months of 30 days: the same day
// of use each day, six forms a month, and over more than one month a new
// module every 25 days until the program's modules run out (the oldest of
// three current ones completed as the next starts).
func simulateMonths(ctx context.Context, tb testing.TB, store runtime.Store, p *designer.Program, bundleName, citizen string, end time.Time, months int) (string, month) {
	tb.Helper()
	// Every day's use starts at 17:00 in Stockholm, far from the 08:00 at
	// which day-based rules (batteries, reminders) open, so what is due on
	// a day does not depend on the hour the test runs; the month ends the
	// evening before end.
	y, mo, dd := end.In(runtime.Stockholm).AddDate(0, 0, -30*months-1).Date()
	day := time.Date(y, mo, dd, 17, 0, 0, 0, runtime.Stockholm)
	svc := runtime.NewEnrolments(store)
	svc.Now = func() time.Time { return day }
	// The log is compacted as the scheduler's JobCompact does, when an
	// append makes it due.
	if c, ok := store.(runtime.LogCompactor); ok {
		svc.AfterAppend = func(ctx context.Context, e *runtime.Enrolment, events []runtime.Event) {
			if _, due := runtime.CompactJob(e.ID, e.Seq, len(events), day); due {
				if _, err := c.CompactLog(ctx, e.ID, day.Add(-runtime.ActivityRetention)); err != nil {
					tb.Error(err)
				}
			}
		}
	}
	staff := runtime.Actor{ID: clinician, Role: runtime.RoleClinician}
	person := runtime.Actor{ID: citizen, Role: runtime.RoleCitizen}
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: p, Bundle: bundleName, Unit: unit, Citizen: citizen,
		CitizenName: "Invånare " + citizen[8:], Clinician: clinician, Actor: staff,
	})
	if err != nil {
		tb.Fatal(err)
	}
	var got month
	do := func(by runtime.Actor, d runtime.Decision) *runtime.Enrolment {
		tb.Helper()
		e, err := svc.Do(ctx, e.ID, by, d)
		if err != nil {
			tb.Fatal(err)
		}
		return e
	}

	// Three modules in turn: each is started on its day and the first is
	// completed when the third starts.
	plan := []struct{ day, module int }{{0, 0}, {10, 1}, {20, 2}}
	if months > 1 {
		plan = plan[:0]
		for i := range p.Modules {
			plan = append(plan, struct{ day, module int }{25 * i, i})
		}
	}
	var current []*designer.Module
	forms := 0
	for d := range 30 * months {
		// Each day starts afresh at 17:00 local time, whatever the day
		// before took.
		day = time.Date(y, mo, dd+d+1, 17, 0, 0, 0, runtime.Stockholm)
		for _, pl := range plan {
			if pl.day == d {
				m := p.Modules[pl.module]
				do(staff, runtime.StartModule(p, m.ID))
				got.Started++
				current = append(current, m)
				if len(current)-got.Completed == 3 {
					do(staff, runtime.CompleteModule(current[got.Completed].ID))
					got.Completed++
				}
			}
		}
		cur := do(person, runtime.VisitAt(day))
		got.Visits++
		// A battery due (at the start, then every four weeks) is filled
		// first, as the overview asks: the content waits until it is.
		for o, left := cur.BatteryDue(p, day); o != nil; o, left = cur.BatteryDue(p, day) {
			f, _ := p.Form(left[0])
			cur = do(person, runtime.SubmitBattery(p, o.Battery, f.ID, answers(tb, f, d), day))
			got.Batteries++
			cur = do(staff, runtime.MarkRead(cur.Submissions[len(cur.Submissions)-1].ID))
		}

		// One or two steps a day, walking through the current modules'
		// steps and starting over at the end: about 40 openings.
		steps := steps(current[len(current)-1])
		for k := range 1 + d%3/2 {
			st := steps[(d+k)%len(steps)]
			day = day.Add(10 * time.Minute)
			do(person, runtime.ReadStep(p, st.module, st.step.ID, day))
			got.Opened++
		}

		// A form every five days, from the newest module: a draft first
		// on most, then the answers, read by the clinician the same day.
		if d%5 == 4 && forms < 6*(1+d/30) {
			m := current[len(current)-1]
			st := formStep(tb, m)
			f, _ := p.Form(st.Form)
			a := answers(tb, f, d)
			if forms%3 != 2 {
				half := formdata.Answers{}
				for _, q := range f.Questions[:len(f.Questions)/2] {
					if v, ok := a[q.ID]; ok {
						half[q.ID] = v
					}
				}
				do(person, runtime.SaveDraft(p, m.ID, st.ID, half, day))
				got.Drafts++
			}
			e := do(person, submit(p, m.ID, st.ID, f, a, day))
			got.Submitted++
			sub := e.Submissions[len(e.Submissions)-1]
			day = day.Add(3 * time.Hour)
			e = do(staff, runtime.MarkRead(sub.ID))
			for _, r := range e.Reviews {
				if r.ReviewedAt.IsZero() {
					do(staff, runtime.ReviewFlag(r.ID))
					got.Flags++
				}
			}
			forms++
		}
		// A draft left for later, on the last days.
		if d == 30*months-2 {
			m := current[len(current)-1]
			st := formStep(tb, m)
			f, _ := p.Form(st.Form)
			q := f.Questions[0]
			do(person, runtime.SaveDraft(p, m.ID, st.ID, formdata.Answers{q.ID: answer(q, d)}, day))
			got.Drafts++
		}
		if d == 2 {
			do(staff, runtime.EditWelcome("Hej! Välkommen till programmet. Hör av dig om du har frågor."))
		}
	}
	return e.ID, got
}

type stepOf struct {
	module string
	step   *designer.Step
}

// steps lists a module's steps in order.
func steps(m *designer.Module) []stepOf {
	var out []stepOf
	for _, sec := range m.Sections {
		for _, st := range sec.Steps {
			out = append(out, stepOf{m.ID, st})
		}
	}
	return out
}

// formStep returns the first step of m with a form.
func formStep(tb testing.TB, m *designer.Module) *designer.Step {
	tb.Helper()
	for _, st := range steps(m) {
		if st.step.Form != "" {
			return st.step
		}
	}
	tb.Fatalf("module %s has no form", m.ID)
	return nil
}

// textStep returns the first step of m without a form or media.
func textStep(tb testing.TB, m *designer.Module) *designer.Step {
	tb.Helper()
	for _, st := range steps(m) {
		if st.step.Form == "" && st.step.Media == nil {
			return st.step
		}
	}
	tb.Fatalf("module %s has no text step", m.ID)
	return nil
}

// answers fills every question of f with an answer that varies with seed,
// as the form page would send them, and checks they are valid.
func answers(tb testing.TB, f *designer.Form, seed int) formdata.Answers {
	tb.Helper()
	a := formdata.Answers{}
	for i, q := range f.Questions {
		a[q.ID] = answer(q, seed+i)
	}
	a = formdata.Clean(f, a)
	if errs := formdata.Validate(f, a); len(errs) > 0 {
		tb.Fatalf("answers to %s: %v", f.ID, errs)
	}
	return a
}

func answer(q *designer.Question, seed int) []string {
	switch q.Type {
	case designer.TypeSingle:
		return []string{q.Options[seed%len(q.Options)].Value}
	case designer.TypeMultiple:
		return []string{q.Options[seed%len(q.Options)].Value, q.Options[(seed+1)%len(q.Options)].Value}
	case designer.TypeScale:
		return []string{strconv.Itoa(q.Scale.Min + seed%(q.Scale.Max-q.Scale.Min+1))}
	case designer.TypeNumber:
		n := 1.0
		if q.Min != nil {
			n = *q.Min
		}
		return []string{formdata.FormatNumber(n)}
	case designer.TypeDate:
		return []string{"2026-11-02"}
	case designer.TypeTime:
		return []string{"08:30"}
	case designer.TypeDuration:
		return []string{"90"}
	}
	return []string{"Det har varit en tuff vecka på jobbet, men promenaderna hjälper."}
}

// submit submits answers and raises the review flags that hold, as the
// form page does.
func submit(p *designer.Program, module, step string, f *designer.Form, a formdata.Answers, now time.Time) runtime.Decision {
	return func(e *runtime.Enrolment) ([]runtime.Change, error) {
		sub := strconv.FormatInt(e.Seq+1, 10)
		ds := []runtime.Decision{runtime.SubmitForm(p, module, step, f.ID, a, now)}
		for _, fl := range p.Flags {
			if !fl.Review || fl.Form != f.ID {
				continue
			}
			raise := fl.On == designer.TriggerFormSubmitted
			if fl.On == designer.TriggerFormAnswer && fl.When != nil {
				raise = scoring.Holds(f, fl.When, scoring.Answers(a))
			}
			if raise {
				ds = append(ds, runtime.RaiseFlag(p, fl.ID, sub))
			}
		}
		return runtime.Then(ds...)(e)
	}
}
