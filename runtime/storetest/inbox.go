// Conformance of the inbox store: items once per key, newest first, read
// marks, the bounds, and the claims of deliveries; and the Courier over
// each store, delivering on a manual clock.

package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

var (
	inboxCitizen = runtime.Recipient{Kind: runtime.RecipientCitizen, ID: "191212121212"}
	inboxStaff   = runtime.Recipient{Kind: runtime.RecipientStaff, ID: "anna"}
)

func testInbox(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	items, err := s.Inbox(ctx, inboxCitizen)
	if err != nil || len(items) != 0 {
		t.Fatalf("empty Inbox = %v, %v", items, err)
	}
	for i, key := range []string{"e1/a/start/citizen", "e1/b/start/citizen", "e2/a/start/citizen"} {
		it := runtime.InboxItem{Key: key, Enrolment: key[:2], Unit: "south", Flag: "a", Message: "Hej " + key, At: now.Add(time.Duration(i) * time.Minute)}
		added, err := s.AddToInbox(ctx, inboxCitizen, it, now)
		if err != nil || !added {
			t.Fatalf("AddToInbox %s = %v, %v", key, added, err)
		}
	}
	// The same key again, with another text: nothing changes.
	added, err := s.AddToInbox(ctx, inboxCitizen, runtime.InboxItem{Key: "e1/a/start/citizen", Message: "other", At: now.Add(time.Hour)}, now)
	if err != nil || added {
		t.Errorf("AddToInbox again = %v, %v; want false", added, err)
	}
	if _, err := s.AddToInbox(ctx, inboxStaff, runtime.InboxItem{Key: "e1/a/start/staff:anna", Unit: "south", At: now}, now); err != nil {
		t.Fatal(err)
	}
	items, err = s.Inbox(ctx, inboxCitizen)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	if fmt.Sprint(keys) != "[e2/a/start/citizen e1/b/start/citizen e1/a/start/citizen]" {
		t.Errorf("Inbox order = %v", keys)
	}
	if items[2].Message != "Hej e1/a/start/citizen" || !items[2].At.Equal(now) || items[2].Unit != "south" || items[2].Enrolment != "e1" {
		t.Errorf("item = %+v", items[2])
	}
	if n := runtime.Unread(items); n != 3 {
		t.Errorf("Unread = %d", n)
	}
	if err := s.MarkInboxRead(ctx, inboxCitizen, "e1/b/start/citizen", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkInboxRead(ctx, inboxCitizen, "e1/b/start/citizen", now.Add(2*time.Hour)); err != nil {
		t.Errorf("mark read twice: %v", err)
	}
	isErr(t, "mark missing item", s.MarkInboxRead(ctx, inboxCitizen, "nope", now), runtime.ErrNotFound)
	isErr(t, "mark another's item", s.MarkInboxRead(ctx, inboxStaff, "e1/b/start/citizen", now), runtime.ErrNotFound)
	items, _ = s.Inbox(ctx, inboxCitizen)
	if runtime.Unread(items) != 2 || !items[1].ReadAt.Equal(now.Add(time.Hour)) {
		t.Errorf("after read: %+v", items)
	}
	staff, _ := s.Inbox(ctx, inboxStaff)
	if len(staff) != 1 || staff[0].Read() {
		t.Errorf("staff inbox = %+v", staff)
	}
}

func testInboxBounds(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	add := func(key string, at time.Time, now time.Time) {
		t.Helper()
		if _, err := s.AddToInbox(ctx, inboxStaff, runtime.InboxItem{Key: key, At: at}, now); err != nil {
			t.Fatal(err)
		}
	}
	add("old-read", start, start)
	add("old-unread", start, start)
	if err := s.MarkInboxRead(ctx, inboxStaff, "old-read", start); err != nil {
		t.Fatal(err)
	}
	// Past InboxKeepRead, the read item goes with the next add; the
	// unread one stays.
	later := start.Add(runtime.InboxKeepRead + time.Hour)
	add("new", later, later)
	items, _ := s.Inbox(ctx, inboxStaff)
	if len(items) != 2 || items[0].Key != "new" || items[1].Key != "old-unread" {
		t.Fatalf("after keep: %+v", items)
	}
	// Filled past InboxMax, the oldest go, read ones first.
	if err := s.MarkInboxRead(ctx, inboxStaff, "new", later); err != nil {
		t.Fatal(err)
	}
	for i := range runtime.InboxMax - 1 {
		add(fmt.Sprintf("fill-%03d", i), later.Add(time.Duration(i+1)*time.Second), later)
	}
	items, _ = s.Inbox(ctx, inboxStaff)
	if len(items) != runtime.InboxMax {
		t.Fatalf("full inbox has %d items", len(items))
	}
	for _, it := range items {
		if it.Key == "new" {
			t.Errorf("the read item stayed in a full inbox")
		}
	}
	add("one-more", later.Add(time.Hour), later)
	items, _ = s.Inbox(ctx, inboxStaff)
	if len(items) != runtime.InboxMax || items[0].Key != "one-more" || items[len(items)-1].Key != "fill-000" {
		t.Errorf("over full: %d items, newest %s, oldest %s", len(items), items[0].Key, items[len(items)-1].Key)
	}
}

func testInboxAddOnce(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	var added atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := s.AddToInbox(ctx, inboxCitizen, runtime.InboxItem{Key: "same", At: now}, now)
			if err != nil {
				t.Error(err)
			}
			if ok {
				added.Add(1)
			}
		})
	}
	wg.Wait()
	if added.Load() != 1 {
		t.Errorf("%d writers added one key", added.Load())
	}
}

