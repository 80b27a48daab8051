package web

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultLogQueue is how many log records a LogQueue holds waiting for its
// writer: a few seconds of requests at full load.
const DefaultLogQueue = 8192

// maxLogWrite is the most bytes of log lines the writer gathers into one
// write.
const maxLogWrite = 256 << 10

// logGather is how long the writer lets records gather after the first
// one before it writes them. A busy server's log then takes tens of writes
// a second, not one a request; a line is on its way within it.
const logGather = 20 * time.Millisecond

// LogQueue keeps the log off the requests' path. slog's text and JSON
// handlers format a line without a lock but write it under one lock per
// handler, so every request of a busy server waited on every other's write
// to stderr. A LogQueue's handler only copies the record into a bounded
// queue; one goroutine formats the records with the same slog handler, so
// the lines read exactly as before, and writes whatever has gathered in
// one write.
//
// The writer waits a moment (logGather) after the first record of a
// quiet spell before it writes, so that the records of the requests under
// way meanwhile go out in the same write, and each request costs the
// writer neither a wake-up nor a write of its own; a warning or an error
// is written at once.
//
// A request never waits for the log: when the queue is full, records below
// Warn are dropped and counted, and the writer then logs "log records
// dropped" with how many (warnings and errors wait for room instead, as
// they are few and matter). Records still queued when Close is called are
// written; records logged after it are dropped.
type LogQueue struct {
	base    slog.Handler
	out     io.Writer
	buf     []byte
	records chan queued
	// urgent wakes the writer for a warning or an error.
	urgent  chan struct{}
	dropped atomic.Int64
	closed  atomic.Bool
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

type queued struct {
	h slog.Handler
	r slog.Record
}

// NewLogQueue returns a queue that writes to w in slog's text format, or
// JSON when json is set, with opts, holding at most size records (0 means
// DefaultLogQueue). Close it to write what is left.
func NewLogQueue(w io.Writer, json bool, opts *slog.HandlerOptions, size int) *LogQueue {
	if size <= 0 {
		size = DefaultLogQueue
	}
	q := &LogQueue{out: w, records: make(chan queued, size), urgent: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	// The handler writes into q.buf, which only the writer goroutine
	// touches, through every handler made from it.
	if json {
		q.base = slog.NewJSONHandler(bufWriter{q}, opts)
	} else {
		q.base = slog.NewTextHandler(bufWriter{q}, opts)
	}
	go q.run()
	return q
}

// Handler returns the handler that queues records.
func (q *LogQueue) Handler() slog.Handler { return queueHandler{q: q, h: q.base} }

// Dropped returns how many records were dropped because the queue was full.
func (q *LogQueue) Dropped() int64 { return q.dropped.Load() }

// Close writes the records queued and stops the writer.
func (q *LogQueue) Close() error {
	q.once.Do(func() {
		q.closed.Store(true)
		close(q.stop)
	})
	<-q.done
	return nil
}

// bufWriter appends to the queue's buffer.
type bufWriter struct{ q *LogQueue }

func (b bufWriter) Write(p []byte) (int, error) {
	b.q.buf = append(b.q.buf, p...)
	return len(p), nil
}

func (q *LogQueue) run() {
	defer close(q.done)
	var reported int64
	wait := time.NewTimer(logGather)
	wait.Stop()
	for {
		select {
		case it := <-q.records:
			q.format(it)
			if it.r.Level < slog.LevelWarn {
				// Let the records of the requests under way gather.
				wait.Reset(logGather)
				select {
				case <-wait.C:
				case <-q.urgent:
					wait.Stop()
				case <-q.stop:
					wait.Stop()
				}
			}
		case <-q.urgent:
		case <-q.stop:
		}
		if q.closed.Load() {
			q.drain(&reported)
			return
		}
		// Gather what else is waiting, then write it at once.
	gather:
		for len(q.buf) < maxLogWrite {
			select {
			case it := <-q.records:
				q.format(it)
			default:
				break gather
			}
		}
		q.report(&reported)
		q.flush(true)
	}
}

// drain writes every record queued, once Close has been called.
func (q *LogQueue) drain(reported *int64) {
	for {
		select {
		case it := <-q.records:
			q.format(it)
			q.flush(false)
		default:
			q.report(reported)
			q.flush(true)
			return
		}
	}
}

// format formats a record into the buffer.
func (q *LogQueue) format(it queued) {
	// The base handlers write to memory: they fail only on a value that
	// cannot be formatted, which they then show in the line itself.
	_ = it.h.Handle(context.Background(), it.r)
}

// report logs how many records were dropped since the last report.
func (q *LogQueue) report(reported *int64) {
	if n := q.dropped.Load(); n > *reported {
		r := slog.NewRecord(time.Now(), slog.LevelWarn, "log records dropped: the log queue was full", 0)
		r.AddAttrs(slog.Int64("dropped", n-*reported), slog.Int64("dropped_total", n))
		_ = q.base.Handle(context.Background(), r)
		*reported = n
	}
}

// flush writes the buffer when it is full enough or when all is set.
func (q *LogQueue) flush(all bool) {
	if len(q.buf) == 0 || !all && len(q.buf) < maxLogWrite {
		return
	}
	// A failed write loses these lines; there is nowhere left to say so.
	_, _ = q.out.Write(q.buf)
	if cap(q.buf) > 4*maxLogWrite {
		q.buf = nil
	}
	q.buf = q.buf[:0]
}

// queueHandler is the handler the loggers use: it queues each record with
// the handler (attributes and groups) to format it with.
type queueHandler struct {
	q *LogQueue
	h slog.Handler
}

func (h queueHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h queueHandler) Handle(_ context.Context, r slog.Record) error {
	q := h.q
	if q.closed.Load() {
		q.dropped.Add(1)
		return nil
	}
	it := queued{h: h.h, r: r.Clone()}
	select {
	case q.records <- it:
		q.hurry(r.Level)
		return nil
	default:
	}
	if r.Level < slog.LevelWarn {
		q.dropped.Add(1)
		return nil
	}
	select {
	case q.records <- it:
		q.hurry(r.Level)
	case <-q.done:
		q.dropped.Add(1)
	}
	return nil
}

// hurry wakes the writer for a record of level Warn or above, so that it
// is written at once.
func (q *LogQueue) hurry(l slog.Level) {
	if l < slog.LevelWarn {
		return
	}
	select {
	case q.urgent <- struct{}{}:
	default:
	}
}

func (h queueHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return queueHandler{q: h.q, h: h.h.WithAttrs(as)}
}

func (h queueHandler) WithGroup(name string) slog.Handler {
	return queueHandler{q: h.q, h: h.h.WithGroup(name)}
}
