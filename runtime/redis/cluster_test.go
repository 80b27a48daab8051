// The conformance suite on the three-node Redis Cluster that
// scripts/redis-cluster.sh starts (see runtime/redis/redistest).

package redis_test

import (
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
	"github.com/stegvis/stegvis/runtime/storetest"
)

func TestClusterConformance(t *testing.T) {
	url := redistest.RequireCluster(t)
	storetest.Run(t, func(t *testing.T) runtime.Store {
		s, _ := redistest.Open(t, url)
		return s
	})
}
