package markdown

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestRender(t *testing.T) {
	media := func(name string) (string, bool) {
		if name == "media/bild.png" {
			return "/media/bild-0123abcd.png", true
		}
		return "", false
	}
	tests := []struct {
		name      string
		src       string
		raw       bool
		wantHTML  []string
		wantNotes []string // "line:col message fragment"
	}{
		{
			name:     "heading ids fold Swedish letters",
			src:      "# Vad är stress?\n\n## Vad är stress?\n",
			wantHTML: []string{`<h1 id="vad-ar-stress">`, `<h2 id="vad-ar-stress-1">`},
		},
		{
			name:     "GFM table",
			src:      "| a | b |\n|---|---|\n| 1 | 2 |\n",
			wantHTML: []string{"<table>", "<td>1</td>"},
		},
		{
			name:     "image is pointed at its hashed name",
			src:      "Text.\n\n![En lugn sjö](media/bild.png)\n",
			wantHTML: []string{`src="/media/bild-0123abcd.png"`, `alt="En lugn sjö"`},
		},
		{
			name:      "image without alt text",
			src:       "Text.\n\n![](media/bild.png)\n",
			wantNotes: []string{"3:1 image media/bild.png has no alt text"},
		},
		{
			name:      "missing media",
			src:       "Se [bladet](media/blad.pdf).\n",
			wantNotes: []string{"1:4 media/blad.pdf does not exist"},
		},
		{
			name:      "raw HTML left out",
			src:       "<div>hej</div>\n",
			wantHTML:  []string{"raw HTML omitted"},
			wantNotes: []string{"1:1 raw HTML is left out"},
		},
		{
			name:     "raw HTML allowed",
			src:      "<div>hej</div>\n",
			raw:      true,
			wantHTML: []string{"<div>hej</div>"},
		},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.Render([]byte(tt.src), Options{AllowRawHTML: tt.raw, Media: media})
			for _, w := range tt.wantHTML {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
			if len(res.Notes) != len(tt.wantNotes) {
				t.Fatalf("notes = %+v, want %d", res.Notes, len(tt.wantNotes))
			}
			for i, n := range res.Notes {
				got := strings.Join([]string{strconv.Itoa(n.Line) + ":" + strconv.Itoa(n.Col), designer.English(n.Key, n.Args...)}, " ")
				if !strings.HasPrefix(got, tt.wantNotes[i]) {
					t.Errorf("note %d = %q, want prefix %q", i, got, tt.wantNotes[i])
				}
			}
		})
	}
}

func TestRenderCountsReadability(t *testing.T) {
	res := New().Render([]byte("# Rubrik\n\nDet är en dag. Vi går ut.\n\n- en punkt\n"), Options{})
	if res.Words != 10 {
		t.Errorf("Words = %d, want 10", res.Words)
	}
	if res.LIX <= 0 || res.LIX > 20 {
		t.Errorf("LIX = %.1f, want a low value", res.LIX)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("# a\n\n![x](media/y.png) [l](media/z)\n\n| a |\n|---|\n| b |\n")
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		r.Render([]byte(src), Options{Media: func(string) (string, bool) { return "/m", true }})
	})
}
