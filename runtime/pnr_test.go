package runtime

import (
	"errors"
	"testing"
	"time"
)

func TestParsePnr(t *testing.T) {
	today := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"12 digits with dash", "19121212-1212", "191212121212", nil},
		{"12 digits", "191212121212", "191212121212", nil},
		{"spaces around", "  19811218-9876 ", "198112189876", nil},
		{"10 digits with dash, this century", "121212-1212", "201212121212", nil},
		{"10 digits with plus, a century back", "121212+1212", "191212121212", nil},
		{"10 digits, last century", "8112189876", "198112189876", nil},
		{"10 digits with dash, last century", "811218-9876", "198112189876", nil},
		{"leap day", "000229-1235", "200002291235", nil},
		{"coordination number", "701063-1237", "197010631237", nil},
		{"coordination number, 12 digits", "197010631237", "197010631237", nil},
		{"born last year", "251231-1230", "202512311230", nil},
		{"born this year", "260101-0016", "202601010016", nil},
		{"10 digits, late last century", "991231-1231", "199912311231", nil},
		{"130 years old today", "18961123-1219", "189611231219", nil},

		{"empty", "", "", ErrPnrFormat},
		{"letter", "1212121212a", "", ErrPnrFormat},
		{"too short", "12121212-121", "", ErrPnrFormat},
		{"too long", "1912121212120", "", ErrPnrFormat},
		{"dash in the wrong place", "1912-12121212", "", ErrPnrFormat},
		{"two dashes", "19121212--1212", "", ErrPnrFormat},
		{"nine digits", "121212121", "", ErrPnrFormat},
		{"12 digits with plus", "19121212+1212", "", ErrPnrFormat},
		{"12 digits with plus, no sign of age", "20121212+1212", "", ErrPnrFormat},

		{"month 13", "19121312-1212", "", ErrPnrDate},
		{"day 32", "19121232-1212", "", ErrPnrDate},
		{"day 0", "19121200-1212", "", ErrPnrDate},
		{"no leap day", "010229-1234", "", ErrPnrDate},
		{"coordination day 92", "701092-1237", "", ErrPnrDate},
		{"future", "20271231-1230", "", ErrPnrDate},
		{"tomorrow", "20261124-1239", "", ErrPnrDate},
		{"year 1", "00011212-1215", "", ErrPnrDate},
		{"year 1850", "18501212-1215", "", ErrPnrDate},
		{"130 years old tomorrow", "18961122-1210", "", ErrPnrDate},
		{"10 digits with plus, two centuries back", "300101+1232", "", ErrPnrDate},

		{"wrong check digit", "19121212-1213", "", ErrPnrChecksum},
		{"wrong check digit, 10 digits", "8112189875", "", ErrPnrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePnr(tt.in, today)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParsePnr(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("ParsePnr(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPnrBirthDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  error
	}{
		{"191212121212", time.Date(1912, 12, 12, 0, 0, 0, 0, time.UTC), nil},
		{"197010631237", time.Date(1970, 10, 3, 0, 0, 0, 0, time.UTC), nil},
		{"1912121212", time.Time{}, ErrPnrFormat},
		{"19121232121x", time.Time{}, ErrPnrFormat},
		{"191213121212", time.Time{}, ErrPnrDate},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := PnrBirthDate(tt.in)
			if !errors.Is(err, tt.err) || !got.Equal(tt.want) {
				t.Errorf("PnrBirthDate(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFormatPnr(t *testing.T) {
	if got := FormatPnr("191212121212"); got != "19121212-1212" {
		t.Errorf("FormatPnr = %q", got)
	}
	if got := FormatPnr("123"); got != "123" {
		t.Errorf("FormatPnr of a short string = %q, want it unchanged", got)
	}
}

func FuzzParsePnr(f *testing.F) {
	for _, s := range []string{"19121212-1212", "121212+1212", "8112189876", "701063-1237", "x"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePnr(s, today)
		if err != nil {
			return
		}
		if len(got) != 12 {
			t.Fatalf("ParsePnr(%q) = %q, not 12 digits", s, got)
		}
		again, err := ParsePnr(got, today)
		if err != nil || again != got {
			t.Fatalf("ParsePnr(%q) = %q, %v; want it unchanged", got, again, err)
		}
		if _, err := PnrBirthDate(got); err != nil {
			t.Fatalf("PnrBirthDate(%q): %v", got, err)
		}
	})
}
