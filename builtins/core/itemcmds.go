package core

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func itemCmdlets() []*cmdlet.Cmdlet {
	pathParams := func(what string) []*cmdlet.Param {
		return []*cmdlet.Param{
			{Name: "Path", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The items to " + what + "; wildcards are allowed."},
			{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The items to " + what + ", taken as written."},
		}
	}
	filterParams := []*cmdlet.Param{
		{Name: "Filter", Type: cmdlet.String, Help: "A wildcard the names must match."},
		{Name: "Include", Type: cmdlet.Strings, Help: "Wildcards of the names to keep."},
		{Name: "Exclude", Type: cmdlet.Strings, Help: "Wildcards of the names to leave out."},
	}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "New-Item",
			Module:                modManagement,
			Aliases:               []string{"ni", "md", "mkdir"},
			Synopsis:              "Creates a new item.",
			Description:           "New-Item creates a file (with -Value as its text) or, with -ItemType Directory, a folder and the folders above it, and outputs it. An existing file or folder is an error unless -Force is given: -Force overwrites a file, keeps an existing folder and creates the missing folders above a new file. Called as md or mkdir it makes folders.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.Strings, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "Where to create the item; with -Name, the folder to create it in."},
				{Name: "Name", Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "The name of the new item, in -Path or the current folder."},
				{Name: "ItemType", Aliases: []string{"Type"}, Type: cmdlet.String, ValueFromPipelineByPropertyName: true, Help: "File (the default), Directory, SymbolicLink or HardLink."},
				{Name: "Value", Aliases: []string{"Target"}, Type: cmdlet.Object, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The text of a new file, or the target of a link."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Overwrites a file, accepts an existing folder and creates missing parent folders."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-Item -ItemType Directory -Path ./reports -Force | Out-Null", Remarks: "Makes sure a folder exists."},
				{Code: "New-Item ./log.txt -Value \"started`n\" -Force", Remarks: "Creates (or replaces) a file with a line of text."},
				{Code: "mkdir ./out | Out-Null", Remarks: "Makes a folder."},
			},
			Process: newItemCmd,
		},
		{
			Name:                  "Remove-Item",
			Module:                modManagement,
			Aliases:               []string{"rm", "del", "erase", "rd", "ri", "rmdir"},
			Synopsis:              "Deletes the specified items.",
			Description:           "Remove-Item deletes files and folders. A folder that is not empty needs -Recurse, or it is left as it is; a missing path is an error and the other paths are still removed. Read-only files need -Force. -WhatIf shows what would be deleted.",
			SupportsShouldProcess: true,
			Params: slices.Concat(pathParams("delete"), filterParams, []*cmdlet.Param{
				{Name: "Recurse", Aliases: []string{"r"}, Type: cmdlet.Switch, Help: "Deletes folders with everything in them."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Deletes read-only files and hidden items too."},
			}),
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "Remove-Item ./users.txt", Remarks: "Deletes a file."},
				{Code: "New-Item -ItemType Directory ./old | Out-Null\nRemove-Item ./old -Recurse -Force", Remarks: "Deletes a folder and its contents."},
			},
			Process: removeItem,
		},
		{
			Name:                  "Copy-Item",
			Module:                modManagement,
			Aliases:               []string{"copy", "cp", "cpi"},
			Synopsis:              "Copies an item from one location to another.",
			Description:           "Copy-Item copies files, and folders with -Recurse (without it, only the folder itself is made). A destination that is an existing folder receives the items; any other destination is the copy's path. Existing files are overwritten.",
			SupportsShouldProcess: true,
			Params: slices.Concat(pathParams("copy"), filterParams, []*cmdlet.Param{
				{Name: "Destination", Type: cmdlet.String, Position: 2, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "Where to copy to; the current folder by default."},
				{Name: "Recurse", Type: cmdlet.Switch, Help: "Copies folders with everything in them."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Overwrites read-only files."},
				{Name: "Container", Type: cmdlet.Switch, Help: "Accepted: folders are always kept."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the copies."},
			}),
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "Copy-Item ./users.csv ./users.bak.csv", Remarks: "Copies a file."},
				{Code: "New-Item -ItemType Directory ./archive | Out-Null\nCopy-Item ./*.csv ./archive", Remarks: "Copies the CSV files into a folder."},
			},
			Process: copyItem,
		},
		{
			Name:                  "Move-Item",
			Module:                modManagement,
			Aliases:               []string{"mi", "move", "mv"},
			Synopsis:              "Moves an item from one location to another.",
			Description:           "Move-Item moves files and folders. A destination that is an existing folder receives the items; any other destination is the new path. An existing file there is an error unless -Force is given.",
			SupportsShouldProcess: true,
			Params: slices.Concat(pathParams("move"), filterParams, []*cmdlet.Param{
				{Name: "Destination", Type: cmdlet.String, Position: 2, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "Where to move to; the current folder by default."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Replaces an existing file."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the moved items."},
			}),
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "New-Item -ItemType Directory ./done | Out-Null\nMove-Item ./leavers.csv ./done", Remarks: "Moves a processed list into a folder."},
			},
			Process: moveItem,
		},
		{
			Name:                  "Rename-Item",
			Module:                modManagement,
			Aliases:               []string{"ren", "rni"},
			Synopsis:              "Renames an item in a PowerShell provider namespace.",
			Description:           "Rename-Item gives a file or folder a new name in the same folder. The new name is a name, not a path.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"ByPath"}, Complete: cmdlet.CompletePath, Help: "The item to rename."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"ByLiteralPath"}, Complete: cmdlet.CompletePath, Help: "The item to rename, taken as written."},
				{Name: "NewName", Type: cmdlet.String, Position: 2, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The new name."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Renames read-only items too."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the renamed item."},
			},
			DefaultParameterSet: "ByPath",
			Examples: []cmdlet.Example{
				{Code: "Rename-Item ./users.csv users-done.csv", Remarks: "Renames a file."},
			},
			Process: renameItem,
		},
		{
			Name:        "Invoke-Item",
			Module:      modManagement,
			Aliases:     []string{"ii"},
			Synopsis:    "Performs the default action on the specified item.",
			Description: "Invoke-Item would open a file with the program the desktop associates with it. licsh runs without a desktop, so it reports that instead: read the file with Get-Content, Import-Csv or Import-Excel.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"LiteralPath", "PSPath", "LP"}, Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The files to open."},
			},
			Examples: []cmdlet.Example{
				{Code: "try { Invoke-Item ./users.csv -ErrorAction Stop } catch { $_.Exception.Message }", Remarks: "Would open the file in a spreadsheet program; licsh says why it cannot."},
			},
			Process: func(c cmdlet.Call) error {
				for _, p := range c.Strings("Path") {
					full := c.Path(p)
					rec := interp.NewError(CommandID("InvokeItemNotSupported", c.Cmdlet().Name), "NotImplemented", full,
						fmt.Sprintf("licsh cannot open '%s' with another program: it runs without a desktop. Read the file with Get-Content, Import-Csv or Import-Excel instead.", full))
					rec.Exception.Type = "System.NotSupportedException"
					if err := c.WriteError(rec); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
}

// fsError is an error of the file system provider, with its .NET type.
func fsError(cmd, id, category, exception, path, msg string) *interp.ErrorRecord {
	rec := interp.NewError(CommandID(id, cmd), category, path, msg)
	rec.Exception.Type = exception
	return rec
}

// partNotFound is .NET's error for a path whose folder does not exist.
func partNotFound(cmd, id, path string) *interp.ErrorRecord {
	return fsError(cmd, id, "WriteError", "System.IO.DirectoryNotFoundException", path,
		fmt.Sprintf("Could not find a part of the path '%s'.", path))
}

// fileExists is .NET's error for a file that is in the way.
func fileExists(cmd, id, path string) *interp.ErrorRecord {
	return fsError(cmd, id, "WriteError", "System.IO.IOException", path, fmt.Sprintf("The file '%s' already exists.", path))
}

func newItemCmd(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	kind := strings.ToLower(c.String("ItemType"))
	if kind == "" {
		kind = "file"
		if inv := strings.ToLower(interp.Inner(c).InvocationName()); inv == "md" || inv == "mkdir" {
			kind = "directory"
		}
	}
	paths := c.Strings("Path")
	if len(paths) == 0 {
		if !c.Bound("Name") {
			return interp.NewError(CommandID("MissingMandatoryParameter", name), "InvalidArgument", nil,
				"Cannot process command because of one or more missing mandatory parameters: Path.")
		}
		paths = []string{"."}
	}
	for _, p := range paths {
		full := c.Path(p)
		if c.Bound("Name") {
			full = c.Path(filepath.Join(full, c.String("Name")))
		}
		err := createItem(c, kind, full)
		if err != nil {
			var rec *interp.ErrorRecord
			if !errors.As(err, &rec) {
				return err
			}
			if err := c.WriteError(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// createItem makes one item of the kind New-Item was asked for and
// outputs it.
func createItem(c cmdlet.Call, kind, full string) error {
	name, force := c.Cmdlet().Name, c.Switch("Force")
	var action string
	switch kind {
	case "file":
		action = "Create File"
	case "directory", "container":
		action = "Create Directory"
	case "symboliclink":
		action = "Create Symbolic Link"
	case "hardlink":
		action = "Create Hard Link"
	default:
		return argumentError(name, "Argument", `The type is not a known type for the file system. Only "file","directory" or "symboliclink" can be specified.`, kind)
	}
	if action == "Create Directory" {
		if st, err := os.Stat(full); err == nil && st.IsDir() && !force {
			return fsError(name, "DirectoryExist", "ResourceExists", "System.IO.IOException", full,
				fmt.Sprintf("An item with the specified name %s already exists.", full))
		}
	}
	ok, err := c.ShouldProcess("Destination: "+full, action)
	if err != nil || !ok {
		return err
	}
	parent := filepath.Dir(full)
	if _, err := os.Stat(parent); err != nil && action != "Create Directory" {
		if !force {
			return partNotFound(name, "NewItemIOError", full)
		}
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return IOError(name, full, err)
		}
	}
	switch action {
	case "Create Directory":
		if err := os.MkdirAll(full, 0o755); err != nil {
			return fsError(name, "CreateDirectoryIOError", "WriteError", "System.IO.IOException", full, err.Error())
		}
	case "Create File":
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if force {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(full, flags, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return fileExists(name, "NewItemIOError", full)
		}
		if err != nil {
			return fsError(name, "NewItemIOError", "WriteError", "System.IO.IOException", full, err.Error())
		}
		if c.Get("Value") != nil {
			_, err = io.WriteString(f, value.ToString(c.Get("Value")))
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return IOError(name, full, err)
		}
	default:
		target := c.String("Value")
		if target == "" {
			return argumentError(name, "ArgumentNull", "Value cannot be null. (Parameter 'value')", nil)
		}
		if force {
			os.Remove(full)
		}
		link := os.Symlink
		if action == "Create Hard Link" {
			link = os.Link
			target = c.Path(target)
		}
		if err := link(target, full); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fsError(name, "SymLinkExists", "ResourceExists", "System.IO.IOException", full,
					fmt.Sprintf("Cannot create link because the path already exists: %s.", full))
			}
			return IOError(name, full, err)
		}
	}
	it, err := newItem(full)
	if err != nil {
		return IOError(name, full, err)
	}
	return c.Write(it)
}

// filtered keeps the items whose names pass -Filter, -Include and
// -Exclude.
func filtered(c cmdlet.Call, items []*Item) []*Item {
	l := &listing{filter: c.String("Filter"), include: c.Strings("Include"), exclude: c.Strings("Exclude"), force: true}
	return slices.DeleteFunc(items, func(it *Item) bool { return !l.keep(it) })
}

// eachItem runs fn on every item the -Path or -LiteralPath values name,
// reporting a missing path and going on with the others.
func eachItem(c cmdlet.Call, fn func(it *Item) error) error {
	paths, literal := itemPaths(c)
	for _, p := range paths {
		items, err := resolveItems(c, p, literal, c.Switch("Force"))
		if err != nil {
			if err := c.WriteError(err); err != nil {
				return err
			}
			continue
		}
		for _, it := range filtered(c, items) {
			if err := fn(it); err != nil {
				var rec *interp.ErrorRecord
				if !errors.As(err, &rec) {
					return err
				}
				if err := c.WriteError(rec); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func removeItem(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	return eachItem(c, func(it *Item) error {
		action := "Remove File"
		if it.IsDir() && it.info.Mode()&fs.ModeSymlink == 0 {
			action = "Remove Directory"
			entries, err := os.ReadDir(it.path)
			if err != nil {
				return accessError(name, it.path, err)
			}
			if len(entries) > 0 && !c.Switch("Recurse") && !c.WhatIf() {
				ok, err := confirmChildren(c, it.path)
				if err != nil || !ok {
					return err
				}
			}
		} else if it.readOnly() && !c.Switch("Force") {
			return fsError(name, "RemoveFileSystemItemUnAuthorizedAccess", "PermissionDenied", "System.IO.IOException", it.path,
				"You do not have sufficient access rights to perform this operation or the item is hidden, system, or read only.")
		}
		ok, err := c.ShouldProcess(it.path, action)
		if err != nil || !ok {
			return err
		}
		if err := os.RemoveAll(it.path); err != nil {
			return fsError(name, "RemoveFileSystemItemIOError", "WriteError", "System.IO.IOException", it.path,
				fmt.Sprintf("Cannot remove item %s: %s", it.path, err))
		}
		return nil
	})
}

// confirmChildren asks, as pwsh does, before removing a folder that has
// items when -Recurse was not given. With nobody to ask, the folder is
// left as it is and the error says what to add.
func confirmChildren(c cmdlet.Call, path string) (bool, error) {
	msg := fmt.Sprintf("The item at %s has children and the Recurse parameter was not specified.", path)
	host := interp.Inner(c).Host()
	if !host.Interactive {
		return false, fsError(c.Cmdlet().Name, "RemoveItemWithChildren", "InvalidOperation", "System.Management.Automation.PSInvalidOperationException", path,
			msg+" Nothing was removed: add -Recurse to remove the folder with everything in it.")
	}
	prompt := "\nConfirm\n" + msg + " If you continue, all children will be removed with the item. Are you sure you want to continue?\n" +
		"[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"): "
	answer, err := host.ReadLine(prompt, false)
	if err != nil {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "", "y", "a":
		return true, nil
	}
	return false, nil
}

// destination is where an item goes: into the destination when that is an
// existing folder, else the destination itself.
func destination(c cmdlet.Call, it *Item) string {
	dest := c.Path(c.String("Destination"))
	if !c.Bound("Destination") {
		dest = interp.Inner(c).Runner().Location()
	}
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		return filepath.Join(dest, it.Name())
	}
	return dest
}

func copyItem(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	return eachItem(c, func(it *Item) error {
		target := destination(c, it)
		action := "Copy File"
		if it.IsDir() {
			action = "Copy Directory"
		}
		if target == it.path {
			return fsError(name, "CopyError", "WriteError", "System.IO.IOException", it.path,
				fmt.Sprintf("Cannot overwrite the item %s with itself.", it.path))
		}
		if it.IsDir() && strings.HasPrefix(target, it.path+string(filepath.Separator)) {
			return fsError(name, "CopyError", "WriteError", "System.IO.IOException", target,
				fmt.Sprintf("Destination path cannot be a subdirectory of the source: %s.", target))
		}
		ok, err := c.ShouldProcess(fmt.Sprintf("Item: %s Destination: %s", it.path, target), action)
		if err != nil || !ok {
			return err
		}
		if _, err := os.Stat(filepath.Dir(target)); err != nil {
			return partNotFound(name, "CopyDirectoryInfoItemIOError", target)
		}
		if it.IsDir() {
			err = copyTree(it.path, target, c.Switch("Recurse"))
		} else {
			err = copyFile(it.path, target, c.Switch("Force"))
		}
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return fsError(name, "CopyFileInfoItemUnauthorizedAccessError", "PermissionDenied", "System.UnauthorizedAccessException", target,
					fmt.Sprintf("Access to the path '%s' is denied.", target))
			}
			return IOError(name, target, err)
		}
		return passThru(c, target)
	})
}

// passThru outputs the item at path when -PassThru was given.
func passThru(c cmdlet.Call, path string) error {
	if !c.Switch("PassThru") {
		return nil
	}
	it, err := newItem(path)
	if err != nil {
		return IOError(c.Cmdlet().Name, path, err)
	}
	return c.Write(it)
}

// copyFile copies a file's bytes and permissions; force replaces a
// read-only target.
func copyFile(src, dst string, force bool) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if force {
		if old, err := os.Stat(dst); err == nil && old.Mode().Perm()&0o200 == 0 {
			os.Chmod(dst, old.Mode().Perm()|0o200)
		}
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// copyTree makes the folder dst and, when recurse is set, copies into it
// everything src holds.
func copyTree(src, dst string, recurse bool) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if !recurse {
		return nil
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if e.IsDir() {
			err = copyTree(from, to, true)
		} else {
			err = copyFile(from, to, true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func moveItem(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	return eachItem(c, func(it *Item) error {
		target := destination(c, it)
		action := "Move File"
		if it.IsDir() {
			action = "Move Directory"
		}
		ok, err := c.ShouldProcess(fmt.Sprintf("Item: %s Destination: %s", it.path, target), action)
		if err != nil || !ok {
			return err
		}
		if _, err := os.Lstat(target); err == nil && target != it.path {
			if !c.Switch("Force") || it.IsDir() {
				return fileExists(name, "MoveFileInfoItemIOError", target)
			}
			if err := os.Remove(target); err != nil {
				return IOError(name, target, err)
			}
		}
		if _, err := os.Stat(filepath.Dir(target)); err != nil {
			return partNotFound(name, "MoveFileInfoItemIOError", target)
		}
		if err := os.Rename(it.path, target); err != nil {
			return IOError(name, target, err)
		}
		return passThru(c, target)
	})
}

func renameItem(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	p := c.String("Path")
	if c.Bound("LiteralPath") {
		p = c.String("LiteralPath")
	}
	full := c.Path(p)
	it, err := newItem(full)
	if err != nil {
		return c.WriteError(interp.NewError(CommandID("InvalidOperation", name), "InvalidOperation", p,
			fmt.Sprintf("Cannot rename because item at '%s' does not exist.", p)))
	}
	newName := c.String("NewName")
	for _, prefix := range []string{"./", `.\`} {
		newName = strings.TrimPrefix(newName, prefix)
	}
	if strings.ContainsAny(newName, `/\`) {
		if n := c.Path(newName); filepath.Dir(n) == filepath.Dir(full) {
			newName = filepath.Base(n)
		} else {
			return c.WriteError(argumentError(name, "RenameItemArgumentError",
				"Cannot rename the specified target, because it represents a path or device name.", full))
		}
	}
	target := filepath.Join(filepath.Dir(full), newName)
	action := "Rename File"
	if it.IsDir() {
		action = "Rename Directory"
	}
	ok, err := c.ShouldProcess(fmt.Sprintf("Item: %s Destination: %s", full, target), action)
	if err != nil || !ok {
		return err
	}
	if _, err := os.Lstat(target); err == nil && !strings.EqualFold(target, full) {
		if it.IsDir() {
			return c.WriteError(fsError(name, "RenameItemIOError", "WriteError", "System.IO.IOException", full,
				fmt.Sprintf("Cannot create '%s' because a file or directory with the same name already exists.", target)))
		}
		return c.WriteError(fileExists(name, "RenameItemIOError", target))
	}
	if err := os.Rename(full, target); err != nil {
		return c.WriteError(IOError(name, full, err))
	}
	return passThru(c, target)
}
