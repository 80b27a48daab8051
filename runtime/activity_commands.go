package runtime

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// The decisions on activity plans: the clinician's settings, custom plans
// and switching; the citizen's registrations and comments. Every one is
// refused after the end (ErrEnded) and in maintenance (ErrReadOnly).

// Limits of activity plans.
const (
	// MaxEveryWeeks is the longest repeat of a plan, in weeks.
	MaxEveryWeeks = 12
	// MaxGraceDays is the most grace days after an occasion.
	MaxGraceDays = 14
	// MaxPlanTitle and MaxPlanDescription bound a custom plan's texts,
	// MaxQuestionText each of its questions' and MaxPlanQuestions how
	// many it has.
	MaxPlanTitle       = 100
	MaxPlanDescription = 2_000
	MaxQuestionText    = 300
	MaxPlanQuestions   = 10
	// MaxCustomPlans is the most plans made for one citizen.
	MaxCustomPlans = 20
	// MaxActivityComment is the longest comment on an occasion.
	MaxActivityComment = 2_000
)

// Errors of the citizen's registrations. Both wrap ErrInvalid.
var (
	// ErrOccasionAhead means the occasion's day has not come.
	ErrOccasionAhead = fmt.Errorf("the occasion has not come yet: %w", ErrInvalid)
	// ErrOccasionClosed means the occasion's grace days have passed.
	ErrOccasionClosed = fmt.Errorf("the occasion's grace days have passed: %w", ErrInvalid)
)

// CustomQuestionTypes are the question types of a plan made from scratch:
// a number (with a unit, counted in results) and a text.
var CustomQuestionTypes = []string{designer.TypeNumber, designer.TypeText}

// CustomPlanPrefix starts the id of every plan made for one citizen; the
// ids of a program's plans never start with it.
const CustomPlanPrefix = "egen-"

// PlanError says which setting of a plan is wrong and why. It wraps
// ErrInvalid. Field names the setting: every_weeks, grace_days, start,
// times, asked, asked_condition, flag_missed, custom_plans, title,
// description, questions, question_text, question_type, question_unit or
// question_answered.
type PlanError struct {
	Plan, Field, Detail string
}

func (e *PlanError) Error() string {
	return fmt.Sprintf("plan %s: %s: %s: %s", cmpOr(e.Plan, "new"), e.Field, e.Detail, ErrInvalid)
}

// Unwrap returns ErrInvalid.
func (e *PlanError) Unwrap() error { return ErrInvalid }

func planErr(plan, field, format string, args ...any) error {
	return &PlanError{Plan: plan, Field: field, Detail: fmt.Sprintf(format, args...)}
}

