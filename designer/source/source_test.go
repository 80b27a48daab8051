package source

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		front    string
		body     string
		bodyLine int
		ok       bool
	}{
		{"plain", "---\ntitle: A\n---\nText\n", "title: A\n", "Text\n", 4, true},
		{"CRLF and BOM", "\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nText", "title: A\r\n", "Text", 4, true},
		{"empty body", "---\ntitle: A\n---", "title: A\n", "", 4, true},
		{"no front matter", "# Rubrik\n", "", "# Rubrik\n", 1, false},
		{"unclosed", "---\ntitle: A\nText\n", "", "---\ntitle: A\nText\n", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, ok := SplitFrontMatter([]byte(tt.src))
			if string(front) != tt.front || string(body) != tt.body || line != tt.bodyLine || ok != tt.ok {
				t.Errorf("got (%q, %q, %d, %v), want (%q, %q, %d, %v)", front, body, line, ok, tt.front, tt.body, tt.bodyLine, tt.ok)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for rel, want := range map[string]Kind{
		"program.yaml":                   KindProgram,
		"modules/01-a/module.yaml":       KindModule,
		"modules/01-a/01-s/section.yaml": KindSection,
		"modules/01-a/01-s/01-x.md":      KindStep,
		"forms/phq-9.yaml":               KindForm,
		"media/sub/bild.png":             KindMedia,
		"README.md":                      KindIgnored,
		"modules/01-a/.DS_Store":         KindIgnored,
		"notes.txt":                      KindOther,
		"modules/01-a/01-x.md":           KindOther,
	} {
		if got := Classify(rel); got != want {
			t.Errorf("Classify(%q) = %d, want %d", rel, got, want)
		}
	}
}

func FuzzParseStep(f *testing.F) {
	f.Add([]byte("---\ntitle: A\nkind: form\nform: f\n---\n# Text\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var ds designer.Diagnostics
		st := ParseStep("s.md", src, &ds)
		if st == nil {
			t.Fatal("ParseStep returned nil")
		}
	})
}
