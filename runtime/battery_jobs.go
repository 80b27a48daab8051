package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// The jobs of batteries: one pending job per (enrolment, battery), due
// when the battery's next occasion opens. When it runs it tells the
// citizen that a new skattning is waiting, once per occasion, and moves
// itself on to the next occasion. The Planner schedules the first at the
// start and plans again when the state or the program changes.

// JobBattery is the kind of a battery's job, due when an occasion opens.
const JobBattery = "battery"

// BatteryJobData is the payload (Job.Data) of a JobBattery job.
type BatteryJobData struct {
	Battery string `json:"b"`
}

// BatteryNotificationFlag is what a battery's notification gives as its
// Notification.Flag: "battery:<id>", so that it never collides with a
// flag's.
func BatteryNotificationFlag(battery string) string { return "battery:" + battery }

// BatteryMessage is the text of the notification that a battery's
// occasion is waiting: the battery's title and nothing about health.
func BatteryMessage(title string) string {
	return "Det finns en ny skattning att fylla i: " + title
}

// BatteryJob returns the job of an occasion of a battery for an
// enrolment, due when the occasion opens.
func BatteryJob(e *Enrolment, o BatteryOccasion) Job {
	data, _ := json.Marshal(BatteryJobData{Battery: o.Battery})
	return Job{ID: JobID(JobBattery, e.ID, o.Battery, ""), Kind: JobBattery, Enrolment: e.ID, Due: o.Opens.UTC(), Data: data}
}

// BatteryJobs returns the job of each battery of the program for an
// enrolment, due at its first occasion that opens after after. Just
// started, the planner asks from before the start (BeforeStart), so that
// an at_start occasion has its job; later from now. A battery with no
// occasion left has none, and an ended enrolment none at all. In
// maintenance the jobs stay planned; their handler sends nothing then.
func BatteryJobs(p *designer.Program, e *Enrolment, after time.Time) []Job {
	if e.Ended() {
		return nil
	}
	var out []Job
	for _, b := range p.Batteries {
		if o, ok := NextBatteryOccasion(p, b, e.StartedAt, after); ok {
			out = append(out, BatteryJob(e, o))
		}
	}
	return out
}

// BeforeStart is the moment just before an enrolment started: the
// occasions opening after it include those at the start.
func BeforeStart(e *Enrolment) time.Time { return e.StartedAt.Add(-time.Nanosecond) }

// BatteryNotification is the notification to the citizen that a
// battery's occasion is waiting, keyed per (enrolment, battery,
// occasion), so that a retried job sends it once.
func BatteryNotification(e *Enrolment, o BatteryOccasion, at time.Time) Notification {
	r := Recipient{Kind: RecipientCitizen, ID: e.Citizen}
	flag := BatteryNotificationFlag(o.Battery)
	return Notification{
		Key: NotificationKey(e.ID, flag, o.Occasion, r), Enrolment: e.ID, Unit: e.Unit, Flag: flag,
		Recipient: r, Message: BatteryMessage(o.Title), Delivery: designer.DeliveryImmediate, At: at.UTC(),
	}
}

// planBatteries brings the battery jobs in line with BatteryJobs after
// after: a job already due at now and not yet run is left to run, and a
// battery no longer in the program, or with no occasion left, loses its
// job.
func (pl *Planner) planBatteries(ctx context.Context, p *designer.Program, e *Enrolment, after, now time.Time) error {
	var ids []string
	for _, b := range p.Batteries {
		ids = append(ids, JobID(JobBattery, e.ID, b.ID, ""))
	}
	return pl.alignJobs(ctx, BatteryJobs(p, e, after), ids, now, "plan batteries "+e.ID)
}

// battery runs a battery's job: when an occasion has opened and is due,
// it tells the citizen, once per occasion, and moves the job on to the
// next occasion. Nothing is sent in maintenance or after the end.
func (tf *TimeFlags) battery(ctx context.Context, j Job) error {
	var bj BatteryJobData
	e, p, err := tf.loadJob(ctx, j, &bj)
	if err != nil || e == nil {
		return err
	}
	b, ok := batteryOf(p, bj.Battery)
	if !ok {
		return nil // the battery left the program with a new version
	}
	now := tf.now()
	if latest, ok := latestOccasion(p, b, e.StartedAt, now); ok && !e.Maintenance {
		if len(e.formsLeft(latest)) > 0 {
			if err := tf.Notifier.Notify(ctx, BatteryNotification(e, latest, now)); err != nil {
				return fmt.Errorf("notify battery %s: %w", b.ID, err)
			}
		}
	}
	next, ok := NextBatteryOccasion(p, b, e.StartedAt, now)
	if !ok {
		return nil
	}
	return tf.Queue.Schedule(ctx, BatteryJob(e, next))
}
