package pdf

import "testing"

// BenchmarkModule20Pages renders a module of about twenty A4 pages.
func BenchmarkModule20Pages(b *testing.B) {
	r := New()
	p, m := longModule()
	out, err := r.Module(p, m, sampleMedia)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Module(p, m, sampleMedia); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pageCount(out)), "pages")
}
