package web

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// noTime leaves the time out of lines, so two handlers' lines compare.
var noTime = &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}}

// TestLogQueueSameLines checks that the queue writes exactly the lines
// slog's own handlers write, in text and JSON, with attributes and groups.
func TestLogQueueSameLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		json bool
		make func(*bytes.Buffer) slog.Handler
	}{
		{"text", false, func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, noTime) }},
		{"json", true, func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, noTime) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			logLines := func(l *slog.Logger) {
				l.Info("request", "method", "GET", "path", "/e/x/", "status", 200, "bytes", 4096, "ms", int64(3), "req", "0af7")
				l.With("enrolment", "e1").WithGroup("g").Warn("record visit", "err", "conflict", "quote", `a "b"`)
				l.Debug("not shown")
				l.Error("line\nbreak", "n", 1.5)
			}
			var want bytes.Buffer
			logLines(slog.New(tt.make(&want)))
			var got syncBuffer
			q := NewLogQueue(&got, tt.json, noTime, 0)
			logLines(slog.New(q.Handler()))
			if err := q.Close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("queue wrote\n%s\nslog writes\n%s", got.String(), want.String())
			}
		})
	}
}

// blockingWriter holds every write until release is closed.
type blockingWriter struct {
	started chan struct{}
	release chan struct{}
	once    sync.Once
	out     syncBuffer
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.started) })
	<-w.release
	return w.out.Write(p)
}

// TestLogQueueFull checks that a full queue drops and counts the records
// below Warn without waiting, keeps warnings, and says how many it
// dropped.
func TestLogQueueFull(t *testing.T) {
	w := &blockingWriter{started: make(chan struct{}), release: make(chan struct{})}
	q := NewLogQueue(w, false, noTime, 2)
	l := slog.New(q.Handler())
	l.Info("first") // taken by the writer, which then waits in Write
	<-w.started
	l.Info("queued 1")
	l.Info("queued 2")
	done := make(chan struct{})
	go func() {
		for range 5 {
			l.Info("dropped")
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("logging to a full queue waited")
	}
	if n := q.Dropped(); n != 5 {
		t.Errorf("dropped %d, want 5", n)
	}
	warned := make(chan struct{})
	go func() {
		l.Warn("kept")
		close(warned)
	}()
	close(w.release)
	<-warned
	q.Close()
	out := w.out.String()
	for _, want := range []string{"msg=first", "msg=\"queued 1\"", "msg=\"queued 2\"", "msg=kept", "dropped=5 dropped_total=5"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "msg=dropped") {
		t.Errorf("a dropped record was written:\n%s", out)
	}
}

// TestLogQueueConcurrent logs from many goroutines at once (run it with
// -race) and checks that every line arrives whole.
func TestLogQueueConcurrent(t *testing.T) {
	var out syncBuffer
	q := NewLogQueue(&out, false, noTime, 64)
	l := slog.New(q.Handler())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				l.Warn("request", "g", g, "i", i)
			}
		})
	}
	wg.Wait()
	q.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8*200 {
		t.Fatalf("%d lines, want %d", len(lines), 8*200)
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "level=WARN msg=request g=") {
			t.Fatalf("broken line %q", line)
		}
	}
	l.Warn("after close")
	if q.Dropped() != 1 || strings.Contains(out.String(), "after close") {
		t.Errorf("a record after Close: dropped %d, log %q", q.Dropped(), out.String())
	}
}
