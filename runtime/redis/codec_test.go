package redis

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestCodec(t *testing.T) {
	tests := []struct {
		name       string
		js         string
		compressed bool
	}{
		{"event", `{"n":12,"at":1793606400123,"by":{"id":"191212121212","r":"citizen"},"t":"step_opened","d":{"module":"oro","step":"vad-ar-oro"}}`, true},
		{"event without payload", `{"n":2,"at":1793606400123,"by":{"id":"191212121212","r":"citizen"},"t":"visited"}`, true},
		{"snapshot", `{"schema":1,"seq":40,"id":"abc","opened":{"oro/vad-ar-oro":{"first":"2026-11-02T09:00:00Z","last":"2026-11-02T09:00:00Z","n":1}}}`, true},
		{"tiny value stays plain", `{}`, false},
		{"noise stays plain", `{"x":"` + noise(300) + `"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := encode([]byte(tt.js))
			if got := v[0] == formatDict1; got != tt.compressed {
				t.Errorf("compressed = %v, want %v (%d bytes from %d)", got, tt.compressed, len(v), len(tt.js))
			}
			if tt.compressed && len(v) > len(tt.js)*2/3 {
				t.Errorf("%d bytes from %d: the dictionary does not help", len(v), len(tt.js))
			}
			back, err := decode(v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, []byte(tt.js)) {
				t.Errorf("round trip = %s", back)
			}
		})
	}
	if _, err := decode([]byte{0x7f, 1, 2}); err == nil {
		t.Error("decode of an unknown format succeeded")
	}
	if _, err := decode([]byte{formatDict1, 0xff, 0xff}); err == nil {
		t.Error("decode of corrupt data succeeded")
	}
}

// noise returns n pseudo-random bytes from the upper half of Latin-1's
// printable range, which fixed Huffman codes take 9 bits for.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(0x90 + r.IntN(0x6f))
	}
	return string(b)
}

func FuzzCodec(f *testing.F) {
	f.Add([]byte(`{"n":1,"t":"visited"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, js []byte) {
		if len(js) == 0 || js[0] != '{' {
			return
		}
		back, err := decode(encode(js))
		if err != nil || !bytes.Equal(back, js) {
			t.Fatalf("round trip of %q = %q, %v", js, back, err)
		}
	})
}

func TestChunk(t *testing.T) {
	events := []json.RawMessage{
		json.RawMessage(`{"n":7,"at":1793606400123,"by":{"id":"191212121212","r":"citizen"},"t":"visited"}`),
		json.RawMessage(`{"n":8,"at":1793606400456,"by":{"id":"191212121212","r":"citizen"},"t":"step_opened","d":{"module":"oro","step":"vad-ar-oro"}}`),
	}
	v, err := encodeChunk(7, 2, events)
	if err != nil {
		t.Fatal(err)
	}
	first, count, _, err := chunkHeader(v)
	if err != nil || first != 7 || count != 2 {
		t.Errorf("header = %d, %d, %v; want 7, 2", first, count, err)
	}
	js, err := decode(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[" + string(events[0]) + "," + string(events[1]) + "]"; string(js) != want {
		t.Errorf("decode = %s, want %s", js, want)
	}
	// No header, no first event, no events, a broken stream.
	for _, bad := range [][]byte{{formatChunk}, {formatChunk, 0, 1}, {formatChunk, 7, 0}, {formatChunk, 7, 2, 0xff}} {
		if _, err := decode(bad); err == nil {
			t.Errorf("decode of %x succeeded", bad)
		}
	}
}
