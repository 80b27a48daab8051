// Package runtime holds the domain of the stegvis server, free of I/O: the
// Enrolment (one citizen's running instance of a program), the events that
// change it, the decisions that validate commands, the Enrolments service
// that applies them with optimistic concurrency, and the Store interface
// that the stores in runtime/embedded and runtime/redis implement.
//
// # Event sourcing
//
// Every change to an enrolment is an Event appended to its log. The
// enrolment's state is Fold(log); the store keeps the folded state as a
// snapshot, written in the same transaction as the events it covers, so a
// read is one lookup. The log stays the truth: when the fold changes
// (SnapshotSchema), the service refolds old snapshots from their log.
//
// Appends carry the sequence number the writer last saw. A store refuses an
// append whose expected sequence is not the log's (ErrConflict); the
// service then reloads, decides again on the fresh state and retries, so
// two replicas never overwrite each other's changes.
//
// # Indexes
//
// Lists that span enrolments (of a unit, of a clinician, of a citizen, the
// ended ones) are indexes kept beside the logs. In Redis they live outside
// the enrolment's cluster slot and cannot be written atomically with it, so
// an index is a superset: a store adds an enrolment to the indexes of its
// new state after each append and, when reading, drops members whose
// snapshot no longer matches (Index.Match). An index can therefore be stale
// only towards listing too much, never too little, and it repairs itself.
//
// # Scheduled work
//
// Time-based rules run from a due-time queue (QueueStore): jobs with an id
// and a due time, claimed with a lease so that one replica runs each.
package runtime
