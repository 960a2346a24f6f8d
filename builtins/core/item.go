package core

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/format"
	"licsh/shell/value"
)

// providerPrefix is what pwsh puts before a path in PSPath and
// PSParentPath; the session's path resolution takes it off again.
const providerPrefix = `Microsoft.PowerShell.Core\FileSystem::`

// Item is a file or folder as Get-ChildItem, Get-Item and New-Item write
// it: pwsh's FileInfo or DirectoryInfo, with the properties scripts read
// (Name, FullName, Length, LastWriteTime, Extension, BaseName, Mode,
// DirectoryName ...). It converts to its full path, so an item passed to a
// -Path parameter names its file.
type Item struct {
	path string
	info fs.FileInfo
}

// newItem reads the item at a full path; the error is os.Lstat's.
func newItem(path string) (*Item, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	return &Item{path: path, info: info}, nil
}

// IsDir reports whether the item is a folder (or a link to one).
func (it *Item) IsDir() bool {
	if it.info.Mode()&fs.ModeSymlink != 0 {
		st, err := os.Stat(it.path)
		return err == nil && st.IsDir()
	}
	return it.info.IsDir()
}

func (it *Item) String() string { return it.path }

// TypeNames is the .NET type scripts see.
func (it *Item) TypeNames() []string {
	if it.IsDir() {
		return []string{"System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object"}
	}
	return []string{"System.IO.FileInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object"}
}

// PropertyNames are the properties Select-Object * and Format-List * show,
// in pwsh's order.
func (it *Item) PropertyNames() []string {
	head := []string{"PSPath", "PSParentPath", "PSChildName", "PSIsContainer", "Mode", "ModeWithoutHardLink", "BaseName", "Target", "LinkType"}
	tail := []string{"FullName", "Extension", "Name", "Exists", "CreationTime", "CreationTimeUtc", "LastAccessTime", "LastAccessTimeUtc",
		"LastWriteTime", "LastWriteTimeUtc", "Attributes"}
	if it.IsDir() {
		return append(append(head, "Parent", "Root"), tail...)
	}
	return append(append(head, "Length", "DirectoryName", "Directory", "IsReadOnly"), tail...)
}

// Property answers a property by name, the view's text columns included.
func (it *Item) Property(name string) (any, bool) {
	name = strings.ToLower(name)
	dir := it.IsDir()
	mtime := it.info.ModTime().Local()
	switch name {
	case "pspath":
		return providerPrefix + it.path, true
	case "psparentpath":
		return providerPrefix + filepath.Dir(it.path), true
	case "pschildname", "name":
		return it.Name(), true
	case "psiscontainer":
		return dir, true
	case "mode", "modewithouthardlink":
		return it.mode(), true
	case "basename":
		if dir {
			return it.Name(), true
		}
		return strings.TrimSuffix(it.Name(), filepath.Ext(it.Name())), true
	case "target", "linktarget":
		if it.info.Mode()&fs.ModeSymlink == 0 {
			return nil, true
		}
		t, _ := os.Readlink(it.path)
		return t, true
	case "linktype":
		if it.info.Mode()&fs.ModeSymlink != 0 {
			return "SymbolicLink", true
		}
		return nil, true
	case "fullname":
		return it.path, true
	case "extension":
		return filepath.Ext(it.Name()), true
	case "exists":
		return true, true
	// Linux keeps no creation time that Go can read everywhere; .NET
	// falls back to the last change as well.
	case "creationtime", "lastaccesstime", "lastwritetime":
		return mtime, true
	case "creationtimeutc", "lastaccesstimeutc", "lastwritetimeutc":
		return it.info.ModTime().UTC(), true
	case "attributes":
		return it.attributes(), true
	case "unixmode":
		return unixMode(it.info.Mode()), true
	case "lastwritetimestring":
		return fmt.Sprintf("%10s %8s", mtime.Format("1/2/2006"), mtime.Format("3:04 PM")), true
	case "namestring":
		if t, _ := it.Property("Target"); t != nil {
			return it.Name() + " -> " + value.ToString(t), true
		}
		return it.Name(), true
	case "lengthstring":
		if dir {
			return "", true
		}
		return fmt.Sprint(it.info.Size()), true
	}
	if dir {
		switch name {
		case "parent":
			return dirItem(filepath.Dir(it.path)), true
		case "root":
			return dirItem(filepath.VolumeName(it.path) + string(filepath.Separator)), true
		}
		return nil, false
	}
	switch name {
	case "length":
		return it.info.Size(), true
	case "directoryname":
		return filepath.Dir(it.path), true
	case "directory":
		return dirItem(filepath.Dir(it.path)), true
	case "isreadonly":
		return it.readOnly(), true
	}
	return nil, false
}

