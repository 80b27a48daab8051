package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestFit(t *testing.T) {
	tests := []struct {
		name             string
		w, h, maxW, maxH float64
		wantW, wantH     float64
	}{
		{"narrow picture keeps its size", 100, 50, 170, 250, 100, 50},
		{"wide picture is narrowed", 340, 100, 170, 250, 170, 50},
		{"tall picture is shortened", 100, 500, 170, 250, 50, 250},
		{"wide and tall", 400, 1000, 170, 250, 100, 250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := fit(tt.w, tt.h, tt.maxW, tt.maxH)
			if w != tt.wantW || h != tt.wantH {
				t.Errorf("fit = %g×%g, want %g×%g", w, h, tt.wantW, tt.wantH)
			}
		})
	}
}

// TestImageNaturalSize prints a 400 px picture and one wider than the text
// and reads back the density they were drawn at: 96 dpi for the narrow one
// (its natural size, not stretched), less for the wide one (narrowed to
// the text's width).
func TestImageNaturalSize(t *testing.T) {
	needTools(t, "pdfimages")
	media := func(name string) ([]byte, error) {
		switch name {
		case "media/smal.png":
			return testPNG(400, 200, false), nil
		case "media/bred.png":
			return testPNG(2000, 400, false), nil
		}
		return nil, fmt.Errorf("no %s", name)
	}
	p := sampleProgram()
	s := &designer.Step{ID: "bilder", Title: "Bilder", Body: []byte("![Smal](media/smal.png)\n\n![Bred](media/bred.png)\n")}
	b, err := New().Step(p, p.Modules[0], s, media)
	if err != nil {
		t.Fatal(err)
	}
	list := run(t, "pdfimages", "-list", writePDF(t, b))
	var ppi []int
	for _, line := range strings.Split(list, "\n")[2:] {
		f := strings.Fields(line)
		if len(f) < 14 {
			continue
		}
		n, err := strconv.Atoi(f[12]) // x-ppi
		if err != nil {
			t.Fatalf("x-ppi %q in %q", f[12], line)
		}
		ppi = append(ppi, n)
	}
	// The text is 210 - margins mm wide: 2000 px across it is > 96 ppi.
	if len(ppi) != 2 || ppi[0] != imageDPI || ppi[1] <= imageDPI {
		t.Errorf("x-ppi = %v, want [%d, more than %d]:\n%s", ppi, imageDPI, imageDPI, list)
	}
}
