package runtime

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Video meetings ("videomöten"): a unit connects an external video
// service by a URL template in its settings (Unit.Video); a clinician
// adds a video meeting to the citizen's planning, an item of kind
// PlanningVideo with an exact date and time and a room id that stegvis
// makes up (NewVideoRoom); in the meeting's window (VideoOpens before the
// start until VideoCloses after it) both the citizen and the clinicians
// get a link that goes through stegvis, which writes the opening to the
// access log and sends them on to the service (JoinVideo). stegvis stores
// no video and runs no video service: it keeps the template, the room id
// and who opened the meeting when.
//
// The template holds exactly one placeholder, {room}, which becomes the
// meeting's room id: 32 random hexadecimal digits, never the citizen's
// name or personal identity number, so the address the service sees says
// nothing about who meets.

func init() {
	register(func() Change { return new(VideoMeetingAdded) })
}

// PlanningVideo is the kind of a planned video meeting. It is not among
// PlanningKinds: only AddVideoMeeting adds one, with its room.
const PlanningVideo = "video"

// VideoRoomPlaceholder is the one placeholder a video template holds.
const VideoRoomPlaceholder = "{room}"

// The window in which a video meeting can be opened: from VideoOpens
// before its start until VideoCloses after it (a meeting has no planned
// end, and two hours covers a long one).
const (
	VideoOpens  = 15 * time.Minute
	VideoCloses = 2 * time.Hour
)

// MaxVideoTemplate is the longest template, in bytes.
const MaxVideoTemplate = 500

// The reasons a video template is refused (FieldError.Reason of the field
// "template"), besides FieldTooLong.
const (
	VideoTemplateURL         = "url"         // not an absolute address
	VideoTemplateHTTPS       = "https"       // not https (http only to this machine)
	VideoTemplateUser        = "user"        // has a user name or password
	VideoTemplateRoom        = "room"        // no {room}, or more than one
	VideoTemplatePlaceholder = "placeholder" // another placeholder than {room}
	VideoTemplateRoomInHost  = "room_host"   // {room} in the host name
)

// ErrVideoClosed means a video meeting is opened outside its window.
var ErrVideoClosed = errors.New("the video meeting is not open now")

// ErrNoVideoService means the unit has no video service connected.
var ErrNoVideoService = fmt.Errorf("the unit has no video service: %w", ErrInvalid)

// ParseVideoTemplate checks a unit's video template and returns it
// trimmed; "" (no video service) is allowed. A refused template is a
// FieldErrors with the field "template" and one of the VideoTemplate
// reasons, or FieldTooLong.
func ParseVideoTemplate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	fail := func(reason string) (string, error) {
		return "", FieldErrors{{Field: "template", Reason: reason}}
	}
	if len(s) > MaxVideoTemplate {
		return fail(FieldTooLong)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return fail(VideoTemplateURL)
	}
	if n := strings.Count(s, VideoRoomPlaceholder); n != 1 {
		return fail(VideoTemplateRoom)
	}
	rest := strings.Replace(s, VideoRoomPlaceholder, "", 1)
	if strings.ContainsAny(rest, "{}") {
		return fail(VideoTemplatePlaceholder)
	}
	u, err := url.Parse(strings.Replace(s, VideoRoomPlaceholder, "room", 1))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fail(VideoTemplateURL)
	}
	if u.User != nil {
		return fail(VideoTemplateUser)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopback(u.Hostname()):
	default:
		return fail(VideoTemplateHTTPS)
	}
	if scheme, host, ok := strings.Cut(s, "://"); ok && scheme != "" {
		end := strings.IndexAny(host, "/?#")
		if end < 0 {
			end = len(host)
		}
		if strings.Contains(host[:end], VideoRoomPlaceholder) {
			return fail(VideoTemplateRoomInHost)
		}
	}
	return s, nil
}

// loopback reports whether host is this machine, where a test's video
// service may answer over plain http.
func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// VideoURL builds the address of room from a unit's template.
func VideoURL(template, room string) (string, error) {
	if template == "" {
		return "", ErrNoVideoService
	}
	if !ValidVideoRoom(room) {
		return "", invalid("video room %q", room)
	}
	return strings.Replace(template, VideoRoomPlaceholder, url.PathEscape(room), 1), nil
}

