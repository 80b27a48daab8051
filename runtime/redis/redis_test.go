package redis

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) runtime.Store { return mustOpen(t) })
}

func TestKeysShareASlot(t *testing.T) {
	s := New(goredis.NewClient(&goredis.Options{}), Options{})
	keys := s.Keys("abc")
	if keys[0] != "stegvis:{e:abc}:log" || keys[1] != "stegvis:{e:abc}:snap" {
		t.Errorf("keys = %v", keys)
	}
}

func TestPurgeLeavesNoKeys(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: storetest.Program(), Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, e.ID, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Purge(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	keys, err := s.rdb.Keys(ctx, s.prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if n, _ := s.rdb.Type(ctx, k).Result(); n == "set" {
			if m, _ := s.rdb.SCard(ctx, k).Result(); m > 0 {
				t.Errorf("index %s keeps %d members after purge", k, m)
			}
			continue
		}
		t.Errorf("key %s left after purge", k)
	}
}

func TestIndexFailureDoesNotFailAppend(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: storetest.Program(), Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Lose the index entry, as if the SADD after the script had failed:
	// the next append puts it back.
	if err := s.rdb.Del(ctx, s.ixKey(runtime.ByUnit("u1"))).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, e.ID, runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}, runtime.Visit()); err != nil {
		t.Fatal(err)
	}
	es, err := s.Enrolments(ctx, runtime.ByUnit("u1"))
	if err != nil || len(es) != 1 {
		t.Errorf("index after repair: %d, %v", len(es), err)
	}
}

