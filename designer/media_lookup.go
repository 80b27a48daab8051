package designer

import "strings"

// MediaFile returns the media file a reference names. Content refers to a
// file by its name in the content folder, with or without the media/
// folder and a leading slash (media/film.mp4, /media/film.mp4, film.mp4);
// a page or a request may name it by its content-hashed path in the
// bundle (media/film-3fa2b1c0.mp4). The runtime's pages, its media route
// and the preview all look media up here, so they agree on what a
// reference means.
func (p *Program) MediaFile(ref string) (*MediaFile, bool) {
	if ref == "" {
		return nil, false
	}
	name := strings.TrimPrefix(strings.TrimPrefix(ref, "/"), "media/")
	for _, m := range p.Media {
		if m.Name == ref || m.Name == name || m.Name == "media/"+name || m.Path == ref || m.Path == "media/"+name {
			return m, true
		}
	}
	return nil, false
}
