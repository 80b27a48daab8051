// Package redistest opens the Redis Cluster that tests in several packages
// run against: the store's conformance suite in runtime/redis and the
// citizen's main path in runtime/web.
//
// The cluster is the one scripts/redis-cluster.sh starts on loopback;
// `make test` starts it, sets STEGVIS_REDIS_CLUSTER_URL and stops it again.
// Without it the tests fail at once with the commands that start it, since
// a skip's message is hidden by go test without -v and a green "ok" would
// hide that the cluster went untested. STEGVIS_SKIP_REDIS_CLUSTER=1 (or
// STEGVIS_SKIP_REDIS=1, which skips every Redis test) turns the failure
// into a skip, except with CI=true.
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

// startCommand is what the failure message tells the reader to run.
const startCommand = "export " + ClusterEnv + "=$(bash scripts/redis-cluster.sh start)   # from the repository root; 'bash scripts/redis-cluster.sh stop' afterwards"

// probeTimeout bounds each dial of the one check for the cluster.
const probeTimeout = 200 * time.Millisecond

// cluster is the answer of the one check per test binary.
var cluster struct {
	once     sync.Once
	url      string
	err      error
	reported atomic.Bool
}

// RequireCluster returns the URL in STEGVIS_REDIS_CLUSTER_URL when a Redis
// Cluster answers there with cluster_state:ok. The first call checks;
// later calls reuse its answer. Otherwise the test fails, or skips as the
// package documentation says.
func RequireCluster(tb testing.TB) string {
	tb.Helper()
	cluster.once.Do(func() {
		cluster.url = os.Getenv(ClusterEnv)
		if cluster.url == "" {
			cluster.err = fmt.Errorf("%s is not set", ClusterEnv)
			return
		}
		cluster.err = probe(cluster.url)
	})
	if cluster.err == nil {
		return cluster.url
	}
	skip := (os.Getenv("STEGVIS_SKIP_REDIS_CLUSTER") == "1" || os.Getenv("STEGVIS_SKIP_REDIS") == "1") && os.Getenv("CI") != "true"
	if cluster.reported.Swap(true) {
		if skip {
			tb.Skip("no Redis Cluster; STEGVIS_SKIP_REDIS_CLUSTER=1")
		}
		tb.Fatal("no Redis Cluster (see the first failure)")
	}
	msg := fmt.Sprintf("no Redis Cluster (%v): the store on a cluster is NOT tested.\n"+
		"Start one:  %s\n", cluster.err, startCommand)
	if skip {
		msg += "Skipped, as STEGVIS_SKIP_REDIS_CLUSTER=1 or STEGVIS_SKIP_REDIS=1."
		fmt.Fprintf(os.Stderr, "SKIP %s: %s\n", tb.Name(), msg)
		tb.Skip(msg)
	}
	tb.Fatal(msg + "or run `make test`, which does; STEGVIS_SKIP_REDIS_CLUSTER=1 skips these tests instead (not with CI=true).")
	return ""
}

// probe checks that rawURL is a cluster URL and that the cluster is whole,
// without retries and with a dial timeout of probeTimeout.
func probe(rawURL string) error {
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	rdb, err := redis.NewClient(rawURL + sep + "dial_timeout=" + probeTimeout.String() + "&max_retries=-1")
	if err != nil {
		return err
	}
	defer rdb.Close()
	cc, ok := rdb.(*goredis.ClusterClient)
	if !ok {
		return fmt.Errorf("%s=%s is not a redis-cluster:// URL", ClusterEnv, redis.Redact(rawURL))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*probeTimeout)
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

// Open returns a store on the cluster at rawURL under a key prefix of its
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
// or on a single server.
func DeleteKeys(ctx context.Context, rdb goredis.UniversalClient, prefix string) error {
	del := func(ctx context.Context, c *goredis.Client) error {
		iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	switch c := rdb.(type) {
	case *goredis.ClusterClient:
		return c.ForEachMaster(ctx, del)
	case *goredis.Client:
		return del(ctx, c)
	}
	return fmt.Errorf("cannot scan a %T", rdb)
}
