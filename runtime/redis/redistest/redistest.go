// Package redistest holds what the tests of several packages need of
// Redis: the shared Redis they run against (URL), the Redis Cluster
// (RequireCluster), a store under a key prefix of its own (Open), and a
// redis-server of a test's own that it can stop and continue
// (StartServer).
//
// The shared Redis is REDIS_URL (default redis://127.0.0.1:6379); the
// cluster is the one scripts/redis-cluster.sh starts on loopback, whose
// URL `make test` puts in STEGVIS_REDIS_CLUSTER_URL. Each is checked once
// per test binary, each dial bounded by 200 ms, so a missing one costs a
// fraction of a second. Without it the tests fail at once with the
// commands that install or start it, since a skip's message is hidden by
// go test without -v and a green "ok" would hide what went untested.
// STEGVIS_SKIP_REDIS=1 (and, for the cluster only,
// STEGVIS_SKIP_REDIS_CLUSTER=1) turns the failure into a skip, except
// with CI=true.
//
// runtime/redis's own tests cannot import this package, which imports
// runtime/redis; its external tests hand Open and URL over to them (see
// runtime/redis/open_test.go).
package redistest

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
	"github.com/stegvis/stegvis/runtime/redis"
)

// ClusterEnv names the variable that holds the cluster's store URL.
const ClusterEnv = "STEGVIS_REDIS_CLUSTER_URL"

// startCommand is what the cluster's failure message tells the reader to run.
const startCommand = "export " + ClusterEnv + "=$(bash scripts/redis-cluster.sh start)   # from the repository root; 'bash scripts/redis-cluster.sh stop' afterwards"

// probeTimeout bounds each dial of the one check for a Redis.
const probeTimeout = 200 * time.Millisecond

// skipRedis tells whether STEGVIS_SKIP_REDIS=1 turns a missing Redis, or
// a missing redis-server, into a skip.
func skipRedis() bool {
	return os.Getenv("STEGVIS_SKIP_REDIS") == "1" && os.Getenv("CI") != "true"
}

// shared is the check for the shared Redis.
var shared = check{
	find: func() (string, error) {
		url := os.Getenv("REDIS_URL")
		if url == "" {
			url = "redis://127.0.0.1:6379"
		}
		return url, ping(url)
	},
	skip: skipRedis,
	first: func(url string, err error) string {
		return fmt.Sprintf("no Redis at %s (%v): the tests that need it are NOT run.\n"+
			"Install and start it:  apt-get install -y redis-server && redis-server --daemonize yes\n", redis.Redact(url), err)
	},
	skipped: "Skipped, as STEGVIS_SKIP_REDIS=1.",
	failed:  "or set REDIS_URL to one; STEGVIS_SKIP_REDIS=1 skips these tests instead (not with CI=true).",
	again:   "no Redis",
	skipVar: "STEGVIS_SKIP_REDIS=1",
}

// cluster is the check for the Redis Cluster.
var cluster = check{
	find: func() (string, error) {
		url := os.Getenv(ClusterEnv)
		if url == "" {
			return "", fmt.Errorf("%s is not set", ClusterEnv)
		}
		return url, clusterOK(url)
	},
	skip: func() bool {
		return (os.Getenv("STEGVIS_SKIP_REDIS_CLUSTER") == "1" || os.Getenv("STEGVIS_SKIP_REDIS") == "1") && os.Getenv("CI") != "true"
	},
	first: func(_ string, err error) string {
		return fmt.Sprintf("no Redis Cluster (%v): the store on a cluster is NOT tested.\n"+
			"Start one:  %s\n", err, startCommand)
	},
	skipped: "Skipped, as STEGVIS_SKIP_REDIS_CLUSTER=1 or STEGVIS_SKIP_REDIS=1.",
	failed:  "or run `make test`, which does; STEGVIS_SKIP_REDIS_CLUSTER=1 skips these tests instead (not with CI=true).",
	again:   "no Redis Cluster",
	skipVar: "STEGVIS_SKIP_REDIS_CLUSTER=1",
}

// URL returns REDIS_URL (default redis://127.0.0.1:6379) when a Redis
// answers there. The first call checks; later calls reuse its answer.
// Otherwise the test fails, or skips as the package documentation says.
func URL(tb testing.TB) string {
	tb.Helper()
	return shared.require(tb)
}

// RequireCluster returns the URL in STEGVIS_REDIS_CLUSTER_URL when a Redis
// Cluster answers there with cluster_state:ok. The first call checks;
// later calls reuse its answer. Otherwise the test fails, or skips as the
// package documentation says.
func RequireCluster(tb testing.TB) string {
	tb.Helper()
	return cluster.require(tb)
}

