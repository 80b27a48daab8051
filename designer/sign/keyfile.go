package sign

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The names of a publisher key's files in the folder stegvis keys new
// writes.
const (
	PrivateFile = "publisher.key"
	PublicFile  = "publisher.pub"
)

// WriteKeyFiles writes priv to dir/publisher.key (mode 0600) and its
// public key to dir/publisher.pub, making dir (mode 0700) if needed. It
// never overwrites a key: a lost private key cannot be made again, and
// bundles signed with it name it.
func WriteKeyFiles(dir string, priv ed25519.PrivateKey) (privPath, pubPath string, err error) {
	privPEM, err := MarshalPrivate(priv)
	if err != nil {
		return "", "", err
	}
	pubPEM, err := MarshalPublic(priv.Public().(ed25519.PublicKey))
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("write key: %w", err)
	}
	privPath, pubPath = filepath.Join(dir, PrivateFile), filepath.Join(dir, PublicFile)
	for _, p := range []string{privPath, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			return "", "", fmt.Errorf("write key: %w", &os.PathError{Op: "create", Path: p, Err: os.ErrExist})
		}
	}
	if err := writeNew(privPath, privPEM, 0o600); err != nil {
		return "", "", err
	}
	if err := writeNew(pubPath, pubPEM, 0o644); err != nil {
		return "", "", err
	}
	return privPath, pubPath, nil
}

// writeNew writes a file that must not exist, with mode perm from the start.
func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	return nil
}

// ReadPrivateFile reads a private key file. It refuses a file that others
// than its owner may read, as ssh does, since anyone who reads the key
// can publish as the region.
func ReadPrivateFile(path string) (ed25519.PrivateKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("read key %s: others than its owner may read it (mode %04o); chmod 600 it", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	priv, err := ParsePrivate(data)
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	return priv, nil
}

// GitWorkTree returns the root of the Git work tree that holds dir (or
// would hold it, were it made), or "" when there is none. A private key
// committed by mistake is published for good, so stegvis keys new will
// not write one there.
func GitWorkTree(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find git work tree: %w", err)
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("find git work tree: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}
