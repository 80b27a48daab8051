package web

import (
	"fmt"
	"net/http"
	goruntime "runtime"
	"strings"
	"testing"
	"time"
)

// BenchmarkStatistics loads the unit admin's statistics page, counted on
// request from the summaries of every enrolment, with 10,000 enrolments
// on the south unit (as the list benchmarks seed them), on the embedded
// store and on Redis: docs/operating.md quotes the figure.
func BenchmarkStatistics(b *testing.B) {
	for _, kind := range []string{"embedded", "redis"} {
		b.Run(fmt.Sprintf("%s/%d", kind, 10_000), func(b *testing.B) {
			srv, _ := listSite(b, kind, 10_000)
			cookies := benchSignIn(b, srv, "cecilia")
			path := south + "/statistics"
			goruntime.GC()
			var before, after goruntime.MemStats
			goruntime.ReadMemStats(&before)
			cpu0 := cpuTime()
			for b.Loop() {
				if w := benchGet(srv, path, cookies); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Hela regionen") {
					b.Fatalf("GET %s = %d:\n%.2000s", path, w.Code, w.Body)
				}
			}
			goruntime.ReadMemStats(&after)
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
		})
	}
}