// check is one Redis the tests need, checked once per test binary, and
// the messages that say it is missing.
type check struct {
	find  func() (url string, err error) // the URL, and why no Redis answers there
	skip  func() bool                    // whether a missing Redis skips rather than fails
	first func(url string, err error) string
	// skipped or failed ends the first message; again (with skipVar)
	// is what later tests say.
	skipped, failed, again, skipVar string

	once     sync.Once
	url      string
	err      error
	reported atomic.Bool
}

// require returns c's URL, or fails or skips tb: the first test with the
// whole message, later ones with a line pointing to it.
func (c *check) require(tb testing.TB) string {
	tb.Helper()
	c.once.Do(func() { c.url, c.err = c.find() })
	if c.err == nil {
		return c.url
	}
	skip := c.skip()
	if c.reported.Swap(true) {
		if skip {
			tb.Skip(c.again + "; " + c.skipVar)
		}
		tb.Fatal(c.again + " (see the first failure)")
	}
	msg := c.first(c.url, c.err)
	if skip {
		// go test shows a skip's message only with -v; say it on stderr
		// too, which a run in the package's folder or of the binary shows.
		msg += c.skipped
		fmt.Fprintf(os.Stderr, "SKIP %s: %s\n", tb.Name(), msg)
		tb.Skip(msg)
	}
	tb.Fatal(msg + c.failed)
	return ""
}

// probeClient returns a client on rawURL without retries and with a dial
// timeout of probeTimeout. The URL's own dial_timeout and max_retries give
// way to these, as go-redis takes a parameter's last value.
func probeClient(rawURL string) (goredis.UniversalClient, error) {
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	return redis.NewClient(rawURL + sep + "dial_timeout=" + probeTimeout.String() + "&max_retries=-1")
}

// probeContext bounds a whole check: a cluster or a sentinel first asks
// for its nodes, and TLS shakes hands, more than one dial, each bounded
// by probeTimeout.
func probeContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*probeTimeout)
}

// ping pings the Redis at rawURL once.
func ping(rawURL string) error {
	rdb, err := probeClient(rawURL)
	if err != nil {
		return err
	}
	defer rdb.Close()
	ctx, cancel := probeContext()
	defer cancel()
	return rdb.Ping(ctx).Err()
}

// clusterOK checks that rawURL is a cluster URL and that the cluster is
// whole.
func clusterOK(rawURL string) error {
	rdb, err := probeClient(rawURL)
	if err != nil {
		return err
	}
	defer rdb.Close()
	cc, ok := rdb.(*goredis.ClusterClient)
	if !ok {
		return fmt.Errorf("%s=%s is not a redis-cluster:// URL", ClusterEnv, redis.Redact(rawURL))
	}
	ctx, cancel := probeContext()
	defer cancel()
	return cc.ForEachShard(ctx, func(ctx context.Context, c *goredis.Client) error {
		info, err := c.ClusterInfo(ctx).Result()
		if err != nil {
			return fmt.Errorf("%s: %w", c.Options().Addr, err)
		}
		if !strings.Contains(info, "cluster_state:ok") {
			return fmt.Errorf("%s: cluster_state is not ok", c.Options().Addr)
		}
		return nil
	})
}

// Open returns a store on the Redis at rawURL under a key prefix of its
// own, and its client; the prefix's keys are deleted from every master
// when the test ends.
func Open(tb testing.TB, rawURL string) (*redis.Store, goredis.UniversalClient) {
	tb.Helper()
	rdb, err := redis.NewClient(rawURL)
	if err != nil {
		tb.Fatal(err)
	}
	prefix := "stegvis-test:" + runtime.NewID() + ":"
	tb.Cleanup(func() {
		if err := DeleteKeys(context.Background(), rdb, prefix); err != nil {
			tb.Errorf("clean up %s*: %v", prefix, err)
		}
		rdb.Close()
	})
	return redis.New(rdb, redis.Options{Prefix: prefix}), rdb
}

// DeleteKeys deletes every key under prefix, on every master of a cluster
// or on a single server, 500 DELs to a round trip.
func DeleteKeys(ctx context.Context, rdb goredis.UniversalClient, prefix string) error {
	del := func(ctx context.Context, c *goredis.Client) error {
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		pipe := c.Pipeline()
		for iter.Next(ctx) {
			// One key a command: a node of a cluster refuses a DEL of
			// keys in different slots.
			pipe.Del(ctx, iter.Val())
			if pipe.Len() == 500 {
				if _, err := pipe.Exec(ctx); err != nil {
					return err
				}
			}
		}
		if err := iter.Err(); err != nil {
			return err
		}
		_, err := pipe.Exec(ctx)
		return err
	}
	switch c := rdb.(type) {
	case *goredis.ClusterClient:
		return c.ForEachMaster(ctx, del)
	case *goredis.Client:
		return del(ctx, c)
	}
	return fmt.Errorf("cannot scan a %T", rdb)
}
