package designer

import "testing"

func TestMediaFile(t *testing.T) {
	p := &Program{Media: []*MediaFile{
		{Name: "media/film.mp4", Path: "media/film-3fa2b1c0.mp4", Type: "video/mp4"},
		{Name: "media/bild.png", Path: "media/bild-9c1d2e3f.png", Type: "image/png"},
	}}
	tests := []struct {
		name, ref, want string
	}{
		{"content name", "media/film.mp4", "media/film-3fa2b1c0.mp4"},
		{"root-relative name", "/media/film.mp4", "media/film-3fa2b1c0.mp4"},
		{"name without the folder", "bild.png", "media/bild-9c1d2e3f.png"},
		{"bundle path", "media/bild-9c1d2e3f.png", "media/bild-9c1d2e3f.png"},
		{"file name of the bundle path", "film-3fa2b1c0.mp4", "media/film-3fa2b1c0.mp4"},
		{"unknown", "media/ljud.mp3", ""},
		{"https URL", "https://example.org/film.mp4", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := p.MediaFile(tt.ref)
			switch {
			case tt.want == "" && ok:
				t.Errorf("MediaFile(%q) = %s, want none", tt.ref, m.Path)
			case tt.want != "" && !ok:
				t.Errorf("MediaFile(%q) found nothing, want %s", tt.ref, tt.want)
			case ok && m.Path != tt.want:
				t.Errorf("MediaFile(%q) = %s, want %s", tt.ref, m.Path, tt.want)
			}
		})
	}
}
