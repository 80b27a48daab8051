// Opening the Redis the tests run against, and failing fast and loudly
// when there is none.

package redis

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// probeTimeout bounds the one check for a Redis, so that a missing one
// costs the test binary a fraction of a second, not seconds per test.
const probeTimeout = 200 * time.Millisecond

// testRedis is the answer of the one check per test binary.
var testRedis struct {
	once     sync.Once
	url      string
	err      error
	reported atomic.Bool
}

// requireRedis returns REDIS_URL (default redis://127.0.0.1:6379) when a
// Redis answers there. The first call checks, with a dial timeout of
// probeTimeout; later calls reuse its answer. Without a Redis the test
// fails with the commands that install and start one, since a skip's
// message is hidden by go test without -v and a green "ok" would hide
// that the store went untested. STEGVIS_SKIP_REDIS=1 turns the failure
// into a skip, except with CI=true.
func requireRedis(tb testing.TB) string {
	tb.Helper()
	testRedis.once.Do(func() {
		testRedis.url = os.Getenv("REDIS_URL")
		if testRedis.url == "" {
			testRedis.url = "redis://127.0.0.1:6379"
		}
		testRedis.err = probe(testRedis.url)
	})
	if testRedis.err == nil {
		return testRedis.url
	}
	skip := os.Getenv("STEGVIS_SKIP_REDIS") == "1" && os.Getenv("CI") != "true"
	if testRedis.reported.Swap(true) {
		if skip {
			tb.Skip("no Redis; STEGVIS_SKIP_REDIS=1")
		}
		tb.Fatal("no Redis (see the first failure)")
	}
	msg := fmt.Sprintf("no Redis at %s (%v): the Redis store is NOT tested.\n"+
		"Install and start it:  apt-get install -y redis-server && redis-server --daemonize yes\n",
		Redact(testRedis.url), testRedis.err)
	if skip {
		// go test shows a skip's message only with -v; say it on stderr too,
		// which a run in the package's folder or of the binary shows.
		msg += "Skipped, as STEGVIS_SKIP_REDIS=1."
		fmt.Fprintf(os.Stderr, "SKIP runtime/redis: %s\n", msg)
		tb.Skip(msg)
	}
	tb.Fatal(msg + "or set REDIS_URL to one; STEGVIS_SKIP_REDIS=1 skips these tests instead (not with CI=true).")
	return ""
}

// probe pings the Redis at rawURL once, without retries, with a dial
// timeout of probeTimeout. The URL's own dial_timeout and max_retries give
// way to these, as go-redis takes a parameter's last value.
func probe(rawURL string) error {
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	rdb, err := NewClient(rawURL + sep + "dial_timeout=" + probeTimeout.String() + "&max_retries=-1")
	if err != nil {
		return err
	}
	defer rdb.Close()
	// A cluster or a sentinel first asks for its nodes, and TLS shakes
	// hands: more than one dial, each bounded by probeTimeout.
	ctx, cancel := context.WithTimeout(context.Background(), 5*probeTimeout)
	defer cancel()
	return rdb.Ping(ctx).Err()
}

// mustOpen returns a store on the tests' Redis (see requireRedis) under a
// prefix of its own, whose keys are deleted when the test ends.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	rdb, err := NewClient(requireRedis(tb))
	if err != nil {
		tb.Fatal(err)
	}
	prefix := "stegvis-test:" + runtime.NewID() + ":"
	tb.Cleanup(func() {
		if err := deleteKeys(context.Background(), rdb, prefix); err != nil {
			tb.Errorf("clean up %s*: %v", prefix, err)
		}
		rdb.Close()
	})
	return New(rdb, Options{Prefix: prefix})
}

// deleteKeys deletes every key under prefix, on every master of a cluster.
func deleteKeys(ctx context.Context, rdb goredis.UniversalClient, prefix string) error {
	del := func(ctx context.Context, c *goredis.Client) error {
		iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	if cc, ok := rdb.(*goredis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, del)
	}
	if c, ok := rdb.(*goredis.Client); ok {
		return del(ctx, c)
	}
	return fmt.Errorf("cannot scan a %T", rdb)
}
