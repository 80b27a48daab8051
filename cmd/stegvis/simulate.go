package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/themes"
)

func init() {
	register(command{
		name:    "simulate",
		usage:   "DIR --start YYYY-MM-DD [--days N] [--inactive FROM-TO]",
		summary: "print one enrolment's calendar as the scheduler runs it",
		run:     runSimulate,
	})
}

// The simulation's enrolment: it starts at simStart local time on the
// start date, and the citizen signs in at simSignIn every active day.
const (
	simStartHour  = 9
	simSignInHour = 19
	simUnit       = "simulering"
	simClinician  = "behandlare"
	simCitizen    = "191212121212"
)

// simStaff is the unit's staff in a simulation: one at each level an
// urgent flag escalates to.
var simStaff = map[string]runtime.Role{
	simClinician: runtime.RoleClinician, "reserv": runtime.RoleClinician, "kollega": runtime.RoleClinician,
	"invanaradmin": runtime.RoleCitizenAdmin, "behorighetsadmin": runtime.RoleUnitAdmin,
}

func runSimulate(args []string, stdout, stderr io.Writer) error {
	c := command{name: "simulate", usage: "DIR --start YYYY-MM-DD [--days N] [--inactive FROM-TO]"}
	fs, cat, lang := designerFlags(c, args, stderr)
	start := fs.String("start", "", cat.T("cli.simulate.flag.start"))
	days := fs.Int("days", 120, cat.T("cli.simulate.flag.days"))
	inactive := fs.String("inactive", "", cat.T("cli.simulate.flag.inactive"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if err := oneDir(fs, cat, pos); err != nil {
		return err
	}
	day, err := time.ParseInLocation(time.DateOnly, *start, runtime.Stockholm)
	if err != nil {
		return usageError(fs, cat, "cli.simulate.bad_start", *start)
	}
	if *days < 1 {
		return usageError(fs, cat, "cli.simulate.bad_days", *days)
	}
	from, to, err := parseDayRange(*inactive)
	if err != nil {
		return usageError(fs, cat, "cli.simulate.bad_inactive", *inactive)
	}
	res, err := compiler.BuildDir(pos[0], compiler.Options{})
	if err != nil {
		return err
	}
	if report(stderr, cat, pos[0], res.Diagnostics, true) {
		return exitError(1)
	}
	sim := simulation{
		Start:    time.Date(day.Year(), day.Month(), day.Day(), simStartHour, 0, 0, 0, runtime.Stockholm),
		Days:     *days,
		Inactive: func(d int) bool { return *inactive != "" && d >= from && d <= to },
	}
	effects, err := sim.run(context.Background(), res.Bundle)
	if err != nil {
		return err
	}
	printCalendar(stdout, cat, sim, *inactive, res.Program.ID, effects)
	return nil
}

// parseDayRange parses "14-30": days 14 to 30, both included.
func parseDayRange(s string) (from, to int, err error) {
	if s == "" {
		return 0, -1, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if from, err = strconv.Atoi(a); err != nil || !ok {
		return 0, 0, fmt.Errorf("day range %q", s)
	}
	if to, err = strconv.Atoi(b); err != nil || from < 0 || to < from {
		return 0, 0, fmt.Errorf("day range %q", s)
	}
	return from, to, nil
}

// simulation runs one enrolment of a bundle through the runtime's own
// planner and scheduler (newEngine) on a manual clock and an embedded
// store of its own, and records what the system does.
type simulation struct {
	Start    time.Time
	Days     int
	Inactive func(day int) bool
}

// effect is one thing the system did: an event it appended or a
// notification it asked for.
type effect struct {
	At     time.Time
	Kind   string // the event type, or "notification"
	Detail string
}

func (s simulation) run(ctx context.Context, b *bundle.Bundle) ([]effect, error) {
	dir, err := os.MkdirTemp("", "stegvis-simulate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := embedded.Open(filepath.Join(dir, "simulate.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	clock := runtime.NewManualClock(s.Start)
	store := &watchedQueue{Store: db, due: map[string]time.Time{}}
	// The server's courier, with senders that record what would go out;
	// everyone has e-mail on, so each immediate message and each morning's
	// daily collection shows as a row of its own.
	post := &simPost{who: map[string]string{}}
	cat := themes.Lookup("sv")
	courier := &runtime.Courier{Inbox: &simInbox{Store: store, post: post}, Directory: store, Queue: store,
		Email: simSender{post}, SMS: simSender{post}, Subject: cat.T("notify.subject"), Text: cat.T("notify.text", "1177")}
	if err := courier.Check(); err != nil {
		return nil, err
	}
	notes := &simNotifier{now: clock.Now, next: courier}
	eng := newEngine(store, clock.Now, notes, slog.New(slog.DiscardHandler))
	// One worker: the rows come in the order the jobs run, and each send
	// is followed by its record (simInbox.FinishDelivery).
	eng.Scheduler.Workers = 1

	pub, err := publish.Bundle(ctx, store, b, bundle.ManifestBytes(b.Manifest), "simulate", s.Start)
	if err != nil {
		return nil, err
	}
	if err := seedSimUnit(ctx, store, post); err != nil {
		return nil, err
	}
	p, err := runtime.NewPrograms(store, 0).Program(ctx, pub.Bundle)
	if err != nil {
		return nil, err
	}
	e, err := eng.Enrolments.Start(ctx, runtime.StartInput{Program: p, Bundle: pub.Bundle, Unit: simUnit,
		Citizen: simCitizen, CitizenName: "Tolvan Tolvansson", Clinician: simClinician,
		Actor: runtime.Actor{ID: simClinician, Role: runtime.RoleClinician}})
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	end := runtime.AddDays(s.Start, s.Days)
	citizen := runtime.Actor{ID: simCitizen, Role: runtime.RoleCitizen}
	var out []effect
	var seen int64
	collect := func() error {
		events, err := db.Events(ctx, e.ID, seen)
		if err != nil {
			return err
		}
		for _, ev := range events {
			seen = ev.Seq
			if ev.Actor.Role == runtime.RoleSystem {
				out = append(out, eventEffect(ev))
			}
		}
		return nil
	}
	for day := 0; ; {
		signIn := time.Time{}
		for ; day < s.Days; day++ {
			if !s.Inactive(day) {
				at := runtime.AddDays(s.Start, day)
				signIn = time.Date(at.Year(), at.Month(), at.Day(), simSignInHour, 0, 0, 0, runtime.Stockholm)
				break
			}
		}
		next := end
		if !signIn.IsZero() && signIn.Before(next) {
			next = signIn
		}
		if due, ok := store.next(); ok && !due.After(next) {
			next = due
		}
		if next.Before(clock.Now()) {
			next = clock.Now()
		}
		if !next.Before(end) {
			break
		}
		clock.Set(next)
		if _, err := eng.Scheduler.RunDue(ctx, next); err != nil {
			return nil, err
		}
		if next.Equal(signIn) {
			if _, err := eng.Enrolments.Do(ctx, e.ID, citizen, runtime.Visit()); err != nil && !errors.Is(err, runtime.ErrEnded) {
				return nil, err
			}
			day++
		}
		if err := collect(); err != nil {
			return nil, err
		}
	}
	out = append(out, notes.effects()...)
	out = append(out, post.effects()...)
	slices.SortStableFunc(out, func(a, b effect) int { return a.At.Compare(b.At) })
	return out, nil
}

// seedSimUnit writes the simulation's unit, with a backup clinician, its
// staff and its citizen, everyone with e-mail turned on, and tells post
// whose address is whose.
func seedSimUnit(ctx context.Context, store runtime.Store, post *simPost) error {
	if err := store.PutUnit(ctx, runtime.Unit{ID: simUnit, Name: "Simulering", Backup: []string{"reserv"}}); err != nil {
		return err
	}
	for id, role := range simStaff {
		email := id + "@simulering.example"
		post.who[email] = string(runtime.RecipientStaff) + ":" + id
		if err := store.PutStaff(ctx, runtime.Staff{ID: id, Name: id, Email: email, NotifyEmail: true}); err != nil {
			return err
		}
		if err := store.SetRoles(ctx, id, simUnit, []runtime.Role{role}); err != nil {
			return err
		}
	}
	email := "invanare@simulering.example"
	post.who[email] = string(runtime.RecipientCitizen)
	return store.PutCitizen(ctx, runtime.Citizen{PNR: simCitizen, Name: "Tolvan Tolvansson", Email: email, NotifyEmail: true})
}

// eventEffect describes an event of the system: its payload as stored,
// so that every kind of event shows, the ones added later too.
func eventEffect(ev runtime.Event) effect {
	detail := strings.TrimSpace(string(ev.Data))
	var m map[string]any
	if json.Unmarshal(ev.Data, &m) == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%v", k, m[k]))
		}
		detail = strings.Join(parts, " ")
	}
	return effect{At: ev.At, Kind: ev.Type, Detail: detail}
}

// watchedQueue is the store with a note of every job's due time, so that
// the simulation moves its clock from one due job to the next.
type watchedQueue struct {
	runtime.Store
	mu  sync.Mutex
	due map[string]time.Time
}

func (q *watchedQueue) Schedule(ctx context.Context, j runtime.Job) error {
	if err := q.Store.Schedule(ctx, j); err != nil {
		return err
	}
	q.set(j.ID, j.Due)
	return nil
}

func (q *watchedQueue) Retry(ctx context.Context, j runtime.Job, due time.Time) error {
	if err := q.Store.Retry(ctx, j, due); err != nil {
		return err
	}
	q.set(j.ID, due)
	return nil
}

func (q *watchedQueue) Unschedule(ctx context.Context, id string) error {
	if err := q.Store.Unschedule(ctx, id); err != nil {
		return err
	}
	q.drop(id)
	return nil
}

func (q *watchedQueue) Complete(ctx context.Context, id, lease string) error {
	err := q.Store.Complete(ctx, id, lease)
	if err == nil {
		q.drop(id)
	}
	return err
}

func (q *watchedQueue) set(id string, due time.Time) {
	q.mu.Lock()
	q.due[id] = due
	q.mu.Unlock()
}

func (q *watchedQueue) drop(id string) {
	q.mu.Lock()
	delete(q.due, id)
	q.mu.Unlock()
}

// next returns the earliest due time of a pending job.
func (q *watchedQueue) next() (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var first time.Time
	for _, d := range q.due {
		if first.IsZero() || d.Before(first) {
			first = d
		}
	}
	return first, !first.IsZero()
}

// simNotifier records each notification once, at the clock's time, and
// hands it on to the courier (Unwrap), which newEngine registers as
// serve's.
type simNotifier struct {
	now  func() time.Time
	next runtime.Notifier
	mu   sync.Mutex
	seen map[string]bool
	out  []effect
}

// Unwrap returns the notifier it hands on to.
func (n *simNotifier) Unwrap() runtime.Notifier { return n.next }

func (n *simNotifier) Notify(ctx context.Context, msg runtime.Notification) error {
	if err := n.next.Notify(ctx, msg); err != nil {
		return err
	}
	n.record(msg)
	return nil
}

func (n *simNotifier) record(msg runtime.Notification) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen[msg.Key] {
		return
	}
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	n.seen[msg.Key] = true
	to := string(msg.Recipient.Kind)
	if msg.Recipient.Kind == runtime.RecipientStaff {
		to += ":" + msg.Recipient.ID
	}
	detail := fmt.Sprintf("flag=%s to=%s delivery=%s", msg.Flag, to, msg.Delivery)
	if msg.Urgent {
		detail += " urgent"
	}
	n.out = append(n.out, effect{At: n.now(), Kind: "notification", Detail: detail})
}

func (n *simNotifier) effects() []effect {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.out)
}

