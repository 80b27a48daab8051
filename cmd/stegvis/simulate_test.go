package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestSimulate runs `stegvis simulate` on a small program across both
// switches of summer time and compares its calendar with golden files.
func TestSimulate(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	prog := filepath.Join("testdata", "simulate", "prog")
	for _, tc := range []struct {
		golden string
		args   []string
		// daily are the daily collections due on either side of the
		// switch, at 08:00 local time.
		daily []string
	}{
		// Summer time begins on 2027-03-28.
		{"spring.txt", []string{"simulate", prog, "--start", "2027-03-20", "--days", "120", "--inactive", "14-30"},
			[]string{"2027-03-21  08:00 CET   daily_email       to=citizen", "2027-04-01  08:00 CEST  daily_email       to=staff:behandlare"}},
		// Summer time ends on 2027-10-31; in English.
		{"autumn.txt", []string{"simulate", "--lang", "en", prog, "--start", "2027-10-24", "--days", "70", "--inactive", "0-12"},
			[]string{"2027-10-25  08:00 CEST  daily_email       to=citizen", "2027-11-05  08:00 CET   daily_email       to=staff:behandlare"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, out, errOut := stegvis(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			path := filepath.Join("testdata", "simulate", tc.golden)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range tc.daily {
				if !strings.Contains(out, d) {
					t.Errorf("no daily collection %q in\n%s", d, out)
				}
			}
			if out != string(want) {
				t.Errorf("calendar differs from %s (go test -run TestSimulate -update to rewrite)\n got:\n%s", path, out)
			}
		})
	}
}

func TestSimulateArgs(t *testing.T) {
	prog := filepath.Join("testdata", "simulate", "prog")
	for _, args := range [][]string{
		{"simulate", prog},
		{"simulate", prog, "--start", "20 mars"},
		{"simulate", prog, "--start", "2027-03-20", "--days", "0"},
		{"simulate", prog, "--start", "2027-03-20", "--inactive", "30-14"},
	} {
		if code, _, _ := stegvis(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestParseOffset(t *testing.T) {
	for in, want := range map[string]string{"8d": "192h0m0s", "36h": "36h0m0s", "8d12h": "204h0m0s", "-2d": "-48h0m0s", "90m": "1h30m0s"} {
		d, err := parseOffset(in)
		if err != nil || d.String() != want {
			t.Errorf("parseOffset(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "d", "xd", "8x", "8d-1h"} {
		if _, err := parseOffset(in); err == nil && in != "" {
			t.Errorf("parseOffset(%q) took it", in)
		}
	}
}
