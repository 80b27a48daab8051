package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// loadSession puts the browser's session, and the user signed in with it,
// in the request's context. Staff roles are read from the store on every
// request, so a role taken away takes effect at once.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss, err := s.readSession(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if s.expired(ss) {
			// Sign in again; the old session is worthless from now on.
			s.destroySession(r.Context(), w, r, ss)
			ss = s.newSession()
		}
		ctx := &sessionContext{Context: r.Context(), ss: ss}
		if ss.Subject != "" {
			u, err := s.loadUser(ctx, ss)
			switch {
			case err == nil:
				ctx.u = u
				s.touch(w, r, ss)
			case errors.Is(err, runtime.ErrNotFound):
				// The account is gone: the session signs in no one.
				ss.Kind, ss.Subject, ss.Name = "", "", ""
			default:
				s.fail(w, r.WithContext(ctx), err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sessionContext is the context loadSession makes: the session and the
// user in one value, where a context.WithValue each would cost two
// allocations. It is complete before any handler sees it.
type sessionContext struct {
	context.Context
	ss *session
	u  *user
}

// Value answers sessionKey and, once there is a user, userKey, as
// context.WithValue would have.
func (c *sessionContext) Value(key any) any {
	switch key {
	case sessionKey{}:
		return c.ss
	case userKey{}:
		if c.u != nil {
			return c.u
		}
	}
	return c.Context.Value(key)
}

func (s *Server) loadUser(ctx context.Context, ss *session) (*user, error) {
	switch ss.Kind {
	case auth.Staff:
		st, err := s.store.Staff(ctx, ss.Subject)
		if err != nil {
			return nil, err
		}
		return &user{Kind: auth.Staff, ID: st.ID, Name: st.Name, Staff: st}, nil
	case auth.Citizen:
		return &user{Kind: auth.Citizen, ID: ss.Subject, Name: ss.Name}, nil
	}
	return nil, runtime.ErrNotFound
}