// dirItem is the folder at path, or nil when it cannot be read.
func dirItem(path string) any {
	d, err := newItem(path)
	if err != nil {
		return nil
	}
	return d
}

// Name is the item's file name.
func (it *Item) Name() string { return filepath.Base(it.path) }

// hidden is .NET's Hidden attribute on Linux: a name starting with a dot.
func (it *Item) hidden() bool { return strings.HasPrefix(it.Name(), ".") }

// readOnly is .NET's ReadOnly attribute on Linux: nobody may write.
func (it *Item) readOnly() bool { return it.info.Mode().Perm()&0o222 == 0 }

// mode is pwsh's Mode text: one letter each for link or directory,
// archive, read-only, hidden and system.
func (it *Item) mode() string {
	m := []byte("-----")
	switch {
	case it.info.Mode()&fs.ModeSymlink != 0:
		m[0] = 'l'
	case it.info.IsDir():
		m[0] = 'd'
	}
	if it.readOnly() {
		m[2] = 'r'
	}
	if it.hidden() {
		m[3] = 'h'
	}
	return string(m)
}

// unixMode is pwsh's UnixMode property on Unix: the type and permissions
// as ls -l writes them, such as -rw------- or drwxr-xr-x.
func unixMode(m fs.FileMode) string {
	out := []byte("----------")
	switch {
	case m&fs.ModeDir != 0:
		out[0] = 'd'
	case m&fs.ModeSymlink != 0:
		out[0] = 'l'
	case m&fs.ModeNamedPipe != 0:
		out[0] = 'p'
	case m&fs.ModeSocket != 0:
		out[0] = 's'
	case m&fs.ModeCharDevice != 0:
		out[0] = 'c'
	case m&fs.ModeDevice != 0:
		out[0] = 'b'
	}
	for i, c := range "rwxrwxrwx" {
		if m.Perm()&(1<<(8-i)) != 0 {
			out[i+1] = byte(c)
		}
	}
	// The set-id and sticky bits show in the execute places: lower case
	// over an execute bit, upper case without one.
	special := func(at int, set bool, letter byte) {
		if !set {
			return
		}
		if out[at] == 'x' {
			out[at] = letter
		} else {
			out[at] = letter - 'a' + 'A'
		}
	}
	special(3, m&fs.ModeSetuid != 0, 's')
	special(6, m&fs.ModeSetgid != 0, 's')
	special(9, m&fs.ModeSticky != 0, 't')
	return string(out)
}

// attributes is the FileAttributes value as .NET prints it.
func (it *Item) attributes() string {
	var a []string
	if it.readOnly() {
		a = append(a, "ReadOnly")
	}
	if it.hidden() {
		a = append(a, "Hidden")
	}
	if it.info.IsDir() {
		a = append(a, "Directory")
	}
	if it.info.Mode()&fs.ModeSymlink != 0 {
		a = append(a, "ReparsePoint")
	}
	if len(a) == 0 {
		return "Normal"
	}
	return strings.Join(a, ", ")
}

// itemViews are pwsh's default displays of files and folders: a table
// grouped by folder, and the list Format-List shows.
func itemViews() []format.View {
	cols := []format.Column{
		{Label: "Mode", Width: 7, Align: "left"},
		{Label: "LastWriteTime", Width: 26, Align: "right"},
		{Label: "Length", Width: 14, Align: "right"},
		{Label: "Name", Align: "left"},
	}
	table := []string{"ModeWithoutHardLink", "LastWriteTimeString", "LengthString", "NameString"}
	group := func(v any) string {
		if it, ok := v.(*Item); ok {
			return "    Directory: " + filepath.Dir(it.path)
		}
		return ""
	}
	return []format.View{
		{TypeName: "System.IO.FileInfo", Table: table, Columns: cols, Group: group,
			List: []string{"Name", "Length", "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType", "Target"}},
		{TypeName: "System.IO.DirectoryInfo", Table: table, Columns: cols, Group: group,
			List: []string{"Name", "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType", "Target"}},
		{TypeName: "System.Management.Automation.PathInfo", Table: []string{"Path"}},
	}
}
