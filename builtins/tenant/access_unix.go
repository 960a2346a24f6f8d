//go:build unix

package tenant

import "golang.org/x/sys/unix"

// canWrite reports whether this process may write the file or folder at
// path, as the system decides: its mode, its owner, a read-only mount.
func canWrite(path string) bool { return unix.Access(path, unix.W_OK) == nil }