// simPost records what the courier sends. A sender's message waits until
// the courier records it as sent (simInbox.FinishDelivery), whose id
// tells a daily collection ("digest/…") from an immediate message; with
// one worker each send is followed by its record.
type simPost struct {
	who     map[string]string // address → recipient, as the rows name them
	mu      sync.Mutex
	pending []runtime.Outgoing
	out     []effect
}

// simSender is a Sender that hands its message to the post.
type simSender struct{ post *simPost }

func (s simSender) Send(_ context.Context, m runtime.Outgoing) error {
	s.post.mu.Lock()
	defer s.post.mu.Unlock()
	s.post.pending = append(s.post.pending, m)
	return nil
}

// sent records the message of a delivery recorded as sent at at: a row
// "email" or "sms", or "daily_email" or "daily_sms" for a daily
// collection.
func (p *simPost) sent(id string, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ch, _ := strings.Cut(id, "#")
	i := slices.IndexFunc(p.pending, func(m runtime.Outgoing) bool { return string(m.Channel) == ch })
	if i < 0 {
		return
	}
	m := p.pending[i]
	p.pending = slices.Delete(p.pending, i, i+1)
	kind := ch
	if strings.HasPrefix(id, "digest/") {
		kind = "daily_" + ch
	}
	p.out = append(p.out, effect{At: at, Kind: kind, Detail: "to=" + cmp.Or(p.who[m.To], m.To)})
}

