package runtime

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// careProgram is testProgram with contacts, planning and bookmarks.
func careProgram() *designer.Program {
	p := testProgram()
	p.Features = []string{designer.FeatureContacts, designer.FeaturePlanning, designer.FeatureBookmarks}
	return p
}

var (
	sam      = CareContactInput{Name: "Sam Svensson", Role: "Fysioterapeut", Phone: "08-123 45 67", Email: "sam@example.se", Note: "Tisdagar"}
	meeting  = PlanningInput{Kind: PlanningMeeting, Title: "Uppföljning", Precision: PrecisionExact, Date: "2026-12-03", Time: "14:00"}
	earlyFeb = PlanningInput{Kind: PlanningEvent, Title: "Friskvårdsdag", Precision: PrecisionApprox, Month: "2027-02", Part: PartEarly}
	withSam  = step{citizen, &CareContactAdded{CareContactInput: sam}}     // contact 2
	withMeet = step{clinician, &PlanningItemAdded{PlanningInput: meeting}} // item 2
	withMark = step{citizen, &BookmarkSet{Module: "intro", Step: "what"}}
)

// TestCareDecisions: contacts, planning and bookmarks, their changes and
// their refusals; a refused field is named.
func TestCareDecisions(t *testing.T) {
	p := careProgram()
	base := []step{started}
	tests := []decisionCase{
		{"add contact", base, AddCareContact(p, sam), []Change{&CareContactAdded{CareContactInput: sam}}, nil, nil},
		{"add contact trims", base, AddCareContact(p, CareContactInput{Name: "  Sam \n Svensson ", Phone: " 070 - 123 ", Note: " Hej\r\nhej "}),
			[]Change{&CareContactAdded{CareContactInput: CareContactInput{Name: "Sam Svensson", Phone: "070 - 123", Note: "Hej\nhej"}}}, nil, nil},
		{"add contact short number", base, AddCareContact(p, CareContactInput{Name: "Sjukvårdsrådgivningen", Phone: "1177"}),
			[]Change{&CareContactAdded{CareContactInput: CareContactInput{Name: "Sjukvårdsrådgivningen", Phone: "1177"}}}, nil, nil},
		{"add contact without name", base, AddCareContact(p, CareContactInput{Name: " "}), nil, ErrInvalid, []string{"name"}},
		{"add contact, every field wrong", base, AddCareContact(p, CareContactInput{Name: strings.Repeat("x", MaxContactName+1),
			Role: strings.Repeat("r", MaxContactRole+1), Phone: "ring mig", Email: "sam@", Note: strings.Repeat("n", MaxContactNote+1)}),
			nil, ErrInvalid, []string{"name", "role", "phone", "email", "note"}},
		{"add contact with a phone of two digits", base, AddCareContact(p, CareContactInput{Name: "X", Phone: "12"}), nil, ErrInvalid, []string{"phone"}},
		{"add contact with a display name", base, AddCareContact(p, CareContactInput{Name: "X", Email: "Sam <sam@example.se>"}), nil, ErrInvalid, []string{"email"}},
		{"add contact without the feature", base, AddCareContact(testProgram(), sam), nil, ErrInvalid, nil},
		{"change contact", append(base, withSam), ChangeCareContact(p, "2", CareContactInput{Name: "Sam"}),
			[]Change{&CareContactChanged{Contact: "2", CareContactInput: CareContactInput{Name: "Sam"}}}, nil, nil},
		{"change contact to the same", append(base, withSam), ChangeCareContact(p, "2", sam), nil, nil, nil},
		{"change unknown contact", base, ChangeCareContact(p, "2", sam), nil, ErrNotFound, nil},
		{"change contact badly", append(base, withSam), ChangeCareContact(p, "2", CareContactInput{Name: "Sam", Email: "x"}), nil, ErrInvalid, []string{"email"}},
		{"remove contact", append(base, withSam), RemoveCareContact(p, "2"), []Change{&CareContactRemoved{Contact: "2", Name: "Sam Svensson"}}, nil, nil},
		{"remove unknown contact", base, RemoveCareContact(p, "1"), nil, ErrNotFound, nil},

		{"add planned meeting", base, AddPlanningItem(p, meeting), []Change{&PlanningItemAdded{PlanningInput: meeting}}, nil, nil},
		{"add approximate event", base, AddPlanningItem(p, earlyFeb), []Change{&PlanningItemAdded{PlanningInput: earlyFeb}}, nil, nil},
		{"add keeps only the precision's fields", base, AddPlanningItem(p, PlanningInput{Kind: PlanningActivity, Title: "Promenad", Precision: PrecisionExact,
			Date: "2026-12-03", Time: "7:05", Month: "2026-12", Part: PartLate, Link: "https://video.example.se/m?id=1"}),
			[]Change{&PlanningItemAdded{PlanningInput: PlanningInput{Kind: PlanningActivity, Title: "Promenad", Precision: PrecisionExact,
				Date: "2026-12-03", Time: "07:05", Link: "https://video.example.se/m?id=1"}}}, nil, nil},
		{"add without anything", base, AddPlanningItem(p, PlanningInput{}), nil, ErrInvalid, []string{"kind", "title", "precision"}},
		{"add exact without date", base, AddPlanningItem(p, PlanningInput{Kind: PlanningMeeting, Title: "X", Precision: PrecisionExact, Time: "25:00"}),
			nil, ErrInvalid, []string{"date", "time"}},
		{"add exact on a day that is not", base, AddPlanningItem(p, PlanningInput{Kind: PlanningMeeting, Title: "X", Precision: PrecisionExact, Date: "2026-02-30"}),
			nil, ErrInvalid, []string{"date"}},
		{"add in the year 3026", base, AddPlanningItem(p, PlanningInput{Kind: PlanningMeeting, Title: "X", Precision: PrecisionExact, Date: "3026-02-03"}),
			nil, ErrInvalid, []string{"date"}},
		{"add approximate without part", base, AddPlanningItem(p, PlanningInput{Kind: PlanningMeeting, Title: "X", Precision: PrecisionApprox, Month: "2026-13"}),
			nil, ErrInvalid, []string{"month", "part"}},
		{"add with an unknown kind and a plain http link", base, AddPlanningItem(p, PlanningInput{Kind: "party", Title: "X", Precision: PrecisionApprox,
			Month: "2026-12", Part: PartMid, Link: "http://example.se", Place: strings.Repeat("p", MaxPlace+1)}),
			nil, ErrInvalid, []string{"kind", "place", "link"}},
		{"add with a javascript link", base, AddPlanningItem(p, PlanningInput{Kind: PlanningMeeting, Title: "X", Precision: PrecisionApprox,
			Month: "2026-12", Part: PartMid, Link: "javascript:alert(1)"}), nil, ErrInvalid, []string{"link"}},
		{"add without the feature", base, AddPlanningItem(testProgram(), meeting), nil, ErrInvalid, nil},
		{"make an approximate item exact", append(base, step{citizen, &PlanningItemAdded{PlanningInput: earlyFeb}}),
			ChangePlanningItem(p, "2", PlanningInput{Kind: PlanningEvent, Title: "Friskvårdsdag", Precision: PrecisionExact, Date: "2027-02-04", Month: "2027-02", Part: PartEarly}),
			[]Change{&PlanningItemChanged{Item: "2", PlanningInput: PlanningInput{Kind: PlanningEvent, Title: "Friskvårdsdag", Precision: PrecisionExact, Date: "2027-02-04"}}}, nil, nil},
		{"change to the same", append(base, withMeet), ChangePlanningItem(p, "2", meeting), nil, nil, nil},
		{"change unknown item", base, ChangePlanningItem(p, "2", meeting), nil, ErrNotFound, nil},
		{"change item badly", append(base, withMeet), ChangePlanningItem(p, "2", PlanningInput{Kind: PlanningMeeting, Precision: PrecisionExact, Date: "2026-12-03"}),
			nil, ErrInvalid, []string{"title"}},
		{"remove item", append(base, withMeet), RemovePlanningItem(p, "2"), []Change{&PlanningItemRemoved{Item: "2", Title: "Uppföljning"}}, nil, nil},
		{"remove unknown item", base, RemovePlanningItem(p, "2"), nil, ErrNotFound, nil},

		{"bookmark", base, SetBookmark(p, "intro", "what", true), []Change{&BookmarkSet{Module: "intro", Step: "what"}}, nil, nil},
		{"bookmark twice", append(base, withMark), SetBookmark(p, "intro", "what", true), nil, nil, nil},
		{"clear bookmark", append(base, withMark), SetBookmark(p, "intro", "what", false), []Change{&BookmarkCleared{Module: "intro", Step: "what"}}, nil, nil},
		{"clear a bookmark not set", base, SetBookmark(p, "intro", "what", false), nil, nil, nil},
		{"bookmark unknown step", base, SetBookmark(p, "intro", "nope", true), nil, ErrInvalid, nil},
		{"bookmark step of upcoming module", base, SetBookmark(p, "sleep", "diary", true), nil, ErrInvalid, nil},
		{"bookmark hidden step", append(base, step{clinician, &StepHidden{Module: "intro", Step: "why"}}), SetBookmark(p, "intro", "why", true), nil, ErrInvalid, nil},
		{"clear bookmark of a hidden step", append(base, step{citizen, &BookmarkSet{Module: "intro", Step: "why"}}, step{clinician, &StepHidden{Module: "intro", Step: "why"}}),
			SetBookmark(p, "intro", "why", false), []Change{&BookmarkCleared{Module: "intro", Step: "why"}}, nil, nil},
		{"clear bookmark of a step gone", append(base, step{citizen, &BookmarkSet{Module: "old", Step: "page"}}),
			SetBookmark(p, "old", "page", false), []Change{&BookmarkCleared{Module: "old", Step: "page"}}, nil, nil},
		{"bookmark without the feature", base, SetBookmark(testProgram(), "intro", "what", true), nil, ErrInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

// TestCareLimits: an enrolment keeps at most so many contacts and items.
func TestCareLimits(t *testing.T) {
	p := careProgram()
	e, err := Fold(logOf(t, started))
	if err != nil {
		t.Fatal(err)
	}
	for range MaxCareContacts {
		e.CareContacts = append(e.CareContacts, &CareContact{})
	}
	for range MaxPlanningItems {
		e.Planning = append(e.Planning, &PlanningItem{})
	}
	if _, err := AddCareContact(p, sam)(e); !errors.Is(err, ErrInvalid) {
		t.Errorf("contact past the limit: %v", err)
	}
	if _, err := AddPlanningItem(p, meeting)(e); !errors.Is(err, ErrInvalid) {
		t.Errorf("item past the limit: %v", err)
	}
}

// TestCareFold: who created and last changed a contact or an item, and
// when; removed ones are gone; bookmarks set and cleared.
func TestCareFold(t *testing.T) {
	e, err := Fold(logOf(t,
		started,
		withSam, // 2
		step{clinician, &CareContactChanged{Contact: "2", CareContactInput: CareContactInput{Name: "Sam"}}},
		step{guardian, &PlanningItemAdded{PlanningInput: earlyFeb}}, // 4
		withMeet, // 5
		step{citizen, &PlanningItemRemoved{Item: "5"}},
		withMark,
		step{citizen, &BookmarkSet{Module: "intro", Step: "why"}},
		step{citizen, &BookmarkCleared{Module: "intro", Step: "what"}},
		step{citizen, &CareContactAdded{CareContactInput: CareContactInput{Name: "Kim"}}}, // 10
		step{citizen, &CareContactRemoved{Contact: "10"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	want := []*CareContact{{ID: "2", CareContactInput: CareContactInput{Name: "Sam"}, Stamp: Stamp{CreatedBy: citizen, CreatedAt: minute(1), ChangedBy: clinician, ChangedAt: minute(2)}}}
	if !reflect.DeepEqual(e.CareContacts, want) {
		t.Errorf("contacts %s, want %s", jsonOf(e.CareContacts), jsonOf(want))
	}
	wantItems := []*PlanningItem{{ID: "4", PlanningInput: earlyFeb, Stamp: Stamp{CreatedBy: guardian, CreatedAt: minute(3), ChangedBy: guardian, ChangedAt: minute(3)}}}
	if !reflect.DeepEqual(e.Planning, wantItems) {
		t.Errorf("planning %s, want %s", jsonOf(e.Planning), jsonOf(wantItems))
	}
	if !reflect.DeepEqual(e.Bookmarks, map[string]time.Time{"intro/why": minute(7)}) || e.Bookmarked("intro", "what") || !e.Bookmarked("intro", "why") {
		t.Errorf("bookmarks %v", e.Bookmarks)
	}
}

// TestPlanningWindow: the months shown, items in time order, and the
// nearest months before and after that have items.
func TestPlanningWindow(t *testing.T) {
	items := []PlanningInput{
		{Kind: PlanningMeeting, Title: "sent", Precision: PrecisionExact, Date: "2026-12-20"},
		{Kind: PlanningMeeting, Title: "tidigt", Precision: PrecisionExact, Date: "2026-12-03", Time: "14:00"},
		{Kind: PlanningMeeting, Title: "heldag", Precision: PrecisionExact, Date: "2026-12-03"},
		{Kind: PlanningMeeting, Title: "mitten", Precision: PrecisionApprox, Month: "2026-12", Part: PartMid},
		{Kind: PlanningMeeting, Title: "förr", Precision: PrecisionApprox, Month: "2026-06", Part: PartLate},
		{Kind: PlanningMeeting, Title: "förra året", Precision: PrecisionExact, Date: "2025-01-01"},
		{Kind: PlanningMeeting, Title: "sen", Precision: PrecisionExact, Date: "2027-05-01"},
		{Kind: PlanningMeeting, Title: "senare", Precision: PrecisionExact, Date: "2027-09-01"},
	}
	steps := []step{started}
	for _, in := range items {
		steps = append(steps, step{citizen, &PlanningItemAdded{PlanningInput: in}})
	}
	e, err := Fold(logOf(t, steps...))
	if err != nil {
		t.Fatal(err)
	}
	titles := func(m PlanningMonth) []string {
		var out []string
		for _, it := range m.Items {
			out = append(out, it.Title)
		}
		return out
	}
	tests := []struct {
		from           string
		months         []string
		titles         [][]string
		earlier, later string
	}{
		{"2026-11", []string{"2026-11", "2026-12"}, [][]string{nil, {"heldag", "tidigt", "mitten", "sent"}}, "2026-06", "2027-05"},
		{"2027-05", []string{"2027-05", "2027-06"}, [][]string{{"sen"}, nil}, "2026-12", "2027-09"},
		{"2024-01", []string{"2024-01", "2024-02"}, [][]string{nil, nil}, "", "2025-01"},
		{"2027-09", []string{"2027-09", "2027-10"}, [][]string{{"senare"}, nil}, "2027-05", ""},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			w, err := e.PlanningWindow(tt.from, 2)
			if err != nil {
				t.Fatal(err)
			}
			var months []string
			var got [][]string
			for _, m := range w.Months {
				months = append(months, m.Month)
				got = append(got, titles(m))
			}
			if !reflect.DeepEqual(months, tt.months) || !reflect.DeepEqual(got, tt.titles) || w.Earlier != tt.earlier || w.Later != tt.later {
				t.Errorf("window %v %v, earlier %q, later %q", months, got, w.Earlier, w.Later)
			}
		})
	}
	for _, bad := range []string{"", "2026", "2026-13", "1999-12", "november"} {
		if _, err := e.PlanningWindow(bad, 2); !errors.Is(err, ErrInvalid) {
			t.Errorf("PlanningWindow(%q) error %v", bad, err)
		}
	}
	if got := ThisMonth(time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)); got != "2026-12" {
		t.Errorf("ThisMonth at 00:30 on 1 December in Stockholm = %s", got)
	}
	if got := AddMonths("2026-12", 2); got != "2027-02" {
		t.Errorf("AddMonths = %s", got)
	}
}

// TestBookmarkList: program order, hidden steps closed, gone steps last.
func TestBookmarkList(t *testing.T) {
	p := careProgram()
	e, err := Fold(logOf(t, started,
		step{citizen, &BookmarkSet{Module: "old", Step: "page"}},
		step{citizen, &BookmarkSet{Module: "intro", Step: "why"}},
		step{citizen, &BookmarkSet{Module: "intro", Step: "what"}},
		step{clinician, &StepHidden{Module: "intro", Step: "why"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	got := e.BookmarkList(p)
	want := []BookmarkEntry{
		{Module: "intro", Step: "what", Open: true, At: minute(3)},
		{Module: "intro", Step: "why", Open: false, At: minute(2)},
		{Module: "old", Step: "page", At: minute(1)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BookmarkList\n got %+v\nwant %+v", got, want)
	}
}

// TestParsePhone takes numbers as people write them.
func TestParsePhone(t *testing.T) {
	for in, want := range map[string]string{"1177": "1177", "08-123 45 67": "08-123 45 67", "+46 (0)8  123 45 67": "+46 (0)8 123 45 67", "070.123.45.67": "070.123.45.67"} {
		if got, err := ParsePhone(in); err != nil || got != want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "12", "1234567890123456", "08-123+4", "ring", "070 123 45 67 ankn. 3", strings.Repeat("1 ", 20)} {
		if _, err := ParsePhone(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParsePhone(%q) took it", in)
		}
	}
}

// TestFieldErrors: the refused fields are ErrInvalid, named in the
// message, and found by name.
func TestFieldErrors(t *testing.T) {
	_, err := CareContactInput{Phone: "x"}.Check()
	var fe FieldErrors
	if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v", err)
	}
	if fe.Field("name") != FieldRequired || fe.Field("phone") != FieldInvalid || fe.Field("email") != "" {
		t.Errorf("fields %v", fe)
	}
	if msg := err.Error(); !strings.Contains(msg, "name required") || !strings.Contains(msg, "phone invalid") {
		t.Errorf("message %q does not name the fields", msg)
	}
}
