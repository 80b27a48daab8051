package runtime

import (
	"sync"
	"testing"
	"time"
)

func sthlm(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddDaysAcrossSwitches(t *testing.T) {
	tests := []struct {
		name  string
		from  string
		days  int
		want  string
		hours float64
	}{
		{"into summer time", "2027-03-27 12:00", 1, "2027-03-28 12:00", 23},
		{"a week over spring", "2027-03-25 09:30", 7, "2027-04-01 09:30", 7*24 - 1},
		{"into winter time", "2027-10-30 12:00", 1, "2027-10-31 12:00", 25},
		{"a week over autumn", "2027-10-28 21:15", 7, "2027-11-04 21:15", 7*24 + 1},
		{"back over autumn", "2027-11-01 08:00", -2, "2027-10-30 08:00", -49},
		{"no switch", "2027-06-01 08:00", 30, "2027-07-01 08:00", 30 * 24},
		{"over both", "2027-03-01 10:00", 245, "2027-11-01 10:00", 245 * 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := sthlm(tt.from)
			got := AddDays(from, tt.days)
			if !got.Equal(sthlm(tt.want)) {
				t.Errorf("AddDays(%s, %d) = %s, want %s", tt.from, tt.days, got.In(Stockholm), tt.want)
			}
			if h := got.Sub(from).Hours(); h != tt.hours {
				t.Errorf("%v hours, want %v", h, tt.hours)
			}
		})
	}
	// 02:30 does not exist on 2027-03-28.
	if got := AddDays(sthlm("2027-03-27 02:30"), 1).In(Stockholm); got.Hour() != 3 || got.Day() != 28 {
		t.Errorf("into the skipped hour: %s", got)
	}
}

func TestMorningAndDayNumber(t *testing.T) {
	tests := []struct {
		name       string
		start, at  string
		day        int
		morningUTC string
	}{
		{"same day", "2027-03-20 23:59", "2027-03-20 00:01", 0, "2027-03-20T07:00:00Z"},
		{"next day", "2027-03-20 23:59", "2027-03-21 00:01", 1, "2027-03-21T07:00:00Z"},
		{"over spring", "2027-03-27 22:00", "2027-03-28 23:00", 1, "2027-03-28T06:00:00Z"},
		{"over autumn", "2027-10-30 00:30", "2027-10-31 23:30", 1, "2027-10-31T07:00:00Z"},
		{"ninety days", "2027-08-02 10:00", "2027-10-31 08:00", 90, "2027-10-31T07:00:00Z"},
		{"summer", "2027-06-01 10:00", "2027-06-02 10:00", 1, "2027-06-02T06:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, at := sthlm(tt.start), sthlm(tt.at)
			if got := DayNumber(start, at); got != tt.day {
				t.Errorf("DayNumber = %d, want %d", got, tt.day)
			}
			if got := Morning(at).UTC().Format(time.RFC3339); got != tt.morningUTC {
				t.Errorf("Morning = %s, want %s", got, tt.morningUTC)
			}
			if got := MorningOfDay(start, tt.day); !got.Equal(Morning(at)) {
				t.Errorf("MorningOfDay = %s, want %s", got, Morning(at))
			}
		})
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(sthlm("2027-10-30 12:00"))
	if got := c.AdvanceDays(1); !got.Equal(sthlm("2027-10-31 12:00")) {
		t.Errorf("AdvanceDays = %s", got)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { c.Advance(time.Minute); _ = c.Now() })
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(sthlm("2027-10-31 12:08")) {
		t.Errorf("after 8 minutes: %s", got)
	}
	c.Set(sthlm("2027-01-01 00:00"))
	if !c.Now().Equal(sthlm("2027-01-01 00:00")) {
		t.Error("Set")
	}
	if d := time.Until(OffsetClock(48 * time.Hour)()); d < 47*time.Hour || d > 49*time.Hour {
		t.Errorf("OffsetClock runs %s ahead", d)
	}
}