func TestURL(t *testing.T) {
	tests := []struct {
		in   string
		want string // the client type, or "error"
	}{
		{"redis://127.0.0.1:6379", "*redis.Client"},
		{"redis://:secret@127.0.0.1:6379/3", "*redis.Client"},
		{"rediss://cache.example:6380/0", "*redis.Client"},
		{"unix:///run/redis.sock?db=2", "*redis.Client"},
		{"redis-sentinel://s1:26379,s2:26379,s3:26379/0?master_name=mymaster", "*redis.Client"},
		{"redis-sentinel://user:pw@s1:26379?master_name=mymaster&password=masterpw", "*redis.Client"},
		{"redis-sentinel://s1:26379", "error"},
		{"redis-cluster://n1:7000,n2:7001,n3:7002", "*redis.ClusterClient"},
		{"redis-cluster://:pw@n1:7000,n2:7001?read_timeout=2s", "*redis.ClusterClient"},
		{"redis-cluster://n1:7000,,n2:7001", "error"},
		{"memcached://x:1", "error"},
		{"127.0.0.1:6379", "error"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := NewClient(tt.in)
			got := "error"
			if err == nil {
				got = fmt.Sprintf("%T", c)
				c.Close()
			}
			if got != tt.want {
				t.Errorf("NewClient(%q) = %s (%v), want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestMultiHost(t *testing.T) {
	got, err := multiHost("redis", "u:p@h1:1,h2:2,h3:3/2?master_name=m")
	if err != nil {
		t.Fatal(err)
	}
	if want := "redis://u:p@h1:1/2?addr=h2%3A2&addr=h3%3A3&master_name=m"; got != want {
		t.Errorf("multiHost = %q, want %q", got, want)
	}
	opt, err := goredis.ParseClusterURL("redis://h1:1?addr=h2%3A2")
	if err != nil || len(opt.Addrs) != 2 || opt.Addrs[1] != "h2:2" {
		t.Errorf("go-redis reads the rewritten URL as %v, %v", opt, err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"redis://:secret@h:1/0":      "redis://:xxxxx@h:1/0",
		"redis://user:secret@h:1":    "redis://user:xxxxx@h:1",
		"redis://user@h:1":           "redis://user@h:1",
		"redis://h:1/0?x=a@b":        "redis://h:1/0?x=a@b",
		"redis-cluster://:p@a:1,b:2": "redis-cluster://:xxxxx@a:1,b:2",
		"redis-sentinel://s:1?master_name=m&password=pw&sentinel_password=x":   "redis-sentinel://s:1?master_name=m&password=xxxxx&sentinel_password=xxxxx",
		"redis-sentinel://u:spw@s1:1,s2:2/0?sentinel_password=x&master_name=m": "redis-sentinel://u:xxxxx@s1:1,s2:2/0?sentinel_password=xxxxx&master_name=m",
		"redis://h:1?sentinel%5Fpassword=x&PASSWORD=y&pass%77ord=z":            "redis://h:1?sentinel%5Fpassword=xxxxx&PASSWORD=xxxxx&pass%77ord=xxxxx",
		"redis://:pa/ss@h:1/0":             "redis://:xxxxx@h:1/0",
		"redis://u:secret@host:6379/0":     "redis://u:xxxxx@host:6379/0",
		"unix://u:pw@/run/redis.sock?db=2": "unix://u:xxxxx@/run/redis.sock?db=2",
		"var/stegvis.db":                   "var/stegvis.db",
		"redis://h:1/0?password":           "redis://h:1/0?password",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// month is a program of four modules of ten steps, with PHQ-9 and GAD-7.
func month() *designer.Program {
	p := &designer.Program{ID: "stress", Version: "1.0", Flags: []*designer.Flag{{ID: "phq9-item9", Urgent: true}, {ID: "phq9-high"}}}
	for m := 1; m <= 4; m++ {
		mod := &designer.Module{ID: fmt.Sprintf("m%d-stress-and-sleep", m), Start: designer.StartUpcoming}
		if m == 1 {
			mod.Start = designer.StartCurrent
		}
		sec := &designer.Section{ID: "section"}
		for i := 1; i <= 10; i++ {
			st := &designer.Step{ID: fmt.Sprintf("step-about-something-%d", i)}
			switch i {
			case 5:
				st.Form = "phq9"
			case 9:
				st.Form = "gad7"
			}
			sec.Steps = append(sec.Steps, st)
		}
		mod.Sections = []*designer.Section{sec}
		p.Modules = append(p.Modules, mod)
	}
	for _, f := range []struct {
		id string
		n  int
	}{{"phq9", 9}, {"gad7", 7}} {
		form := &designer.Form{ID: f.id, Version: "3fa2b1c0d4e5"}
		for q := 1; q <= f.n; q++ {
			form.Questions = append(form.Questions, &designer.Question{ID: fmt.Sprintf("q%d", q)})
		}
		p.Forms = append(p.Forms, form)
	}
	return p
}

// compactAsScheduled returns an AppendHook that compacts a log of s as the
// scheduler does (runtime.JobCompact), at once when an append makes it
// due, at the time of the append; stores without compaction are left
// alone.
func compactAsScheduled(s runtime.Store) runtime.AppendHook {
	c, ok := s.(runtime.LogCompactor)
	return func(ctx context.Context, e *runtime.Enrolment, events []runtime.Event) {
		if _, due := runtime.CompactJob(e.ID, e.Seq, len(events), time.Now()); ok && due {
			before := events[len(events)-1].At.Add(-runtime.ActivityRetention)
			if _, err := c.CompactLog(ctx, e.ID, before); err != nil {
				panic(err)
			}
		}
	}
}

// simulateMonth runs 30 days of typical use of one enrolment: 30 visits,
// 40 steps opened and 10 opened again, 4 drafts, 6 forms submitted and
// read, 2 flags raised and reviewed, modules started and completed.
func simulateMonth(ctx context.Context, tb testing.TB, s runtime.Store) string {
	tb.Helper()
	return simulateMonthWith(ctx, tb, s, false)
}

// simulateMonthWith is simulateMonth, with 40 messages when messages is
// set.
func simulateMonthWith(ctx context.Context, tb testing.TB, s runtime.Store, messages bool) string {
	tb.Helper()
	p := month()
	p.Features = append(p.Features, designer.FeatureMessages)
	day := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	svc := runtime.NewEnrolments(s)
	svc.Now = func() time.Time { return day }
	svc.AfterAppend = compactAsScheduled(s)
	anna := runtime.Actor{ID: "anna.andersson", Role: runtime.RoleClinician}
	tolvan := runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: p, Bundle: "stress@1.0+3fa2b1c0d4e5", Unit: "vc-centrum", Citizen: "19121212-1212",
		CitizenName: "Tolvan Tolvansson", Clinician: anna.ID, Actor: anna,
	})
	if err != nil {
		tb.Fatal(err)
	}
	// Every command carries a key, as the web's do.
	do := func(by runtime.Actor, d runtime.Decision) {
		tb.Helper()
		if _, err := svc.DoKeyed(ctx, e.ID, by, runtime.NewID(), d); err != nil {
			tb.Fatal(err)
		}
	}
	answers := func(n, v int) map[string][]string {
		a := map[string][]string{}
		for q := 1; q <= n; q++ {
			a[fmt.Sprintf("q%d", q)] = []string{fmt.Sprint((q + v) % 4)}
		}
		return a
	}
	submitted := 0
	var conv string
	var conversations []string
	for d := range 30 {
		day = day.Add(24 * time.Hour)
		do(tolvan, runtime.Visit())
		m := p.Modules[min(d/8, 3)]
		if d%8 == 0 && d > 0 {
			do(anna, runtime.CompleteModule(p.Modules[d/8-1].ID))
			do(anna, runtime.StartModule(p, m.ID))
		}
		// About a step and a half a day: 40 new steps, 10 again.
		for i := range 2 {
			n := d*4/3 + i
			if n >= 40 || (i == 1 && d%3 == 0) {
				continue
			}
			mod := p.Modules[n/10]
			if e, _ := svc.Get(ctx, e.ID); e.ModuleStatus(mod.ID) == runtime.StatusUpcoming {
				mod = m
			}
			do(tolvan, runtime.OpenStep(p, mod.ID, mod.Sections[0].Steps[n%10].ID, time.Now()))
		}
		if d%3 == 1 {
			do(tolvan, runtime.OpenStep(p, m.ID, m.Sections[0].Steps[0].ID, time.Now()))
		}
		if d%5 == 2 && submitted < 6 {
			step, form, n := m.Sections[0].Steps[4], "phq9", 9
			if submitted%2 == 1 {
				step, form, n = m.Sections[0].Steps[8], "gad7", 7
			}
			if submitted < 4 {
				do(tolvan, runtime.SaveDraft(p, m.ID, step.ID, answers(n/2, d), time.Now()))
			}
			cur, _ := svc.Get(ctx, e.ID)
			sub := fmt.Sprint(cur.Seq + 1)
			d := runtime.SubmitForm(p, m.ID, step.ID, form, answers(n, d), time.Now())
			if submitted < 2 {
				d = runtime.Then(d, runtime.RaiseFlag(p, p.Flags[submitted].ID, sub))
			}
			do(tolvan, d)
			day = day.Add(3 * time.Hour)
			do(anna, runtime.MarkRead(sub))
			if submitted < 2 {
				cur, _ := svc.Get(ctx, e.ID)
				do(anna, runtime.ReviewFlag(cur.Reviews[submitted].ID))
			}
			submitted++
		}
		if d == 3 {
			do(anna, runtime.EditWelcome("Hej Tolvan! Välkommen till programmet. Hör av dig om du har frågor."))
		}
		// 40 messages: on 20 days the clinician writes and the citizen
		// reads, drafts a reply, sends it, and the clinician reads it; a
		// new conversation each week.
		if messages && d%3 != 2 {
			if d%7 == 0 {
				do(anna, runtime.StartConversation(p, runtime.SideStaff, "Veckans uppföljning"))
				cur, _ := svc.Get(ctx, e.ID)
				conv = cur.Conversations[len(cur.Conversations)-1].ID
			}
			do(anna, runtime.SendMessage(p, conv, runtime.SideStaff, messageText[0], designer.DeliveryImmediate))
			day = day.Add(2 * time.Hour)
			do(tolvan, runtime.ReadConversation(conv, runtime.SideCitizen))
			do(tolvan, runtime.SaveMessageDraft(conv, runtime.SideCitizen, messageText[1][:40]))
			do(tolvan, runtime.SendMessage(p, conv, runtime.SideCitizen, messageText[1], designer.DeliveryDaily))
			day = day.Add(2 * time.Hour)
			do(anna, runtime.ReadConversation(conv, runtime.SideStaff))
			conversations = append(conversations, conv, conv)
		}
	}
	if messages && len(conversations) != 40 {
		tb.Fatalf("%d messages, want 40", len(conversations))
	}
	return e.ID
}

// messageText are a clinician's and a citizen's message of ordinary
// length.
var messageText = [2]string{
	"Hej Tolvan! Bra att du har kommit igång med modulen. Hur har veckan varit med sömnen? Skriv gärna några rader om vad som har fungerat.",
	"Hej! Det har gått lite bättre, jag har gått och lagt mig tidigare. Men jag vaknar fortfarande mitt i natten och har svårt att somna om.",
}

// memoryOf sums MEMORY USAGE over an enrolment's keys.
func memoryOf(ctx context.Context, tb testing.TB, s *Store, id string) (total int64, events int) {
	tb.Helper()
	for _, k := range s.Keys(id) {
		n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		if errors.Is(err, goredis.Nil) {
			continue // the idempotency keys, past their window
		}
		if err != nil {
			tb.Fatalf("MEMORY USAGE %s: %v", k, err)
		}
		total += n
	}
	n, err := s.rdb.Get(ctx, s.seqKey(id)).Int()
	if err != nil {
		tb.Fatal(err)
	}
	return total, n
}

// MemoryBudget is what one enrolment may take in Redis after a month.
const memoryBudget = 16 << 10

func TestMemoryPerEnrolment(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id := simulateMonth(ctx, t, s)
	total, events := memoryOf(ctx, t, s, id)
	snap, _ := s.rdb.StrLen(ctx, s.snapKey(id)).Result()
	keys, _ := s.rdb.MemoryUsage(ctx, s.idemKey(id), 0).Result()
	t.Logf("one enrolment after 30 days: %d events, %d bytes in Redis (snapshot %d bytes, idempotency keys %d bytes)", events, total, snap, keys)
	if max := int64(512); keys > max {
		t.Errorf("the idempotency keys take %d bytes, over %d", keys, max)
	}
	if total > memoryBudget {
		t.Errorf("%d bytes per enrolment, over the budget of %d", total, memoryBudget)
	}
}

// TestMemoryWithMessages measures the month with 40 messages besides:
// 222 events, 104 of them the messages' (40 messages, 40 readings, 20
// drafts, 4 conversations). Stored one event per element the month took
// 23.6 KB; sealed into chunks (compact.go) it takes about 8 KB.
func TestMemoryWithMessages(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id := simulateMonthWith(ctx, t, s, true)
	total, events := memoryOf(ctx, t, s, id)
	snap, _ := s.rdb.StrLen(ctx, s.snapKey(id)).Result()
	log, _ := s.rdb.MemoryUsage(ctx, s.logKey(id), 0).Result()
	t.Logf("one enrolment after 30 days with 40 messages: %d events, %d bytes in Redis (log %d bytes, snapshot %d bytes)", events, total, log, snap)
	if total > messagesBudget {
		t.Errorf("%d bytes per enrolment, over %d", total, messagesBudget)
	}
}

// messagesBudget bounds the month with 40 messages (see
// TestMemoryWithMessages): the target.
const messagesBudget = 16 << 10

func BenchmarkMemoryPerEnrolment(b *testing.B) {
	ctx := context.Background()
	var total int64
	for b.Loop() {
		// A store of its own each time, as the month starts the same
		// citizen's program.
		s := mustOpen(b)
		id := simulateMonth(ctx, b, s)
		n, _ := memoryOf(ctx, b, s, id)
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/enrolment")
}
