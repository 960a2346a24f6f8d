package core

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func childItemCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-ChildItem",
			Module:      modManagement,
			Aliases:     []string{"gci", "ls", "dir"},
			Synopsis:    "Gets the items and child items in one or more specified locations.",
			Description: "Get-ChildItem lists the files and folders in a folder (the current one by default), folders first, as FileInfo and DirectoryInfo objects. -Recurse goes into subfolders (-Depth limits how far), -Filter, -Include and -Exclude keep names that match wildcards, -File and -Directory keep one kind, -Name outputs the names only. Names starting with a dot are hidden unless -Force is given.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Items"}, Complete: cmdlet.CompletePath, Help: "The folders or files to list; wildcards are allowed. The current folder by default."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralItems"}, Complete: cmdlet.CompletePath, Help: "The folders or files to list, taken as written."},
				{Name: "Filter", Type: cmdlet.String, Position: 2, Help: "A wildcard the names must match, such as *.csv."},
				{Name: "Include", Type: cmdlet.Strings, Help: "Wildcards of the names to keep."},
				{Name: "Exclude", Type: cmdlet.Strings, Help: "Wildcards of the names to leave out."},
				{Name: "Recurse", Aliases: []string{"s", "r"}, Type: cmdlet.Switch, Help: "Lists the subfolders' items too."},
				{Name: "Depth", Type: cmdlet.Int, Help: "How many levels of subfolders -Recurse goes into."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Lists hidden items (names starting with a dot) too."},
				{Name: "Name", Type: cmdlet.Switch, Help: "Outputs the names (relative paths with -Recurse) instead of objects."},
				{Name: "File", Aliases: []string{"af"}, Type: cmdlet.Switch, Help: "Lists files only."},
				{Name: "Directory", Aliases: []string{"ad", "d"}, Type: cmdlet.Switch, Help: "Lists folders only."},
				{Name: "Hidden", Aliases: []string{"ah", "h"}, Type: cmdlet.Switch, Help: "Lists hidden items only."},
			},
			DefaultParameterSet: "Items",
			Examples: []cmdlet.Example{
				{Code: "Get-ChildItem -Path . -Filter *.csv", Remarks: "Lists the CSV files of the current folder."},
				{Code: "Get-ChildItem *.csv -Recurse | ForEach-Object { Import-Csv $_.FullName }", Remarks: "Reads every CSV file of the folder and its subfolders."},
				{Code: "ls -Name", Remarks: "Lists the names of the items of the current folder."},
			},
			Process: getChildItem,
		},
		{
			Name:        "Get-Item",
			Module:      modManagement,
			Aliases:     []string{"gi"},
			Synopsis:    "Gets the item at the specified location.",
			Description: "Get-Item gets the file or folder at each path as a FileInfo or DirectoryInfo object, without listing a folder's contents. Wildcards are allowed; -Force includes hidden items in their matches.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The items to get; wildcards are allowed."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The items to get, taken as written."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Includes hidden items in wildcard matches."},
			},
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "(Get-Item ./users.csv).Length", Remarks: "The size of a file in bytes."},
				{Code: "Get-Item ./users.csv | Select-Object Name, LastWriteTime", Remarks: "When a file was last changed."},
			},
			Process: func(c cmdlet.Call) error {
				paths, literal := itemPaths(c)
				for _, p := range paths {
					items, err := resolveItems(c, p, literal, c.Switch("Force"))
					if err != nil {
						if err := c.WriteError(err); err != nil {
							return err
						}
						continue
					}
					for _, it := range items {
						if err := c.Write(it); err != nil {
							return err
						}
					}
				}
				return nil
			},
		},
	}
}

// itemPaths is what -Path or -LiteralPath gave; literal when the latter.
func itemPaths(c cmdlet.Call) ([]string, bool) {
	if c.Bound("LiteralPath") {
		return c.Strings("LiteralPath"), true
	}
	return c.Strings("Path"), false
}

// resolveItems finds the items a path names: with wildcards, every match
// (none is no error); without, the one item, or pwsh's error when it does
// not exist.
func resolveItems(c cmdlet.Call, p string, literal, force bool) ([]*Item, error) {
	full := c.Path(p)
	if literal || !hasWildcard(p) {
		it, err := newItem(full)
		if err != nil {
			return nil, PathNotFound(c.Cmdlet().Name, full)
		}
		return []*Item{it}, nil
	}
	var out []*Item
	for _, m := range globPath(full, force) {
		if it, err := newItem(m); err == nil {
			out = append(out, it)
		}
	}
	return out, nil
}

