//go:build !unix

package tenant

import "os"

// canWrite reports whether this process may write the file at path; a
// folder is taken to be writable, which opening the tenant then tests.
func canWrite(path string) bool {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return true
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}