// checkActivityWrite is the rule every activity write obeys.
func checkActivityWrite(e *Enrolment, what string) error {
	if err := e.CheckWrite(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// checkSettings checks a plan's settings against its questions.
func checkSettings(e *Enrolment, id string, qs []*designer.Question, s PlanSettings) error {
	if s.EveryWeeks < 1 || s.EveryWeeks > MaxEveryWeeks {
		return planErr(id, "every_weeks", "%d: not between 1 and %d", s.EveryWeeks, MaxEveryWeeks)
	}
	if s.GraceDays < 0 || s.GraceDays > MaxGraceDays {
		return planErr(id, "grace_days", "%d: not between 0 and %d", s.GraceDays, MaxGraceDays)
	}
	if s.Start != "" {
		d, err := time.ParseInLocation(DateLayout, s.Start, Stockholm)
		if err != nil {
			return planErr(id, "start", "%q: not a date YYYY-MM-DD", s.Start)
		}
		if d.Before(dayStart(e.StartedAt)) {
			return planErr(id, "start", "%s: before the enrolment started", s.Start)
		}
	}
	if len(s.Times) == 0 {
		return planErr(id, "times", "no weekday in the schedule")
	}
	last := -1
	for _, o := range s.Times {
		i := weekdayIndex(o.Weekday)
		if i < 0 {
			return planErr(id, "times", "weekday %q: not one of %s", o.Weekday, strings.Join(designer.Weekdays, ", "))
		}
		if i <= last {
			return planErr(id, "times", "weekday %s: twice or out of order", o.Weekday)
		}
		last = i
		if _, _, ok := parseClock(o.Time); !ok {
			return planErr(id, "times", "%s time %q: not HH:MM", o.Weekday, o.Time)
		}
	}
	if len(s.Asked) == 0 {
		return planErr(id, "asked", "no question asked")
	}
	for _, a := range s.Asked {
		i := slices.IndexFunc(qs, func(q *designer.Question) bool { return q.ID == a })
		if i < 0 {
			return planErr(id, "asked", "question %q: not one of the plan's", a)
		}
		if c := qs[i].ShowIf; c != nil && c.Question != "" && !slices.Contains(s.Asked, c.Question) {
			return planErr(id, "asked_condition", "question %q: shown only after question %q, which is not asked", a, c.Question)
		}
	}
	if s.FlagMissed && id != "" && strings.HasPrefix(id, CustomPlanPrefix) {
		return planErr(id, "flag_missed", "a plan made for one citizen has no flag to raise")
	}
	return nil
}

// ConfigurePlan saves the settings of one of the enrolment's plans, as
// the clinician chose them. Saving what is already set changes nothing.
// When the schedule changes, occasions count anew from the day it is
// saved (activities.go).
func ConfigurePlan(p *designer.Program, id string, s PlanSettings) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := checkActivityWrite(e, "configure plan "+id); err != nil {
			return nil, err
		}
		pl, ok := e.Plan(p, id)
		if !ok {
			return nil, invalid("configure plan %q: no such plan", id)
		}
		s.Asked = askedIDs(pl.AllQuestions, s.Asked)
		if err := checkSettings(e, id, pl.AllQuestions, s); err != nil {
			return nil, err
		}
		if s.FlagMissed && len(pl.MissedFlags) == 0 {
			return nil, planErr(id, "flag_missed", "the program has no activity_missed flag for it")
		}
		if pl.State != nil && pl.State.Settings != nil && reflect.DeepEqual(*pl.State.Settings, s) {
			return nil, nil
		}
		c := &ActivityPlanSet{Plan: id, Settings: s, Reschedule: !sameSchedule(pl.Settings, s)}
		if pl.Custom {
			c.Custom, c.Title, c.Description, c.Questions = true, pl.Title, pl.Description, pl.AllQuestions
		}
		return []Change{c}, nil
	})
}

// sameSchedule reports whether two settings give the same occasions.
func sameSchedule(a, b PlanSettings) bool {
	return a.Start == b.Start && a.EveryWeeks == b.EveryWeeks && slices.Equal(a.Times, b.Times)
}

// askedIDs returns the ids of asked in the questions' order, unknown ones
// last, so that checkSettings names them.
func askedIDs(qs []*designer.Question, asked []string) []string {
	var out []string
	for _, q := range qs {
		if slices.Contains(asked, q.ID) {
			out = append(out, q.ID)
		}
	}
	for _, a := range asked {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// CustomPlan is a plan made from scratch for one citizen.
type CustomPlan struct {
	Title       string
	Description string
	// Questions are the plan's questions: those it has keep their ids;
	// a new one has an empty ID and gets the next free one.
	Questions []*designer.Question
	Settings  PlanSettings
}

// NextCustomPlanID is the id the next plan made for the citizen gets.
func (e *Enrolment) NextCustomPlanID() string {
	n := 0
	for _, s := range e.PlanStates {
		if s.Custom {
			n++
		}
	}
	return CustomPlanPrefix + strconv.Itoa(n+1)
}

// SaveCustomPlan makes a plan for the citizen from scratch (id empty:
// the next free id, NextCustomPlanID) or edits one made before. Its
// questions are numbers or texts (CustomQuestionTypes). Once an occasion
// has answers, a question keeps its type and text, so that what was
// registered keeps its meaning; new questions may be added and any may be
// left out of the asked ones; a question added is asked. A new plan is
// off until switched on.
func SaveCustomPlan(id string, cp CustomPlan) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		what := "save plan " + cmpOr(id, "new")
		if err := checkActivityWrite(e, what); err != nil {
			return nil, err
		}
		var old *PlanState
		if id == "" {
			n := 0
			for _, s := range e.PlanStates {
				if s.Custom {
					n++
				}
			}
			if n >= MaxCustomPlans {
				return nil, planErr("", "custom_plans", "at most %d plans per citizen", MaxCustomPlans)
			}
			id = e.NextCustomPlanID()
		} else if s, ok := e.PlanStates[id]; !ok || !s.Custom {
			return nil, invalid("%s: no such plan made for the citizen", what)
		} else {
			old = s
		}
		title := strings.TrimSpace(cp.Title)
		if title == "" {
			return nil, planErr(id, "title", "no title")
		}
		if err := checkLen("plan title", title, MaxPlanTitle); err != nil {
			return nil, planErr(id, "title", "%v", err)
		}
		desc := strings.TrimSpace(cp.Description)
		if err := checkLen("plan description", desc, MaxPlanDescription); err != nil {
			return nil, planErr(id, "description", "%v", err)
		}
		qs, added, err := customQuestions(id, old, cp.Questions)
		if err != nil {
			return nil, err
		}
		s := cp.Settings
		s.Asked = askedIDs(qs, append(slices.Clone(s.Asked), added...))
		if err := checkSettings(e, id, qs, s); err != nil {
			return nil, err
		}
		c := &ActivityPlanSet{Plan: id, Custom: true, Title: title, Description: desc, Questions: qs, Settings: s, Reschedule: true}
		if old != nil && old.Settings != nil {
			c.Reschedule = !sameSchedule(*old.Settings, s)
		}
		return []Change{c}, nil
	})
}

