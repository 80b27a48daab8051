package runtime

import (
	"log/slog"
	"time"
)

// Purge ("gallring") deletes an ended enrolment with everything a store
// keeps about it: its log, snapshot, idempotency keys and index entries,
// the items about it in every inbox with the records of their sends, its
// jobs in the queue, and its decoded snapshot in memory
// (EnrolmentStore.Purge, Enrolments.Purge). That a purge happened is kept:
// a PurgeRecord, without health data, goes to the audit log.

// DeliveryID names the send of a notification or digest (by its key or
// id) on one channel, as InboxStore.ClaimDelivery keeps it.
func DeliveryID(id string, ch Channel) string { return id + "#" + string(ch) }

// PurgeRecord is the audit record of one purge: who purged which
// enrolment of which unit, and when. It holds no health data: not the
// program, not the citizen.
type PurgeRecord struct {
	Enrolment string    `json:"enrolment"`
	Unit      string    `json:"unit"`
	By        Actor     `json:"by"`
	At        time.Time `json:"at"`
}

// LogValue is the record as the audit log writes it.
func (r PurgeRecord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("enrolment", r.Enrolment), slog.String("unit", r.Unit),
		slog.String("by", r.By.ID), slog.String("role", string(r.By.Role)),
		slog.Time("at", r.At.UTC()),
	)
}
