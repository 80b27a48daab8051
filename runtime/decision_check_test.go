package runtime

import (
	"errors"
	"reflect"
	"testing"
)

// decisionCase is a row of a table test of decisions that names the
// fields a FieldErrors refuses.
type decisionCase struct {
	name    string
	history []step
	d       Decision
	want    []Change
	err     error
	fields  []string // the fields FieldErrors names, in order
}

// run checks the row with checkDecision.
func (tc decisionCase) run(t *testing.T) {
	t.Helper()
	checkDecision(t, tc.history, tc.d, tc.want, tc.err, tc.fields)
}

// checkDecision is the body the table tests of decisions share: it folds
// history, makes decision d on the state, and checks the changes (want),
// the error (wantErr, matched with errors.Is; nil for none), the fields a
// FieldErrors refuses (fields, in order; a FieldErrors where fields is
// nil fails), and that the decision left the state as it was.
func checkDecision(t *testing.T, history []step, d Decision, want []Change, wantErr error, fields []string) {
	t.Helper()
	e, err := Fold(logOf(t, history...))
	if err != nil {
		t.Fatal(err)
	}
	before := jsonOf(e)
	got, err := d(e)
	if !errors.Is(err, wantErr) || (wantErr == nil) != (err == nil) {
		t.Fatalf("error = %v, want %v", err, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %s, want %s", jsonOf(got), jsonOf(want))
	}
	var fe FieldErrors
	if errors.As(err, &fe) || fields != nil {
		var names []string
		for _, f := range fe {
			names = append(names, f.Field)
		}
		if !reflect.DeepEqual(names, fields) {
			t.Errorf("fields refused = %v, want %v (%v)", names, fields, err)
		}
	}
	if jsonOf(e) != before {
		t.Error("the decision modified the state")
	}
}
