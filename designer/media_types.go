package designer

import (
	"path"
	"slices"
	"strings"
)

// mediaTypes are the kinds of media file a program may carry, by
// extension: images, audio, video, captions and PDF. Anything else, a
// script or a web page above all, is refused by validate and never served,
// since media are served from the site's own origin. SVG is allowed: it
// can carry script, but it runs neither in an <img> nor when opened on its
// own, as the runtime serves every image with a sandboxing
// Content-Security-Policy.
var mediaTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
	".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".m4a": "audio/mp4", ".wav": "audio/wav",
	".mp4": "video/mp4", ".webm": "video/webm",
	".vtt": "text/vtt; charset=utf-8", // captions are UTF-8 text, as bundles have always said
	".pdf": "application/pdf",
}

// MediaType returns the MIME type of a media file from its name, and
// false for a kind of file a program may not carry. The compiler, validate
// and the runtime's media route all ask here, so that what is built is
// what is served.
func MediaType(name string) (string, bool) {
	t, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	return t, ok
}

// MediaExtensions returns the extensions MediaType allows, sorted, for
// telling a designer what to use instead.
func MediaExtensions() []string {
	out := make([]string, 0, len(mediaTypes))
	for ext := range mediaTypes {
		out = append(out, ext)
	}
	slices.Sort(out)
	return out
}
