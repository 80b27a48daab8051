package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Urgent flags: acknowledge ("kvittera") or escalate. An urgent flag
// notifies the responsible clinician at once and must be acknowledged
// within the program's urgent_acknowledge_hours; reviewing it counts as
// acknowledging. Each time the deadline passes unacknowledged it goes one
// level further, each level an event on the enrolment's log:
//
//	level 1  the unit's backup clinicians (Unit.Backup) and citizen admins
//	level 2  every clinician on the unit
//	level 3  the unit admins, the last level
//
// Level n fires n deadlines after the flag was raised. A level notifies
// only those that no earlier level reached, nor the responsible
// clinician; a level with nobody to reach is recorded all the same, so
// the timeline shows that it passed.

func init() {
	register(func() Change { return new(FlagAcknowledged) })
	register(func() Change { return new(FlagEscalated) })
}

// JobEscalate is the job kind of one level of an urgent flag's
// escalation; its payload is an EscalationJob.
const JobEscalate = "escalate"

// LastEscalationLevel is the last level an urgent flag escalates to.
const LastEscalationLevel = 3

// EscalationJob is the payload (Job.Data) of a JobEscalate job.
type EscalationJob struct {
	Review string `json:"r"`
	Level  int    `json:"l"`
}

// Escalation is one level an urgent review was escalated to.
type Escalation struct {
	Level int `json:"level"`
	// To are the staff ids notified at this level; none when the unit has
	// nobody at the level.
	To []string  `json:"to,omitempty"`
	At time.Time `json:"at"`
}

// Acknowledged reports whether a review has been acknowledged
// ("kvitterad"), by acknowledging or by reviewing it.
func (r *Review) Acknowledged() bool { return !r.AcknowledgedAt.IsZero() || !r.ReviewedAt.IsZero() }

// Escalated returns the review's escalation to level, if it happened.
func (r *Review) Escalated(level int) (Escalation, bool) {
	for _, x := range r.Escalations {
		if x.Level == level {
			return x, true
		}
	}
	return Escalation{}, false
}

// FlagAcknowledged records that an urgent flag was acknowledged: it is
// seen and taken care of, and escalates no further.
type FlagAcknowledged struct {
	Review string `json:"review"`
}

// EventType returns "flag_acknowledged".
func (*FlagAcknowledged) EventType() string { return "flag_acknowledged" }

func (c *FlagAcknowledged) apply(e *Enrolment, ev Event) {
	if r, ok := e.Review(c.Review); ok && r.AcknowledgedAt.IsZero() {
		r.AcknowledgedAt, r.AcknowledgedBy = ev.At, ev.Actor.ID
	}
}

// FlagEscalated records that an unacknowledged urgent flag escalated to
// a level and whom it notified there.
type FlagEscalated struct {
	Review string   `json:"review"`
	Level  int      `json:"level"`
	To     []string `json:"to,omitempty"`
}

// EventType returns "flag_escalated".
func (*FlagEscalated) EventType() string { return "flag_escalated" }

func (c *FlagEscalated) apply(e *Enrolment, ev Event) {
	if r, ok := e.Review(c.Review); ok {
		if _, done := r.Escalated(c.Level); !done {
			r.Escalations = append(r.Escalations, Escalation{Level: c.Level, To: slices.Clone(c.To), At: ev.At})
		}
	}
}

// AcknowledgeFlag acknowledges an urgent flag ("kvittera"). Acknowledging
// one already acknowledged or reviewed changes nothing; a flag that is not
// urgent has nothing to acknowledge. The web layer lets the unit's
// clinicians and citizen admins do it.
func AcknowledgeFlag(review string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		r, ok := e.Review(review)
		if !ok {
			return nil, invalid("acknowledge %q: no such event", review)
		}
		if !r.Urgent {
			return nil, invalid("acknowledge %q: not urgent", review)
		}
		if r.Acknowledged() {
			return nil, nil
		}
		return []Change{&FlagAcknowledged{Review: review}}, nil
	})
}

