// Package loadtest measures the runtime's web pages under load against the
// real Redis store. It holds benchmarks only, in its test files; no test
// asserts a time.
//
// The benchmarks seed enrolments of the sample program
// content/primarvard-psykoedukation, each with a month of typical use (see
// month_test.go), under a key prefix of their own that they delete
// afterwards. They serve runtime/web's handler on a listener of 127.0.0.1
// and drive it with 50 concurrent clients, each signed in as a citizen of
// its own through the development sign-in:
//
//	BenchmarkPages/overview          the citizen's overview
//	BenchmarkPages/step              a text step (each view is recorded, so it writes)
//	BenchmarkPages/*-handler         the same, straight into the handler, without HTTP
//	BenchmarkMemoryPerEnrolment      Redis MEMORY USAGE of one month's enrolment
//
// The pages report req/s, p50-ms and p99-ms; cpu-us/req, the CPU time the
// Go process (server and clients) spent per request; and redis-cpu-us/req,
// Redis' own (from INFO cpu, on a single server). On a machine shared with
// other work the first three move with the other load; the CPU times move
// much less and are the figures to compare changes by. The memory
// benchmark reports bytes/enrolment. Run them with
//
//	REDIS_URL=redis://127.0.0.1:6379 go test -run '^$' -bench . -benchtime 5s ./runtime/loadtest/
//
// LOADTEST_ENROLMENTS sets how many enrolments are seeded (500). Without a
// Redis the tests and benchmarks fail at once with the commands that
// install and start one; STEGVIS_SKIP_REDIS=1 makes them skip instead,
// except with CI=true.
package loadtest
