package bundle

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// ErrNoPrevious means that no version of a program has been published
// where the designer pointed: the version being built is the first.
var ErrNoPrevious = errors.New("no published version")

// Newest returns the path of the newest bundle of program in dir, a folder
// of published bundles (folders <id>@<version>+<hash>, or the same names
// with .zip): the highest version, MAJOR.MINOR compared as numbers. It
// returns ErrNoPrevious when dir holds none of program.
func Newest(dir, program string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("published bundles: %w", err)
	}
	best, bestVersion := "", ""
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".zip")
		if e.IsDir() == (name != e.Name()) {
			continue // a folder named .zip, or a file that is no zip
		}
		id, version, _, err := designer.ParseBundleName(name)
		if err != nil || id != program {
			continue
		}
		// A folder beside its own zip: either will do, the folder first.
		if best == "" || compareVersions(version, bestVersion) > 0 || version == bestVersion && e.IsDir() {
			best, bestVersion = filepath.Join(dir, e.Name()), version
		}
	}
	if best == "" {
		return "", fmt.Errorf("%s in %s: %w", program, dir, ErrNoPrevious)
	}
	return best, nil
}

// ReadPath reads the bundle at path: a bundle folder or a zip of one.
func ReadPath(path string) (*Bundle, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	if fi.IsDir() {
		return ReadDir(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	defer f.Close()
	b, _, err := ReadZip(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("read bundle %s: %w", path, err)
	}
	return b, nil
}

// maxOutline bounds what ReadPublished reads of each file.
const maxOutline = 32 << 20

// ReadPublished fetches the latest published version of program from the
// stegvis at base (e.g. https://stegvis.region.se), which serves its
// program.json and manifest.json under /published/<program>/. The bundle
// it returns has those two files only: enough to compare a new version
// with, not to serve. It returns ErrNoPrevious when that stegvis has
// never published the program.
func ReadPublished(ctx context.Context, client *http.Client, base, program string) (*Bundle, error) {
	get := func(file string) ([]byte, error) {
		u, err := url.JoinPath(base, "published", program, file)
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", program, err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", program, err)
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", program, err)
		}
		defer res.Body.Close()
		switch {
		case res.StatusCode == http.StatusNotFound:
			return nil, fmt.Errorf("%s at %s: %w", program, base, ErrNoPrevious)
		case res.StatusCode != http.StatusOK:
			return nil, fmt.Errorf("published %s: %s answered %s", program, u, res.Status)
		}
		data, err := io.ReadAll(io.LimitReader(res.Body, maxOutline+1))
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", program, err)
		}
		if len(data) > maxOutline {
			return nil, fmt.Errorf("published %s: %s is larger than %d bytes", program, u, maxOutline)
		}
		return data, nil
	}
	manifest, err := get(designer.ManifestFile)
	if err != nil {
		return nil, err
	}
	prog, err := get(designer.ProgramFile)
	if err != nil {
		return nil, err
	}
	b, err := Outline(manifest, prog)
	if err != nil {
		return nil, fmt.Errorf("published %s at %s: %w", program, base, err)
	}
	if b.Program.ID != program {
		return nil, fmt.Errorf("published %s at %s is program %q: %w", program, base, b.Program.ID, ErrCorrupt)
	}
	return b, nil
}

// Outline makes a bundle of its manifest and program.json alone, checking
// program.json against the manifest: what a version is compared with when
// its other files are not at hand.
func Outline(manifest, program []byte) (*Bundle, error) {
	var m designer.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	sum := sha256.Sum256(program)
	ok := false
	for _, f := range m.Files {
		if f.Path == designer.ProgramFile {
			ok = f.SHA256 == hex.EncodeToString(sum[:])
		}
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", designer.ProgramFile, ErrCorrupt)
	}
	var p designer.Program
	if err := json.NewDecoder(bytes.NewReader(program)).Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", designer.ProgramFile, err)
	}
	msum := sha256.Sum256(manifest)
	h := hex.EncodeToString(msum[:])
	return &Bundle{Name: designer.BundleName(p.ID, p.Version, h), Hash: h, Manifest: m,
		Files: map[string][]byte{designer.ProgramFile: program}, Program: &p}, nil
}

// compareVersions orders two MAJOR.MINOR versions by their numbers.
func compareVersions(a, b string) int {
	am, an := splitVersion(a)
	bm, bn := splitVersion(b)
	return cmp.Or(cmp.Compare(am, bm), cmp.Compare(an, bn))
}

func splitVersion(v string) (major, minor int) {
	a, b, _ := strings.Cut(v, ".")
	major, _ = strconv.Atoi(a)
	minor, _ = strconv.Atoi(b)
	return major, minor
}
