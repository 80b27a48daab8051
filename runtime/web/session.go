package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// sessionCookie is the name of the session cookie. With the __Host- prefix
// browsers only take it over HTTPS, for the whole site, so it is used when
// cookies are Secure.
const (
	sessionCookie       = "stegvis_session"
	sessionCookieSecure = "__Host-stegvis_session"
)

// A signed-in session lasts SessionTTL from its last use, but never longer
// than maxSessionAge from sign-in; a session before sign-in (holding only
// the CSRF token of the sign-in form) lasts anonTTL.
const (
	maxSessionAge = 12 * time.Hour
	anonTTL       = 30 * time.Minute
)

// session is what the store keeps for a browser. The cookie holds a random
// id; the store keys the session by the id's SHA-256, so a copy of the
// store does not hold usable cookies.
type session struct {
	id      string
	CSRF    string    `json:"csrf"`
	Kind    auth.Kind `json:"kind,omitempty"`
	Subject string    `json:"sub,omitempty"`
	Name    string    `json:"name,omitempty"`
	// State is the sign-in state a provider echoes back.
	State   string    `json:"state,omitempty"`
	Flash   *flash    `json:"flash,omitempty"`
	Created time.Time `json:"created"`
	Saved   time.Time `json:"saved"`
	// stored is set when the session is in the store.
	stored bool
	// ActingFor is the child a signed-in guardian acts for (mw_guardian.go).
	ActingFor string `json:"for,omitempty"`
}

// flash is a notice shown once, on the next page.
type flash struct {
	Key   string   `json:"key"`
	Args  []string `json:"args,omitempty"`
	Error bool     `json:"error,omitempty"`
}

var errSessionExpired = errors.New("session has reached its longest lifetime")

// expired reports whether a signed-in session is past its longest lifetime.
func (s *Server) expired(ss *session) bool {
	return ss.Subject != "" && s.now().Sub(ss.Created) >= maxSessionAge
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func storeKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "s:" + hex.EncodeToString(sum[:])
}

func (s *Server) newSession() *session {
	now := s.now()
	return &session{id: randomToken(), CSRF: randomToken(), Created: now}
}

// readSession returns the browser's session, or a new unsaved one when it
// has none. A store that does not answer is an error, not a missing
// session: signing in again or refusing a post as forged would lose what
// the user was doing.
func (s *Server) readSession(r *http.Request) (*session, error) {
	for _, name := range []string{sessionCookieSecure, sessionCookie} {
		c, err := r.Cookie(name)
		if err != nil || len(c.Value) < 40 || len(c.Value) > 60 {
			continue
		}
		b, err := s.store.Session(r.Context(), storeKey(c.Value))
		if errors.Is(err, runtime.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, errStoreDown.with(fmt.Errorf("read session: %w", err))
		}
		var ss session
		if err := json.Unmarshal(b, &ss); err != nil {
			s.log.ErrorContext(r.Context(), "decode session", "err", err)
			continue
		}
		ss.id, ss.stored = c.Value, true
		return &ss, nil
	}
	return s.newSession(), nil
}

// saveSession stores the session and sets its cookie.
func (s *Server) saveSession(w http.ResponseWriter, r *http.Request, ss *session) error {
	ss.Saved = s.now()
	b, err := json.Marshal(ss)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	ttl := s.ttl
	if ss.Subject == "" {
		ttl = min(ttl, anonTTL)
	}
	if ss.Subject != "" {
		ttl = min(ttl, ss.Created.Add(maxSessionAge).Sub(ss.Saved))
	}
	if ttl <= 0 {
		return fmt.Errorf("save session: %w", errSessionExpired)
	}
	if err := s.store.PutSession(r.Context(), storeKey(ss.id), b, ttl); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	ss.stored = true
	http.SetCookie(w, s.cookie(r, ss.id, int(ttl/time.Second)))
	return nil
}

func (s *Server) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	secure := s.secure || r.TLS != nil
	name := sessionCookie
	if secure {
		name = sessionCookieSecure
	}
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
}

// touch saves a signed-in session again when it is old enough that its
// lifetime should be renewed; it keeps store writes to one every few minutes.
func (s *Server) touch(w http.ResponseWriter, r *http.Request, ss *session) {
	if ss.stored && ss.Subject != "" && s.now().Sub(ss.Saved) > 5*time.Minute {
		if err := s.saveSession(w, r, ss); err != nil {
			s.log.ErrorContext(r.Context(), "renew session", "err", err)
		}
	}
}

// destroySession removes the session and its cookie.
func (s *Server) destroySession(ctx context.Context, w http.ResponseWriter, r *http.Request, ss *session) {
	if ss.stored {
		if err := s.store.DeleteSession(ctx, storeKey(ss.id)); err != nil {
			s.log.ErrorContext(ctx, "delete session", "err", err)
		}
	}
	http.SetCookie(w, s.cookie(r, "", -1))
}

// validCSRF compares a posted token with the session's in constant time.
func (ss *session) validCSRF(token string) bool {
	return ss.stored && ss.CSRF != "" && subtle.ConstantTimeCompare([]byte(token), []byte(ss.CSRF)) == 1
}

// setFlash keeps a notice for the next page.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, key string, args ...any) {
	ss := sessionFrom(r.Context())
	if ss == nil {
		return
	}
	f := &flash{Key: key}
	for _, a := range args {
		f.Args = append(f.Args, fmt.Sprint(a))
	}
	ss.Flash = f
	if err := s.saveSession(w, r, ss); err != nil {
		s.log.ErrorContext(r.Context(), "save flash", "err", err)
	}
}
