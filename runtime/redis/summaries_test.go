package redis

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// BenchmarkSummaryMemoryPerEnrolment seeds 1,000 enrolments of one unit
// with four clinicians and reports what their summaries take in Redis:
// the records, their entries and the sorted sets of every list and
// order, divided by 1,000.
func BenchmarkSummaryMemoryPerEnrolment(b *testing.B) {
	ctx := context.Background()
	const n = 1000
	var total int64
	for b.Loop() {
		s := mustOpen(b)
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		logs := make([][]runtime.Event, n)
		for i := range n {
			started, err := runtime.NewEvent(t0.Add(time.Duration(i)*time.Minute), runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, &runtime.EnrolmentStarted{
				ID: fmt.Sprintf("m%05d", i), Program: "stress", Bundle: "stress@1.0+0123456789ab", Unit: "mottagning-syd",
				Citizen: fmt.Sprintf("19%010d", i), CitizenName: fmt.Sprintf("Förnamn Efternamn %d", i),
				Clinician: fmt.Sprintf("clinician-%d", i%4), Current: []string{"intro"}, Upcoming: []string{"sleep"},
			})
			if err != nil {
				b.Fatal(err)
			}
			started.Seq = 1
			logs[i] = []runtime.Event{started}
		}
		if err := s.Seed(ctx, logs...); err != nil {
			b.Fatal(err)
		}
		var keys []string
		iter := s.rdb.Scan(ctx, 0, s.prefix+"{s:*", 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if err := iter.Err(); err != nil {
			b.Fatal(err)
		}
		for _, k := range keys {
			m, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
			if err != nil {
				b.Fatalf("MEMORY USAGE %s: %v", k, err)
			}
			total += m
		}
	}
	b.ReportMetric(float64(total)/float64(b.N)/n, "bytes/enrolment")
}
