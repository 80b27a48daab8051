package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// PurgeScenario fills s with an ended enrolment that has left something
// in every place a store keeps: its log and snapshot, idempotency keys,
// index entries, items in the citizen's, its clinician's and another
// staff member's inboxes (one read), the record of a send by e-mail, and
// jobs in the queue; and with a second enrolment of the same citizen
// that has the same. It returns the first, to purge, and the second, to
// keep. The stores' own tests purge the first and then scan their
// storage for its id.
func PurgeScenario(t *testing.T, s runtime.Store) (purged, kept string) {
	t.Helper()
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	if _, err := svc.DoKeyed(ctx, a.ID, citizen, "k-visit", runtime.Visit()); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DoKeyed(ctx, a.ID, clinician, "k-end", runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	b := start(t, svc, "u1", "anna", "19121212-1212")
	for _, id := range []string{a.ID, b.ID} {
		leaveTraces(t, s, id)
	}
	return a.ID, b.ID
}

var purgeRecipients = []runtime.Recipient{
	{Kind: runtime.RecipientCitizen, ID: "191212121212"},
	{Kind: runtime.RecipientStaff, ID: "anna"},
	{Kind: runtime.RecipientStaff, ID: "zoe"}, // as an escalation reaches
}

// purgeItemKey is the key of the inbox item about enrolment id for r.
func purgeItemKey(id string, r runtime.Recipient) string {
	return runtime.NotificationKey(id, "risk", "1", r)
}

// purgeJobIDs are the jobs leaveTraces schedules for enrolment id.
func purgeJobIDs(id string) []string {
	return []string{
		runtime.JobID(runtime.JobBattery, id, "weekly", ""),
		runtime.JobID(runtime.JobEscalate, id, "2", "1"),
		runtime.JobDeliver + ":" + purgeItemKey(id, purgeRecipients[0]),
	}
}

func leaveTraces(t *testing.T, s runtime.Store, id string) {
	t.Helper()
	ctx := context.Background()
	for _, r := range purgeRecipients {
		item := runtime.InboxItem{Key: purgeItemKey(id, r), Enrolment: id, Unit: "u1", Flag: "risk", Message: "Hur mår du?", At: t0}
		if _, err := s.AddToInbox(ctx, r, item, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkInboxRead(ctx, purgeRecipients[0], purgeItemKey(id, purgeRecipients[0]), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	did := runtime.DeliveryID(purgeItemKey(id, purgeRecipients[0]), runtime.ChannelEmail)
	if _, err := s.ClaimDelivery(ctx, did, "tok", t0, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishDelivery(ctx, did, "tok", t0); err != nil {
		t.Fatal(err)
	}
	for _, jid := range purgeJobIDs(id) {
		if err := s.Schedule(ctx, runtime.Job{ID: jid, Kind: "test", Enrolment: id, Due: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
}

// testPurgeEverything: a purge leaves nothing of the enrolment that the
// store's interface can reach, and nothing of the other one goes.
func testPurgeEverything(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	purged, kept := PurgeScenario(t, s)
	if err := service(s).Purge(ctx, purged); err != nil {
		t.Fatal(err)
	}
	_, err := s.Applied(ctx, purged, "k-end")
	isErr(t, "idempotency keys", err, runtime.ErrNotFound)
	for _, r := range purgeRecipients {
		items, err := s.Inbox(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range items {
			keys = append(keys, it.Key)
		}
		equal(t, "inbox of "+r.ID, keys, []string{purgeItemKey(kept, r)})
	}
	for _, jid := range purgeJobIDs(purged) {
		_, err := s.Job(ctx, jid)
		isErr(t, "job "+jid, err, runtime.ErrNotFound)
	}
	for _, jid := range purgeJobIDs(kept) {
		if _, err := s.Job(ctx, jid); err != nil {
			t.Errorf("the other enrolment's job %s: %v", jid, err)
		}
	}
	st, err := s.ClaimDelivery(ctx, runtime.DeliveryID(purgeItemKey(purged, purgeRecipients[0]), runtime.ChannelEmail), "tok2", t0, time.Minute)
	equal(t, "the purged send is forgotten", st, runtime.DeliveryClaimed)
	if err != nil {
		t.Fatal(err)
	}
	st, _ = s.ClaimDelivery(ctx, runtime.DeliveryID(purgeItemKey(kept, purgeRecipients[0]), runtime.ChannelEmail), "tok2", t0, time.Minute)
	equal(t, "the other send is kept", st, runtime.DeliverySent)
	if _, err := s.Load(ctx, kept); err != nil {
		t.Errorf("the other enrolment: %v", err)
	}
}
