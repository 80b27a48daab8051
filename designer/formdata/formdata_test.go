package formdata

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func num(f float64) *float64 { return &f }

func testForm() *designer.Form {
	return &designer.Form{
		ID: "mood",
		Questions: []*designer.Question{
			{ID: "sleep", Type: designer.TypeSingle, Required: true, Options: []*designer.Option{
				{Value: "0", Label: "Bra"}, {Value: "1", Label: "Dåligt"}, {Value: "2", Label: "Mycket dåligt"}}},
			{ID: "why", Type: designer.TypeText, Multiline: true,
				ShowIf: &designer.Condition{Question: "sleep", AtLeast: num(1)}},
			{ID: "what", Type: designer.TypeMultiple, Options: []*designer.Option{
				{Value: "noise", Label: "Buller"}, {Value: "worry", Label: "Oro"}},
				ShowIf: &designer.Condition{Question: "why"}},
			{ID: "mood", Type: designer.TypeScale, Required: true, Scale: &designer.Scale{Min: 0, Max: 10}},
			{ID: "weight", Type: designer.TypeNumber, Min: num(20), Max: num(300), Unit: "kg"},
			{ID: "day", Type: designer.TypeDate},
			{ID: "bed", Type: designer.TypeTime},
			{ID: "slept", Type: designer.TypeDuration},
		},
	}
}

