package runtime

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// TestSittings: a visit or a step's opening within VisitGap of the last is
// the same sitting and appends nothing; after the gap, or for a step never
// opened, it is recorded.
func TestSittings(t *testing.T) {
	p := testProgram()
	// The citizen visited at minute 1 and opened intro/what at minute 2.
	history := []step{started, {citizen, &Visited{}}, {citizen, &StepOpened{Module: "intro", Step: "what"}}}
	tests := []struct {
		name string
		d    Decision
		want []Change
		err  error
	}{
		{"visit in the same sitting", VisitAt(minute(2 + 29)), nil, nil},
		{"visit after the gap", VisitAt(minute(2 + 31)), []Change{&Visited{}}, nil},
		{"step again in the same sitting", ReadStep(p, "intro", "what", minute(2+30)), nil, nil},
		{"step again after the gap", ReadStep(p, "intro", "what", minute(2+31)), []Change{&StepOpened{Module: "intro", Step: "what"}}, nil},
		{"another step", ReadStep(p, "intro", "why", minute(3)), []Change{&StepOpened{Module: "intro", Step: "why"}}, nil},
		{"a step the citizen may not open", ReadStep(p, "sleep", "diary", minute(3)), nil, ErrInvalid},
		{"OpenStep records every opening", OpenStep(p, "intro", "what", minute(3)), []Change{&StepOpened{Module: "intro", Step: "what"}}, nil},
		{"Visit records every visit", Visit(), []Change{&Visited{}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, history...))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.d(e)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("changes = %#v, want %#v", got, tt.want)
			}
		})
	}
	t.Run("ended", func(t *testing.T) {
		e, err := Fold(logOf(t, append(history, step{clinician, &Ended{Reason: EndDiscontinued}})...))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := VisitAt(minute(100))(e); !errors.Is(err, ErrEnded) {
			t.Errorf("a visit after the end: %v, want ErrEnded", err)
		}
	})
}

func TestCompactJob(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		seq int64
		n   int
		due bool
	}{
		{1, 1, false},
		{31, 1, false},
		{32, 1, true},
		{33, 2, true},
		{34, 2, false},
		{64, 40, true},
		{70, 0, false},
	}
	for _, tt := range tests {
		j, due := CompactJob("e1", tt.seq, tt.n, now)
		if due != tt.due {
			t.Errorf("CompactJob(%d, %d) due = %v, want %v", tt.seq, tt.n, due, tt.due)
			continue
		}
		if due && (j.ID != "compact_log:e1" || j.Kind != JobCompact || j.Enrolment != "e1" || !j.Due.Equal(now)) {
			t.Errorf("CompactJob(%d, %d) = %+v", tt.seq, tt.n, j)
		}
	}
}
