// Package bundle makes, writes and reads program bundles: the immutable,
// deterministic output of the compiler that the runtime serves.
//
// A bundle is a folder named <id>@<version>+<short hash> holding
// program.json, the rendered steps, media under content-hashed names, PDFs
// and manifest.json, which lists every other file with its size and
// SHA-256. The bundle's hash is the SHA-256 of manifest.json, so it covers
// every byte; the same content always gives the same bundle.
package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/stegvis/stegvis/designer"
)

// Bundle is a built program version.
type Bundle struct {
	// Name is <id>@<version>+<short hash>.
	Name string
	// Hash is the full SHA-256 of the manifest, in hex.
	Hash     string
	Manifest designer.Manifest
	// Files holds every file but manifest.json, by slash path.
	Files   map[string][]byte
	Program *designer.Program
	// Signature is signature.json of a signed bundle, nil for an unsigned
	// one. It signs the manifest, so the manifest does not list it and
	// the bundle's hash does not cover it; designer/sign verifies it.
	Signature []byte
}

// maxSignatureSize bounds signature.json, which holds a few short fields.
const maxSignatureSize = 4 << 10

// New makes a bundle of p from files, which must hold program.json and
// every file it refers to, and not manifest.json.
func New(p *designer.Program, files map[string][]byte) *Bundle {
	m := designer.Manifest{Schema: designer.SchemaVersion, Program: p.ID, Version: p.Version}
	paths := make([]string, 0, len(files))
	for name := range files {
		paths = append(paths, name)
	}
	slices.Sort(paths)
	for _, name := range paths {
		sum := sha256.Sum256(files[name])
		m.Files = append(m.Files, designer.BundleFile{Path: name, Size: int64(len(files[name])), SHA256: hex.EncodeToString(sum[:])})
	}
	mb := ManifestBytes(m)
	sum := sha256.Sum256(mb)
	h := hex.EncodeToString(sum[:])
	return &Bundle{Name: designer.BundleName(p.ID, p.Version, h), Hash: h, Manifest: m, Files: files, Program: p}
}

// ManifestBytes returns the manifest as written in a bundle.
func ManifestBytes(m designer.Manifest) []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("bundle: marshal manifest: %v", err)) // plain structs always marshal
	}
	return append(b, '\n')
}

// ProgramBytes returns p as written to program.json.
func ProgramBytes(p *designer.Program) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("marshal program.json: %w", err)
	}
	return buf.Bytes(), nil
}

// Size returns the total size of the bundle's files, manifest included.
func (b *Bundle) Size() int64 {
	n := int64(len(ManifestBytes(b.Manifest)))
	for _, f := range b.Manifest.Files {
		n += f.Size
	}
	return n
}

// WriteDir writes the bundle into parent as parent/<name>/ and returns that
// folder. A bundle is immutable: if the folder exists and holds the same
// bundle, nothing is written; if it holds anything else, that is an error.
// The folder appears whole or not at all: it is written beside and renamed.
func (b *Bundle) WriteDir(parent string) (string, error) {
	dir := filepath.Join(parent, b.Name)
	if _, err := os.Stat(dir); err == nil {
		old, err := ReadDir(dir)
		if err != nil {
			return "", fmt.Errorf("bundle %s exists but cannot be read (%w); remove the folder and build again", dir, err)
		}
		if old.Hash != b.Hash {
			return "", fmt.Errorf("bundle %s exists with other content; bundles never change, so remove it or bump the version", dir)
		}
		return dir, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".tmp-"+b.Name+"-")
	if err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	defer os.RemoveAll(tmp)
	write := func(name string, data []byte) error {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	for _, f := range b.Manifest.Files {
		if err := write(f.Path, b.Files[f.Path]); err != nil {
			return "", fmt.Errorf("write bundle %s: %w", b.Name, err)
		}
	}
	if err := write(designer.ManifestFile, ManifestBytes(b.Manifest)); err != nil {
		return "", fmt.Errorf("write bundle %s: %w", b.Name, err)
	}
	if b.Signature != nil {
		if err := write(designer.SignatureFile, b.Signature); err != nil {
			return "", fmt.Errorf("write bundle %s: %w", b.Name, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("write bundle %s: %w", b.Name, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", fmt.Errorf("write bundle %s: %w", b.Name, err)
	}
	return dir, nil
}

// ErrCorrupt means a bundle's files do not match its manifest.
var ErrCorrupt = errors.New("bundle does not match its manifest")

// ReadDir reads the bundle in dir and verifies every file against the
// manifest and the manifest against the folder's name.
func ReadDir(dir string) (*Bundle, error) {
	b, err := Read(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("read bundle %s: %w", dir, err)
	}
	if base := filepath.Base(dir); base != b.Name && designer.BundleName(b.Program.ID, b.Program.Version, b.Hash) != base {
		if _, _, _, perr := designer.ParseBundleName(base); perr == nil {
			return nil, fmt.Errorf("read bundle %s: the folder's name does not match its content (%s): %w", dir, b.Name, ErrCorrupt)
		}
	}
	return b, nil
}

// Read reads a bundle from the root of fsys and verifies it.
func Read(fsys fs.FS) (*Bundle, error) {
	mb, err := fs.ReadFile(fsys, designer.ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("no manifest: %w", err)
	}
	files := make(map[string][]byte)
	var m designer.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	for _, f := range m.Files {
		if !fs.ValidPath(f.Path) || path.Clean(f.Path) != f.Path || f.Path == designer.SignatureFile {
			return nil, fmt.Errorf("manifest lists %q, which is not a clean relative path: %w", f.Path, ErrCorrupt)
		}
		data, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(data)) != f.Size {
			return nil, fmt.Errorf("%s: %w", f.Path, ErrCorrupt)
		}
		files[f.Path] = data
	}
	b, err := FromFiles(files, mb)
	if err != nil {
		return nil, err
	}
	sig, err := fs.ReadFile(fsys, designer.SignatureFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", designer.SignatureFile, err)
	case len(sig) > maxSignatureSize:
		return nil, fmt.Errorf("%s is larger than %d bytes: %w", designer.SignatureFile, maxSignatureSize, ErrCorrupt)
	default:
		b.Signature = sig
	}
	return b, nil
}

// FromFiles makes a bundle from files already read (the manifest's bytes
// and the files it lists), checking every hash. The runtime uses it on
// bundles kept in its store.
func FromFiles(files map[string][]byte, manifest []byte) (*Bundle, error) {
	var m designer.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	for _, f := range m.Files {
		data, ok := files[f.Path]
		sum := sha256.Sum256(data)
		if !ok || hex.EncodeToString(sum[:]) != f.SHA256 {
			return nil, fmt.Errorf("%s: %w", f.Path, ErrCorrupt)
		}
	}
	var p designer.Program
	if err := json.Unmarshal(files[designer.ProgramFile], &p); err != nil {
		return nil, fmt.Errorf("program.json: %w", err)
	}
	if p.Schema > designer.SchemaVersion {
		return nil, fmt.Errorf("program.json has schema %d, newer than this stegvis reads (%d); upgrade stegvis", p.Schema, designer.SchemaVersion)
	}
	sum := sha256.Sum256(manifest)
	h := hex.EncodeToString(sum[:])
	return &Bundle{Name: designer.BundleName(p.ID, p.Version, h), Hash: h, Manifest: m, Files: files, Program: &p}, nil
}