// customQuestions checks a custom plan's questions against what it had,
// and gives the new ones their ids (q1, q2 …, never reused), which it
// returns as added: a question added is asked.
func customQuestions(id string, old *PlanState, in []*designer.Question) (out []*designer.Question, added []string, err error) {
	if len(in) == 0 {
		return nil, nil, planErr(id, "questions", "no question")
	}
	if len(in) > MaxPlanQuestions {
		return nil, nil, planErr(id, "questions", "%d questions, at most %d", len(in), MaxPlanQuestions)
	}
	next := 1
	var had []*designer.Question
	if old != nil {
		had = old.Questions
		for _, q := range had {
			if n, err := strconv.Atoi(strings.TrimPrefix(q.ID, "q")); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	for i, q := range in {
		text := strings.TrimSpace(q.Text)
		if text == "" {
			return nil, nil, planErr(id, "question_text", "question %d: no text", i+1)
		}
		if err := checkLen("question", text, MaxQuestionText); err != nil {
			return nil, nil, planErr(id, "question_text", "question %d: %v", i+1, err)
		}
		if !slices.Contains(CustomQuestionTypes, q.Type) {
			return nil, nil, planErr(id, "question_type", "question %d: type %q: not one of %s", i+1, q.Type, strings.Join(CustomQuestionTypes, ", "))
		}
		nq := &designer.Question{ID: q.ID, Type: q.Type, Text: text, Required: q.Required}
		if q.Type == designer.TypeNumber {
			nq.Unit = strings.TrimSpace(q.Unit)
			if err := checkLen("unit", nq.Unit, 20); err != nil {
				return nil, nil, planErr(id, "question_unit", "question %d: %v", i+1, err)
			}
			zero := 0.0
			nq.Min = &zero
		}
		if nq.ID == "" {
			nq.ID = "q" + strconv.Itoa(next)
			next++
			added = append(added, nq.ID)
		} else {
			j := slices.IndexFunc(had, func(h *designer.Question) bool { return h.ID == nq.ID })
			if j < 0 {
				return nil, nil, planErr(id, "questions", "question %q: not one of the plan's", nq.ID)
			}
			if answered(old, nq.ID) && (had[j].Type != nq.Type || had[j].Text != nq.Text || had[j].Unit != nq.Unit) {
				return nil, nil, planErr(id, "question_answered", "question %q: has answers, so it keeps its type, text and unit", nq.ID)
			}
		}
		out = append(out, nq)
	}
	// A question with answers stays in the plan, asked or not.
	for _, h := range had {
		if answered(old, h.ID) && !slices.ContainsFunc(out, func(q *designer.Question) bool { return q.ID == h.ID }) {
			return nil, nil, planErr(id, "question_answered", "question %q: has answers, so it stays in the plan", h.ID)
		}
	}
	return out, added, nil
}

// answered reports whether any occasion of the plan has an answer to q.
func answered(s *PlanState, q string) bool {
	if s == nil {
		return false
	}
	return slices.ContainsFunc(s.Records, func(r *OccasionRecord) bool { return len(r.Answers[q]) > 0 })
}

// SwitchPlan switches one of the enrolment's plans on or off. Switching
// it to what it is changes nothing.
func SwitchPlan(p *designer.Program, id string, active bool) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := checkActivityWrite(e, "switch plan "+id); err != nil {
			return nil, err
		}
		pl, ok := e.Plan(p, id)
		if !ok {
			return nil, invalid("switch plan %q: no such plan", id)
		}
		if pl.Active == active {
			return nil, nil
		}
		return []Change{&ActivityPlanSwitched{Plan: id, Active: active}}, nil
	})
}

