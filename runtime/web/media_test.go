package web

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestMediaURL(t *testing.T) {
	p := &designer.Program{Media: []*designer.MediaFile{
		{Name: "media/lek.png", Path: "media/lek-c0c54bd5.png"},
		{Name: "film.vtt", Path: "media/film-0a1b2c3d.vtt"},
	}}
	tests := []struct{ ref, want string }{
		{"", ""},
		{"https://media.example.se/a.mp4", "https://media.example.se/a.mp4"},
		{"media/lek.png", "/e/x/media/lek-c0c54bd5.png"},
		{"lek.png", "/e/x/media/lek-c0c54bd5.png"},
		{"/media/lek.png", "/e/x/media/lek-c0c54bd5.png"},
		{"film.vtt", "/e/x/media/film-0a1b2c3d.vtt"},
		{"media/film.vtt", "/e/x/media/film-0a1b2c3d.vtt"},
		{"media/lek-c0c54bd5.png", "/e/x/media/lek-c0c54bd5.png"},
		{"media/unknown.png", "/e/x/media/unknown.png"},
	}
	for _, tt := range tests {
		if got := mediaURL("/e/x", p, tt.ref); got != tt.want {
			t.Errorf("mediaURL(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestRewriteMedia(t *testing.T) {
	in := `<img src="/media/a-1.png"> <a href='/media/b.pdf'>b</a> <a href="/mediaX">x</a>`
	want := `<img src="/e/x/media/a-1.png"> <a href='/e/x/media/b.pdf'>b</a> <a href="/mediaX">x</a>`
	if got := rewriteMedia(in, "/e/x"); got != want {
		t.Errorf("rewriteMedia = %s", got)
	}
}