// globPath expands the wildcards of a full path, folder by folder, as
// pwsh does: case-insensitively, in name order, leaving out hidden names
// unless force is set or the pattern itself starts with a dot.
func globPath(full string, force bool) []string {
	parts := strings.Split(filepath.ToSlash(full), "/")
	paths := []string{"/"}
	if parts[0] != "" {
		paths = []string{parts[0]}
	}
	for _, part := range parts[1:] {
		if part == "" {
			continue
		}
		var next []string
		for _, dir := range paths {
			if !hasWildcard(part) {
				if _, err := os.Lstat(filepath.Join(dir, part)); err == nil {
					next = append(next, filepath.Join(dir, part))
				}
				continue
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range sortedNames(entries) {
				if strings.HasPrefix(e, ".") && !force && !strings.HasPrefix(part, ".") {
					continue
				}
				if value.Like(e, part, false) {
					next = append(next, filepath.Join(dir, e))
				}
			}
		}
		paths = next
	}
	return paths
}

// sortedNames are a folder's names in the order pwsh lists them.
func sortedNames(entries []fs.DirEntry) []string {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	slices.SortFunc(names, compareNames)
	return names
}

// compareNames orders names as Windows lists them: without regard to
// case, then by case.
func compareNames(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// listing is one Get-ChildItem run: what to keep and how deep to go.
type listing struct {
	c                     cmdlet.Call
	filter                string
	include, exclude      []string
	files, dirs, hidden   bool
	force, names, recurse bool
	depth                 int // levels below the first; -1 for no limit
}

func getChildItem(c cmdlet.Call) error {
	l := &listing{c: c, filter: c.String("Filter"), include: c.Strings("Include"), exclude: c.Strings("Exclude"),
		files: c.Switch("File"), dirs: c.Switch("Directory"), hidden: c.Switch("Hidden"), force: c.Switch("Force"),
		names: c.Switch("Name"), recurse: c.Switch("Recurse") || c.Bound("Depth"), depth: -1}
	if c.Bound("Depth") {
		l.depth = c.Int("Depth")
	}
	paths, literal := itemPaths(c)
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		if err := l.path(p, literal); err != nil {
			return err
		}
	}
	return nil
}

// path lists what one -Path names. With -Recurse a wildcard in the last
// part of the path is a filter on the whole tree (Get-ChildItem *.csv
// -Recurse), as in pwsh.
func (l *listing) path(p string, literal bool) error {
	full := l.c.Path(p)
	if !literal && hasWildcard(p) {
		if l.recurse && !hasWildcard(filepath.Dir(full)) {
			dir := filepath.Dir(full)
			tree := *l
			tree.include = append(slices.Clone(l.include), filepath.Base(full))
			return tree.folder(dir, dir, 0)
		}
		for _, m := range globPath(full, l.force) {
			it, err := newItem(m)
			if err != nil {
				continue
			}
			if err := l.emit(filepath.Dir(m), it); err != nil {
				return err
			}
		}
		return nil
	}
	it, err := newItem(full)
	if err != nil {
		return l.c.WriteError(PathNotFound(l.c.Cmdlet().Name, full))
	}
	if !it.IsDir() {
		return l.emit(filepath.Dir(full), it)
	}
	return l.folder(full, full, 0)
}

// folder lists a folder's items, folders first, then goes into the
// subfolders when recursing.
func (l *listing) folder(base, dir string, level int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return l.c.WriteError(accessError(l.c.Cmdlet().Name, dir, err))
	}
	var folders, files []*Item
	for _, name := range sortedNames(entries) {
		it, err := newItem(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		if it.IsDir() {
			folders = append(folders, it)
		} else {
			files = append(files, it)
		}
	}
	for _, it := range slices.Concat(folders, files) {
		if err := l.emit(base, it); err != nil {
			return err
		}
	}
	if !l.recurse || l.depth >= 0 && level >= l.depth {
		return nil
	}
	for _, sub := range folders {
		if sub.info.Mode()&fs.ModeSymlink != 0 || sub.hidden() && !l.force {
			continue
		}
		if err := l.folder(base, sub.path, level+1); err != nil {
			return err
		}
	}
	return nil
}

// emit writes an item that passes the filters: the object, or with -Name
// its path relative to the folder listed.
func (l *listing) emit(base string, it *Item) error {
	if !l.keep(it) {
		return nil
	}
	if l.names {
		rel, err := filepath.Rel(base, it.path)
		if err != nil {
			rel = it.Name()
		}
		return l.c.Write(rel)
	}
	return l.c.Write(it)
}

func (l *listing) keep(it *Item) bool {
	name := it.Name()
	switch {
	case l.hidden && !it.hidden(), !l.hidden && !l.force && it.hidden():
		return false
	case l.files && it.IsDir(), l.dirs && !it.IsDir():
		return false
	case l.filter != "" && !value.Like(name, l.filter, false):
		return false
	}
	if len(l.include) > 0 && !slices.ContainsFunc(l.include, func(p string) bool { return value.Like(name, p, false) }) {
		return false
	}
	return !slices.ContainsFunc(l.exclude, func(p string) bool { return value.Like(name, p, false) })
}

// accessError is .NET's error for a folder that cannot be read.
func accessError(cmdlet, path string, err error) *interp.ErrorRecord {
	if errors.Is(err, fs.ErrPermission) {
		rec := interp.NewError(CommandID("DirUnauthorizedAccessError", cmdlet), "PermissionDenied", path,
			fmt.Sprintf("Access to the path '%s' is denied.", path))
		rec.Exception.Type = "System.UnauthorizedAccessException"
		return rec
	}
	return IOError(cmdlet, path, err)
}
