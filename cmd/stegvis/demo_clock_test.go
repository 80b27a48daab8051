package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/themes"
)

// TestDemoClock proves what the demo's guide and docs/operating.md promise
// for `stegvis demo --clock-offset`: the default content is built and
// published as the demo does, seeded and planned as serve --demo does,
// and the scheduler of newEngine runs with the demo's courier (the inbox,
// and the log in place of e-mail and SMS) on a clock that many hours or
// days after the seeding, each offset on a fresh store.
func TestDemoClock(t *testing.T) {
	for _, k := range []string{"STEGVIS_SMTP_URL", "STEGVIS_SMTP_HOST", "STEGVIS_SMS_URL", "STEGVIS_SERVICE_NAME"} {
		t.Setenv(k, "")
	}
	bundles := t.TempDir()
	if err := runBuild([]string{"../../content", "-o", bundles}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(bundles, "*@*"))
	if err != nil || len(names) != 3 {
		t.Fatalf("built %v (%v), want the three sample programs", names, err)
	}
	// Seeded on a Tuesday at 10:00 in winter; 90 days on is summer time.
	seeded := time.Date(2027, 2, 9, 10, 0, 0, 0, runtime.Stockholm)
	tolvan, sara, johan := demo.Citizens[0], demo.Citizens[1], demo.Citizens[2]

	// What each offset of the demo's guide (demo.ClockOffsets) shows.
	checks := map[string]func(t *testing.T, d *demoRun){}
	checks["cli.demo.clock.start"] = func(t *testing.T, d *demoRun) {
		for _, c := range []runtime.Citizen{tolvan, sara, johan} {
			e, p := d.enrolment(c.PNR)
			if o, left := e.BatteryDue(p, d.now); o == nil || len(left) == 0 {
				t.Errorf("%s (%s): no battery due at start", c.Name, p.ID)
			}
			if !d.inboxHas(citizenOf(c), "battery:") {
				t.Errorf("%s: no battery notice in the inbox", c.Name)
			}
		}
		e, p := d.enrolment(tolvan.PNR)
		if p.ID != "primarvard-psykoedukation" {
			t.Fatalf("Tolvan runs %s, want the program with PHQ-9", p.ID)
		}
		if o, left := e.BatteryDue(p, d.now); o == nil || !slices.Equal(left, []string{"gad-7"}) {
			t.Errorf("Tolvan's battery left %v, want GAD-7 after the seeded PHQ-9", left)
		}
		r := d.review(e, "phq9-fraga-9")
		if r == nil || !r.Urgent || len(r.Escalations) != 0 {
			t.Fatalf("urgent PHQ-9 review %+v, want raised and not escalated", r)
		}
		if !d.inboxHas(staffOf("anna"), "phq9-fraga-9") {
			t.Error("anna (responsible) has no urgent notice in her inbox")
		}
		if d.inboxHas(staffOf("bertil"), "phq9-fraga-9") {
			t.Error("bertil notified before the deadline")
		}
	}
	checks["cli.demo.clock.urgent"] = func(t *testing.T, d *demoRun) {
		e, _ := d.enrolment(tolvan.PNR)
		r := d.review(e, "phq9-fraga-9")
		if r == nil {
			t.Fatal("no urgent review")
		}
		if esc, ok := r.Escalated(1); !ok || !slices.Contains(esc.To, "bertil") {
			t.Errorf("level 1: %+v %v, want escalated to bertil (the unit's backup)", esc, ok)
		}
		if _, ok := r.Escalated(2); ok {
			t.Error("level 2 already, 5 hours after a 4-hour deadline")
		}
		if !d.logged(e.ID, "flag_escalated") {
			t.Error("no flag_escalated on the enrolment's log")
		}
		if !d.inboxHas(staffOf("bertil"), "phq9-fraga-9") {
			t.Error("bertil (backup) has no urgent notice in his inbox")
		}
	}
	checks["cli.demo.clock.inactivity"] = func(t *testing.T, d *demoRun) {
		for _, c := range []runtime.Citizen{tolvan, sara, johan} {
			_, p := d.enrolment(c.PNR)
			i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.On == designer.TriggerInactivity })
			if i < 0 {
				t.Fatalf("%s: %s has no inactivity flag", c.Name, p.ID)
			}
			if !d.inboxHas(citizenOf(c), p.Flags[i].ID) {
				t.Errorf("%s (%s): no inactivity reminder %s in the inbox", c.Name, p.ID, p.Flags[i].ID)
			}
		}
		// The lifestyle program's movement plan: the passes of the first two
		// weeks went unregistered, and each raised its flag once.
		lifestyle := false
		for _, c := range []runtime.Citizen{tolvan, sara, johan} {
			e, p := d.enrolment(c.PNR)
			if p.ID != "livsstil" {
				continue
			}
			lifestyle = true
			pl, ok := e.Plan(p, "rorelseplan")
			if !ok || !pl.Active {
				t.Fatalf("%s: no active rorelseplan", c.Name)
			}
			missed := pl.Missed(e.StartedAt, d.now)
			if len(missed) < 4 {
				t.Errorf("%s: %d missed passes in 15 days, want at least 4", c.Name, len(missed))
			}
			for _, o := range missed {
				if !e.Raised("missad-rorelse", runtime.ActivityOccasionKey("rorelseplan", o.ID)) {
					t.Errorf("%s: pass %s missed without its flag", c.Name, o.ID)
				}
			}
			if len(e.ActivitySeries(p)) == 0 {
				t.Errorf("%s: the seeded steps are not in the activity series", c.Name)
			}
		}
		if !lifestyle {
			t.Error("no demo citizen runs the lifestyle program")
		}
		// Tolvan turned on SMS: the demo logs it instead of sending.
		if !strings.Contains(d.log.String(), "would send (logged, not sent)") || !strings.Contains(d.log.String(), "channel=sms") {
			t.Errorf("the log shows no SMS it would send:\n%s", d.log.String())
		}
	}
	checks["cli.demo.clock.ending"] = func(t *testing.T, d *demoRun) {
		e, _ := d.enrolment(tolvan.PNR)
		if r := d.review(e, "program-slutar"); r == nil {
			t.Error("no program-ending review on Tolvan's enrolment")
		}
		if !d.inboxHas(staffOf("anna"), "program-slutar") {
			t.Error("anna has no program-ending notice in her inbox")
		}
		// Every level of the urgent flag has run by now.
		if r := d.review(e, "phq9-fraga-9"); r == nil || len(r.Escalations) != 3 {
			t.Errorf("urgent review %+v, want three levels", r)
		}
	}
	for _, o := range demo.ClockOffsets {
		t.Run(o.Offset, func(t *testing.T) {
			offset, err := parseOffset(o.Offset)
			if err != nil {
				t.Fatal(err)
			}
			check, ok := checks[o.Key]
			if !ok {
				t.Fatalf("nothing checks what %s promises", o.Key)
			}
			check(t, newDemoRun(t, names, seeded, offset))
		})
	}
}

