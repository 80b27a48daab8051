package web

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecureHeaders(t *testing.T) {
	tests := []struct {
		name     string
		secure   bool
		tls      bool
		wantHSTS bool
		path     string
	}{
		{"plain http", false, false, false, "/healthz"},
		{"tls", false, true, true, "/healthz"},
		{"behind a tls proxy with secure cookies", true, false, true, "/healthz"},
		{"error page behind a tls proxy", true, false, true, "/no/such/page"},
		{"sign-in page behind a tls proxy", true, false, true, "/signin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.SecureCookies = tt.secure })
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			w := httptest.NewRecorder()
			e.srv.ServeHTTP(w, req)
			hsts := w.Header().Get("Strict-Transport-Security")
			if got := hsts != ""; got != tt.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want it %v", hsts, tt.wantHSTS)
			}
			if tt.wantHSTS && !strings.HasPrefix(hsts, "max-age=31536000") {
				t.Errorf("Strict-Transport-Security = %q", hsts)
			}
			pp := w.Header().Get("Permissions-Policy")
			for _, want := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} {
				if !strings.Contains(pp, want) {
					t.Errorf("Permissions-Policy = %q, lacks %s", pp, want)
				}
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Content-Security-Policy") == "" {
				t.Errorf("headers = %v", w.Header())
			}
		})
	}
}