func TestDecode(t *testing.T) {
	f := testForm()
	tests := []struct {
		name string
		in   url.Values
		want Answers
	}{
		{"empty", url.Values{}, Answers{}},
		{"single trimmed", url.Values{"q.sleep": {" 1 "}}, Answers{"sleep": {"1"}}},
		{"multiple dedup and drop empty", url.Values{"q.what": {"worry", "", "noise", "worry"}}, Answers{"what": {"worry", "noise"}}},
		{"text keeps inner lines", url.Values{"q.why": {"a\r\nb  \n"}}, Answers{"why": {"a\nb"}}},
		{"text blank is no answer", url.Values{"q.why": {"  \n "}}, Answers{}},
		{"decimal comma", url.Values{"q.weight": {"72,5"}}, Answers{"weight": {"72.5"}}},
		{"number as typed when bad", url.Values{"q.weight": {"abc"}}, Answers{"weight": {"abc"}}},
		{"duration to minutes", url.Values{"q.slept.h": {"7"}, "q.slept.m": {"30"}}, Answers{"slept": {"450"}}},
		{"duration minutes only", url.Values{"q.slept.m": {"45"}}, Answers{"slept": {"45"}}},
		{"duration bad kept", url.Values{"q.slept.h": {"x"}, "q.slept.m": {"5"}}, Answers{"slept": {"x:5"}}},
		{"duration minutes over 59 kept", url.Values{"q.slept.h": {"1"}, "q.slept.m": {"75"}}, Answers{"slept": {"1:75"}}},
		{"duration from script", url.Values{"q.slept": {"90"}}, Answers{"slept": {"90"}}},
		{"unknown field ignored", url.Values{"q.nope": {"1"}, "csrf": {"t"}}, Answers{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decode(f, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	f := testForm()
	ok := Answers{"sleep": {"0"}, "mood": {"5"}}
	with := func(id string, vals ...string) Answers {
		a := Answers{}
		for k, v := range ok {
			a[k] = v
		}
		a[id] = vals
		return a
	}
	tests := []struct {
		name string
		in   Answers
		want Errors
	}{
		{"valid", ok, Errors{}},
		{"required missing", Answers{}, Errors{"sleep": {Key: ErrRequired}, "mood": {Key: ErrRequired}}},
		{"unknown option", with("sleep", "9"), Errors{"sleep": {Key: ErrOption}}},
		{"two values to a single", with("sleep", "0", "1"), Errors{"sleep": {Key: ErrOneValue}}},
		{"scale above", with("mood", "11"), Errors{"mood": {Key: ErrScale, Args: []any{0, 10}}}},
		{"scale not a number", with("mood", "x"), Errors{"mood": {Key: ErrScale, Args: []any{0, 10}}}},
		{"number below min", with("weight", "10"), Errors{"weight": {Key: ErrMin, Args: []any{"20"}}}},
		{"number above max", with("weight", "300.5"), Errors{"weight": {Key: ErrMax, Args: []any{"300"}}}},
		{"number bad", with("weight", "7kg"), Errors{"weight": {Key: ErrNumber}}},
		{"number NaN", with("weight", "NaN"), Errors{"weight": {Key: ErrNumber}}},
		{"date ok", with("day", "2026-02-28"), Errors{}},
		{"date impossible", with("day", "2026-02-30"), Errors{"day": {Key: ErrDate}}},
		{"date short", with("day", "2026-2-3"), Errors{"day": {Key: ErrDate}}},
		{"time ok", with("bed", "23:15"), Errors{}},
		{"time bad", with("bed", "25:00"), Errors{"bed": {Key: ErrTime}}},
		{"duration ok", with("slept", "450"), Errors{}},
		{"duration as typed", with("slept", "x:5"), Errors{"slept": {Key: ErrDuration, Args: []any{MaxDurationHours}}}},
		{"hidden not checked", with("why", string(make([]byte, MaxText+1))), Errors{}},
		{"visible checked", Answers{"sleep": {"1"}, "mood": {"1"}, "why": {string(make([]byte, MaxText+1))}},
			Errors{"why": {Key: ErrTooLong, Args: []any{MaxText}}}},
		{"multiple unknown option", Answers{"sleep": {"2"}, "mood": {"1"}, "why": {"x"}, "what": {"noise", "cat"}},
			Errors{"what": {Key: ErrOption}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Validate(f, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVisibleAndClean(t *testing.T) {
	f := testForm()
	tests := []struct {
		name   string
		in     Answers
		hidden []string
		clean  Answers
	}{
		{"nothing answered", Answers{}, []string{"why", "what"}, Answers{}},
		{"condition holds", Answers{"sleep": {"1"}}, []string{"what"}, Answers{"sleep": {"1"}}},
		{"chain shows", Answers{"sleep": {"2"}, "why": {"x"}, "what": {"noise"}}, nil,
			Answers{"sleep": {"2"}, "why": {"x"}, "what": {"noise"}}},
		{"chain hides with its root", Answers{"sleep": {"0"}, "why": {"x"}, "what": {"noise"}}, []string{"why", "what"},
			Answers{"sleep": {"0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vis := Visible(f, tt.in)
			var hidden []string
			for _, q := range f.Questions {
				if !vis[q.ID] {
					hidden = append(hidden, q.ID)
				}
			}
			if !reflect.DeepEqual(hidden, tt.hidden) {
				t.Errorf("hidden = %v, want %v", hidden, tt.hidden)
			}
			if got := Clean(f, tt.in); !reflect.DeepEqual(got, tt.clean) {
				t.Errorf("Clean = %v, want %v", got, tt.clean)
			}
		})
	}
}

func TestHolds(t *testing.T) {
	single := &designer.Question{ID: "s", Type: designer.TypeSingle, Options: []*designer.Option{
		{Value: "yes", Label: "Ja", Score: num(3)}, {Value: "no", Label: "Nej", Score: num(0)}}}
	scale := &designer.Question{ID: "n", Type: designer.TypeScale}
	tests := []struct {
		name string
		c    designer.Condition
		q    *designer.Question
		vals []string
		want bool
	}{
		{"equals", designer.Condition{Equals: "yes"}, single, []string{"yes"}, true},
		{"equals not", designer.Condition{Equals: "yes"}, single, []string{"no"}, false},
		{"unanswered", designer.Condition{}, single, nil, false},
		{"answered", designer.Condition{}, single, []string{"no"}, true},
		{"any of", designer.Condition{AnyOf: []string{"a", "yes"}}, single, []string{"yes"}, true},
		{"points above", designer.Condition{Above: num(2)}, single, []string{"yes"}, true},
		{"points not above", designer.Condition{Above: num(2)}, single, []string{"no"}, false},
		{"at least", designer.Condition{AtLeast: num(5)}, scale, []string{"5"}, true},
		{"below", designer.Condition{Below: num(5)}, scale, []string{"5"}, false},
		{"at most and at least", designer.Condition{AtLeast: num(2), AtMost: num(4)}, scale, []string{"3"}, true},
		{"not a number", designer.Condition{AtMost: num(4)}, scale, []string{"x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Holds(&tt.c, tt.q, tt.vals); got != tt.want {
				t.Errorf("Holds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	f := testForm()
	f.Questions[2].ShowIf = &designer.Condition{Question: "sleep", AnyOf: []string{"1", "2"}}
	tests := []struct {
		name string
		c    *designer.Condition
		want []Message
	}{
		{"none", nil, nil},
		{"at least", f.Questions[1].ShowIf, []Message{{CondAtLeast, []any{1, "1"}}}},
		{"any of labels", f.Questions[2].ShowIf, []Message{{CondAnyOf, []any{1, "”Dåligt”, ”Mycket dåligt”"}}}},
		{"equals label", &designer.Condition{Question: "sleep", Equals: "0"}, []Message{{CondEquals, []any{1, "Bra"}}}},
		{"answered", &designer.Condition{Question: "why"}, []Message{{CondAnswer, []any{2}}}},
		{"unknown question", &designer.Condition{Question: "zzz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Describe(f, tt.c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Describe = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	f := testForm()
	a := Answers{"sleep": {"1"}, "why": {"a\nb"}, "what": {"noise", "worry"}, "mood": {"3"},
		"weight": {"72.5"}, "day": {"2026-01-02"}, "bed": {"22:00"}, "slept": {"425"}}
	if got := Decode(f, Encode(f, a)); !reflect.DeepEqual(got, a) {
		t.Errorf("Decode(Encode(a)) = %v, want %v", got, a)
	}
}

func TestSplitDuration(t *testing.T) {
	for in, want := range map[string][2]string{"0": {"0", "0"}, "125": {"2", "5"}, "x:5": {"x", "5"}, "": {"", ""}} {
		h, m := SplitDuration(in)
		if h != want[0] || m != want[1] {
			t.Errorf("SplitDuration(%q) = %q, %q, want %q, %q", in, h, m, want[0], want[1])
		}
	}
}

// FuzzDecode posts arbitrary bodies: decoding never panics, and what it
// returns validates without panicking and only names the form's questions.
func FuzzDecode(f *testing.F) {
	f.Add("q.sleep=1&q.why=hej&q.mood=4")
	f.Add("q.slept.h=7&q.slept.m=30&q.weight=1,5")
	f.Add("q.what=noise&q.what=noise&q.what=%00&q.day=2026-13-01")
	f.Add("q.slept.h=-1&q.slept.m=99999999999999999999")
	form := testForm()
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		a := Decode(form, v)
		for id, vals := range a {
			if _, ok := form.Question(id); !ok {
				t.Fatalf("answer to unknown question %q", id)
			}
			if len(vals) == 0 {
				t.Fatalf("empty answer to %q", id)
			}
		}
		errs := Validate(form, a)
		for id := range errs {
			if _, ok := form.Question(id); !ok {
				t.Fatalf("error for unknown question %q", id)
			}
		}
		c := Clean(form, a)
		if len(c) > len(a) {
			t.Fatalf("Clean added answers")
		}
	})
}
