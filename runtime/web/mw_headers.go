package web

import "net/http"

// contentSecurity allows only the site's own scripts and styles. Media may
// come from https hosts, as a media step may link a video elsewhere.
const contentSecurity = "default-src 'self'; img-src 'self' data: https:; media-src 'self' https:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// permissions turns off the browser features no page of ours uses, so that
// no script that ever slipped in could reach a citizen's camera,
// microphone or position.
const permissions = "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), " +
	"gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), " +
	"screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"

// secureHeaders sets the headers every answer carries. HSTS goes out when
// the request came over TLS or the server was told it sits behind a TLS
// proxy (Config.SecureCookies), where r.TLS is always nil.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("Permissions-Policy", permissions)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil || s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}
