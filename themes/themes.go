// Package themes embeds the HTML templates, CSS, JavaScript, PDF styles and
// text catalogues that the preview and the runtime show, so that the binary
// carries everything it needs.
package themes

import "embed"

// FS holds every theme file: templates/, static/ and locales/.
//
//go:embed all:locales templates static
var FS embed.FS