// EscalateFlag escalates an unacknowledged urgent flag to level, notifying
// to. It changes nothing when the flag was acknowledged or has reached
// that level already, so a retried job records each level once.
func EscalateFlag(review string, level int, to []string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		r, ok := e.Review(review)
		if !ok {
			return nil, invalid("escalate %q: no such event", review)
		}
		if !r.Urgent {
			return nil, invalid("escalate %q: not urgent", review)
		}
		if level < 1 || level > LastEscalationLevel {
			return nil, invalid("escalate %q: no level %d", review, level)
		}
		if _, done := r.Escalated(level); done || r.Acknowledged() {
			return nil, nil
		}
		return []Change{&FlagEscalated{Review: review, Level: level, To: to}}, nil
	})
}

// AcknowledgeDeadline is how long an urgent flag of p waits to be
// acknowledged, and then between levels: urgent_acknowledge_hours.
func AcknowledgeDeadline(p *designer.Program) time.Duration {
	return time.Duration(p.AcknowledgeHours()) * time.Hour
}

// EscalationDue is when an unacknowledged urgent review escalates to
// level: level deadlines after it was raised. The deadline counts real
// hours, so a switch to or from summer time does not stretch it.
func EscalationDue(p *designer.Program, r *Review, level int) time.Time {
	return r.RaisedAt.Add(time.Duration(level) * AcknowledgeDeadline(p))
}

// EscalationOccasion is the occasion of an escalation's notifications:
// the review and the level, so that each is sent once per recipient.
func EscalationOccasion(review string, level int) string {
	return "escalation-" + review + "-" + strconv.Itoa(level)
}

// EscalationJobOf is the job that escalates review to level under p.
func EscalationJobOf(p *designer.Program, e *Enrolment, r *Review, level int) Job {
	data, _ := json.Marshal(EscalationJob{Review: r.ID, Level: level})
	return Job{ID: JobID(JobEscalate, e.ID, r.ID, strconv.Itoa(level)), Kind: JobEscalate, Enrolment: e.ID,
		Due: EscalationDue(p, r, level).UTC(), Data: data}
}

// findFlag returns the flag of the program or of one of its forms.
func findFlag(p *designer.Program, id string) (*designer.Flag, bool) {
	for _, f := range p.Flags {
		if f.ID == id {
			return f, true
		}
	}
	for _, form := range p.Forms {
		for _, f := range form.Flags {
			if f.ID == id {
				return f, true
			}
		}
	}
	return nil, false
}

// reviewOccasion is the occasion a review was raised on, for the keys of
// its notifications: as FlagNotifications keys them, so that the urgent
// notice to the clinician and the flag's own `notify: [clinician]` are
// one notification.
func reviewOccasion(r *Review) string {
	switch {
	case r.Occasion != "":
		return r.Occasion
	case r.Submission != "":
		return SubmissionOccasion(r.Submission)
	}
	return "review-" + r.ID
}

// UrgentJobs returns the jobs an urgent review implies when it is raised:
// the notification of the responsible clinician, due at once (at now),
// whether or not the flag names them under `notify:`, and the first
// level of its escalation. A review that is not urgent, or already
// acknowledged, implies none.
func UrgentJobs(p *designer.Program, e *Enrolment, r *Review, now time.Time) []Job {
	if !r.Urgent || r.Acknowledged() || e.Ended() {
		return nil
	}
	var out []Job
	if e.Clinician != "" {
		to := Recipient{Kind: RecipientStaff, ID: e.Clinician}
		n := Notification{Key: NotificationKey(e.ID, r.Flag, reviewOccasion(r), to), Enrolment: e.ID, Unit: e.Unit,
			Flag: r.Flag, Recipient: to, Delivery: designer.DeliveryImmediate, Urgent: true, At: r.RaisedAt.UTC()}
		if f, ok := findFlag(p, r.Flag); ok {
			n.Message = f.Message
		}
		out = append(out, NotifyJob(n, now))
	}
	return append(out, EscalationJobOf(p, e, r, 1))
}

