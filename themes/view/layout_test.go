package view

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/themes"
)

// TestOptionLayout renders questions with and without a layout and checks
// the class their options get: a rating of up to seven scored options is a
// row, anything longer or unscored a column, unless the designer says.
func TestOptionLayout(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	options := func(n int, scored bool) []*designer.Option {
		var os []*designer.Option
		for i := range n {
			v := strconv.Itoa(i)
			if !scored {
				v = "v" + v
			}
			os = append(os, &designer.Option{Value: v, Label: "Alternativ " + v})
		}
		return os
	}
	tests := []struct {
		name  string
		q     designer.Question
		class string
	}{
		{"five scored options", designer.Question{Type: designer.TypeSingle, Options: options(5, true)}, `class="choices layout-row"`},
		{"seven scored options", designer.Question{Type: designer.TypeSingle, Options: options(7, true)}, `class="choices layout-row"`},
		{"eight scored options", designer.Question{Type: designer.TypeSingle, Options: options(8, true)}, `class="choices layout-column"`},
		{"unscored options", designer.Question{Type: designer.TypeSingle, Options: options(3, false)}, `class="choices layout-column"`},
		{"multiple choice", designer.Question{Type: designer.TypeMultiple, Options: options(3, true)}, `class="choices layout-column"`},
		{"a column asked for", designer.Question{Type: designer.TypeSingle, Options: options(5, true), Layout: designer.LayoutColumn}, `class="choices layout-column"`},
		{"a row asked for", designer.Question{Type: designer.TypeMultiple, Options: options(3, false), Layout: designer.LayoutRow}, `class="choices layout-row"`},
		{"scale", designer.Question{Type: designer.TypeScale, Scale: &designer.Scale{Min: 0, Max: 4}}, `class="scale layout-row"`},
		{"scale in a column", designer.Question{Type: designer.TypeScale, Scale: &designer.Scale{Min: 0, Max: 4}, Layout: designer.LayoutColumn}, `class="scale layout-column"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.ID, q.Text = "q", "Fråga"
			f := &designer.Form{ID: "f", Title: "F", Questions: []*designer.Question{&q}}
			var b bytes.Buffer
			if err := tpl.RenderPartial(&b, "sv", "form", NewForm(f, nil, nil, themes.Lookup("sv").T)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.class) {
				t.Errorf("the form lacks %s:\n%s", tt.class, b.String())
			}
		})
	}
}
