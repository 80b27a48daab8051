package runtime

import (
	"slices"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
)

// Flags and reviews: the flags of the program raise events for the
// clinician to review ("händelser att granska").

func init() {
	register(func() Change { return new(FlagRaised) })
	register(func() Change { return new(FlagReviewed) })
}

// Review is an event raised by a flag for the clinician to review
// ("händelse att granska").
type Review struct {
	// ID is the sequence number of the FlagRaised event, as a string.
	ID     string `json:"id"`
	Flag   string `json:"flag"`
	Urgent bool   `json:"urgent,omitempty"`
	// Submission is the id of the submission that raised it, if any.
	Submission string `json:"submission,omitempty"`
	// Occasion names the occasion a time-based flag fired on, if any
	// (Occasion in timeflags.go).
	Occasion   string    `json:"occasion,omitempty"`
	RaisedAt   time.Time `json:"raised_at"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
	ReviewedBy string    `json:"reviewed_by,omitempty"`
	// AcknowledgedAt and AcknowledgedBy record when and by whom an urgent
	// flag was acknowledged ("kvitterad"); Escalations each level it
	// went to unacknowledged (escalation.go).
	AcknowledgedAt time.Time    `json:"acknowledged_at,omitzero"`
	AcknowledgedBy string       `json:"acknowledged_by,omitempty"`
	Escalations    []Escalation `json:"escalations,omitempty"`
}

// Review returns the review with the given id.
func (e *Enrolment) Review(id string) (*Review, bool) {
	for _, r := range e.Reviews {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// Unreviewed returns the reviews not yet reviewed, urgent ones first, then
// oldest first.
func (e *Enrolment) Unreviewed() []*Review {
	var out []*Review
	for _, r := range e.Reviews {
		if r.ReviewedAt.IsZero() {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *Review) int {
		switch {
		case a.Urgent == b.Urgent:
			return a.RaisedAt.Compare(b.RaisedAt)
		case a.Urgent:
			return -1
		}
		return 1
	})
	return out
}

// FlagRaised raises an event for the clinician to review. The review's id
// is the event's sequence number.
type FlagRaised struct {
	Flag   string `json:"flag"`
	Urgent bool   `json:"urgent,omitempty"`
	// Submission is the id of the submission whose answers raised it.
	Submission string `json:"submission,omitempty"`
	// Occasion names the occasion a time-based flag fired on: a flag
	// is raised once per occasion (RaiseFlagOn).
	Occasion string `json:"occasion,omitempty"`
}

// EventType returns "flag_raised".
func (*FlagRaised) EventType() string { return "flag_raised" }

func (c *FlagRaised) apply(e *Enrolment, ev Event) {
	e.Reviews = append(e.Reviews, &Review{
		ID: strconv.FormatInt(ev.Seq, 10), Flag: c.Flag, Urgent: c.Urgent,
		Submission: c.Submission, Occasion: c.Occasion, RaisedAt: ev.At,
	})
}

// FlagReviewed marks a raised flag as reviewed.
type FlagReviewed struct {
	Review string `json:"review"`
}

// EventType returns "flag_reviewed".
func (*FlagReviewed) EventType() string { return "flag_reviewed" }

func (c *FlagReviewed) apply(e *Enrolment, ev Event) {
	if r, ok := e.Review(c.Review); ok && r.ReviewedAt.IsZero() {
		r.ReviewedAt, r.ReviewedBy = ev.At, ev.Actor.ID
	}
}

// RaiseFlag raises a flag of the program for review; submission is the id
// of the submission that raised it, or empty.
func RaiseFlag(p *designer.Program, flag, submission string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.ID == flag })
		if i < 0 {
			return nil, invalid("raise flag %q: not in the program", flag)
		}
		if submission != "" {
			if _, ok := e.Submission(submission); !ok {
				return nil, invalid("raise flag %q: no submission %q", flag, submission)
			}
		}
		return []Change{&FlagRaised{Flag: flag, Urgent: p.Flags[i].Urgent, Submission: submission}}, nil
	})
}

// ReviewFlag marks a raised flag as reviewed.
func ReviewFlag(review string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		r, ok := e.Review(review)
		if !ok {
			return nil, invalid("review %q: no such event", review)
		}
		if !r.ReviewedAt.IsZero() {
			return nil, nil
		}
		return []Change{&FlagReviewed{Review: review}}, nil
	})
}

// FlagsOnSubmit returns the flags of p that a submission of f with these
// answers raises, in the program's order (scoring.FlagsOnSubmit, which the
// preview calls too).
func FlagsOnSubmit(p *designer.Program, f *designer.Form, answers map[string][]string) []*designer.Flag {
	return scoring.FlagsOnSubmit(p.Flags, f, scoring.Answers(answers))
}
