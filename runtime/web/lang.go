package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/themes"
)

// cat returns the text catalogue for the request: the server's language
// when one was chosen (Config.Lang), else the one the browser prefers.
func (s *Server) cat(r *http.Request) *themes.Catalog {
	if s.lang != "" {
		return themes.Lookup(s.lang)
	}
	return themes.Lookup(acceptLanguage(r.Header.Get("Accept-Language")))
}

// acceptLanguage returns the catalogue language an Accept-Language header
// prefers most, and Swedish, the users' language, when it names none of
// them: "en-GB,en;q=0.9" is English, "de, sv;q=0.5" Swedish, "de" Swedish.
func acceptLanguage(header string) string {
	best, bestQ := "", 0.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !slices.Contains(themes.Languages, primary) {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		// The first of equal weight wins, as the browser listed it.
		if q > bestQ {
			best, bestQ = primary, q
		}
	}
	if best == "" {
		return themes.Languages[0]
	}
	return best
}
