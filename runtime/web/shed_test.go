package web

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestShed checks that requests past MaxInFlight wait QueueWait for a turn
// and are then refused with 503 and Retry-After, and that the health
// checks are never refused.
func TestShed(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxInFlight = 2; c.QueueWait = 50 * time.Millisecond })
	s := e.srv
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	h := s.shed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	serve := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/signin", nil))
		return w
	}
	var wg sync.WaitGroup
	codes := make(chan int, 3)
	for range 2 {
		wg.Go(func() { codes <- serve().Code })
	}
	<-entered
	<-entered

	t.Run("a request past the limit is shed after the wait", func(t *testing.T) {
		start := time.Now()
		w := serve()
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("= %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
		}
		if took := time.Since(start); took < 50*time.Millisecond {
			t.Errorf("shed after %v, before the queue wait", took)
		}
	})
	t.Run("health checks are not shed", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz"} {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Code != http.StatusOK {
				t.Errorf("%s = %d", path, w.Code)
			}
		}
	})
	t.Run("pages are shed through the server", func(t *testing.T) {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/signin", nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "E503-BUSY", "många besökare")
	})
	t.Run("a request that waits gets the turn freed", func(t *testing.T) {
		s.queueWait = 5 * time.Second
		wg.Go(func() { codes <- serve().Code })
		time.Sleep(20 * time.Millisecond) // let it queue
		release <- struct{}{}             // one of the first two ends
		<-entered                         // the waiting one is served
		close(release)
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusOK {
				t.Errorf("served request = %d", c)
			}
		}
	})
}

// TestShedLateArrivals checks that a request that waited past
// MaxQueueDelay before reaching a handler is refused at once, through the
// http.Server hooks, and that one that did not wait is served.
func TestShedLateArrivals(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxQueueDelay = 200 * time.Millisecond })
	s := e.srv
	tests := []struct {
		name   string
		waited time.Duration
		want   int
	}{
		{"fresh", 0, http.StatusOK},
		{"waited past the limit", time.Second, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, conn := net.Pipe()
			defer client.Close()
			ctx := s.ConnContext(context.Background(), conn)
			s.ConnState(conn, http.StateActive)
			a := ctx.Value(arrivalKey{}).(*arrival)
			a.at.Add(-int64(tt.waited))
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/signin", nil).WithContext(ctx))
			if w.Code != tt.want {
				t.Errorf("= %d, want %d", w.Code, tt.want)
			}
			if tt.want == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			s.ConnState(conn, http.StateClosed)
			if _, ok := s.arrivals.m.Load(conn); ok {
				t.Error("a closed connection's arrival is kept")
			}
		})
	}
}
