package loadtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wrkRounds and wrkRound are how many rounds of each page BenchmarkOverviewWrk
// makes, and how long each lasts.
const (
	wrkRounds = 3
	wrkRound  = 4 * time.Second
)

// BenchmarkOverviewWrk is BenchmarkOverview with the load from wrk, a
// client in C outside the process, as a browser's requests come from
// outside the server: one thread and 50 connections, each request a
// citizen's overview (or a floor page) in turn. One thread, not two: on
// this machine's two cores a second wrk thread only takes turns with the
// server for a core, and while it waits its 25 answers wait unread, so its
// latencies then tell how the kernel scheduled wrk. With two threads wrk
// once reported a mean of 8.8 ms at 13,944 req/s over 50 connections,
// where Little's law allows 3.6 ms; with one, 5.0 ms at 11,276, where it
// allows 4.4. The server then has the
// cores to itself but for wrk's share, as in production, so these are
// the figures to judge the targets by; BenchmarkOverview's Go clients,
// in the server's process, cost about as much CPU as the server does.
// The floor and the overview take turns, three rounds of four seconds
// each; req/s is over all rounds, p99-ms the worst round's, server-cpu-us
// the server's CPU a request (this process; wrk is not in it), and
// x-floor the overview's req/s as a share of the floor's. Run it once:
//
//	go test -run '^$' -bench OverviewWrk -benchtime 1x ./runtime/loadtest/
func BenchmarkOverviewWrk(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal("wrk is not installed (bash scripts/deps.sh installs it)")
		}
		b.Skip("wrk is not installed, so the overview is NOT measured with an outside client; bash scripts/deps.sh installs it")
	}
	for _, kind := range []string{"redis", "embedded"} {
		b.Run(kind, func(b *testing.B) {
			s, fs, fcs, cs := overviewBeside(b, kind)
			dir := b.TempDir()
			floorScript, overviewScript := wrkScript(b, dir, "floor", fcs), wrkScript(b, dir, "overview", cs)
			b.ResetTimer()
			for range b.N {
				var fl, ov wrkResult
				takeTurns(wrkRounds, func(int) { fl.add(runWrk(b, wrk, floorScript, fs.URL)) },
					func(int) { ov.add(runWrk(b, wrk, overviewScript, s.srv.URL)) })
				floorRate := fl.report(b, "floor-")
				b.ReportMetric(ov.report(b, "")/floorRate, "x-floor")
			}
		})
	}
}

// wrkScript writes a wrk script that sends the clients' requests in turn,
// each with its session, and prints what wrk measured on one line.
func wrkScript(b *testing.B, dir, name string, cs []client) string {
	var sb strings.Builder
	sb.WriteString("local pages = {\n")
	for _, c := range cs {
		fmt.Fprintf(&sb, "  {%q, %q},\n", c.path, c.cookie)
	}
	// The requests are made in init, once wrk has set the Host header.
	sb.WriteString(`}
local reqs = {}
init = function(args)
  for k, p in ipairs(pages) do
    reqs[k] = wrk.format("GET", p[1], {["Cookie"] = p[2], ["Accept"] = "text/html"})
  end
end
local i = 0
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("stegvis-wrk %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
`)
	path := filepath.Join(dir, name+".lua")
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// wrkResult is what rounds of wrk measured, and the server's CPU time.
type wrkResult struct {
	requests         int64
	duration, cpu    time.Duration
	worstP99, maxP50 time.Duration
}

func (w *wrkResult) add(o wrkResult) {
	w.requests += o.requests
	w.duration += o.duration
	w.cpu += o.cpu
	w.worstP99 = max(w.worstP99, o.worstP99)
	w.maxP50 = max(w.maxP50, o.maxP50)
}

// report reports requests per second, the worst round's p50 and p99 and
// the server's CPU a request, each name after prefix; it returns the
// requests per second.
func (w wrkResult) report(b *testing.B, prefix string) float64 {
	rate := float64(w.requests) / w.duration.Seconds()
	b.ReportMetric(rate, prefix+"req/s")
	b.ReportMetric(ms(w.maxP50), prefix+"p50-ms")
	b.ReportMetric(ms(w.worstP99), prefix+"p99-ms")
	b.ReportMetric(float64(w.cpu.Microseconds())/float64(w.requests), prefix+"server-cpu-us/req")
	return rate
}

// runWrk runs one round of wrk with script against base, at 50
// connections from one thread, and fails on any failed request.
func runWrk(b *testing.B, wrk, script, base string) wrkResult {
	cpu0 := cpuTime()
	cmd := exec.Command(wrk, "-t1", "-c"+strconv.Itoa(clients), "-d"+strconv.Itoa(int(wrkRound.Seconds()))+"s", "--timeout", "5s", "-s", script, base)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.Fatalf("wrk: %v\n%s", err, out.Bytes())
	}
	cpu := cpuTime() - cpu0
	_, line, ok := strings.Cut(out.String(), "stegvis-wrk ")
	var n, dur, p50, p99, failed int64
	if !ok {
		b.Fatalf("wrk printed no result:\n%s", out.Bytes())
	}
	if _, err := fmt.Sscan(line, &n, &dur, &p50, &p99, &failed); err != nil {
		b.Fatalf("wrk's result %q: %v", line, err)
	}
	b.Logf("%s: %d requests, p50 %d µs, p99 %d µs", filepath.Base(script), n, p50, p99)
	if failed > 0 || n == 0 {
		b.Fatalf("wrk: %d of %d requests failed\n%s", failed, n, out.Bytes())
	}
	return wrkResult{requests: n, duration: time.Duration(dur) * time.Microsecond, cpu: cpu,
		worstP99: time.Duration(p99) * time.Microsecond, maxP50: time.Duration(p50) * time.Microsecond}
}