// EscalationRecipients returns whom an urgent flag of e reaches at level:
// the staff ids of the unit at that level (see the top of this file), not
// the responsible clinician nor anyone an earlier level reached, sorted.
func EscalationRecipients(ctx context.Context, dir DirectoryStore, e *Enrolment, level int) ([]string, error) {
	unit, err := dir.Unit(ctx, e.Unit)
	if err != nil {
		return nil, fmt.Errorf("escalation recipients: %w", err)
	}
	staff, err := dir.StaffMembers(ctx)
	if err != nil {
		return nil, fmt.Errorf("escalation recipients: %w", err)
	}
	exists := map[string]bool{}
	for _, s := range staff {
		exists[s.ID] = len(s.Roles[e.Unit]) > 0
	}
	at := func(l int) []string {
		var ids []string
		switch l {
		case 1:
			for _, id := range unit.Backup {
				if exists[id] {
					ids = append(ids, id)
				}
			}
			ids = append(ids, withRole(staff, e.Unit, RoleCitizenAdmin)...)
		case 2:
			ids = withRole(staff, e.Unit, RoleClinician)
		case 3:
			ids = withRole(staff, e.Unit, RoleUnitAdmin)
		}
		return ids
	}
	reached := map[string]bool{e.Clinician: true}
	for l := 1; l < level; l++ {
		for _, id := range at(l) {
			reached[id] = true
		}
	}
	var out []string
	for _, id := range at(level) {
		if !reached[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func withRole(staff []Staff, unit string, role Role) []string {
	var out []string
	for _, s := range staff {
		if s.HasRole(unit, role) {
			out = append(out, s.ID)
		}
	}
	return out
}

// Escalations runs the jobs of urgent flags' escalation. Register its
// handler on a Scheduler; the Planner schedules the first level when an
// urgent flag is raised, and each level schedules the next.
type Escalations struct {
	Enrolments *Enrolments
	Programs   *Programs
	Directory  DirectoryStore
	Queue      QueueStore
	Notifier   Notifier
	// Now returns the current time; it defaults to time.Now. It must be
	// the scheduler's clock.
	Now func() time.Time
}

// Register sets the handler of JobEscalate on s.
func (x *Escalations) Register(s *Scheduler) { s.Handle(JobEscalate, x.escalate) }

// escalate runs one level of an escalation: unless the flag was
// acknowledged, it records the level, notifies whom it reaches and
// schedules the next level. Each step is idempotent per (review, level).
func (x *Escalations) escalate(ctx context.Context, j Job) error {
	var ej EscalationJob
	if err := json.Unmarshal(j.Data, &ej); err != nil {
		return fmt.Errorf("job %s: decode: %w", j.ID, err)
	}
	e, err := x.Enrolments.Get(ctx, j.Enrolment)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	r, ok := e.Review(ej.Review)
	if e.Ended() || !ok || r.Acknowledged() {
		return nil
	}
	p, err := x.Programs.Program(ctx, e.Bundle)
	if err != nil {
		return err
	}
	if due := EscalationDue(p, r, ej.Level); due.After(x.now()) {
		j.Due, j.Lease, j.Claims = due.UTC(), "", 0
		return x.Queue.Schedule(ctx, j)
	}
	if _, done := r.Escalated(ej.Level); !done {
		to, err := EscalationRecipients(ctx, x.Directory, e, ej.Level)
		if err != nil {
			return err
		}
		e, err = x.Enrolments.Do(ctx, e.ID, System, EscalateFlag(r.ID, ej.Level, to))
		if errors.Is(err, ErrEnded) || isNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if r, ok = e.Review(ej.Review); !ok {
			return nil
		}
	}
	esc, done := r.Escalated(ej.Level)
	if !done {
		return nil // acknowledged meanwhile
	}
	msg := ""
	if f, ok := findFlag(p, r.Flag); ok {
		msg = f.Message
	}
	for _, id := range esc.To {
		to := Recipient{Kind: RecipientStaff, ID: id}
		n := Notification{Key: NotificationKey(e.ID, r.Flag, EscalationOccasion(r.ID, ej.Level), to), Enrolment: e.ID,
			Unit: e.Unit, Flag: r.Flag, Recipient: to, Message: msg, Delivery: designer.DeliveryImmediate, Urgent: true, At: esc.At.UTC()}
		if err := x.Notifier.Notify(ctx, n); err != nil {
			return fmt.Errorf("notify %s: %w", n.Key, err)
		}
	}
	if ej.Level < LastEscalationLevel {
		return x.Queue.Schedule(ctx, EscalationJobOf(p, e, r, ej.Level+1))
	}
	return nil
}

func (x *Escalations) now() time.Time {
	if x.Now == nil {
		return time.Now()
	}
	return x.Now()
}
