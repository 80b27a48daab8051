package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// stalledRedis starts a redis-server of the test's own on a free loopback
// port, waits until it answers, and stops it with SIGSTOP, as a Redis that
// hangs. It returns the URL. The server is continued and killed when the
// test ends. Without redis-server on the PATH the test is skipped.
func stalledRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on the PATH")
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		cmd.Wait()
	})
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	for i := 0; ; i++ {
		if probe(url) == nil {
			break
		}
		if i == 50 {
			t.Fatalf("redis-server on port %d does not answer", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	return url
}

// TestStoreOutage checks that a Redis that is down or stalled gives
// errors wrapping runtime.ErrUnavailable within the caller's deadline.
func TestStoreOutage(t *testing.T) {
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"closed port", func(t *testing.T) string { return fmt.Sprintf("redis://127.0.0.1:%d/0", freePort(t)) }},
		{"stalled", stalledRedis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.url(t), Options{Prefix: "stegvis-outage:"})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			calls := []struct {
				name string
				call func(ctx context.Context) error
			}{
				{"ping", s.Ping},
				{"session", func(ctx context.Context) error { _, err := s.Session(ctx, "s:x"); return err }},
				{"load", func(ctx context.Context) error { _, err := s.Load(ctx, "e1"); return err }},
				{"put session", func(ctx context.Context) error { return s.PutSession(ctx, "s:x", []byte("{}"), time.Minute) }},
			}
			for _, c := range calls {
				ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
				start := time.Now()
				err := c.call(ctx)
				took := time.Since(start)
				cancel()
				if !errors.Is(err, runtime.ErrUnavailable) {
					t.Errorf("%s: error = %v, want ErrUnavailable", c.name, err)
				}
				if took > 2*time.Second {
					t.Errorf("%s took %v with a deadline of 300ms", c.name, took)
				}
			}
		})
	}
}
