package designer

import "testing"

func TestMediaType(t *testing.T) {
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"media/bild.png", "image/png", true},
		{"media/BILD.JPG", "image/jpeg", true},
		{"media/film.webm", "video/webm", true},
		{"media/ljud.m4a", "audio/mp4", true},
		{"media/film.vtt", "text/vtt; charset=utf-8", true},
		{"media/blad.pdf", "application/pdf", true},
		{"media/evil.js", "", false},
		{"media/sida.html", "", false},
		{"media/ritning.svg", "image/svg+xml", true},
		{"media/utan-tillägg", "", false},
		{"media/bild.png.js", "", false},
	}
	for _, tt := range tests {
		got, ok := MediaType(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MediaType(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
