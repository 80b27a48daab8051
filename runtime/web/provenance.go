package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
)

// provenanceText says where an imported version comes from: publisher,
// the short form of its key and the bundle's hash; "" for this region's
// own.
func provenanceText(cat *themes.Catalog, p *runtime.Provenance) string {
	if p == nil {
		return ""
	}
	return cat.T("regions.programs.provenance", p.Publisher, sign.Short(p.Fingerprint), shortHash(p.Hash))
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// bundleProvenance says who published the bundle an enrolment runs, from
// the publisher its (cached) manifest names and the name the region's
// trust list gives that key; "" for an unsigned bundle. It is the
// enrolment's version line.
func (s *Server) bundleProvenance(r *http.Request, cat *themes.Catalog, bundle string) string {
	m, err := s.bundles.manifest(r.Context(), bundle)
	if err != nil || m.Publisher == nil {
		return ""
	}
	name := sign.Short(m.Publisher.Fingerprint)
	if tp, ok := s.importer.Trust.Publisher(m.Publisher.Fingerprint); ok {
		name = tp.Name
	}
	_, _, hash, _ := designer.ParseBundleName(bundle)
	return cat.T("regions.manage.provenance", name, sign.Short(m.Publisher.Fingerprint), m.Version, hash)
}
