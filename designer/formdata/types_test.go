package formdata

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/synth"
)

// TestEveryQuestionType posts an answer to a question of each type, as
// the form of themes/view names its fields, and a wrong one: Decode reads
// the first as the answer stored, and Check refuses the second with the
// type's own message.
func TestEveryQuestionType(t *testing.T) {
	post := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	type testCase struct {
		good   url.Values
		want   []string
		bad    url.Values
		badKey string
	}
	tests := map[string]testCase{
		designer.TypeSingle:   {post("q.q-single", "1"), []string{"1"}, post("q.q-single", "7"), ErrOption},
		designer.TypeMultiple: {post("q.q-multiple", "1", "q.q-multiple", "2", "q.q-multiple", "1"), []string{"1", "2"}, post("q.q-multiple", "3"), ErrOption},
		designer.TypeScale:    {post("q.q-scale", "4"), []string{"4"}, post("q.q-scale", "5"), ErrScale},
		designer.TypeText:     {post("q.q-text", "rad ett\r\nrad två  \n"), []string{"rad ett\nrad två"}, post("q.q-text", strings.Repeat("a", MaxText+1)), ErrTooLong},
		designer.TypeNumber:   {post("q.q-number", "2,5"), []string{"2.5"}, post("q.q-number", "601"), ErrMax},
		designer.TypeDate:     {post("q.q-date", "2026-01-02"), []string{"2026-01-02"}, post("q.q-date", "2026-13-01"), ErrDate},
		designer.TypeTime:     {post("q.q-time", "07:30"), []string{"07:30"}, post("q.q-time", "7.30"), ErrTime},
		designer.TypeDuration: {post("q.q-duration.h", "1", "q.q-duration.m", "30"), []string{"90"}, post("q.q-duration.h", "x", "q.q-duration.m", "0"), ErrDuration},
	}
	synth.EachQuestionType(t, tests, "handle it in Decode and Check, and add a case here", func(t *testing.T, q *designer.Question, tt testCase) {
		f := &designer.Form{ID: "f", Questions: []*designer.Question{q}}
		got := Decode(f, tt.good)
		if !slices.Equal(got[q.ID], tt.want) {
			t.Errorf("Decode = %q, want %q", got[q.ID], tt.want)
		}
		if m, bad := Check(q, got[q.ID]); bad {
			t.Errorf("Check(%q) = %v, want no error", got[q.ID], m)
		}
		bad := Decode(f, tt.bad)
		if m, isBad := Check(q, bad[q.ID]); !isBad || m.Key != tt.badKey {
			t.Errorf("Check(%q) = %v, %v; want %s", bad[q.ID], m, isBad, tt.badKey)
		}
	})
}
