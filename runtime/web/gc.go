package web

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target for a server: the live heap
// of stegvis is small (a bundle cache and in-flight pages) while every page
// allocates, so letting the heap grow to five times the live data before
// collecting trades a few megabytes for fewer collections. Under the load
// benchmark it raises overview pages per second by about a sixth.
const GCPercent = 400

// TuneGC sets the collector's target to GCPercent unless the GOGC
// environment variable sets one, which always wins. serve calls it at
// start; the load benchmark too, so that it measures the server as it runs.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
