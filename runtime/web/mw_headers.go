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

// secureHeaderNames and secureHeaderValues are the headers every answer
// carries, in canonical form, HSTS last.
var (
	secureHeaderNames = [...]string{"Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options",
		"Referrer-Policy", "X-Frame-Options", "Strict-Transport-Security"}
	secureHeaderValues = [len(secureHeaderNames)]string{contentSecurity, permissions, "nosniff",
		"same-origin", "DENY", "max-age=31536000"}
)

// secureHeaders sets the headers every answer carries. HSTS goes out when
// the request came over TLS or the server was told it sits behind a TLS
// proxy (Config.SecureCookies), where r.TLS is always nil. The values are
// copied into one array per answer, where Header.Set makes a slice each;
// the answer still owns its slices, so no handler can change another's.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		vals := new([len(secureHeaderValues)]string)
		*vals = secureHeaderValues
		n := len(vals) - 1 // without HSTS
		if r.TLS != nil || s.secure {
			n++
		}
		for i, name := range secureHeaderNames[:n] {
			h[name] = vals[i : i+1 : i+1]
		}
		next.ServeHTTP(w, r)
	})
}
