package pdf

import (
	"bytes"
	"testing"
)

// TestFontsParsedOnce: a Renderer parses its fonts once (an fpdf upgrade
// that moved the fields fontcache.go reaches would make New fall back to
// a parse per document, and fails here), and a document made with the
// fonts parsed once is byte for byte the one made with fonts parsed for
// it alone.
func TestFontsParsedOnce(t *testing.T) {
	shared := New()
	if shared.parsed == nil {
		t.Fatal("New parses no fonts once: fpdf's insides are not what fontcache.go knows")
	}
	if len(shared.parsed.defs) != len(shared.fonts) {
		t.Fatalf("%d fonts parsed once, want %d", len(shared.parsed.defs), len(shared.fonts))
	}
	own := New()
	own.parsed = nil
	for _, d := range documents() {
		t.Run(d.name, func(t *testing.T) {
			for i := range 2 { // the second time after the first changed nothing
				got, err := d.render(shared)
				if err != nil {
					t.Fatal(err)
				}
				want, err := d.render(own)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("render %d: %d bytes with fonts parsed once, %d with fonts parsed for the document; they differ", i+1, len(got), len(want))
				}
			}
		})
	}
}

// BenchmarkModule20PagesFontsPerDocument is BenchmarkModule20Pages with
// the fonts parsed for each document, as before fontcache.go, to show
// what parsing them once saves.
func BenchmarkModule20PagesFontsPerDocument(b *testing.B) {
	r := New()
	r.parsed = nil
	p, m := longModule()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Module(p, m, sampleMedia); err != nil {
			b.Fatal(err)
		}
	}
}
