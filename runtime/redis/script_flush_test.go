package redis_test

import (
	"context"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// TestSummaryAfterScriptFlush: an append after Redis lost its scripts (a
// restart, SCRIPT FLUSH) still files the summary. A server of the test's
// own, as the flush would reach every user of a shared one.
func TestSummaryAfterScriptFlush(t *testing.T) {
	ctx := context.Background()
	srv := redistest.StartServer(t)
	rdb := goredis.NewClient(&goredis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rdb.Close() })
	s := redis.New(rdb, redis.Options{})
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: storetest.Program(), Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, e.ID, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.ChangeClinician("bo")); err != nil {
		t.Fatal(err)
	}
	// The counts, which no read repairs: a summary not filed would leave
	// the enrolment counted as anna's.
	ns, err := s.CountSummaries(ctx, runtime.MineList("u1", "bo"), runtime.MineList("u1", "anna"))
	if err != nil {
		t.Fatal(err)
	}
	if ns[0] != 1 || ns[1] != 0 {
		t.Errorf("bo's and anna's after the flush: %v, want [1 0]", ns)
	}
}
