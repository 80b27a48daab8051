package web

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Arrivals: when a request's first byte was read. Under a burst the wait
// that makes pages slow is spent before any handler runs (accepting,
// reading, waiting for a CPU), where a count of requests in handlers does
// not see it. The http.Server tells, per connection, when a request began
// to arrive (ConnState's StateActive); shed refuses a request that has
// already waited longer than Config.MaxQueueDelay, so the requests that
// are served stay fast and the rest learn at once to come back.

// arrival is when the request being read on one connection began.
type arrival struct{ at atomic.Int64 }

type arrivalKey struct{}

// arrivals maps each open connection to its arrival.
type arrivals struct{ m sync.Map }

// ConnContext gives each connection's requests their arrival; set it as
// the http.Server's ConnContext, with ConnState beside it.
func (s *Server) ConnContext(ctx context.Context, c net.Conn) context.Context {
	a := new(arrival)
	a.at.Store(s.clock().UnixNano())
	s.arrivals.m.Store(c, a)
	return context.WithValue(ctx, arrivalKey{}, a)
}

// ConnState records when a request begins to arrive on a connection; set
// it as the http.Server's ConnState.
func (s *Server) ConnState(c net.Conn, st http.ConnState) {
	switch st {
	case http.StateActive:
		if v, ok := s.arrivals.m.Load(c); ok {
			v.(*arrival).at.Store(s.clock().UnixNano())
		}
	case http.StateClosed, http.StateHijacked:
		s.arrivals.m.Delete(c)
	}
}

// waited returns how long the request has waited since it began to
// arrive, or 0 when the server was not told (no ConnContext).
func (s *Server) waited(r *http.Request) time.Duration {
	a, ok := r.Context().Value(arrivalKey{}).(*arrival)
	if !ok {
		return 0
	}
	return time.Duration(s.clock().UnixNano() - a.at.Load())
}

// clock is the wall clock for arrivals: the real time, never the demo's
// moved clock, since only differences count.
func (s *Server) clock() time.Time { return time.Now() }
