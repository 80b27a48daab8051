package runtime

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var (
	videoUnit = Unit{ID: "u1", Name: "Mottagning", Video: "https://video.example.com/join/{room}"}
	videoCall = VideoInput{Title: "Videosamtal", Date: "2026-12-03", Time: "14:00", Note: "Ta hörlurar"}
	testRoom  = "0123456789abcdef0123456789abcdef"
	videoItem = PlanningInput{Kind: PlanningVideo, Title: "Videosamtal", Precision: PrecisionExact, Date: "2026-12-03", Time: "14:00", Note: "Ta hörlurar"}
	withVideo = step{clinician, &VideoMeetingAdded{PlanningInput: videoItem, Room: testRoom}} // item 2
)

// TestParseVideoTemplate: https with exactly one {room} outside the host;
// each refusal names its reason.
func TestParseVideoTemplate(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"none", "  ", "", ""},
		{"path", " https://video.example.se/join/{room} ", "https://video.example.se/join/{room}", ""},
		{"query", "https://video.example.se/meet?id={room}&lang=sv", "https://video.example.se/meet?id={room}&lang=sv", ""},
		{"http to this machine", "http://127.0.0.1:8090/v/{room}", "http://127.0.0.1:8090/v/{room}", ""},
		{"http to localhost", "http://localhost/v/{room}", "http://localhost/v/{room}", ""},
		{"plain http", "http://video.example.se/{room}", "", VideoTemplateHTTPS},
		{"another scheme", "ftp://video.example.se/{room}", "", VideoTemplateHTTPS},
		{"javascript", "javascript:alert({room})", "", VideoTemplateURL},
		{"no host", "https:///{room}", "", VideoTemplateURL},
		{"relative", "/join/{room}", "", VideoTemplateURL},
		{"space", "https://video.example.se/a b/{room}", "", VideoTemplateURL},
		{"no room", "https://video.example.se/join", "", VideoTemplateRoom},
		{"two rooms", "https://video.example.se/{room}/{room}", "", VideoTemplateRoom},
		{"the citizen's name", "https://video.example.se/{room}?who={name}", "", VideoTemplatePlaceholder},
		{"personal number", "https://video.example.se/{pnr}/{room}", "", VideoTemplatePlaceholder},
		{"a stray brace", "https://video.example.se/{room}}", "", VideoTemplatePlaceholder},
		{"user and password", "https://me:secret@video.example.se/{room}", "", VideoTemplateUser},
		{"room in the host", "https://{room}.video.example.se/", "", VideoTemplateRoomInHost},
		{"too long", "https://video.example.se/{room}/" + strings.Repeat("x", MaxVideoTemplate), "", FieldTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseVideoTemplate(tt.in)
			var fe FieldErrors
			switch {
			case tt.reason == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.reason != "" && (!errors.As(err, &fe) || fe.Field("template") != tt.reason || !errors.Is(err, ErrInvalid)):
				t.Fatalf("error %v, want the reason %s", err, tt.reason)
			}
			if got != tt.want {
				t.Errorf("template %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVideoRoom: room ids are random, 32 hex digits, and say nothing of
// the citizen; the address puts the room where the template says.
func TestVideoRoom(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		r := NewVideoRoom()
		if !ValidVideoRoom(r) || seen[r] {
			t.Fatalf("room %q: valid %v, seen before %v", r, ValidVideoRoom(r), seen[r])
		}
		seen[r] = true
	}
	for _, bad := range []string{"", "191212121212", "Tolvan Tolvansson", strings.Repeat("A", 32), strings.Repeat("g", 32), testRoom + "0"} {
		if ValidVideoRoom(bad) {
			t.Errorf("ValidVideoRoom(%q) = true", bad)
		}
	}
	u, err := VideoURL("https://video.example.se/meet?id={room}&lang=sv", testRoom)
	if err != nil || u != "https://video.example.se/meet?id="+testRoom+"&lang=sv" {
		t.Errorf("VideoURL = %q, %v", u, err)
	}
	if _, err := VideoURL("", testRoom); !errors.Is(err, ErrNoVideoService) {
		t.Errorf("VideoURL without template: %v", err)
	}
	if _, err := VideoURL(videoUnit.Video, "191212121212"); !errors.Is(err, ErrInvalid) {
		t.Errorf("VideoURL with a personal number as room: %v", err)
	}
}

// TestAddVideoMeeting: a meeting needs a date, a time and the unit's
// service, and keeps the room; it is changed only by removing it.
func TestAddVideoMeeting(t *testing.T) {
	p := careProgram()
	base := []step{started}
	tests := []decisionCase{
		{"add", base, AddVideoMeeting(p, videoUnit, videoCall, testRoom), []Change{&VideoMeetingAdded{PlanningInput: videoItem, Room: testRoom}}, nil, nil},
		{"without a time", base, AddVideoMeeting(p, videoUnit, VideoInput{Title: "X", Date: "2026-12-03"}, testRoom), nil, ErrInvalid, []string{"time"}},
		{"without anything", base, AddVideoMeeting(p, videoUnit, VideoInput{}, testRoom), nil, ErrInvalid, []string{"title", "date", "time"}},
		{"a time that is not", base, AddVideoMeeting(p, videoUnit, VideoInput{Title: "X", Date: "2026-12-03", Time: "25:00"}, testRoom), nil, ErrInvalid, []string{"time"}},
		{"unit without a service", base, AddVideoMeeting(p, Unit{ID: "u1"}, videoCall, testRoom), nil, ErrNoVideoService, nil},
		{"a room that is a personal number", base, AddVideoMeeting(p, videoUnit, videoCall, "191212121212"), nil, ErrInvalid, nil},
		{"without planning", base, AddVideoMeeting(testProgram(), videoUnit, videoCall, testRoom), nil, ErrInvalid, nil},
		{"change a video meeting", append(base, withVideo), ChangePlanningItem(p, "2", meeting), nil, ErrInvalid, nil},
		{"remove a video meeting", append(base, withVideo), RemovePlanningItem(p, "2"), []Change{&PlanningItemRemoved{Item: "2", Title: "Videosamtal"}}, nil, nil},
		{"a plain item cannot be a video meeting", base, AddPlanningItem(p, videoItem), nil, ErrInvalid, []string{"kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
	e, err := Fold(logOf(t, started, withVideo))
	if err != nil {
		t.Fatal(err)
	}
	if it, ok := e.PlanningItem("2"); !ok || !it.Video() || it.Room != testRoom || it.CreatedBy != clinician {
		t.Errorf("planning %s", jsonOf(e.Planning))
	}
}

// TestJoinVideo: the window from 15 minutes before the start until two
// hours after it, in Stockholm's time; open in maintenance, not after the
// end; only video meetings.
func TestJoinVideo(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, Stockholm)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	maint := step{clinician, &MaintenanceSet{On: true}}
	ended := step{clinician, &Ended{Reason: EndCompleted}}
	want := "https://video.example.com/join/" + testRoom
	tests := []struct {
		name    string
		history []step
		unit    Unit
		item    string
		now     time.Time
		err     error
	}{
		{"15 minutes before", []step{started, withVideo}, videoUnit, "2", at("2026-12-03 13:45:00"), nil},
		{"at the start", []step{started, withVideo}, videoUnit, "2", at("2026-12-03 14:00:00"), nil},
		{"just before two hours after", []step{started, withVideo}, videoUnit, "2", at("2026-12-03 15:59:59"), nil},
		{"16 minutes before", []step{started, withVideo}, videoUnit, "2", at("2026-12-03 13:44:00"), ErrVideoClosed},
		{"two hours after", []step{started, withVideo}, videoUnit, "2", at("2026-12-03 16:00:00"), ErrVideoClosed},
		{"the day before", []step{started, withVideo}, videoUnit, "2", at("2026-12-02 14:00:00"), ErrVideoClosed},
		{"in UTC, at the start", []step{started, withVideo}, videoUnit, "2", time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC), nil},
		{"in maintenance", []step{started, withVideo, maint}, videoUnit, "2", at("2026-12-03 14:00:00"), nil},
		{"after the end", []step{started, withVideo, ended}, videoUnit, "2", at("2026-12-03 14:00:00"), ErrEnded},
		{"unknown item", []step{started, withVideo}, videoUnit, "3", at("2026-12-03 14:00:00"), ErrNotFound},
		{"a plain meeting", []step{started, withMeet}, videoUnit, "2", at("2026-12-03 14:00:00"), ErrNotFound},
		{"service disconnected", []step{started, withVideo}, Unit{ID: "u1"}, "2", at("2026-12-03 14:00:00"), ErrNoVideoService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, tt.history...))
			if err != nil {
				t.Fatal(err)
			}
			got, err := JoinVideo(e, tt.unit, tt.item, tt.now)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if err == nil && got != want {
				t.Errorf("address %q, want %q", got, want)
			}
			if it, ok := e.PlanningItem(tt.item); ok && tt.unit.Video != "" && e.VideoJoinable(it, tt.now) != (err == nil) {
				t.Errorf("VideoJoinable = %v, JoinVideo error %v", !(err == nil), err)
			}
		})
	}
}

