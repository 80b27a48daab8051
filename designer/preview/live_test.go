package preview

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParseDay(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"0", 0, false},
		{" 14 ", 14, false},
		{"84", 84, false},
		{"1098", MaxDay, false},
		{"1099", 0, true},
		{"-1", 0, true},
		{"", 0, true},
		{"1.5", 0, true},
		{"dag 3", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDay(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDay(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestLocalPath(t *testing.T) {
	tests := map[string]string{
		"/home":               "/home",
		"/e/x/activities?a=1": "/e/x/activities?a=1",
		"":                    "/",
		"https://example.org": "/",
		"//example.org/x":     "/",
		"/\\example.org":      "/",
		"/a\r\nSet-Cookie: x": "/",
	}
	for in, want := range tests {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// Without a live program the preview is the steps only: other addresses
// are not found, and no day bar shows.
func TestWithoutLive(t *testing.T) {
	s, err := New([]string{"../../content/livsstil"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/home", "/_preview/day?day=3", "/_preview/as?who=clinician"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}
