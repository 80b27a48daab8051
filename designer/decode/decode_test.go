package decode

import (
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestFileReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // diagnostics as "line:col: message fragment"
	}{
		{
			name: "unknown key with suggestion",
			yaml: "id: p\ntitel: Hej\n",
			want: []string{`2:1: unknown key "titel"; did you mean "title"?`},
		},
		{
			name: "wrong kinds, all reported",
			yaml: "recommended_days: många\nallow_raw_html: kanske\nfeatures: {a: b}\n",
			want: []string{
				`1:19: recommended_days: "många" is not a whole number`,
				`2:17: allow_raw_html: "kanske" is not true or false`,
				`3:11: features: want a list`,
			},
		},
		{
			name: "nested unknown key",
			yaml: "modules:\n  - id: a\n    strat: current\n",
			want: []string{`3:5: unknown key "strat" in modules; did you mean "start"?`},
		},
		{
			name: "duplicate key",
			yaml: "id: a\nid: b\n",
			want: []string{`2:1: key "id" is given twice`},
		},
		{
			name: "syntax error has a line",
			yaml: "id: a\ntitle: [unclosed\n",
			want: []string{`YAML syntax error`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p designer.Program
			var ds designer.Diagnostics
			File("program.yaml", []byte(tt.yaml), 0, &p, &ds)
			if len(ds) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%v", len(ds), len(tt.want), ds)
			}
			for i, d := range ds {
				got := strings.TrimPrefix(d.String(), "program.yaml:")
				if !strings.Contains(got, strings.Replace(tt.want[i], ": ", ": error: ", 1)) && !strings.Contains(got, tt.want[i]) {
					t.Errorf("diagnostic %d = %q, want it to contain %q", i, got, tt.want[i])
				}
			}
		})
	}
}

func TestFileRecordsPositions(t *testing.T) {
	var f designer.Form
	var ds designer.Diagnostics
	src := "title: T\nquestions:\n  - id: q1\n    type: single\n    options:\n      - {value: \"0\", label: Nej}\ntests:\n  - name: a\n    answers: {q1: \"0\", q2: [a, b]}\n"
	File("forms/f.yaml", []byte(src), 10, &f, &ds)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	q := f.Questions[0]
	if got := q.At("type").Line; got != 14 {
		t.Errorf("type line = %d, want 14", got)
	}
	if got := f.Tests[0].At("answers.q2"); got.Line != 19 {
		t.Errorf("answers.q2 at %v, want line 19", got)
	}
	if got := f.Tests[0].Answers["q2"]; strings.Join(got, ",") != "a,b" {
		t.Errorf("q2 = %v", got)
	}
	if got := f.Tests[0].Answers["q1"]; len(got) != 1 || got[0] != "0" {
		t.Errorf("q1 = %v, want [0]", got)
	}
}

// TestFileRecordsValuesAndQuotes checks what the rules on quoting and on
// map and list entries need: the position of an entry's value as well as
// its key, of each item of a list, and which number-like values were
// written without quotes.
func TestFileRecordsValuesAndQuotes(t *testing.T) {
	var p designer.Program
	var ds designer.Diagnostics
	src := "version: 1.10\ntitle: Sömn\nactivity_plans:\n  - id: a\n    times: {mon: \"9:00\", tue: 21:00}\nbatteries:\n  - id: b\n    forms: [x, y]\n"
	File("program.yaml", []byte(src), 0, &p, &ds)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	a, b := p.ActivityPlans[0], p.Batteries[0]
	tests := []struct {
		name      string
		got, want designer.Pos
	}{
		{"key of an entry", a.At("times.mon"), designer.Pos{File: "program.yaml", Line: 5, Col: 13}},
		{"value of an entry", a.ValueAt("times.mon"), designer.Pos{File: "program.yaml", Line: 5, Col: 18}},
		{"second item of a list", b.At("forms[1]"), designer.Pos{File: "program.yaml", Line: 8, Col: 16}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s at %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	plain := map[string]bool{"version": p.Plain["version"], "title": p.Plain["title"], "times.mon": a.Plain["times.mon"], "times.tue": a.Plain["times.tue"]}
	want := map[string]bool{"version": true, "title": false, "times.mon": false, "times.tue": true}
	for k, w := range want {
		if plain[k] != w {
			t.Errorf("Plain[%q] = %v, want %v", k, plain[k], w)
		}
	}
}

func TestNearest(t *testing.T) {
	for _, tt := range []struct{ word, want string }{
		{"titel", "title"}, {"recomended_days", "recommended_days"}, {"xyz", ""}, {"feature", "features"},
	} {
		if got := Nearest(tt.word, []string{"title", "recommended_days", "features", "id"}); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func FuzzFile(f *testing.F) {
	f.Add("id: a\nmodules:\n  - id: b\n")
	f.Add("flags: [{on: start}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		var p designer.Program
		var ds designer.Diagnostics
		File("p.yaml", []byte(src), 0, &p, &ds)
	})
}

func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
	}{
		{"question mark in a flow mapping", "a: 1\nb: 2\nc: {x: Hur?, y: 2}\n", 3, 1},
		{"unclosed bracket", "a: 1\nb: [1, 2\nc: 3\n", 2, 4},
		{"unclosed bracket on the first line", "title: [S\n", 1, 8},
		{"unclosed brace", "a: 1\nb: {x: 1\n", 2, 4},
		{"indented key", "a: 1\nb: 2\n  c: 3\n", 3, 3},
		{"list item in a mapping", "a: 1\nb: 2\n- c\n", 3, 1},
		{"unclosed quote", "a: 1\nversion: \"1.0\ntitle: P\n", 2, 10},
		{"unclosed quote on the first line", "title: 'abc\n", 1, 8},
		{"colon in a value", "id: p\ntitle: Hej: du\n", 2, 11},
		{"colon in a value after å", "id: p\ntitle: Båt: du\n", 2, 11},
		{"tab", "id: p\n\ttitle: x\n", 2, 1},
		{"tab before a list item", "questions:\n\t- id: q1\n", 2, 1},
		{"tab after spaces", "questions:\n  - id: q1\n  \t type: text\n", 3, 3},
		{"misaligned list item", "modules:\n  - id: a\n   start: b\n", 3, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ds designer.Diagnostics
			var v struct{}
			File("f.yaml", []byte(tt.src), 10, &v, &ds)
			want := SyntaxError
			if strings.HasPrefix(tt.name, "tab") {
				want = TabError
			}
			if len(ds) != 1 || ds[0].Key != want {
				t.Fatalf("%q: got %v, want one syntax error", tt.src, ds)
			}
			if got := ds[0].Pos; got.Line != tt.line+10 || got.Col != tt.col {
				t.Errorf("%q: at %d:%d (%s), want %d:%d", tt.src, got.Line, got.Col, ds[0].Args, tt.line+10, tt.col)
			}
		})
	}
}
