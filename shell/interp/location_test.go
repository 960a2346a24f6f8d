package interp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocation checks the session's current folder: relative paths,
// backslashes and provider paths resolve against it, Push and Pop move it,
// and $PWD follows.
func TestLocation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out strings.Builder
	r := New(&Host{Stdout: &out, Stderr: &out, Dir: dir}, NewRegistry())
	for _, tt := range []struct{ in, want string }{
		{`.\users.csv`, filepath.Join(dir, "users.csv")},
		{`..\out\report.csv`, filepath.Join(filepath.Dir(dir), "out", "report.csv")},
		{`Microsoft.PowerShell.Core\FileSystem::/tmp/x.csv`, "/tmp/x.csv"},
		{`FileSystem::in\a.csv`, filepath.Join(dir, "in", "a.csv")},
		{"/a/b/../c", "/a/c"},
		{"", ""},
	} {
		if got := r.resolvePath(tt.in); got != tt.want {
			t.Errorf("resolvePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	r.PushLocation("sub")
	if got := r.Location(); got != filepath.Join(dir, "sub") {
		t.Fatalf("after PushLocation: %q", got)
	}
	if got := r.resolvePath("a"); got != filepath.Join(dir, "sub", "a") {
		t.Errorf("a path after PushLocation resolves to %q", got)
	}
	r.RunString(context.Background(), "", `"$PWD"; $PWD.Path`, nil)
	if want := strings.Repeat(filepath.Join(dir, "sub")+"\n", 2); out.String() != want {
		t.Errorf("$PWD printed %q, want %q", out.String(), want)
	}
	if !r.PopLocation() || r.Location() != dir || r.PopLocation() {
		t.Errorf("PopLocation went to %q, or popped an empty stack", r.Location())
	}
}

func TestDrivePath(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{`C:\temp\x.csv`: true, "d:/x": true, "C:": true, "C:x": false, "/c:": false, "ab": false, "1:\\x": false} {
		if DrivePath(p) != want {
			t.Errorf("DrivePath(%q) = %v", p, !want)
		}
	}
	if msg := DriveNotFound(`C:\temp\x.csv`).Error(); !strings.Contains(msg, "A drive with the name 'C' does not exist.") || !strings.Contains(msg, `'.\x.csv'`) {
		t.Errorf("DriveNotFound: %s", msg)
	}
}