func testDeliveryClaims(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	lease := 10 * time.Minute
	claim := func(token string, at time.Time, want runtime.DeliveryState) {
		t.Helper()
		got, err := s.ClaimDelivery(ctx, "k#email", token, at, lease)
		if err != nil || got != want {
			t.Errorf("ClaimDelivery(%s, +%v) = %q, %v; want %q", token, at.Sub(now), got, err, want)
		}
	}
	claim("a", now, runtime.DeliveryClaimed)
	claim("b", now.Add(time.Minute), runtime.DeliveryBusy)
	// Released, another may claim at once.
	if err := s.ReleaseDelivery(ctx, "k#email", "b"); err != nil {
		t.Fatal(err)
	}
	claim("b", now.Add(time.Minute), runtime.DeliveryBusy) // b's release did not drop a's claim
	if err := s.ReleaseDelivery(ctx, "k#email", "a"); err != nil {
		t.Fatal(err)
	}
	claim("b", now.Add(time.Minute), runtime.DeliveryClaimed)
	// b's runner died: after its lease c takes over.
	claim("c", now.Add(lease+2*time.Minute), runtime.DeliveryClaimed)
	// b was only slow and finishes: the send is recorded, whoever held it.
	if err := s.FinishDelivery(ctx, "k#email", "b", now.Add(lease+3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	claim("c", now.Add(lease+4*time.Minute), runtime.DeliverySent)
	claim("d", now.Add(2*lease), runtime.DeliverySent)
	if err := s.ReleaseDelivery(ctx, "k#email", "c"); err != nil {
		t.Fatal(err)
	}
	claim("d", now.Add(2*lease), runtime.DeliverySent)
	// Channels and messages are apart.
	if got, err := s.ClaimDelivery(ctx, "k#sms", "a", now, lease); err != nil || got != runtime.DeliveryClaimed {
		t.Errorf("other channel = %q, %v", got, err)
	}
}

// outbox is a Sender that keeps what it sends and fails its first fails
// sends.
type outbox struct {
	mu    sync.Mutex
	fails int
	sent  []runtime.Outgoing
}

func (o *outbox) Send(_ context.Context, m runtime.Outgoing) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fails > 0 {
		o.fails--
		return errors.New("gateway down")
	}
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

// testCourier delivers a citizen's and a clinician's notifications over
// the store: immediate ones at once, retried after failures, daily ones
// in one message the next morning, each once.
func testCourier(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	start := time.Date(2027, 3, 20, 14, 0, 0, 0, runtime.Stockholm)
	clock := runtime.NewManualClock(start)
	if err := s.PutCitizen(ctx, runtime.Citizen{PNR: inboxCitizen.ID, Name: "Tolvan", Mobile: "070-123 45 67", NotifySMS: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStaff(ctx, runtime.Staff{ID: "anna", Name: "Anna", Email: "anna@example.se", NotifyEmail: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStaff(ctx, runtime.Staff{ID: "quiet", Name: "Quiet"}); err != nil {
		t.Fatal(err)
	}
	email, sms := &outbox{}, &outbox{fails: 2}
	c := &runtime.Courier{Inbox: s, Directory: s, Queue: s, Email: email, SMS: sms,
		Subject: "Nytt i stegvis", Text: "Du har något nytt i stegvis. Logga in på 1177.", Now: clock.Now}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	sched := runtime.NewScheduler(s, clock.Now, nil)
	sched.RetryBase = time.Minute
	c.Register(sched)
	run := func() {
		t.Helper()
		if _, err := sched.RunDue(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	n := func(flag string, r runtime.Recipient, delivery string) runtime.Notification {
		return runtime.Notification{Key: runtime.NotificationKey("e1", flag, "start", r), Enrolment: "e1", Unit: "south", Flag: flag,
			Recipient: r, Message: "Hur mår du?", Delivery: delivery, At: clock.Now()}
	}
	for range 2 { // asked twice, as a retried job does
		for _, x := range []runtime.Notification{
			n("remind", inboxCitizen, designer.DeliveryImmediate),
			n("new", inboxStaff, designer.DeliveryDaily),
			n("other", inboxStaff, designer.DeliveryDaily),
			n("new", runtime.Recipient{Kind: runtime.RecipientStaff, ID: "quiet"}, designer.DeliveryImmediate),
		} {
			if err := c.Notify(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range []runtime.Recipient{inboxCitizen, inboxStaff, {Kind: runtime.RecipientStaff, ID: "quiet"}} {
		items, err := s.Inbox(ctx, r)
		if err != nil || len(items) == 0 {
			t.Errorf("inbox of %s = %v, %v", r.ID, items, err)
		}
	}
	run() // the SMS fails
	clock.Advance(time.Minute)
	run() // and fails again
	if sms.count() != 0 {
		t.Fatalf("sms sent while failing")
	}
	clock.Advance(2 * time.Minute)
	run()
	if sms.count() != 1 || sms.sent[0].To != "+46701234567" || sms.sent[0].Text != c.Text || sms.sent[0].Subject != "" {
		t.Errorf("sms = %+v", sms.sent)
	}
	if email.count() != 0 {
		t.Errorf("daily e-mail sent before the morning: %+v", email.sent)
	}
	// The next morning at 08:00 Stockholm: one e-mail for both flags.
	clock.Set(time.Date(2027, 3, 21, 7, 59, 0, 0, runtime.Stockholm))
	run()
	if email.count() != 0 {
		t.Errorf("e-mail before 08:00")
	}
	clock.Set(time.Date(2027, 3, 21, 8, 0, 0, 0, runtime.Stockholm))
	run()
	if email.count() != 1 || email.sent[0].To != "anna@example.se" || email.sent[0].Subject != "Nytt i stegvis" {
		t.Errorf("e-mail = %+v", email.sent)
	}
	// Scheduled again after the send (a retried flag job): nothing more.
	for _, x := range []runtime.Notification{n("remind", inboxCitizen, designer.DeliveryImmediate)} {
		if err := s.Schedule(ctx, runtime.DeliveryJob(x, clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Schedule(ctx, runtime.DeliveryJob(n("new", inboxStaff, designer.DeliveryDaily), time.Date(2027, 3, 20, 20, 0, 0, 0, runtime.Stockholm))); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	run()
	if sms.count() != 1 || email.count() != 1 {
		t.Errorf("sent again: %d sms, %d e-mail", sms.count(), email.count())
	}
}

// testInboxAhead checks that an inbox read ahead with a page's session and
// enrolment (runtime.PageReader, on a store that reads ahead) is the inbox
// as Inbox reads it, never older than a change made with the context, and
// only its citizen's.
func testInboxAhead(t *testing.T, s runtime.Store) {
	bg := context.Background()
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	create(t, s, "ahead")
	add := func(ctx context.Context, r runtime.Recipient, key string) {
		t.Helper()
		if _, err := s.AddToInbox(ctx, r, runtime.InboxItem{Key: key, Enrolment: "ahead", Message: "Hej " + key, At: now}, now); err != nil {
			t.Fatal(err)
		}
	}
	keys := func(items []runtime.InboxItem, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, fmt.Sprintf("%s:%v", it.Key, it.Read()))
		}
		return fmt.Sprint(out)
	}
	if err := s.PutSession(bg, "inbox-ahead", []byte(`{}`), time.Hour); err != nil {
		t.Fatal(err)
	}
	// load reads as a page does: the session, then the enrolment.
	load := func(ctx context.Context) {
		t.Helper()
		if _, err := s.Session(ctx, "inbox-ahead"); err != nil {
			t.Fatal(err)
		}
		if e, err := service(s).View(ctx, "ahead"); err != nil || e.ID != "ahead" {
			t.Fatalf("View = %v, %v", e, err)
		}
	}
	// ahead is a page's context: reading the enrolment's citizen's inbox
	// ahead on a store that can (once it knows the citizen: load makes it).
	ahead := func(id string) context.Context {
		if pr, ok := s.(runtime.PageReader); ok {
			return pr.PageAhead(bg, "inbox-ahead", id, true)
		}
		return bg
	}

	// An empty inbox, then one read ahead as Inbox reads it.
	ctx := ahead("ahead")
	load(ctx)
	equal(t, "empty inbox read ahead", keys(s.Inbox(ctx, inboxCitizen)), "[]")
	add(bg, inboxCitizen, "a")
	add(bg, inboxCitizen, "b")
	if err := s.MarkInboxRead(bg, inboxCitizen, "a", now); err != nil {
		t.Fatal(err)
	}
	want := keys(s.Inbox(bg, inboxCitizen))
	ctx = ahead("ahead")
	load(ctx)
	equal(t, "inbox read ahead", keys(s.Inbox(ctx, inboxCitizen)), want)
	// Taken once: a change since then shows in the next read.
	add(bg, inboxCitizen, "c")
	equal(t, "inbox read again", keys(s.Inbox(ctx, inboxCitizen)), keys(s.Inbox(bg, inboxCitizen)))

	// Changes with the context after the load show.
	ctx = ahead("ahead")
	load(ctx)
	add(ctx, inboxCitizen, "d")
	equal(t, "inbox after an add", keys(s.Inbox(ctx, inboxCitizen)), keys(s.Inbox(bg, inboxCitizen)))
	ctx = ahead("ahead")
	load(ctx)
	if err := s.MarkInboxRead(ctx, inboxCitizen, "d", now); err != nil {
		t.Fatal(err)
	}
	equal(t, "inbox after a mark", keys(s.Inbox(ctx, inboxCitizen)), keys(s.Inbox(bg, inboxCitizen)))

	// Another recipient's inbox is their own, and a missing enrolment
	// is not found.
	add(bg, inboxStaff, "s")
	ctx = ahead("ahead")
	load(ctx)
	equal(t, "another's inbox", keys(s.Inbox(ctx, inboxStaff)), "[s:false]")
	ctx = ahead("nope")
	_, err := s.Session(ctx, "inbox-ahead")
	if err == nil {
		_, err = service(s).View(ctx, "nope")
	}
	isErr(t, "View of a missing enrolment", err, runtime.ErrNotFound)
	equal(t, "inbox after a missing load", keys(s.Inbox(ctx, inboxCitizen)), keys(s.Inbox(bg, inboxCitizen)))
}