// openOccasion returns the plan and the occasion the citizen may write
// for at now: the plan active, the occasion its own, and not ahead.
func openOccasion(p *designer.Program, e *Enrolment, id, occasion string, now time.Time, what string) (*Plan, ActivityOccasion, error) {
	if err := checkActivityWrite(e, what); err != nil {
		return nil, ActivityOccasion{}, err
	}
	pl, ok := e.Plan(p, id)
	if !ok || !pl.Active {
		return nil, ActivityOccasion{}, invalid("%s: no active plan %q", what, id)
	}
	o, ok := pl.Occasion(occasion)
	if !ok {
		return nil, ActivityOccasion{}, invalid("%s: %q is not an occasion of the plan", what, occasion)
	}
	if now.Before(o.Opens) {
		return nil, ActivityOccasion{}, fmt.Errorf("%s: %w", what, ErrOccasionAhead)
	}
	return pl, o, nil
}

// RegisterActivity registers the citizen's answers for an occasion of a
// plan at now: from the start of the occasion's day to the end of its
// grace days, never ahead and never after (ErrOccasionAhead,
// ErrOccasionClosed). A second registration within that time replaces
// the first. comment, when the plan allows comments, is kept with it,
// and replaces (or, empty, removes) the one the occasion had: the
// registration form shows it.
func RegisterActivity(p *designer.Program, id, occasion string, answers map[string][]string, comment string, now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		what := "register " + id + " " + occasion
		pl, o, err := openOccasion(p, e, id, occasion, now, what)
		if err != nil {
			return nil, err
		}
		if !now.Before(o.Closes) {
			return nil, fmt.Errorf("%s: %w", what, ErrOccasionClosed)
		}
		if len(answers) == 0 {
			return nil, invalid("%s: no answer", what)
		}
		if err := checkAnswers(pl.Form, answers); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if _, err := checkFormText(pl.Form, answers); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		comment = strings.TrimSpace(comment)
		if comment != "" && !pl.Settings.Comments {
			return nil, invalid("%s: the plan takes no comments", what)
		}
		if err := checkLen("comment", comment, MaxActivityComment); err != nil {
			return nil, err
		}
		c := &ActivityRegistered{Plan: id, Occasion: occasion, FormVersion: pl.Form.Version, Answers: answers, Comment: comment}
		if r := pl.Record(occasion); comment == "" && pl.Settings.Comments && r != nil && r.Comment != "" {
			c.ClearComment = true
		}
		return []Change{c}, nil
	})
}

// CommentActivity sets the citizen's comment on an occasion of a plan
// that allows comments: on any occasion that has come, registered,
// missed or open, as "I was ill that week" fits a missed one too. An
// empty text removes the comment; the same text again changes nothing.
func CommentActivity(p *designer.Program, id, occasion, text string, now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		what := "comment " + id + " " + occasion
		pl, _, err := openOccasion(p, e, id, occasion, now, what)
		if err != nil {
			return nil, err
		}
		if !pl.Settings.Comments {
			return nil, invalid("%s: the plan takes no comments", what)
		}
		text = strings.TrimSpace(text)
		if err := checkLen("comment", text, MaxActivityComment); err != nil {
			return nil, err
		}
		old := ""
		if r := pl.Record(occasion); r != nil {
			old = r.Comment
		}
		if old == text {
			return nil, nil
		}
		return []Change{&ActivityCommented{Plan: id, Occasion: occasion, Text: text}}, nil
	})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