func (p *simPost) effects() []effect {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.out)
}

// simInbox is the store as the courier's InboxStore, telling the post
// when a delivery is recorded as sent.
type simInbox struct {
	runtime.Store
	post *simPost
}

func (s *simInbox) FinishDelivery(ctx context.Context, id, token string, at time.Time) error {
	if err := s.Store.FinishDelivery(ctx, id, token, at); err != nil {
		return err
	}
	s.post.sent(id, at)
	return nil
}

// printCalendar writes the effects as a table: day, local date and time
// with the zone (CET or CEST), what happened and its details.
func printCalendar(w io.Writer, cat *themes.Catalog, s simulation, inactive, program string, effects []effect) {
	fmt.Fprintln(w, cat.T("cli.simulate.header", program, s.Start.Format("2006-01-02 15:04 MST"), s.Days))
	if inactive != "" {
		fmt.Fprintln(w, cat.T("cli.simulate.inactive", inactive))
	}
	fmt.Fprintln(w, cat.T("cli.simulate.signins", simSignInHour))
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, cat.T("cli.simulate.columns"))
	for _, ef := range effects {
		at := ef.At.In(runtime.Stockholm)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", runtime.DayNumber(s.Start, at), at.Format("2006-01-02"), at.Format("15:04 MST"), ef.Kind, ef.Detail)
	}
	tw.Flush()
	if len(effects) == 0 {
		fmt.Fprintln(w, cat.T("cli.simulate.nothing"))
	}
}
