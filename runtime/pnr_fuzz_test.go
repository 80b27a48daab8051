package runtime

import (
	"testing"
	"time"
)

// FuzzPnrForms checks that a number ParsePnr accepts is one person
// whichever way it is written: as 12 digits, as YYYYMMDD-XXXX, and as 10
// digits with "-", or "+" from the 100th birthday on. It also checks that
// what is accepted is born, by today, on a date that exists.
func FuzzPnrForms(f *testing.F) {
	for _, s := range []string{
		"19121212-1212", "191212121212", "121212-1212", "121212+1212", "8112189876", "701063-1237",
		"18500101+0008", "00010101-0000", " 19121212-1212 ", "20261124-1234", "x", "",
	} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePnr(s, today)
		if err != nil {
			return
		}
		born, err := PnrBirthDate(got)
		if err != nil {
			t.Fatalf("PnrBirthDate(%q) of ParsePnr(%q): %v", got, s, err)
		}
		if born.After(today) {
			t.Fatalf("ParsePnr(%q) = %q, born %s after today", s, got, born.Format(time.DateOnly))
		}
		sep := "-"
		if !born.AddDate(100, 0, 0).After(today) {
			sep = "+"
		}
		for _, form := range []string{got, FormatPnr(got), got[2:8] + sep + got[8:]} {
			again, err := ParsePnr(form, today)
			if err != nil || again != got {
				t.Fatalf("ParsePnr(%q) = %q, %v; want %q, as from %q", form, again, err, got, s)
			}
		}
	})
}
