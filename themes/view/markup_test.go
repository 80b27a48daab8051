package view

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"testing"
)

// TestMarkupEscapes writes text, attribute values and URLs with markup and
// with html/template and wants the same bytes: for hand-picked hostile
// values and for random strings of the bytes that matter.
func TestMarkupEscapes(t *testing.T) {
	tpl := template.Must(template.New("x").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">`))
	values := []string{
		"", "plain", `<script>alert("x")</script>`, "a&b+c'd\"e", "\x00nul", "Åsa Öberg",
		"/e/1/m/a/b?x=1&y=\"2\"", "javascript:alert(1)", "JavaScript:x", "mailto:a@b.se", "HTTPS://x.se/å?a=b c",
		"data:text/html,x", "/a:b", "?q=1:2", "%zz%20", "#frag ment", "\ufdd0\uffff", "\xff\xfe",
	}
	const alphabet = "aZ09 <>&'\"+:/?#%=;@!$*,[]-._~()\x00\x7f\xc3\xa5\xff"
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		values = append(values, string(b))
	}
	for _, v := range values {
		var want, got bytes.Buffer
		if err := tpl.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		m := markup{&got}
		m.raw(`<p title="`)
		m.text(v)
		m.raw(`">`)
		m.text(v)
		m.raw(`</p><a href="`)
		m.url(v)
		m.raw(`">`)
		if got.String() != want.String() {
			t.Errorf("%q:\ngot  %s\nwant %s", v, got.String(), want.String())
		}
	}
}
