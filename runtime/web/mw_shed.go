package web

import (
	"net/http"
	"time"
)

var errBusy = &webError{http.StatusServiceUnavailable, "E503-BUSY", "web.error.busy", nil}

// shed serves at most Config.MaxInFlight requests at once. A request past
// it waits up to Config.QueueWait for a turn and is otherwise answered 503
// with Retry-After at once: under a burst, a quick "try again" serves
// people better than a queue in which every request grows slow, and the
// requests that are served stay fast. A request that already waited longer
// than Config.MaxQueueDelay to reach a handler (mw_arrival.go) is refused
// the same way. The health checks do not pass here.
func (s *Server) shed(next http.Handler) http.Handler {
	if s.turns == nil && s.maxDelay == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.maxDelay > 0 && s.waited(r) > s.maxDelay {
			s.fail(w, r, errBusy)
			return
		}
		if s.turns == nil {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.turns <- struct{}{}:
		default:
			t := time.NewTimer(s.queueWait)
			select {
			case s.turns <- struct{}{}:
				t.Stop()
			case <-t.C:
				s.fail(w, r, errBusy)
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		defer func() { <-s.turns }()
		next.ServeHTTP(w, r)
	})
}
