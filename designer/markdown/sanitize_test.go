package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/stegvis/stegvis/designer"
)

// TestSanitize renders hostile and harmless content with and without raw
// HTML: what could run script never reaches the HTML, what content needs
// stays, and every removal is named where it was written.
func TestSanitize(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		raw       bool
		wantHTML  []string
		notHTML   []string
		wantNotes []string // "line:col message prefix", in order
	}{
		{
			name:      "script element",
			src:       "Hej.\n\n<script>alert(1)</script>\n",
			raw:       true,
			wantHTML:  []string{"<p>Hej.</p>"},
			notHTML:   []string{"<script", "alert(1)"},
			wantNotes: []string{"3:1 <script> was removed"},
		},
		{
			name:      "inline script",
			src:       "Hej <script>alert(1)</script> då.\n",
			raw:       true,
			notHTML:   []string{"<script", "alert"},
			wantNotes: []string{"1:5 <script> was removed"},
		},
		{
			name:      "event handler",
			src:       "<div class=\"x\" onclick=\"alert(1)\">hej</div>\n",
			raw:       true,
			wantHTML:  []string{"<div>hej</div>"},
			notHTML:   []string{"onclick", "alert"},
			wantNotes: []string{"1:6 the class attribute was removed", "1:16 the onclick attribute was removed"},
		},
		{
			name:      "javascript link in raw HTML",
			src:       "Se <a href=\"javascript:alert(1)\">här</a>.\n",
			raw:       true,
			wantHTML:  []string{"här"},
			notHTML:   []string{"javascript", "<a"},
			wantNotes: []string{"1:7 a javascript: link was removed"},
		},
		{
			name:      "obfuscated javascript link in raw HTML",
			src:       "<p><a href=\" JaVa&#x09;Script:alert(1)\">x</a></p>\n",
			raw:       true,
			notHTML:   []string{"alert", "<a"},
			wantNotes: []string{"1:7 a javascript: link was removed"},
		},
		{
			name:      "data image in raw HTML",
			src:       "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">\n",
			raw:       true,
			notHTML:   []string{"data:"},
			wantNotes: []string{"1:6 a data: link was removed"},
		},
		{
			name:      "iframe, style and object",
			src:       "<iframe src=\"https://evil.example/\"></iframe>\n\n<style>body{display:none}</style>\n\n<p style=\"color:red\">x</p>\n",
			raw:       true,
			notHTML:   []string{"<iframe", "<style", "display", "style="},
			wantNotes: []string{"1:1 <iframe> was removed", "3:1 <style> was removed", "5:4 the style attribute was removed"},
		},
		{
			name:      "source poster and src are links too",
			src:       "<video controls poster=\"javascript:alert(1)\"><source src=\"javascript:alert(2)\" type=\"video/mp4\"></video>\n",
			raw:       true,
			wantHTML:  []string{"<video controls=\"\">"},
			notHTML:   []string{"javascript"},
			wantNotes: []string{"1:17 a javascript: link was removed", "1:54 a javascript: link was removed"},
		},
		{
			name: "what content needs stays",
			src: "<figure><img src=\"media/bild.png\" alt=\"Sjö\"><figcaption>En sjö</figcaption></figure>\n\n" +
				"<details><summary>Mer</summary>Text</details>\n\n" +
				"<audio controls src=\"https://media.example.se/a.mp3\"></audio>\n\n" +
				"<video controls width=\"640\"><source src=\"/media/film-1.mp4\" type=\"video/mp4\"><track kind=\"captions\" src=\"/media/film-1.vtt\" srclang=\"sv\" label=\"Svenska\" default></video>\n\n" +
				"# Rubrik\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```go\nx := 1\n```\n\n[Läs mer](https://1177.se) eller ring [1177](tel:1177).\n",
			raw: true,
			wantHTML: []string{
				"<figure>", `<img src="media/bild.png" alt="Sjö"`, "<figcaption>En sjö</figcaption>",
				"<details><summary>Mer</summary>Text</details>",
				`<audio controls="" src="https://media.example.se/a.mp3">`,
				`<video controls="" width="640">`, `<source src="/media/film-1.mp4" type="video/mp4"`,
				`<track kind="captions" src="/media/film-1.vtt" srclang="sv" label="Svenska" default=""`,
				`<h1 id="rubrik">`, `<th align="left">`, `<td align="right">2</td>`,
				`<code class="language-go">`, `<a href="https://1177.se">Läs mer</a>`, `<a href="tel:1177">1177</a>`,
			},
			notHTML: []string{"nofollow"},
		},
		{
			name:      "javascript link in Markdown, raw HTML off",
			src:       "Hej.\n\nKlicka [här](javascript:alert(1)) nu.\n",
			wantHTML:  []string{"<p>Klicka här nu.</p>"},
			notHTML:   []string{"javascript", "<a"},
			wantNotes: []string{"3:8 a javascript: link was removed"},
		},
		{
			name:      "javascript link in Markdown, raw HTML on",
			src:       "Klicka [här](javascript:alert(1)).\n",
			raw:       true,
			wantHTML:  []string{"<p>Klicka här.</p>"},
			notHTML:   []string{"javascript"},
			wantNotes: []string{"1:8 a javascript: link was removed"},
		},
		{
			name:      "columns count characters, not bytes",
			src:       "Läs [mer](javascript:alert(1)).\n",
			wantNotes: []string{"1:5 a javascript: link was removed"},
		},
		{
			name:      "vbscript reference link",
			src:       "Se [x][1].\n\n[1]: vbscript:msgbox\n",
			notHTML:   []string{"vbscript", "<a"},
			wantNotes: []string{"1:4 a vbscript: link was removed"},
		},
		{
			name:      "entity-encoded javascript link",
			src:       "[x](&#106;avascript:alert(1))\n",
			notHTML:   []string{"avascript", "<a"},
			wantNotes: []string{"1:1 a javascript: link was removed"},
		},
		{
			name:      "data image in Markdown",
			src:       "![Prick](data:image/png;base64,iVBORw0KGgo=)\n",
			wantHTML:  []string{"<p>Prick</p>"},
			notHTML:   []string{"data:", "<img"},
			wantNotes: []string{"1:1 a data: link was removed"},
		},
		{
			name:      "javascript autolink",
			src:       "Se <javascript:alert(1)>.\n",
			notHTML:   []string{"href"},
			wantNotes: []string{"1:4 a javascript: link was removed"},
		},
		{
			name:     "safe links stay",
			src:      "[a](https://1177.se) [b](mailto:a@b.se) [c](tel:1177) [d](#rubrik) <https://1177.se>\n",
			wantHTML: []string{`href="https://1177.se"`, `href="mailto:a@b.se"`, `href="tel:1177"`, `href="#rubrik"`},
		},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.Render([]byte(tt.src), Options{AllowRawHTML: tt.raw})
			html := string(res.HTML)
			for _, w := range tt.wantHTML {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, w := range tt.notHTML {
				if strings.Contains(strings.ToLower(html), strings.ToLower(w)) {
					t.Errorf("HTML has %q:\n%s", w, html)
				}
			}
			var got []string
			for _, n := range res.Notes {
				got = append(got, strconv.Itoa(n.Line)+":"+strconv.Itoa(n.Col)+" "+designer.English(n.Key, n.Args...))
			}
			if len(got) != len(tt.wantNotes) {
				t.Fatalf("notes:\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tt.wantNotes), tt.wantNotes)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.wantNotes[i]) {
					t.Errorf("note %d = %q, want prefix %q", i, got[i], tt.wantNotes[i])
				}
			}
		})
	}
}

