package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Missed occasions: one pending job per (enrolment, plan) of the program
// that has an activity_missed flag, due when the plan's next occasion
// closes. When it runs it raises the plan's activity_missed flags for
// every occasion that closed from its due time to now without a
// registration, once per (enrolment, flag, occasion) however often it
// runs (RaiseFlagOn, Notifier), and moves itself on to the next close.
// Only a plan that is on, with "flagga vid missat tillfälle" set, has the
// job. Nothing is raised in maintenance or after the end.

// JobActivityMissed is the kind of a plan's missed-occasion job.
const JobActivityMissed = designer.TriggerActivityMissed

// ActivityJobData is the payload (Job.Data) of a JobActivityMissed job.
type ActivityJobData struct {
	Plan string `json:"p"`
}

// ActivityOccasionKey is the occasion of an activity_missed flag: the
// plan and the occasion's id.
func ActivityOccasionKey(plan, occasion string) string { return plan + "@" + occasion }

// ActivityJobs returns the missed-occasion job of each plan of the
// program that raises flags, due when its next occasion after after
// closes. None after the end, or when the program does not have the
// activities feature, as the citizen then has no plans to register.
func ActivityJobs(p *designer.Program, e *Enrolment, after time.Time) []Job {
	if e.Ended() || !p.Has(designer.FeatureActivities) {
		return nil
	}
	var out []Job
	for _, pl := range e.Plans(p) {
		if !pl.Active || !pl.Settings.FlagMissed || len(pl.MissedFlags) == 0 {
			continue
		}
		if due, ok := pl.NextClose(after); ok {
			out = append(out, activityJob(e, pl.ID, due))
		}
	}
	return out
}

func activityJob(e *Enrolment, plan string, due time.Time) Job {
	data, _ := json.Marshal(ActivityJobData{Plan: plan})
	return Job{ID: JobID(JobActivityMissed, e.ID, plan, ""), Kind: JobActivityMissed, Enrolment: e.ID, Due: due.UTC(), Data: data}
}

// activityJobIDs are the ids of every missed-occasion job an enrolment
// can have under p.
func activityJobIDs(p *designer.Program, id string) []string {
	var out []string
	for _, ap := range p.ActivityPlans {
		out = append(out, JobID(JobActivityMissed, id, ap.ID, ""))
	}
	return out
}

// planActivities brings the missed-occasion jobs in line with
// ActivityJobs after now: a job already due and not yet run is left to
// run; a plan switched off or no longer flagging loses its job.
func (pl *Planner) planActivities(ctx context.Context, p *designer.Program, e *Enrolment, now time.Time) error {
	return pl.alignJobs(ctx, ActivityJobs(p, e, now), activityJobIDs(p, e.ID), now, "plan activities "+e.ID)
}

// activityEvent reports whether an event changes a plan's schedule.
func activityEvent(ev Event) bool {
	return ev.Type == (&ActivityPlanSet{}).EventType() || ev.Type == (&ActivityPlanSwitched{}).EventType()
}

// activityMissed runs a plan's missed-occasion job.
func (tf *TimeFlags) activityMissed(ctx context.Context, j Job) error {
	var aj ActivityJobData
	e, p, err := tf.loadJob(ctx, j, &aj)
	if err != nil || e == nil {
		return err
	}
	pl, ok := e.Plan(p, aj.Plan)
	if !ok || !pl.Active || !pl.Settings.FlagMissed || len(pl.MissedFlags) == 0 {
		return nil // switched off meanwhile: switching on plans it again
	}
	now := tf.now()
	if !e.Maintenance {
		for _, o := range pl.Missed(j.Due, now) {
			for _, f := range pl.MissedFlags {
				if err := tf.fire(ctx, p, e, f, ActivityOccasionKey(pl.ID, o.ID)); err != nil {
					if errors.Is(err, ErrEnded) {
						return nil
					}
					return fmt.Errorf("activity missed %s %s: %w", pl.ID, o.ID, err)
				}
			}
		}
	}
	next, ok := pl.NextClose(now)
	if !ok {
		return nil
	}
	return tf.Queue.Schedule(ctx, activityJob(e, pl.ID, next))
}

// Missed returns the occasions of the plan that closed at or after from
// and at or before until without a registration, oldest first.
func (pl *Plan) Missed(from, until time.Time) []ActivityOccasion {
	var out []ActivityOccasion
	for _, o := range pl.Occasions(AddDays(from, -pl.Settings.GraceDays-1), until) {
		if o.Closes.Before(from) || o.Closes.After(until) {
			continue
		}
		if r := pl.Record(o.ID); r != nil && r.Registered() {
			continue
		}
		out = append(out, o)
	}
	return out
}

// ActivitySeries returns, for each plan and each of its questions that
// answers with a number (number, scale, duration), the registered values
// over time, oldest first, as ScoreSeries: Form is the plan's id, Score
// the question's id and Title "<plan title> – <question text>". Each
// point is at its occasion's time, with Submission set to the occasion's
// id. Plans and questions without a value are left out.
func (e *Enrolment) ActivitySeries(p *designer.Program) []ScoreSeries {
	var out []ScoreSeries
	for _, pl := range e.Plans(p) {
		if pl.State == nil || len(pl.State.Records) == 0 {
			continue
		}
		for _, q := range pl.AllQuestions {
			switch q.Type {
			case designer.TypeNumber, designer.TypeScale, designer.TypeDuration:
			default:
				continue
			}
			title := pl.Title + " – " + q.Text
			ser := ScoreSeries{Form: pl.ID, Score: q.ID, Title: title}
			for _, r := range pl.State.Records {
				vals := r.Answers[q.ID]
				if len(vals) == 0 {
					continue
				}
				v, err := strconv.ParseFloat(vals[0], 64)
				if err != nil {
					continue
				}
				at, err := time.ParseInLocation(OccasionIDLayout, r.Occasion, Stockholm)
				if err != nil {
					continue
				}
				ser.Points = append(ser.Points, ScorePoint{
					Submission: r.Occasion, At: at, Form: pl.ID, Score: q.ID, Title: title,
					Value: v, Answered: 1, Items: 1,
				})
			}
			if len(ser.Points) > 0 {
				out = append(out, ser)
			}
		}
	}
	return out
}
