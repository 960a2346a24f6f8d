package interp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/value"
)

// Location is the session's current folder, which relative paths resolve
// against and $PWD shows; Set-Location changes it.
func (r *Runner) Location() string { return r.dir }

// SetLocation makes dir, resolved as a path the user gave, the session's
// current folder. It does not check that the folder exists: Set-Location
// does, with PowerShell's error.
func (r *Runner) SetLocation(dir string) { r.dir = r.resolvePath(dir) }

// PushLocation keeps the current folder on the location stack, for
// Pop-Location, and then moves to dir.
func (r *Runner) PushLocation(dir string) {
	r.locations = append(r.locations, r.dir)
	r.SetLocation(dir)
}

// PopLocation moves back to the folder PushLocation kept last; it reports
// false when the stack is empty.
func (r *Runner) PopLocation() bool {
	n := len(r.locations)
	if n == 0 {
		return false
	}
	r.dir = r.locations[n-1]
	r.locations = r.locations[:n-1]
	return true
}

// providerPrefixes are the provider qualifiers pwsh puts before a path
// (FileInfo.PSPath); a path that carries one is the same path.
var providerPrefixes = []string{`Microsoft.PowerShell.Core\FileSystem::`, "FileSystem::"}

// resolvePath turns a path a script gives into a full path of this
// system. Scripts written on Windows separate folders with a backslash
// (.\users.csv, $PSScriptRoot\in.csv); on Linux that is a separator too,
// as in pwsh. "~" is the home folder.
func (r *Runner) resolvePath(p string) string {
	if p == "" {
		return p
	}
	for _, prefix := range providerPrefixes {
		if len(p) >= len(prefix) && strings.EqualFold(p[:len(prefix)], prefix) {
			p = p[len(prefix):]
			break
		}
	}
	if filepath.Separator == '/' {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	switch {
	case p == "~":
		return r.home()
	case strings.HasPrefix(p, "~/"):
		if home := r.home(); home != "" {
			return filepath.Join(home, p[2:])
		}
	case filepath.IsAbs(p):
		return filepath.Clean(p)
	}
	return filepath.Join(r.dir, p)
}

// DrivePath reports whether p names a Windows drive (C:\temp\x.csv, D:),
// which a Linux system has none of.
func DrivePath(p string) bool {
	if len(p) < 2 || p[1] != ':' {
		return false
	}
	c := p[0] | 0x20
	return c >= 'a' && c <= 'z' && (len(p) == 2 || p[2] == '\\' || p[2] == '/')
}

// DriveNotFound is the error for a Windows drive path: pwsh's own text,
// then what to write instead, since a script written on Windows most often
// means a file beside it.
func DriveNotFound(p string) *ErrorRecord {
	leaf := p[2:]
	if i := strings.LastIndexAny(leaf, `\/`); i >= 0 {
		leaf = leaf[i+1:]
	}
	if leaf == "" {
		leaf = "file.csv"
	}
	rec := NewError("DriveNotFound", "ObjectNotFound", p[:1], fmt.Sprintf(
		"Cannot find drive. A drive with the name '%s' does not exist. The path '%s' is on a Windows drive, which licsh does not have: give a path relative to the current folder or the script instead, such as '.\\%s' or \"$PSScriptRoot\\%s\".",
		p[:1], p, leaf, leaf))
	rec.Exception.Type = "System.Management.Automation.DriveNotFoundException"
	return rec
}

// checkPaths refuses a path parameter's value that names a Windows drive.
func checkPaths(v any) error {
	items, ok := value.Enumerate(v)
	if !ok {
		items = []any{v}
	}
	for _, it := range items {
		if s, ok := it.(string); ok && DrivePath(s) {
			return DriveNotFound(s)
		}
	}
	return nil
}

// PathInfo is a folder as Get-Location, Resolve-Path and $PWD give it: it
// converts to its path, so "$PWD\out.csv" and Join-Path $PWD x work.
type PathInfo struct{ Path string }

// NewPathInfo returns the PathInfo of a full path.
func NewPathInfo(path string) *PathInfo { return &PathInfo{Path: path} }

func (p *PathInfo) String() string { return p.Path }

// TypeNames is the .NET type scripts see.
func (p *PathInfo) TypeNames() []string {
	return []string{"System.Management.Automation.PathInfo", "System.Object"}
}

// Property answers the properties pwsh's PathInfo has.
func (p *PathInfo) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "path", "providerpath":
		return p.Path, true
	case "drive":
		return "/", true
	case "provider":
		return `Microsoft.PowerShell.Core\FileSystem`, true
	}
	return nil, false
}

// PropertyNames lists them in pwsh's order.
func (p *PathInfo) PropertyNames() []string {
	return []string{"Drive", "Provider", "ProviderPath", "Path"}
}

// startDir is the folder a session starts in: the host's, or the process's.
func startDir(h *Host) string {
	if h.Dir != "" {
		return h.Dir
	}
	d, _ := os.Getwd()
	return d
}
