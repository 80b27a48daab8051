package check_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
)

// TestUrgentAcknowledgeHours checks urgent_acknowledge_hours: a whole
// number of hours from 1 to a week, said at its line and column, and a
// warning when no flag is urgent.
func TestUrgentAcknowledgeHours(t *testing.T) {
	urgent := "  - id: u\n    on: start\n    review: true\n    urgent: true\n"
	calm := "  - id: c\n    on: start\n    review: true\n"
	for _, tc := range []struct {
		name, line, flags string
		want              string // "key@line:col" of the one diagnostic, or ""
	}{
		{"default", "", urgent, ""},
		{"set", "urgent_acknowledge_hours: 4\n", urgent, ""},
		{"a week", "urgent_acknowledge_hours: 168\n", urgent, ""},
		{"zero", "urgent_acknowledge_hours: 0\n", urgent, "designer.program.urgent_hours@5:27"},
		{"negative", "urgent_acknowledge_hours: -2\n", urgent, "designer.program.urgent_hours@5:27"},
		{"over a week", "urgent_acknowledge_hours: 169\n", urgent, "designer.program.urgent_hours@5:27"},
		{"not whole", "urgent_acknowledge_hours: 1.5\n", urgent, "designer.decode.not_int@5:27"},
		{"no urgent flag", "urgent_acknowledge_hours: 4\n", calm, "designer.program.urgent_hours_unused@5:27"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			yaml := "id: p\nversion: \"1.0\"\ntitle: P\nrecommended_days: 30\n" + tc.line +
				"modules:\n  - id: m\n    start: current\nflags:\n" + tc.flags
			fsys := fstest.MapFS{
				"program.yaml":                   {Data: []byte(yaml)},
				"modules/01-m/module.yaml":       {Data: []byte("title: M\n")},
				"modules/01-m/01-s/section.yaml": {Data: []byte("title: S\n")},
				"modules/01-m/01-s/01-a.md":      {Data: []byte("---\ntitle: A\n---\nLäs.\n")},
			}
			res, err := compiler.New(fsys, "p", compiler.Options{}).Build()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Diagnostics {
				if d.Severity == designer.Error || d.Key == "designer.program.urgent_hours_unused" {
					got = append(got, fmt.Sprintf("%s@%d:%d", d.Key, d.Pos.Line, d.Pos.Col))
				}
			}
			want := []string(nil)
			if tc.want != "" {
				want = []string{tc.want}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("diagnostics = %v, want %v", got, want)
			}
		})
	}
}
