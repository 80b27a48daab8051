package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// Format names the shape of the JSON document; a change to the shape is a
// new format.
const Format = "stegvis-enrolment-export/1"

// Document is the JSON export of an enrolment: its state, the fold of its
// log, and the log itself. Each event is the envelope as stored:
// {"n": sequence, "at": Unix milliseconds, "by": {"id", "r": role},
// "t": event type, "d": the change}.
type Document struct {
	Format    string             `json:"format"`
	Exported  time.Time          `json:"exported"`
	Enrolment *runtime.Enrolment `json:"enrolment"`
	Events    []runtime.Event    `json:"events"`
}

// JSON writes the enrolment and its log as a Document, exported at at.
func JSON(w io.Writer, e *runtime.Enrolment, events []runtime.Event, at time.Time) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if events == nil {
		events = []runtime.Event{}
	}
	if err := enc.Encode(Document{Format: Format, Exported: at.UTC(), Enrolment: e, Events: events}); err != nil {
		return fmt.Errorf("export %s as json: %w", e.ID, err)
	}
	return nil
}

// CSVHeader is the first row of the CSV export.
var CSVHeader = []string{"submission", "form", "version", "question", "answer", "time"}

// CSV writes one row per answer of the enrolment's submissions, oldest
// first, then of its activity registrations (activityRows): a question
// with several answers (a multiple choice) has a row for each. Questions are in the order of the answers' ids, time is
// RFC 3339 in UTC.
func CSV(w io.Writer, e *runtime.Enrolment) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("export %s as csv: %w", e.ID, err)
	}
	for _, s := range e.Submissions {
		for _, q := range slices.Sorted(maps.Keys(s.Answers)) {
			for _, a := range s.Answers[q] {
				row := []string{s.ID, s.Form, s.FormVersion, q, csvText(a), s.SubmittedAt.UTC().Format(time.RFC3339)}
				if err := cw.Write(row); err != nil {
					return fmt.Errorf("export %s as csv: %w", e.ID, err)
				}
			}
		}
	}
	if err := activityRows(cw, e); err != nil {
		return fmt.Errorf("export %s as csv: %w", e.ID, err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export %s as csv: %w", e.ID, err)
	}
	return nil
}

// activityRows writes one row per answer of the activity plans'
// registrations, after the submissions, by plan id and occasion: the
// submission column names the registration as "<plan>@<occasion>"
// (runtime.ActivityOccasionKey), the form column the plan, and the time
// is when it was last registered.
func activityRows(cw *csv.Writer, e *runtime.Enrolment) error {
	for _, plan := range slices.Sorted(maps.Keys(e.PlanStates)) {
		for _, r := range e.PlanStates[plan].Records {
			if !r.Registered() {
				continue
			}
			at := r.RegisteredAt
			if r.Edited.After(at) {
				at = r.Edited
			}
			for _, q := range slices.Sorted(maps.Keys(r.Answers)) {
				for _, a := range r.Answers[q] {
					row := []string{runtime.ActivityOccasionKey(plan, r.Occasion), plan, r.FormVersion, q, csvText(a), at.UTC().Format(time.RFC3339)}
					if err := cw.Write(row); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// csvText keeps a free-text answer from being run as a formula when the
// CSV is opened in a spreadsheet: text that starts with =, +, -, @, a tab
// or a carriage return gets a leading apostrophe, as OWASP advises for
// CSV injection. A number, negative ones included, stays as it is.
func csvText(a string) string {
	if a == "" || !strings.ContainsRune("=+-@\t\r", rune(a[0])) {
		return a
	}
	if _, err := strconv.ParseFloat(a, 64); err == nil {
		return a
	}
	return "'" + a
}
