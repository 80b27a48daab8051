package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// unprintable are texts the embedded fonts cannot print: beyond the Basic
// Multilingual Plane (which fpdf panics on), within it but without a glyph,
// and not UTF-8 at all.
var unprintable = []struct{ name, text string }{
	{"emoji", "Min hund 🐶"},
	{"first rune past the BMP", "Min hund \U00010000"},
	{"last rune", "Min hund \U0010FFFF"},
	{"no glyph in the BMP", "Min hund 漢"},
	{"invalid UTF-8", "Min hund \xe0"},
}

// TestUnprintableRunes prints each unprintable text through every path
// text takes to fpdf and wants a PDF showing a replacement, not a panic.
func TestUnprintableRunes(t *testing.T) {
	r := New()
	for _, u := range unprintable {
		body := fmt.Sprintf("# Rubrik %[1]s\n\nText %[1]s och `kod %[1]s` och **fet %[1]s** och *kursiv %[1]s* och [länk %[1]s](https://example.se/%[1]s)\n\n"+
			"- punkt %[1]s\n\n> citat %[1]s\n\n| a %[1]s | b |\n|---|---|\n| %[1]s | x |\n\n```\nblock %[1]s\n```\n\n![bild %[1]s](media/saknas.png)\n", u.text)
		docs := []document{
			{"filled form", func(r *Renderer) ([]byte, error) {
				p := sampleProgram()
				return r.FilledForm(p, p.Forms[0], FilledAnswers{
					Answers: map[string][]string{
						"lade": {u.text}, "vaknade": {u.text}, "ganger": {u.text}, "stort": {"ljud", u.text},
						"datum": {u.text}, "anteckning": {u.text + "\n" + u.text},
					},
					Submitted: u.text,
				})
			}},
			{"step", func(r *Renderer) ([]byte, error) {
				p := sampleProgram()
				p.Title, p.Author = "Program "+u.text, "Författare "+u.text
				m := &designer.Module{ID: "m", Title: "Modul " + u.text}
				s := &designer.Step{ID: "s", Title: "Steg " + u.text, Body: []byte(body)}
				return r.Step(p, m, s, sampleMedia)
			}},
			{"module", func(r *Renderer) ([]byte, error) {
				p := sampleProgram()
				p.Title = "Program " + u.text
				f := p.Forms[0]
				f.Title, f.Intro = "Formulär "+u.text, "Intro "+u.text
				f.Questions[0].Text = "Fråga " + u.text
				f.Questions[3].Options[0].Label = "Val " + u.text
				f.Questions[2].Scale.MinLabel = "Min " + u.text
				f.Questions[4].Unit = "enhet " + u.text
				f.Questions[5].Help = "Hjälp " + u.text
				m := p.Modules[0]
				m.Title, m.Description = "Modul "+u.text, "Beskrivning "+u.text
				m.Sections[0].Title = "Avsnitt " + u.text
				m.Sections[0].Steps[0].Body = []byte(body)
				m.Sections[0].Steps[1].Media.Transcript = "Transkript " + u.text
				return r.Module(p, m, sampleMedia)
			}},
			{"plan registrations", func(r *Renderer) ([]byte, error) {
				p := sampleProgram()
				plan := p.ActivityPlans[0]
				plan.Title, plan.Description = "Plan "+u.text, "Beskrivning "+u.text
				return r.PlanRegistrations(p, plan, []Registration{{Date: "2026-03-09", Time: "07:35",
					Answers: map[string][]string{"minuter": {u.text}}, Comment: "Kommentar " + u.text}})
			}},
		}
		for _, d := range docs {
			t.Run(u.name+"/"+d.name, func(t *testing.T) {
				b, err := renderSafely(r, d)
				if err != nil {
					t.Fatal(err)
				}
				got := pdfText(t, b, false)
				if !strings.Contains(got, "Min hund "+string(replacement)) {
					t.Errorf("no %q in the text:\n%s", "Min hund "+string(replacement), got)
				}
				if strings.ContainsAny(got, "🐶\U00010000\U0010FFFF漢") {
					t.Errorf("an unprintable character reached the page:\n%s", got)
				}
			})
		}
	}
}

func renderSafely(r *Renderer, d document) (b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return d.render(r)
}

func TestCoverage(t *testing.T) {
	r := New()
	if len(r.coverage) != len(r.fonts) {
		t.Fatalf("%d coverages for %d fonts", len(r.coverage), len(r.fonts))
	}
	for k, c := range r.coverage {
		for _, ch := range "aZ09 åäöÅÄÖéü–—“”‘’…•€§½" + string(replacement) {
			if !c.has(ch) {
				t.Errorf("font %v lacks %q (%U)", k, ch, ch)
			}
		}
		for _, ch := range "漢🐶\U00010000\uFFFF" {
			if c.has(ch) {
				t.Errorf("font %v has %q (%U)", k, ch, ch)
			}
		}
	}
	if !Printable('å') || Printable('🐶') || Printable('漢') {
		t.Error("Printable disagrees with the fonts")
	}
	if _, err := readCmap([]byte("not a font")); err == nil {
		t.Error("readCmap of garbage succeeded")
	}
}

func TestPrintable(t *testing.T) {
	p := &printer{r: New(), font: fontKey{sans, ""}}
	for in, want := range map[string]string{
		"Hej då – “så”":   "Hej då – “så”",
		"Min hund 🐶":      "Min hund \uFFFD",
		"a\xe0b":          "a\uFFFDb",
		"rad 1\nrad 2\t!": "rad 1\nrad 2\t!",
		"漢字":              "\uFFFD\uFFFD",
	} {
		if got := p.printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
	if got := encodable("Titel 🐶\xff"); got != "Titel \uFFFD\uFFFD" {
		t.Errorf("encodable = %q", got)
	}
}
