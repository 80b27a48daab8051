// Opening the Redis the tests run against.
//
// redistest checks for it, fails fast and loudly when there is none, and
// opens a store under a prefix of its own. This package's own tests
// cannot import redistest, which imports this package; its external tests
// can, and they are linked into the same test binary, so
// redistest_test.go sets OpenTestStore before any test runs.

package redis

import "testing"

// OpenTestStore opens a store on the tests' Redis under a prefix of its
// own, whose keys are deleted when the test ends: redistest.Open on
// redistest.URL.
var OpenTestStore func(testing.TB) *Store

// mustOpen returns a store on the tests' Redis (see OpenTestStore).
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	return OpenTestStore(tb)
}
