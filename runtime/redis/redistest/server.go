package redistest

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Server is a redis-server of a test's own on a loopback port, without
// persistence, for tests that stop it as a Redis that hangs.
type Server struct {
	// Addr is the server's host:port.
	Addr string

	tb    testing.TB
	cmd   *exec.Cmd
	close sync.Once
}

// StartServer starts a redis-server on a free loopback port and waits
// until it answers; it is ended when the test ends. Without redis-server
// in PATH the test fails, or skips with STEGVIS_SKIP_REDIS=1 (not with
// CI=true), as the tests on the shared Redis do.
func StartServer(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if skipRedis() {
			tb.Skip("no redis-server; STEGVIS_SKIP_REDIS=1")
		}
		tb.Fatal("no redis-server in PATH: this test needs a server of its own.\n" +
			"Install it:  apt-get install -y redis-server; STEGVIS_SKIP_REDIS=1 skips this test instead (not with CI=true).")
	}
	addr := FreeAddr(tb)
	_, port, _ := net.SplitHostPort(addr)
	s := &Server{Addr: addr, tb: tb,
		cmd: exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tb.TempDir())}
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	rdb := goredis.NewClient(&goredis.Options{Addr: addr, DialTimeout: 100 * time.Millisecond, MaxRetries: -1})
	defer rdb.Close()
	for deadline := time.Now().Add(5 * time.Second); ; {
		err := rdb.Ping(context.Background()).Err()
		if err == nil {
			return s
		}
		if time.Now().After(deadline) {
			tb.Fatalf("redis-server on %s did not start: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// URL is the server's store URL, database 0.
func (s *Server) URL() string {
	return "redis://" + s.Addr + "/0"
}

// Stop stops the server with SIGSTOP: it keeps its connections and reads
// nothing from them until Cont, as a Redis on a paused VM or a slow disk.
// Like Cont, it may be called from any goroutine.
func (s *Server) Stop() { s.signal(syscall.SIGSTOP) }

// Cont lets a stopped server go on.
func (s *Server) Cont() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.tb.Errorf("%v redis-server on %s: %v", sig, s.Addr, err)
	}
}

// Close ends the server, stopped or not; the test's end calls it too.
func (s *Server) Close() {
	s.close.Do(func() {
		s.cmd.Process.Signal(syscall.SIGCONT)
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
}

// FreeAddr returns a loopback host:port that nothing listens on.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// Outage is a way for the store's Redis to be out: URL returns a store
// URL on which that Redis is out for the rest of the test.
type Outage struct {
	Name string
	URL  func(tb testing.TB) string
}

// Outages are the ways of being out that the outage tests go through:
// nothing listening on the port, and a server that hangs (stopped with
// SIGSTOP, so it accepts connections and answers nothing).
var Outages = []Outage{
	{"closed port", func(tb testing.TB) string { return "redis://" + FreeAddr(tb) + "/0" }},
	{"stalled", func(tb testing.TB) string {
		srv := StartServer(tb)
		srv.Stop()
		return srv.URL()
	}},
}
