package web

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// hostileBundles is a store whose bundles also hold files a hostile
// bundle could carry, and whose program.json claims the demo's SVG is a
// web page.
type hostileBundles struct {
	runtime.Store
	extra map[string][]byte
}

func (s hostileBundles) BundleFile(ctx context.Context, bundle, path string) ([]byte, error) {
	if b, ok := s.extra[path]; ok {
		return b, nil
	}
	b, err := s.Store.BundleFile(ctx, bundle, path)
	if err == nil && path == designer.ProgramFile {
		b = bytes.ReplaceAll(b, []byte(`"image/svg+xml"`), []byte(`"text/html"`))
	}
	return b, err
}

// TestMediaIsNotScript serves media from a bundle that carries script:
// only allow-listed kinds are served, with the type their extension
// gives (not the one the bundle claims), nosniff, and a sandboxing CSP,
// so nothing in media/ runs in the citizen's session.
func TestMediaIsNotScript(t *testing.T) {
	script := []byte(`<script>alert(document.cookie)</script>`)
	e := newEnv(t, func(c *Config) {
		c.Store = hostileBundles{Store: c.Store, extra: map[string][]byte{
			"media/evil-0badc0de.js":   []byte("alert(document.cookie)"),
			"media/sida-0badc0de.html": script,
			"media/sida-0badc0de.svgz": script,
			"media/bild-0badc0de.png":  script,
			"media/blad-0badc0de.pdf":  []byte("%PDF-1.4\n"),
		}}
	})
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	base := "/e/" + id + "/media/"
	tests := []struct {
		file, ctype string
		sandbox     bool
		want        int
	}{
		{"evil-0badc0de.js", "", false, 404},
		{"sida-0badc0de.html", "", false, 404},
		{"sida-0badc0de.svgz", "", false, 404},
		{"bild-0badc0de.png", "image/png", true, 200},
		{"mane-5b6c7d8e.svg", "image/svg+xml", true, 200},
		{"somn-9c1d2e3f.vtt", "text/vtt; charset=utf-8", true, 200},
		{"somn-3fa2b1c0.mp4", "video/mp4", true, 200},
		{"blad-0badc0de.pdf", "application/pdf", false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			w := c.get(base + tt.file)
			if w.Code != tt.want {
				t.Fatalf("= %d %s, want %d", w.Code, w.Header().Get("Content-Type"), tt.want)
			}
			if tt.want != 200 {
				if strings.Contains(w.Body.String(), "alert(") {
					t.Errorf("the script came out:\n%s", w.Body)
				}
				return
			}
			h := w.Header()
			if got := h.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
			csp := h.Get("Content-Security-Policy")
			if tt.sandbox && (!strings.HasPrefix(csp, "sandbox;") || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src")) {
				t.Errorf("Content-Security-Policy = %q, want a sandbox with default-src 'none'", csp)
			}
			if !tt.sandbox && (!strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src")) {
				t.Errorf("Content-Security-Policy = %q, want default-src 'none'", csp)
			}
		})
	}
}
