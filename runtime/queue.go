package runtime

import (
	"context"
	"encoding/json"
	"time"
)

// QueueStore keeps the due-time queue that time-based rules will run from
// (reminders after inactivity, modules and programs ending, scheduled
// batteries, daily notifications); both stores keep it, and the Scheduler
// (scheduler.go) claims from it. Any number of replicas claim from
// it: a claimed job is leased to one of them, and runs again elsewhere only
// if its lease runs out before Complete, as when a replica dies mid-job.
// Jobs therefore run at least once; a job's work should be idempotent,
// which the enrolment log's expected sequence numbers make easy.
type QueueStore interface {
	// Schedule adds a job, or replaces the job with the same ID, dropping
	// any lease on it and starting its count of claims again; scheduling
	// is thus idempotent. A job without an ID is an error.
	Schedule(ctx context.Context, j Job) error
	// Unschedule removes a job. Removing a missing one is not an error.
	Unschedule(ctx context.Context, id string) error
	// Claim leases up to max jobs that are due at now, earliest first,
	// until now+lease. Each returned job carries its Lease token and how
	// often it has been claimed. A leased job is not claimed again before
	// its lease ends.
	Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Job, error)
	// Complete removes a claimed job. It returns ErrConflict when lease is
	// no longer the job's, because the lease ran out and another claim
	// took the job or it was scheduled anew, and ErrNotFound when the job
	// is gone.
	Complete(ctx context.Context, id, lease string) error
	// Retry gives a claimed job back to the queue, due again at due and
	// free to be claimed, keeping its count of claims so that the next
	// claim counts on; the scheduler retries a failed job so, with
	// backoff. j.Lease must be the job's lease (else ErrConflict); a job
	// gone is ErrNotFound. The job's other fields are stored as given.
	Retry(ctx context.Context, j Job, due time.Time) error
	// Job returns a queued job with its due time (as scheduled or
	// retried), its lease while claimed and its count of claims, or
	// ErrNotFound.
	Job(ctx context.Context, id string) (Job, error)
}

// Job is one entry of the due-time queue.
type Job struct {
	// ID names the job, e.g. "inactivity:<enrolment>"; one ID is one job.
	ID string `json:"id"`
	// Kind names the handler that runs the job.
	Kind string `json:"kind"`
	// Enrolment is the enrolment the job concerns, if any.
	Enrolment string    `json:"enrolment,omitempty"`
	Due       time.Time `json:"due"`
	// Data is the handler's own payload.
	Data json.RawMessage `json:"data,omitempty"`

	// Lease is set on claimed jobs: the token Complete needs.
	Lease string `json:"lease,omitempty"`
	// Claims counts the claims of the job since it was last scheduled,
	// this one included, so that a handler can give up on a job that keeps
	// failing.
	Claims int `json:"claims,omitempty"`
}
