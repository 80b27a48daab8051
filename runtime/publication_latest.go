package runtime

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
)

// LatestPublication returns the publication of program with the highest
// version, MAJOR.MINOR compared as numbers (1.10 after 1.9), and of
// bundles published with the same version the last one. It is what the
// designer's next version is compared with (stegvis build --previous URL).
// It returns ErrNotFound when the program has never been published.
func LatestPublication(ctx context.Context, store BundleStore, program string) (Publication, error) {
	pubs, err := store.Publications(ctx)
	if err != nil {
		return Publication{}, fmt.Errorf("latest publication of %q: %w", program, err)
	}
	var latest Publication
	found := false
	for _, p := range pubs {
		if p.Program != program {
			continue
		}
		if !found || cmp.Or(compareVersions(p.Version, latest.Version), p.PublishedAt.Compare(latest.PublishedAt)) >= 0 {
			latest, found = p, true
		}
	}
	if !found {
		return Publication{}, fmt.Errorf("latest publication of %q: %w", program, ErrNotFound)
	}
	return latest, nil
}

// compareVersions orders two MAJOR.MINOR versions by their numbers; a
// version that is not of that form sorts before every one that is.
func compareVersions(a, b string) int {
	am, an, aok := splitVersion(a)
	bm, bn, bok := splitVersion(b)
	switch {
	case !aok || !bok:
		return cmp.Compare(boolInt(aok), boolInt(bok))
	}
	return cmp.Or(cmp.Compare(am, bm), cmp.Compare(an, bn))
}

func splitVersion(v string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(v, ".")
	if !found {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	return major, minor, err1 == nil && err2 == nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