// TestVideoMeetingsOpen: only the meetings in their window, in time
// order; none after the end.
func TestVideoMeetingsOpen(t *testing.T) {
	later := step{clinician, &VideoMeetingAdded{PlanningInput: PlanningInput{Kind: PlanningVideo, Title: "Sent", Precision: PrecisionExact, Date: "2026-12-03", Time: "14:10"}, Room: testRoom}}
	early := step{clinician, &VideoMeetingAdded{PlanningInput: PlanningInput{Kind: PlanningVideo, Title: "Tidigt", Precision: PrecisionExact, Date: "2026-12-03", Time: "13:50"}, Room: testRoom}}
	other := step{clinician, &VideoMeetingAdded{PlanningInput: PlanningInput{Kind: PlanningVideo, Title: "Annan dag", Precision: PrecisionExact, Date: "2026-12-04", Time: "14:00"}, Room: testRoom}}
	e, err := Fold(logOf(t, started, withMeet, later, early, other))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 3, 14, 0, 0, 0, Stockholm)
	var titles []string
	for _, it := range e.VideoMeetingsOpen(now) {
		titles = append(titles, it.Title)
	}
	if !reflect.DeepEqual(titles, []string{"Tidigt", "Sent"}) {
		t.Errorf("open at 14:00: %v", titles)
	}
	ended, err := Fold(logOf(t, started, later, step{clinician, &Ended{Reason: EndCompleted}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := ended.VideoMeetingsOpen(now); len(got) != 0 {
		t.Errorf("after the end: %v", got)
	}
}

// TestSetVideoService: only the unit's admins connect a service, with a
// template that parses; "" disconnects it.
func TestSetVideoService(t *testing.T) {
	ctx := context.Background()
	d := &memDirectory{units: map[string]Unit{"u1": {ID: "u1", Name: "Mottagning"}}}
	admin := Staff{ID: "ada", Roles: map[string][]Role{"u1": {RoleUnitAdmin}}}
	clin := Staff{ID: "bo", Roles: map[string][]Role{"u1": {RoleClinician}}}
	if _, err := SetVideoService(ctx, d, clin, "u1", videoUnit.Video); !errors.Is(err, ErrForbidden) {
		t.Errorf("a clinician sets the service: %v", err)
	}
	if _, err := SetVideoService(ctx, d, admin, "u2", videoUnit.Video); !errors.Is(err, ErrForbidden) {
		t.Errorf("an admin of another unit sets the service: %v", err)
	}
	if _, err := SetVideoService(ctx, d, admin, "u1", "http://video.example.se/{room}"); !errors.Is(err, ErrInvalid) {
		t.Errorf("plain http: %v", err)
	}
	u, err := SetVideoService(ctx, d, admin, "u1", " "+videoUnit.Video)
	if err != nil || u.Video != videoUnit.Video || d.units["u1"].Video != videoUnit.Video || d.units["u1"].Name != "Mottagning" {
		t.Errorf("set: %+v, %v; stored %+v", u, err, d.units["u1"])
	}
	if _, err := SetVideoService(ctx, d, admin, "u1", ""); err != nil || d.units["u1"].Video != "" {
		t.Errorf("disconnect: %v; stored %+v", err, d.units["u1"])
	}
}

// memDirectory is the part of a DirectoryStore that SetVideoService uses.
type memDirectory struct {
	DirectoryStore
	units map[string]Unit
}

func (m *memDirectory) Unit(_ context.Context, id string) (Unit, error) {
	u, ok := m.units[id]
	if !ok {
		return Unit{}, ErrNotFound
	}
	return u, nil
}

func (m *memDirectory) PutUnit(_ context.Context, u Unit) error {
	m.units[u.ID] = u
	return nil
}
