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
	"strings"
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

// A signed-in session lasts Config.SessionIdle from its last use, but
// never longer than Config.SessionMax from sign-in; a session before
// sign-in (holding only the CSRF token of the sign-in form, or a sign-in
// attempt under way) lasts anonTTL at most.
const anonTTL = 30 * time.Minute

// Defaults of Config's session lifetimes: a working day at most, and half
// an hour without a request, as for a journal system on a shared
// computer. A page in use is renewed every touchEvery.
const (
	DefaultSessionIdle = 30 * time.Minute
	DefaultSessionMax  = 12 * time.Hour
	touchEvery         = 5 * time.Minute
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
	// State is the sign-in state a provider echoes back; Via, Nonce and
	// Verifier are the rest of the sign-in attempt under way (see
	// auth.Attempt), and Next the page to go to after it.
	State    string    `json:"state,omitempty"`
	Via      string    `json:"via,omitempty"`
	Nonce    string    `json:"nonce,omitempty"`
	Verifier string    `json:"verifier,omitempty"`
	Next     string    `json:"next,omitempty"`
	Flash    *flash    `json:"flash,omitempty"`
	Created  time.Time `json:"created"`
	Saved    time.Time `json:"saved"`
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
	return ss.Subject != "" && s.now().Sub(ss.Created) >= s.maxAge
}

// attempt is the sign-in attempt the session holds.
func (ss *session) attempt() auth.Attempt {
	return auth.Attempt{Via: ss.Via, State: ss.State, Nonce: ss.Nonce, Verifier: ss.Verifier}
}

// personKey names the person a signed-in session belongs to in the
// store's session index.
func personKey(kind auth.Kind, subject string) string { return string(kind) + ":" + subject }

// newPersonID returns a cookie value for a signed-in session of person:
// the hex of the person's session tag, a dot and a random token. The
// store key made from it (storeKey) carries the tag, which puts a
// person's sessions in one group the store can end at once; the cookie
// names no one.
func newPersonID(person string) string {
	tag := strings.TrimSuffix(strings.TrimPrefix(runtime.SessionTag(person), "{ps:"), "}")
	return tag + "." + randomToken()
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// storeKey is the store's key of a session: "s:" and the SHA-256 of the
// cookie, after the person's session tag when the cookie carries one.
// It is built in one buffer on the stack, as every request makes one.
func storeKey(id string) string {
	var in [64]byte // a cookie's id fits; the hash need not copy it to the heap
	var sum [sha256.Size]byte
	if len(id) <= len(in) {
		sum = sha256.Sum256(in[:copy(in[:], id)])
	} else {
		sum = sha256.Sum256([]byte(id))
	}
	var out [len("s:{ps:") + 16 + len("}:") + 2*sha256.Size]byte
	b := append(out[:0], "s:"...)
	if tag, _, ok := strings.Cut(id, "."); ok && len(tag) == 16 {
		b = append(append(append(b, "{ps:"...), tag...), "}:"...)
	}
	return string(hex.AppendEncode(b, sum[:]))
}

// sessionCookies are the names a session's cookie may have, in the order
// they are read.
var sessionCookies = [...]string{sessionCookieSecure, sessionCookie}

// sessionCookieOf returns the request's cookie name when it can hold a
// session id.
func sessionCookieOf(r *http.Request, name string) (*http.Cookie, bool) {
	c, err := r.Cookie(name)
	if err != nil || len(c.Value) < 40 || len(c.Value) > 64 {
		return nil, false
	}
	return c, true
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
	for _, name := range sessionCookies {
		c, ok := sessionCookieOf(r, name)
		if !ok {
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
		if err := decodeSession(b, &ss); err != nil {
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
		ttl = min(ttl, ss.Created.Add(s.maxAge).Sub(ss.Saved))
	}
	if ttl <= 0 {
		return fmt.Errorf("save session: %w", errSessionExpired)
	}
	if key := storeKey(ss.id); ss.Subject != "" && strings.Contains(key, runtime.SessionTag(personKey(ss.Kind, ss.Subject))) {
		err = s.store.PutPersonSession(r.Context(), personKey(ss.Kind, ss.Subject), storeKey(ss.id), b, ttl)
	} else {
		err = s.store.PutSession(r.Context(), storeKey(ss.id), b, ttl)
	}
	if err != nil {
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
	if ss.stored && ss.Subject != "" && s.now().Sub(ss.Saved) > min(touchEvery, s.ttl/6) {
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