// NewVideoRoom makes a room id: 128 random bits from crypto/rand as 32
// hexadecimal digits, which nobody can guess and which says nothing
// about the citizen.
func NewVideoRoom() string {
	var b [16]byte
	if _, err := crand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("video room: crypto/rand: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// ValidVideoRoom reports whether room is a room id as NewVideoRoom makes
// them.
func ValidVideoRoom(room string) bool {
	if len(room) != 32 {
		return false
	}
	_, err := hex.DecodeString(room)
	return err == nil && strings.ToLower(room) == room
}

// SetVideoService sets a unit's video template (Unit.Video), checked by
// ParseVideoTemplate; "" disconnects the service. Only a unit admin of
// the unit sets it. Meetings already planned keep their rooms and open
// with the template of the moment they are opened.
func SetVideoService(ctx context.Context, d DirectoryStore, admin Staff, unit, template string) (Unit, error) {
	if !admin.HasRole(unit, RoleUnitAdmin) {
		return Unit{}, fmt.Errorf("set video service of %s: %s: %w", unit, admin.ID, ErrForbidden)
	}
	t, err := ParseVideoTemplate(template)
	if err != nil {
		return Unit{}, fmt.Errorf("set video service of %s: %w", unit, err)
	}
	u, err := d.Unit(ctx, unit)
	if err != nil {
		return Unit{}, fmt.Errorf("set video service: %w", err)
	}
	if u.Video == t {
		return u, nil
	}
	u.Video = t
	if err := d.PutUnit(ctx, u); err != nil {
		return Unit{}, fmt.Errorf("set video service of %s: %w", unit, err)
	}
	return u, nil
}

// VideoInput is a video meeting as a clinician types it: an exact date
// and time are needed, the rest as for any planned item.
type VideoInput struct {
	Title, Date, Time, Note string
}

// check returns the meeting as a planned item, or FieldErrors.
func (in VideoInput) check() (PlanningInput, error) {
	pi, err := PlanningInput{Kind: PlanningMeeting, Title: in.Title, Precision: PrecisionExact,
		Date: in.Date, Time: in.Time, Note: in.Note}.Check()
	var fe FieldErrors
	errors.As(err, &fe)
	if strings.TrimSpace(in.Time) == "" {
		fe = append(fe, &FieldError{Field: "time", Reason: FieldRequired})
	}
	if len(fe) > 0 {
		return PlanningInput{}, fe
	}
	if err != nil {
		return PlanningInput{}, err
	}
	pi.Kind = PlanningVideo
	return pi, nil
}

// VideoMeetingAdded adds a video meeting to the planning: a planned item
// of kind PlanningVideo with its room id. Its id is the event's sequence
// number, as PlanningItemAdded's.
type VideoMeetingAdded struct {
	PlanningInput
	Room string `json:"room"`
}

// EventType returns "video_meeting_added".
func (*VideoMeetingAdded) EventType() string { return "video_meeting_added" }

func (c *VideoMeetingAdded) apply(e *Enrolment, ev Event) {
	e.Planning = append(e.Planning, &PlanningItem{ID: seqID(ev), PlanningInput: c.PlanningInput, Room: c.Room, Stamp: newStamp(ev)})
}

// AddVideoMeeting adds a video meeting in room (NewVideoRoom) to the
// planning, for a clinician of unit, which must have a video service
// (ErrNoVideoService). Like any planned item it needs the planning in the
// program and is refused in maintenance (ErrReadOnly) and after the end
// (ErrEnded). A meeting is changed by removing it and adding a new one,
// with a new room.
func AddVideoMeeting(p *designer.Program, unit Unit, in VideoInput, room string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := planningWritable(p, e, "add video meeting"); err != nil {
			return nil, err
		}
		if unit.Video == "" {
			return nil, fmt.Errorf("add video meeting on %s: %w", unit.ID, ErrNoVideoService)
		}
		if !ValidVideoRoom(room) {
			return nil, invalid("add video meeting: room %q", room)
		}
		if err := planningRoom(e, "add video meeting"); err != nil {
			return nil, err
		}
		pi, err := in.check()
		if err != nil {
			return nil, fmt.Errorf("add video meeting: %w", err)
		}
		return []Change{&VideoMeetingAdded{PlanningInput: pi, Room: room}}, nil
	})
}

// Video reports whether the item is a video meeting.
func (it *PlanningItem) Video() bool { return it.Kind == PlanningVideo && it.Room != "" }

// VideoStart is a video meeting's start, its date and time in Stockholm;
// false for an item without both.
func (it *PlanningItem) VideoStart() (time.Time, bool) {
	if !it.Exact() || it.Time == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(DateLayout+" "+TimeLayout, it.Date+" "+it.Time, Stockholm)
	return t, err == nil
}

// VideoOpen reports whether a video meeting can be opened at now: from
// VideoOpens before its start until VideoCloses after it.
func (it *PlanningItem) VideoOpen(now time.Time) bool {
	start, ok := it.VideoStart()
	if !it.Video() || !ok {
		return false
	}
	return !now.Before(start.Add(-VideoOpens)) && now.Before(start.Add(VideoCloses))
}

// VideoJoinable reports whether the enrolment's video meeting it can be
// opened at now: in its window, and not after the end. In maintenance
// the citizen still meets their clinician.
func (e *Enrolment) VideoJoinable(it *PlanningItem, now time.Time) bool {
	return !e.Ended() && it.VideoOpen(now)
}

// JoinVideo decides whether video meeting id of the enrolment can be
// opened at now with the unit's template, and returns the service's
// address for it. An unknown item or one that is no video meeting is
// ErrNotFound; after the end ErrEnded; outside the window ErrVideoClosed;
// a unit without a service ErrNoVideoService. The caller writes the
// opening to the access log before it sends anyone on.
func JoinVideo(e *Enrolment, unit Unit, id string, now time.Time) (string, error) {
	it, ok := e.PlanningItem(id)
	if !ok || !it.Video() {
		return "", fmt.Errorf("join video meeting %q: %w", id, ErrNotFound)
	}
	if e.Ended() {
		return "", fmt.Errorf("join video meeting %s: %w", id, ErrEnded)
	}
	if !it.VideoOpen(now) {
		return "", fmt.Errorf("join video meeting %s at %s: %w", id, now.In(Stockholm).Format(DateLayout+" "+TimeLayout), ErrVideoClosed)
	}
	u, err := VideoURL(unit.Video, it.Room)
	if err != nil {
		return "", fmt.Errorf("join video meeting %s on %s: %w", id, unit.ID, err)
	}
	return u, nil
}

// VideoMeetingsOpen are the enrolment's video meetings that can be opened
// at now (VideoJoinable), in time order: what the citizen's overview and
// the manage view's header offer beside the planning tab.
func (e *Enrolment) VideoMeetingsOpen(now time.Time) []*PlanningItem {
	var out []*PlanningItem
	for _, it := range e.Planning {
		if it.Video() && e.VideoJoinable(it, now) {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b *PlanningItem) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	return out
}
