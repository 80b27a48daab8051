// Package redis is the production store of stegvis: any number of server
// replicas share one Redis, Redis Sentinel or Redis Cluster.
//
// # URLs
//
// Open takes the address as a URL:
//
//	redis://[user:password@]host:port[/db][?options]
//	rediss://…                                        the same over TLS
//	unix://[user:password@]/path/redis.sock[?db=N]
//	redis-sentinel://[user:password@]host:port[,host:port…][/db]?master_name=NAME[&password=…]
//	rediss-sentinel://…                               the same over TLS
//	redis-cluster://[user:password@]host:port[,host:port…][?options]
//	rediss-cluster://…                                the same over TLS
//
// For Sentinel, the hosts are the sentinels, user and password in the
// authority are the sentinels' own, and the password parameter is the
// master's. Options are go-redis' URL parameters (dial_timeout, pool_size,
// read_timeout, …).
//
// The tests run against REDIS_URL (default redis://127.0.0.1:6379) under a
// prefix of their own, so any of these forms can be tested, e.g.
//
//	REDIS_URL=redis-cluster://127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103 go test ./runtime/redis/
//
// Without a Redis there, the tests that need one fail at once with the
// commands that install and start it; STEGVIS_SKIP_REDIS=1 makes them skip
// instead, except with CI=true (see redistest). The conformance suite
// also runs on the cluster in STEGVIS_REDIS_CLUSTER_URL, which
// scripts/redis-cluster.sh starts (see cluster_test.go and redistest).
//
// # Keys
//
// With the key prefix P (Options.Prefix, "stegvis:" by default):
//
//	P{e:ID}:log        list of events: chunks of many, then one an element (compact.go)
//	P{e:ID}:snap       the snapshot
//	P{e:ID}:seq        the sequence number of the last event
//	P{e:ID}:keys       the recent idempotency keys' digests
//	Pix:KIND:KEY       set of enrolment ids: an index (runtime.Index)
//	Pbundle:NAME       hash of path → file bytes, one bundle
//	Pbundles           set of bundle names
//	Ppublications      hash of bundle → runtime.Publication (JSON)
//	Pactivations:UNIT  hash of program → runtime.Activation (JSON)
//	Punits, Pstaff, Pcitizens   hashes of id → record (JSON)
//	Proles:STAFF       hash of unit → roles (JSON)
//	Psession:ID        session data, with the session's TTL
//	P{q}:…             the due-time queue (see queue.go)
//	P{s:UNIT}:…        a unit's summaries and lists (see summaries.go)
//	Psummaries:schema  the SummarySchema the summaries were built by
//
// The keys of an enrolment share the hash tag {e:ID}, so in a cluster
// they live in one slot and an append is one Lua script: it checks the
// log's sequence against the expected one, pushes the events and sets the
// snapshot and the sequence, all or nothing. Every sealEvery events the
// scheduler seals the newest into a chunk (CompactLog, runtime.JobCompact)
// by a second script that replaces them only if the log has not changed
// since they were read. Index sets span enrolments and so live in
// other slots; they are written after the script, idempotently, on every
// append, and readers drop members that no longer match (see the runtime
// package), so an index heals itself. The prefix must not contain braces.
package redis
