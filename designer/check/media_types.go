package check

import (
	"path"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// mediaTypes refuses media files of a kind the runtime does not serve: a
// script or a web page in media/ would run in the citizen's session, as
// media are served from the site's own origin.
func (c *checker) mediaTypes() {
	for _, m := range c.p.Media {
		if _, ok := designer.MediaType(m.Name); !ok {
			ext := path.Ext(m.Name)
			if ext == "" {
				ext = "-"
			}
			c.errorf(designer.Pos{File: sourcePath(c.p, m.Name)}, "designer.media.bad_type", m.Name, ext, strings.Join(designer.MediaExtensions(), " "))
		}
	}
}
