package loadtest

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime/embedded"
)

// fileEnrolments is how many enrolments BenchmarkEmbeddedFile seeds.
const fileEnrolments = 200

// BenchmarkEmbeddedFile seeds fileEnrolments enrolments with a month of use
// each in a fresh bbolt file, from 8 writers at once, and reports the
// file's size against the bytes of the keys and values it holds
// (file-per-data; the target is at most 1.5), the file's free pages
// (free-MB) and its size per enrolment.
func BenchmarkEmbeddedFile(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		store, err := embedded.Open(filepath.Join(b.TempDir(), "stegvis.db"))
		if err != nil {
			b.Fatal(err)
		}
		p, bundleName := publishProgram(ctx, b, store)
		now := time.Now()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < fileEnrolments; i = int(next.Add(1)) - 1 {
					simulateMonth(ctx, b, store, p, bundleName, pnr(i), now)
				}
			})
		}
		wg.Wait()
		u, err := store.Usage(ctx)
		if err != nil {
			b.Fatal(err)
		}
		store.Close()
		b.ReportMetric(float64(u.File)/float64(u.Data), "file-per-data")
		b.ReportMetric(float64(u.Free)/(1<<20), "free-MB")
		b.ReportMetric(float64(u.File)/fileEnrolments/1024, "file-KB/enrolment")
	}
}
