package web

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// sessionCodecSeeds are stored sessions as json.Marshal writes them and
// as it might not: escapes, white space, other casing, null, a flash,
// unknown keys, broken JSON.
var sessionCodecSeeds = []string{
	`{}`,
	`{"csrf":"abc","created":"0001-01-01T00:00:00Z","saved":"0001-01-01T00:00:00Z"}`,
	`{"csrf":"abc","kind":"citizen","sub":"191212121212","name":"Åsa Öberg","created":"2026-11-29T14:03:08.123456789+01:00","saved":"2026-11-29T14:04:00Z","for":"201212121212"}`,
	`{"csrf":"a","state":"s","via":"v","nonce":"n","verifier":"x","next":"/e/1/","created":"2026-01-01T00:00:00Z","saved":"2026-01-01T00:00:00Z"}`,
	`{"csrf":"a","flash":{"key":"k","args":["1"]},"created":"2026-01-01T00:00:00Z","saved":"2026-01-01T00:00:00Z"}`,
	`{"csrf":"a\u003cb","name":"x\"y","created":"2026-01-01T00:00:00Z","saved":"2026-01-01T00:00:00Z"}`,
	`{"CSRF":"upper","Sub":"x"}`,
	`{"csrf":null,"created":null}`,
	`{ "csrf" : "a" }`,
	`{"csrf":"a","csrf":"b"}`,
	`{"csrf":"a","unknown":"b"}`,
	`{"csrf":"a","created":"yesterday"}`,
	`{"csrf":"a","created":"2026-01-01T00:00:00Z"`,
	`{"csrf":"a",}`,
	`{"csrf":"a"}x`,
	`{"csrf":"` + "\xff" + `"}`,
	`{"csrf":"a` + "\n" + `"}`,
	`{"csrf":1}`,
	`[]`,
	``,
	`{"kind":"staff","sub":"s1","created":"2026-01-01T00:00:00.5Z","saved":"2026-01-01T00:00:00Z","id":"x"}`,
}

// TestDecodeSessionAsJSON checks that decodeSession decodes what
// json.Unmarshal decodes, to the same session, and fails where it fails.
func TestDecodeSessionAsJSON(t *testing.T) {
	ss := &session{CSRF: "c", Kind: auth.Citizen, Subject: "191212121212", Name: "Åsa <Öberg> & co", ActingFor: "201212121212",
		Created: time.Date(2026, 11, 29, 14, 3, 8, 123456789, time.FixedZone("", 3600)), Saved: time.Now(),
		Flash: &flash{Key: "k", Args: []string{"a"}}}
	written, err := json.Marshal(ss)
	if err != nil {
		t.Fatal(err)
	}
	ss.Flash = nil
	plain, err := json.Marshal(ss)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range append(sessionCodecSeeds, string(written), string(plain)) {
		checkDecodeSession(t, []byte(in))
	}
}

func FuzzDecodeSession(f *testing.F) {
	for _, s := range sessionCodecSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkDecodeSession)
}

func checkDecodeSession(t *testing.T, in []byte) {
	var want, got session
	wantErr := json.Unmarshal(in, &want)
	gotErr := decodeSession(in, &got)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("%q: error %v, json.Unmarshal's %v", in, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", in, got, want)
	}
}

func BenchmarkDecodeSession(b *testing.B) {
	in := []byte(sessionCodecSeeds[2])
	b.ReportAllocs()
	for b.Loop() {
		var ss session
		if err := decodeSession(in, &ss); err != nil {
			b.Fatal(err)
		}
	}
}
