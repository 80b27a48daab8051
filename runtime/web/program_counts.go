package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
)

// bundleCounts returns how many running enrolments of the unit each
// published bundle of program has, in the order published, from the
// counts kept with the lists: no enrolment is read.
func (s *Server) bundleCounts(r *http.Request, unit, program string, pubs []runtime.Publication) (bundles []string, counts map[string]int, err error) {
	var ls []runtime.List
	for _, p := range pubs {
		if p.Program == program && !slices.Contains(bundles, p.Bundle) {
			bundles = append(bundles, p.Bundle)
			ls = append(ls, runtime.BundleList(unit, p.Bundle))
		}
	}
	ns, err := s.store.CountSummaries(r.Context(), ls...)
	if err != nil {
		return nil, nil, err
	}
	counts = make(map[string]int, len(bundles))
	for i, b := range bundles {
		counts[b] = ns[i]
	}
	return bundles, counts, nil
}

// movableFrom returns the bundles whose running enrolments could move to
// bundle: others of the same major version that have some.
func movableFrom(bundles []string, counts map[string]int, bundle string) []string {
	var out []string
	for _, b := range bundles {
		if b != bundle && counts[b] > 0 && major(versionOf(b)) == major(versionOf(bundle)) {
			out = append(out, b)
		}
	}
	return out
}
