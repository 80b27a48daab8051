package web

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// Defaults of Config's sign-in limits. A clinic's staff may share one
// address behind its firewall and sign in within minutes of each other,
// so the address's bucket is large; an account needs few sign-ins.
var (
	DefaultSignInLimitIP      = runtime.Limit{Burst: 60, Every: 5 * time.Second}
	DefaultSignInLimitAccount = runtime.Limit{Burst: 10, Every: time.Minute}
)

// errSignInLimited is the answer to too many sign-in attempts.
var errSignInLimited = &webError{http.StatusTooManyRequests, "E429-SIGNIN", "signin.error.limited", nil}

// allowSignIn takes a token from the sign-in bucket named key, and
// answers 429 with Retry-After when there is none. A store that does not
// answer fails the request: sign-in without the limit is not offered.
func (s *Server) allowSignIn(w http.ResponseWriter, r *http.Request, key string) bool {
	limit := s.limitIP
	if strings.HasPrefix(key, "account:") {
		limit = s.limitAccount
	}
	wait, err := s.store.TakeToken(r.Context(), "signin:"+key, limit)
	if err != nil {
		s.fail(w, r, errStoreDown.with(err))
		return false
	}
	if wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.log.WarnContext(r.Context(), "sign-in rate limited", "bucket", strings.SplitN(key, ":", 2)[0], "retry_after", secs)
		s.fail(w, r, errSignInLimited)
		return false
	}
	return true
}

// clientIP is the client's address: the last address of the trusted
// proxy's header when one is configured, the connection's otherwise.
func (s *Server) clientIP(r *http.Request) string {
	if s.ipHeader != "" {
		if v := r.Header.Values(s.ipHeader); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
