// A Redis that stalls mid-append: the client's own retry of the append
// script must not store the command twice.

package redis

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// ownRedis starts a redis-server of the test's own on a free loopback
// port, without persistence, and stops it when the test ends. Without
// redis-server the test fails, or skips with STEGVIS_SKIP_REDIS=1 (not
// with CI=true), as the other Redis tests do.
func ownRedis(t *testing.T) (addr string, proc *os.Process) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("STEGVIS_SKIP_REDIS") == "1" && os.Getenv("CI") != "true" {
			t.Skip("no redis-server; STEGVIS_SKIP_REDIS=1")
		}
		t.Fatal("no redis-server in PATH: the stall test needs its own server.\n" +
			"Install it:  apt-get install -y redis-server; STEGVIS_SKIP_REDIS=1 skips this test instead (not with CI=true).")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	addr = fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir(), "--logfile", filepath.Join(t.TempDir(), "redis.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The server is the test's own: end it, stopped or not.
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not start: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return addr, cmd.Process
}

// stallOnAppend stops the Redis process just before the next append, and
// lets it go on after a while, as a Redis that hangs on a slow disk or a
// paused VM does.
type stallOnAppend struct {
	*Store
	proc  *os.Process
	stall time.Duration
	once  sync.Once
	wg    sync.WaitGroup
}

func (s *stallOnAppend) Append(ctx context.Context, id string, expected int64, key string, state *runtime.Enrolment, events ...runtime.Event) error {
	s.once.Do(func() {
		if err := s.proc.Signal(syscall.SIGSTOP); err != nil {
			panic(err)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			time.Sleep(s.stall)
			s.proc.Signal(syscall.SIGCONT)
		}()
	})
	return s.Store.Append(ctx, id, expected, key, state, events...)
}

// TestStallAppliesOnce submits a form while Redis is stopped for longer
// than the client's read timeout. The append script waits in the socket
// while the client times out and sends the command again, as go-redis
// does on a new connection and a user does who got an error page; when
// Redis goes on, it runs every copy. The submission and the flag it raises
// must be in the log once. Without keys they were in it twice.
func TestStallAppliesOnce(t *testing.T) {
	ctx := context.Background()
	addr, proc := ownRedis(t)
	const readTimeout = 200 * time.Millisecond
	s, err := Open("redis://"+addr+"/0?read_timeout="+readTimeout.String()+"&max_retries=10", Options{Prefix: "stall:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	p := storetest.Program()
	citizen := runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: p, Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Opening the step also loads the append script into the server, so
	// that the stalled call is an EVALSHA that Redis runs.
	if _, err := svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "intro", "phq", time.Now())); err != nil {
		t.Fatal(err)
	}

	stalled := &stallOnAppend{Store: s, proc: proc, stall: 5 * readTimeout}
	svc.Store = stalled
	submit := runtime.Then(
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}, time.Now()),
		runtime.RaiseFlag(p, "risk", "3"),
	)
	key := runtime.NewID()
	_, err = svc.DoKeyed(ctx, e.ID, citizen, key, submit)
	stalled.wg.Wait()
	// A client that got no answer sends the command again, with its key.
	for i := 0; err != nil && i < 3; i++ {
		t.Logf("submit during the stall: %v; again", err)
		_, err = svc.DoKeyed(ctx, e.ID, citizen, key, submit)
	}
	if err != nil {
		t.Fatalf("submit after the stall: %v", err)
	}

	log, err := s.Events(ctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, ev := range log {
		count[ev.Type]++
	}
	t.Logf("after a %v stall with a read timeout of %v: %d submissions, %d flags in the log", stalled.stall, readTimeout, count["form_submitted"], count["flag_raised"])
	if count["form_submitted"] != 1 || count["flag_raised"] != 1 {
		t.Errorf("the log holds %d submissions and %d flags, want 1 of each", count["form_submitted"], count["flag_raised"])
	}
}
