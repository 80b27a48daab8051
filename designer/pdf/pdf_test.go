package pdf

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// document is one PDF the tests make from the sample program.
type document struct {
	name   string
	render func(r *Renderer) ([]byte, error)
}

func documents() []document {
	p := sampleProgram()
	m := p.Modules[0]
	sleep, plan := p.Forms[0], p.ActivityPlans[0]
	en := sampleProgram()
	en.Language, en.Date = "en", ""
	filled := FilledAnswers{
		Answers: map[string][]string{
			"lade": {"22:45"}, "somn": {"95"}, "kvalitet": {"2"}, "vaknade": {"ja"}, "ganger": {"3"},
			"stort": {"ljud", "oro"}, "datum": {"2026-03-14"}, "anteckning": {"Drömde mycket.\nVaknade tidigt."},
		},
		Scores:    []ScoreResult{{ID: "somnkvalitet", Value: 2}},
		Submitted: "2026-03-14 07:10",
	}
	regs := []Registration{
		{Date: "2026-03-09", Time: "07:35", Answers: map[string][]string{"minuter": {"25"}}, Comment: "Regnigt men skönt."},
		{Date: "2026-03-11", Time: "12:10", Answers: map[string][]string{"minuter": {"40"}}},
	}
	return []document{
		{"module", func(r *Renderer) ([]byte, error) { return r.Module(p, m, sampleMedia) }},
		{"step", func(r *Renderer) ([]byte, error) { return r.Step(p, m, m.Sections[0].Steps[0], sampleMedia) }},
		{"step-media", func(r *Renderer) ([]byte, error) { return r.Step(p, m, m.Sections[0].Steps[1], nil) }},
		{"form", func(r *Renderer) ([]byte, error) { return r.Form(p, sleep) }},
		{"form-en", func(r *Renderer) ([]byte, error) { return r.Form(en, en.Forms[0]) }},
		{"form-filled", func(r *Renderer) ([]byte, error) { return r.FilledForm(p, sleep, filled) }},
		{"plan", func(r *Renderer) ([]byte, error) { return r.PlanSheet(p, plan) }},
		{"plan-registrations", func(r *Renderer) ([]byte, error) { return r.PlanRegistrations(p, plan, regs) }},
	}
}

