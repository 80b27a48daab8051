package redis

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// Values of enrolment keys (events and snapshots) are JSON, stored either
// as is or deflated with a preset dictionary, told apart by the first
// byte: '{' is plain JSON, formatDict1 is flate with dict1, formatChunk
// many events of a log sealed together (compact.go). The dictionary
// holds the JSON every event and snapshot repeats, so even a 100-byte event
// shrinks to about half; that keeps an enrolment within its memory budget
// (see BenchmarkMemoryPerEnrolment). A new dictionary would get a new
// format byte, and dict1 stays as long as values written with it exist.
const formatDict1 = 0x01

// dict1 is the preset dictionary of formatDict1. Never change it. Flate
// codes nearer matches shorter, so the most common strings come last.
var dict1 = []byte(`{"schema":1,"seq":,"id":"","program":"","bundle":"@1.0+","unit":"","citizen":"19","citizen_name":"","clinician":"",` +
	`"started_at":"2026-","last_active":"2026-","mobile":"+467","welcome":"","maintenance":true,"ended_at":"","end_reason":"completed",` +
	`"modules":{"":{"status":"upcoming"},"":{"status":"current","started_at":"2026-","completed_at":"2026-"}},` +
	`"hidden":{"":true},"drafts":{"":{"form":"","answers":{},"saved_at":"2026-"}},` +
	`"submissions":[{"id":"","form":"","form_version":"","module":"","step":"","answers":{},"submitted_at":"2026-","read_at":"2026-","read_by":""}],` +
	`"reviews":[{"id":"","flag":"","urgent":true,"submission":"","raised_at":"2026-","reviewed_at":"2026-","reviewed_by":""}],` +
	`"opened":{"":{"first":"2026-","last":"2026-","n":1},"":{"first":"2026-","last":"2026-","n":2}},` +
	`"t":"started","d":{"id":"","program":"","bundle":"","unit":"","citizen":"","name":"","clinician":"","current":[""],"upcoming":["",""]}}` +
	`"t":"step_hidden","d":{"module":"","step":""}}"t":"step_shown","t":"welcome_edited","d":{"text":""}}` +
	`"t":"clinician_changed","d":{"from":"","to":""}}"t":"bundle_moved","t":"mobile_shared","d":{"mobile":""}}` +
	`"t":"maintenance_set","d":{"on":true}}"t":"ended","d":{"reason":""}}"t":"draft_discarded",` +
	`"t":"module_queued","t":"module_completed","t":"module_started","d":{"module":""}}` +
	`"t":"flag_reviewed","d":{"review":""}}"t":"flag_raised","d":{"flag":"","urgent":true,"submission":""}}` +
	`"t":"draft_saved","d":{"module":"","step":"","form":"","answers":{"q1":["0"],"q2":["1"],"q3":["2"]}}}` +
	`"t":"form_read","d":{"submission":""}}` +
	`"t":"form_submitted","d":{"module":"","step":"","form":"","version":"","answers":{"q1":["0"],"q2":["1"],"q3":["2"],"q4":["3"],"q5":["0"],"q6":["1"],"q7":["2"],"q8":["3"],"q9":["1"]}}}` +
	`,"by":{"id":"","r":"clinician"},"t":"` +
	`{"n":1,"at":179,"by":{"id":"19","r":"citizen"},"t":"visited"}` +
	`{"n":1,"at":179,"by":{"id":"19","r":"citizen"},"t":"step_opened","d":{"module":"","step":""}}`)

var (
	writers = sync.Pool{New: func() any {
		w, err := flate.NewWriterDict(nil, flate.BestCompression, dict1)
		if err != nil {
			panic(err)
		}
		return w
	}}
	readers = sync.Pool{New: func() any { return flate.NewReaderDict(nil, dict1) }}
)

// encode returns the stored form of a JSON value: deflated when that is
// smaller, else the JSON itself.
func encode(js []byte) []byte {
	b, err := deflate([]byte{formatDict1}, js)
	if err != nil || len(b) >= len(js) {
		return js
	}
	return b
}

// deflate appends js, deflated with dict1, to prefix.
func deflate(prefix, js []byte) ([]byte, error) {
	b := bytes.NewBuffer(prefix)
	w := writers.Get().(*flate.Writer)
	defer writers.Put(w)
	w.Reset(b)
	if _, err := w.Write(js); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// inflate returns the JSON that deflate wrote as b.
func inflate(b []byte) ([]byte, error) {
	r := readers.Get().(io.ReadCloser)
	defer readers.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(b), dict1); err != nil {
		return nil, err
	}
	js, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("inflate stored value: %w", err)
	}
	return js, nil
}

// decode returns the JSON of a stored value; for a chunk of events
// (compact.go) that is the JSON array of its events.
func decode(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] == '{' {
		return v, nil
	}
	switch v[0] {
	case formatDict1:
		return inflate(v[1:])
	case formatChunk:
		_, _, body, err := chunkHeader(v)
		if err != nil {
			return nil, err
		}
		return inflate(body)
	}
	return nil, fmt.Errorf("stored value in unknown format %#x", v[0])
}