// demoRun is a demo store seeded at a time and run on a clock offset
// from it.
type demoRun struct {
	t     *testing.T
	ctx   context.Context
	store *embedded.Store
	now   time.Time
	log   *syncBuffer
}

// newDemoRun publishes the bundles to a fresh store as `stegvis demo`
// does, seeds and plans the demo at seeded, gives Tolvan SMS, and runs
// every job due offset later, as serve does with --clock-offset.
func newDemoRun(t *testing.T, bundles []string, seeded time.Time, offset time.Duration) *demoRun {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := runPublish(append(slices.Clone(bundles), "--store", path), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	store, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	buf := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(buf, nil))
	nf := addNotifyFlags(flag.NewFlagSet("demo", flag.ContinueOnError), themes.Lookup("sv"))
	courier, err := nf.courier(store, "", true, log)
	if err != nil {
		t.Fatal(err)
	}
	clock := runtime.NewManualClock(seeded)
	eng := newEngine(store, clock.Now, courier, log)
	if err := demo.Seed(ctx, store, seeded); err != nil {
		t.Fatal(err)
	}
	tolvan, err := store.Citizen(ctx, demo.Citizens[0].PNR)
	if err != nil {
		t.Fatal(err)
	}
	tolvan.NotifySMS = true
	if err := store.PutCitizen(ctx, tolvan); err != nil {
		t.Fatal(err)
	}
	if err := demo.Plan(ctx, store, eng.Planner); err != nil {
		t.Fatal(err)
	}
	now := seeded.Add(offset)
	clock.Set(now)
	// The serving scheduler polls every second; a job that schedules the
	// next (an escalation's next level) runs on a later pass.
	for range 20 {
		n, err := eng.Scheduler.RunDue(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	return &demoRun{t: t, ctx: ctx, store: store, now: now, log: buf}
}

// enrolment returns a citizen's demo enrolment and its program.
func (d *demoRun) enrolment(pnr string) (*runtime.Enrolment, *designer.Program) {
	d.t.Helper()
	es, err := d.store.Enrolments(d.ctx, runtime.ByCitizen(pnr))
	if err != nil || len(es) != 1 {
		d.t.Fatalf("enrolments of %s: %d, %v; want one", pnr, len(es), err)
	}
	p, err := runtime.NewPrograms(d.store, 0).Program(d.ctx, es[0].Bundle)
	if err != nil {
		d.t.Fatal(err)
	}
	return es[0], p
}

// review returns the enrolment's review raised by flag, or nil.
func (d *demoRun) review(e *runtime.Enrolment, flag string) *runtime.Review {
	for _, r := range e.Reviews {
		if r.Flag == flag {
			return r
		}
	}
	return nil
}

// inboxHas reports whether r's inbox has an item of a flag with the given
// id, or prefix when it ends in ":".
func (d *demoRun) inboxHas(r runtime.Recipient, flag string) bool {
	d.t.Helper()
	items, err := d.store.Inbox(d.ctx, r)
	if err != nil {
		d.t.Fatal(err)
	}
	return slices.ContainsFunc(items, func(it runtime.InboxItem) bool {
		return it.Flag == flag || (strings.HasSuffix(flag, ":") && strings.HasPrefix(it.Flag, flag))
	})
}

// logged reports whether the enrolment's log has an event of the type.
func (d *demoRun) logged(id, typ string) bool {
	d.t.Helper()
	evs, err := d.store.Events(d.ctx, id, 0)
	if err != nil {
		d.t.Fatal(err)
	}
	return slices.ContainsFunc(evs, func(ev runtime.Event) bool { return ev.Type == typ })
}

func citizenOf(c runtime.Citizen) runtime.Recipient {
	return runtime.Recipient{Kind: runtime.RecipientCitizen, ID: c.PNR}
}

func staffOf(id string) runtime.Recipient {
	return runtime.Recipient{Kind: runtime.RecipientStaff, ID: id}
}

// syncBuffer is a buffer the scheduler's workers may log to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
