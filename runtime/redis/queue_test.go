package redis

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// TestJobCodec packs jobs and reads them back, whether or not their ids
// follow the planner's convention.
func TestJobCodec(t *testing.T) {
	due := time.Date(2027, 3, 20, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		job  runtime.Job
		max  int // longest stored form
	}{
		{"planned", runtime.Job{ID: "inactivity:ABCDEFGHIJKLMNOP:paminnelse", Kind: "inactivity", Enrolment: "ABCDEFGHIJKLMNOP",
			Due: due, Data: json.RawMessage(`{"f":"paminnelse"}`)}, 8 + len(`{"f":"paminnelse"}`)},
		{"notification key", runtime.Job{ID: "notify:ABCDEFGHIJKLMNOP/flag/occ/citizen", Kind: "notify", Enrolment: "ABCDEFGHIJKLMNOP", Due: due}, 8},
		{"other enrolment", runtime.Job{ID: "notify:X/flag", Kind: "notify", Enrolment: "Y", Due: due}, 10},
		{"other kind", runtime.Job{ID: "a:b", Kind: "battery", Due: due}, 16},
		{"plain id", runtime.Job{ID: "r", Kind: "reminder", Enrolment: "e1", Due: due, Data: json.RawMessage(`{"flag":"f"}`)}, 32},
		{"empty", runtime.Job{ID: "x"}, 16},
		{"before 1970", runtime.Job{ID: "x", Kind: "k", Due: time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC)}, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := encodeJob(tc.job)
			if err != nil {
				t.Fatal(err)
			}
			if len(v) > tc.max {
				t.Errorf("stored form is %d bytes, want at most %d", len(v), tc.max)
			}
			got, err := decodeJob(tc.job.ID, v)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.job) {
				t.Errorf("decoded\n got %+v\nwant %+v", got, tc.job)
			}
		})
	}
	if _, err := encodeJob(runtime.Job{ID: "x", Data: json.RawMessage(`{`)}); err == nil {
		t.Error("invalid data packed")
	}
	for _, v := range []string{"", "\x01", "\x02\x00\x00", "\x01\x00\x80", "\x01\x00\x00\x05ab", "\x01\x04\x00\x01k\x09e"} {
		if _, err := decodeJob("x", []byte(v)); err == nil {
			t.Errorf("decoded %q", v)
		}
	}
}

// TestQueueReadsJSONJobs reads, claims, retries and completes a job
// stored as JSON, as the queue stored jobs before they were packed.
func TestQueueReadsJSONJobs(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	due := time.Date(2027, 3, 20, 8, 0, 0, 0, time.UTC)
	want := runtime.Job{ID: "inactivity:E1:paminnelse", Kind: "inactivity", Enrolment: "E1", Due: due, Data: json.RawMessage(`{"f":"paminnelse"}`)}
	keys := s.queueKeys()
	old := `{"id":"inactivity:E1:paminnelse","kind":"inactivity","enrolment":"E1","due":"2027-03-20T08:00:00Z","data":{"f":"paminnelse"}}`
	if err := s.rdb.HSet(ctx, keys[1], want.ID, old).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.rdb.ZAdd(ctx, keys[0], goredisZ(due, want.ID)).Err(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Job(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("job\n got %+v\nwant %+v", got, want)
	}
	claimed, err := s.Claim(ctx, due, 10, time.Minute)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim = %+v, %v", claimed, err)
	}
	want.Lease, want.Claims = claimed[0].Lease, 1
	if !reflect.DeepEqual(claimed[0], want) {
		t.Errorf("claimed\n got %+v\nwant %+v", claimed[0], want)
	}
	later := due.Add(time.Hour)
	if err := s.Retry(ctx, claimed[0], later); err != nil {
		t.Fatal(err)
	}
	if got, err = s.Job(ctx, want.ID); err != nil || !got.Due.Equal(later) || got.Claims != 1 {
		t.Fatalf("retried job = %+v, %v", got, err)
	}
	again, err := s.Claim(ctx, later, 10, time.Minute)
	if err != nil || len(again) != 1 {
		t.Fatalf("claim again = %+v, %v", again, err)
	}
	if err := s.Complete(ctx, want.ID, again[0].Lease); err != nil {
		t.Fatal(err)
	}
}

// FuzzJobCodec reads arbitrary stored values without panicking, and packs
// what it reads back to the same job.
func FuzzJobCodec(f *testing.F) {
	v, _ := encodeJob(runtime.Job{ID: "inactivity:E1:f", Kind: "inactivity", Enrolment: "E1", Due: time.UnixMilli(1800000000000).UTC(), Data: json.RawMessage(`{"f":"f"}`)})
	f.Add("inactivity:E1:f", v)
	f.Add("r", []byte("\x01\x04\x00\x01k\x02e1{}"))
	f.Add("x", []byte(`{"kind":"k","due":"2027-03-20T08:00:00Z"}`))
	f.Fuzz(func(t *testing.T, id string, v []byte) {
		j, err := decodeJob(id, v)
		if err != nil {
			return
		}
		if len(j.Data) > 0 && !json.Valid(j.Data) {
			return
		}
		w, err := encodeJob(j)
		if err != nil {
			t.Fatalf("pack %+v: %v", j, err)
		}
		back, err := decodeJob(id, w)
		if err != nil {
			t.Fatalf("read back %+v: %v", j, err)
		}
		if back.Due.UnixMilli() != j.Due.UnixMilli() || back.Kind != j.Kind || back.Enrolment != j.Enrolment || !bytes.Equal(compact(back.Data), compact(j.Data)) {
			t.Fatalf("read back\n got %+v\nwant %+v", back, j)
		}
	})
}

func compact(js []byte) []byte {
	var b bytes.Buffer
	if len(js) == 0 || json.Compact(&b, js) != nil {
		return js
	}
	return b.Bytes()
}