// TestGolden compares the text of each document, as pdftotext lays it out,
// with testdata/<name>.txt. Run with -update to accept a change.
func TestGolden(t *testing.T) {
	needTools(t, "pdftotext")
	r := New()
	for _, doc := range documents() {
		t.Run(doc.name, func(t *testing.T) {
			b, err := doc.render(r)
			if err != nil {
				t.Fatal(err)
			}
			got := pdfText(t, b, true)
			if strings.Contains(got, "pdf.") {
				t.Errorf("a catalogue key is missing: %s", regexp.MustCompile(`pdf\.[a-z_.]+`).FindString(got))
			}
			golden := filepath.Join("testdata", doc.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("text differs from %s (go test -update accepts it):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

// diffLines shows the first lines where want and got differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// TestQPDFCheck has qpdf check every document's structure.
func TestQPDFCheck(t *testing.T) {
	needTools(t, "qpdf")
	r := New()
	for _, doc := range documents() {
		t.Run(doc.name, func(t *testing.T) {
			b, err := doc.render(r)
			if err != nil {
				t.Fatal(err)
			}
			out := run(t, "qpdf", "--check", writePDF(t, b))
			if !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
		})
	}
}

// TestFontsEmbedded checks with pdffonts that every font is embedded.
func TestFontsEmbedded(t *testing.T) {
	needTools(t, "pdffonts")
	r := New()
	for _, doc := range documents() {
		t.Run(doc.name, func(t *testing.T) {
			b, err := doc.render(r)
			if err != nil {
				t.Fatal(err)
			}
			out := run(t, "pdffonts", writePDF(t, b))
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) < 3 {
				t.Fatalf("no fonts:\n%s", out)
			}
			for _, l := range lines[2:] {
				f := strings.Fields(l)
				// name type... encoding emb sub uni object ID
				if len(f) < 6 || f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", l)
				}
				if !strings.HasPrefix(f[0], "utf8go") {
					t.Errorf("unexpected font %s", f[0])
				}
			}
		})
	}
}

// TestSwedishAndTypography round-trips the letters and marks that a
// Latin-1 font would lose.
func TestSwedishAndTypography(t *testing.T) {
	const line = "Räksmörgås ÅÄÖ åäö “citat” ‘enkla’ – tankstreck — och … slut"
	p := sampleProgram()
	m := p.Modules[0]
	s := &designer.Step{ID: "tecken", Title: "Åäö – “rubrik”", Body: []byte(line + "\n\n**" + line + "**\n\n*" + line + "*\n\n`" + line + "`\n")}
	b, err := New().Step(p, m, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfText(t, b, false)
	if n := strings.Count(got, line); n != 4 {
		t.Errorf("%q printed %d times, want 4 (regular, bold, italic, mono):\n%s", line, n, got)
	}
	if !strings.Contains(got, "Åäö – “rubrik”") {
		t.Errorf("title lost its letters:\n%s", got)
	}
}

// TestMetadata checks title, author, dates, language and outline.
func TestMetadata(t *testing.T) {
	needTools(t, "pdfinfo", "qpdf")
	p := sampleProgram()
	b, err := New().Module(p, p.Modules[0], sampleMedia)
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b)
	info := run(t, "pdfinfo", "-isodates", path)
	for _, want := range []string{
		"Title:           Om stress",
		"Author:          Region Exempel",
		"CreationDate:    2026-03-01T00:00:00Z",
		"ModDate:         2026-03-01T00:00:00Z",
		"Page size:       595.28 x 841.89 pts (A4)",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if !bytes.Contains(b, []byte("/Lang (sv)")) {
		t.Error("no /Lang (sv) in the catalogue")
	}
	outline := run(t, "qpdf", "--json", "--json-key=outlines", path)
	for _, want := range []string{"Om stress", "Introduktion", "Vad är stress?", "Vad händer i kroppen?", "Film om återhämtning", "Textversion", "Övning", "Din sömndagbok", "Sömndagbok"} {
		if !strings.Contains(outline, `"title": "`+want+`"`) {
			t.Errorf("outline lacks %q:\n%s", want, outline)
		}
	}
	text := pdfText(t, b, false)
	for _, want := range []string{"sida 1 av 3", "sida 3 av 3", "Hantera stress"} {
		if !strings.Contains(text, want) {
			t.Errorf("header or footer lacks %q", want)
		}
	}
}

// TestDeterministic renders every document twice, with two renderers and
// at the same time from several goroutines, and wants the same bytes.
func TestDeterministic(t *testing.T) {
	for _, doc := range documents() {
		t.Run(doc.name, func(t *testing.T) {
			first, err := doc.render(New())
			if err != nil {
				t.Fatal(err)
			}
			shared := New()
			var wg sync.WaitGroup
			outs := make([][]byte, 4)
			for i := range outs {
				wg.Go(func() {
					b, err := doc.render(shared)
					if err != nil {
						t.Error(err)
					}
					outs[i] = b
				})
			}
			wg.Wait()
			for i, b := range outs {
				if !bytes.Equal(first, b) {
					t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+1, len(b), len(first))
				}
			}
		})
	}
}

// TestDates checks the PDF dates come from the program, or 2000-01-01.
func TestDates(t *testing.T) {
	p := sampleProgram()
	for _, tc := range []struct{ date, want string }{
		{"2026-03-01", "/CreationDate (D:20260301000000)"},
		{"", "/CreationDate (D:20000101000000)"},
	} {
		p.Date = tc.date
		b, err := New().Form(p, p.Forms[0])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(tc.want)) || !bytes.Contains(b, []byte(strings.Replace(tc.want, "Creation", "Mod", 1))) {
			t.Errorf("date %q: want %s", tc.date, tc.want)
		}
	}
	p.Date = "1 mars"
	if _, err := New().Form(p, p.Forms[0]); err == nil {
		t.Error("a malformed date gave no error")
	}
}

// TestImages embeds PNG, JPEG and 16-bit PNG pictures and prints the alt
// text of those that are missing.
func TestImages(t *testing.T) {
	needTools(t, "pdfimages", "pdftotext")
	p := sampleProgram()
	m := p.Modules[0]
	s := &designer.Step{ID: "bilder", Title: "Bilder", Body: []byte(
		"![Sjö](media/sjo.png)\n\nText ![Sjö igen](media/sjo.jpg) mitt i.\n\n![Djup](media/djup.png)\n\n" +
			"![Sjö](media/sjo.png)\n\n![Borta](media/borta.png)\n\n![Fjärran](https://example.se/bild.png)\n")}
	b, err := New().Step(p, m, s, sampleMedia)
	if err != nil {
		t.Fatal(err)
	}
	list := run(t, "pdfimages", "-list", writePDF(t, b))
	// Four pictures drawn, from three images (the PNG is used twice).
	if n := strings.Count(list, "\n") - 2; n != 4 {
		t.Errorf("pdfimages lists %d pictures, want 4:\n%s", n, list)
	}
	for _, enc := range []string{"jpeg", "image"} {
		if !strings.Contains(list, enc) {
			t.Errorf("no %s image:\n%s", enc, list)
		}
	}
	text := pdfText(t, b, false)
	for _, want := range []string{"Bild: Borta", "Bild: Fjärran", "Text", "mitt i."} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	// Without Media every picture is its alt text, and nothing fails.
	b, err = New().Step(p, m, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b, false); !strings.Contains(text, "Bild: Sjö") || !strings.Contains(text, "Bild: Djup") {
		t.Errorf("alt texts missing:\n%s", text)
	}
}

// TestErrors checks the references that must resolve.
func TestErrors(t *testing.T) {
	p := sampleProgram()
	m := p.Modules[0]
	if _, err := New().Step(p, m, &designer.Step{ID: "x", Title: "X", Form: "saknas"}, nil); err == nil || !strings.Contains(err.Error(), `form "saknas"`) {
		t.Errorf("missing form: %v", err)
	}
	plan := *p.ActivityPlans[0]
	plan.Form = "saknas"
	if _, err := New().PlanSheet(p, &plan); err == nil {
		t.Error("plan with a missing form gave no error")
	}
}

// TestFontsStayUnchanged: fpdf writes into the font bytes it is given, so
// rendering must never touch the fonts the Renderer shares between
// documents: neither their bytes nor the definitions parsed once
// (fontcache.go), with documents rendered one after another and many at
// once (run it with -race too).
func TestFontsStayUnchanged(t *testing.T) {
	r := New()
	before := map[fontKey][32]byte{}
	for k, b := range r.fonts {
		before[k] = sha256.Sum256(b)
	}
	if r.parsed == nil {
		t.Fatal("the fonts are not parsed once (see TestFontsParsedOnce)")
	}
	// A second parse to compare the shared one with when the renders are
	// done.
	fresh := newParsedFonts(r.fonts)
	for _, d := range documents() {
		if _, err := d.render(r); err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, d := range documents() {
			wg.Go(func() {
				if _, err := d.render(r); err != nil {
					t.Errorf("%s: %v", d.name, err)
				}
			})
		}
	}
	wg.Wait()
	for k, b := range r.fonts {
		if sha256.Sum256(b) != before[k] {
			t.Errorf("font %v changed while rendering", k)
		}
	}
	for key, def := range r.parsed.defs {
		if !bytes.Equal(r.parsed.bytes[key], fresh.bytes[key]) {
			t.Errorf("the bytes of parsed font %s changed while rendering", key)
		}
		if !reflect.DeepEqual(def.Interface(), fresh.defs[key].Interface()) {
			t.Errorf("parsed font %s changed while rendering", key)
		}
	}
}