// FuzzSanitize renders any text with raw HTML allowed and checks that no
// script, handler or dangerous link comes out.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>",
		"<div onclick=\"x()\">a</div>",
		"<a href=\"javascript:x()\">a</a>",
		"[a](javascript:x()) ![b](data:image/png;base64,AA==) <vbscript:x>",
		"<video poster=\"javascript:x\"><source src=\"javascript:y\"></video>",
		"<svg><script>x</script></svg><math><mi xlink:href=\"javascript:x\">",
		"<IMG SRC=JaVaScRiPt:alert('XSS')><<script>alert(1)//<</script>",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		for _, raw := range []bool{false, true} {
			res := r.Render([]byte(src), Options{AllowRawHTML: raw})
			if bad := unsafeIn(res.HTML); bad != "" {
				t.Fatalf("raw %v: %s came out of %q:\n%s", raw, bad, src, res.HTML)
			}
		}
	})
}

// unsafeIn returns what in page could run script, or "".
func unsafeIn(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "object", "embed", "svg", "math", "base", "link", "meta", "form":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" {
					return a.Key + " on <" + tok.Data + ">"
				}
				if urlAttrs[a.Key] {
					if s := scheme(a.Val); s != "" && !safeSchemes[s] {
						return s + ": in " + a.Key + " on <" + tok.Data + ">"
					}
				}
			}
		}
	}
}
