package core

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

func locationCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Location",
			Module:      modManagement,
			Aliases:     []string{"gl", "pwd"},
			Synopsis:    "Gets information about the current working location or a location stack.",
			Description: "Get-Location outputs the session's current folder as a PathInfo object, which converts to its path. $PWD holds the same.",
			Examples: []cmdlet.Example{
				{Code: "Get-Location", Remarks: "Shows the current folder."},
				{Code: "$out = Join-Path (Get-Location) 'report.csv'", Remarks: "Builds a path in the current folder."},
			},
			Process: func(c cmdlet.Call) error {
				return c.Write(interp.NewPathInfo(interp.Inner(c).Runner().Location()))
			},
		},
		{
			Name:        "Set-Location",
			Module:      modManagement,
			Aliases:     []string{"cd", "sl", "chdir"},
			Synopsis:    "Sets the current working location to a specified location.",
			Description: "Set-Location makes a folder the session's current folder, which relative paths resolve against from then on. Without a path it goes to the home folder.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The folder to go to; wildcards are allowed."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The folder to go to, taken as written."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the new location."},
			},
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "New-Item -ItemType Directory ./reports -Force | Out-Null\nSet-Location ./reports\ncd ..", Remarks: "Goes into a folder and back."},
			},
			Process: func(c cmdlet.Call) error {
				dir, err := locationTarget(c)
				if err != nil || dir == "" {
					return err
				}
				r := interp.Inner(c).Runner()
				r.SetLocation(dir)
				if c.Switch("PassThru") {
					return c.Write(interp.NewPathInfo(r.Location()))
				}
				return nil
			},
		},
		{
			Name:        "Push-Location",
			Module:      modManagement,
			Aliases:     []string{"pushd"},
			Synopsis:    "Adds the current location to the top of a location stack.",
			Description: "Push-Location keeps the current folder on the location stack and, given a path, goes there; Pop-Location comes back.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The folder to go to."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The folder to go to, taken as written."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the new location."},
			},
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "New-Item -ItemType Directory ./work -Force | Out-Null\nPush-Location ./work\nPop-Location", Remarks: "Works in a folder, then comes back."},
			},
			Process: func(c cmdlet.Call) error {
				r := interp.Inner(c).Runner()
				if !c.Bound("Path") && !c.Bound("LiteralPath") {
					r.PushLocation(r.Location())
					return nil
				}
				dir, err := locationTarget(c)
				if err != nil || dir == "" {
					return err
				}
				r.PushLocation(dir)
				if c.Switch("PassThru") {
					return c.Write(interp.NewPathInfo(r.Location()))
				}
				return nil
			},
		},
		{
			Name:        "Pop-Location",
			Module:      modManagement,
			Aliases:     []string{"popd"},
			Synopsis:    "Changes the current location to the location most recently pushed onto the stack.",
			Description: "Pop-Location goes back to the folder Push-Location kept last. With an empty stack it does nothing.",
			Params: []*cmdlet.Param{
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the new location."},
			},
			Examples: []cmdlet.Example{
				{Code: "Push-Location .\nPop-Location", Remarks: "Comes back to the folder kept."},
			},
			Process: func(c cmdlet.Call) error {
				r := interp.Inner(c).Runner()
				if r.PopLocation() && c.Switch("PassThru") {
					return c.Write(interp.NewPathInfo(r.Location()))
				}
				return nil
			},
		},
	}
}

// locationTarget is the folder Set-Location and Push-Location go to: the
// path given (the one match of a wildcard), or home. A path that is not
// a folder is reported and gives "".
func locationTarget(c cmdlet.Call) (string, error) {
	p, literal := c.String("Path"), c.Bound("LiteralPath")
	if literal {
		p = c.String("LiteralPath")
	}
	if p == "" && !literal {
		home, _ := os.UserHomeDir()
		return home, nil
	}
	full := c.Path(p)
	if !literal && hasWildcard(p) {
		if m := globPath(full, true); len(m) > 0 {
			full = m[0]
		}
	}
	if st, err := os.Stat(full); err != nil || !st.IsDir() {
		return "", c.WriteError(PathNotFound(c.Cmdlet().Name, full))
	}
	return full, nil
}

func pathCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Join-Path",
			Module:      modManagement,
			Synopsis:    "Combines a path and a child path into a single path.",
			Description: "Join-Path joins a path and child paths with the path separator, a backslash counting as one. The paths need not exist unless -Resolve is given, which outputs the full paths of the matches.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"PSPath"}, Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The main paths."},
				{Name: "ChildPath", Type: cmdlet.String, Position: 2, ValueFromPipelineByPropertyName: true, Help: "The path to add to each main path."},
				{Name: "AdditionalChildPath", Type: cmdlet.Strings, Position: 3, ValueFromRemainingArguments: true, Help: "More paths to add, in order."},
				{Name: "Resolve", Type: cmdlet.Switch, Help: "Outputs the full paths of the items the joined path names."},
			},
			Examples: []cmdlet.Example{
				{Code: "Join-Path $PWD 'users.csv'", Remarks: "The full path of a file in the current folder."},
				{Code: "Join-Path 'reports' '2024' 'licenses.csv'", Remarks: "Joins several parts."},
			},
			Process: joinPath,
		},
		{
			Name:        "Split-Path",
			Module:      modManagement,
			Synopsis:    "Returns the specified part of a path.",
			Description: "Split-Path returns the folder part of a path (-Parent, the default), its last part (-Leaf), that without the extension (-LeafBase), the extension (-Extension), the drive (-Qualifier) or whether it is absolute (-IsAbsolute). A backslash counts as a separator.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The paths to split."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, ValueFromPipelineByPropertyName: true, Help: "The paths to split, taken as written."},
				{Name: "Parent", Type: cmdlet.Switch, Help: "Returns the folder part (the default)."},
				{Name: "Leaf", Type: cmdlet.Switch, Help: "Returns the last part."},
				{Name: "LeafBase", Type: cmdlet.Switch, Help: "Returns the last part without its extension."},
				{Name: "Extension", Type: cmdlet.Switch, Help: "Returns the extension of the last part, with its dot."},
				{Name: "Qualifier", Type: cmdlet.Switch, Help: "Returns the drive, such as C:."},
				{Name: "NoQualifier", Type: cmdlet.Switch, Help: "Returns the path without its drive."},
				{Name: "IsAbsolute", Type: cmdlet.Switch, Help: "Returns whether the path is absolute."},
				{Name: "Resolve", Type: cmdlet.Switch, Help: "Resolves the path first and splits each match."},
			},
			Examples: []cmdlet.Example{
				{Code: "Split-Path -Path './reports/licenses.csv' -Leaf", Remarks: "The file name: licenses.csv."},
				{Code: "$dir = Split-Path $PSCommandPath -Parent", Remarks: "The folder of the running script."},
			},
			Process: splitPath,
		},
		{
			Name:        "Resolve-Path",
			Module:      modManagement,
			Aliases:     []string{"rvpa"},
			Synopsis:    "Resolves the wildcard characters in a path, and displays the path contents.",
			Description: "Resolve-Path outputs the full path of each item a path names, as a PathInfo, or relative to the current folder with -Relative. A path that names nothing is an error.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The paths to resolve; wildcards are allowed."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The paths to resolve, taken as written."},
				{Name: "Relative", Type: cmdlet.Switch, Help: "Outputs paths relative to the current folder."},
			},
			DefaultParameterSet: "Path",
			Examples: []cmdlet.Example{
				{Code: "Resolve-Path ./users.csv", Remarks: "The full path of a file."},
				{Code: "Resolve-Path *.csv -Relative", Remarks: "The CSV files of the current folder, as relative paths."},
			},
			Process: resolvePath,
		},
	}
}

// slashed is a path with backslashes as separators, as on Windows.
func slashed(p string) string {
	if filepath.Separator == '/' {
		return strings.ReplaceAll(p, `\`, "/")
	}
	return p
}

func joinPath(c cmdlet.Call) error {
	children := append([]string{c.String("ChildPath")}, c.Strings("AdditionalChildPath")...)
	for _, p := range c.Strings("Path") {
		joined := slashed(p)
		for _, child := range children {
			child = slashed(child)
			if child == "" {
				continue
			}
			if joined == "" {
				joined = child
				continue
			}
			joined = strings.TrimRight(joined, "/") + "/" + strings.TrimLeft(child, "/")
		}
		if !c.Switch("Resolve") {
			if err := c.Write(joined); err != nil {
				return err
			}
			continue
		}
		if err := writeResolved(c, joined, false, true); err != nil {
			return err
		}
	}
	return nil
}

// writeResolved outputs the paths of what a path names, as PathInfo
// objects or, for Join-Path, strings, or reports that it names nothing.
// Resolve-Path -Relative gives them relative to the current folder.
func writeResolved(c cmdlet.Call, p string, literal, asText bool) error {
	relative := c.Cmdlet().Param("Relative") != nil && c.Switch("Relative")
	full := c.Path(p)
	matches := []string{full}
	if !literal && hasWildcard(p) {
		matches = globPath(full, false)
	} else if _, err := os.Lstat(full); err != nil {
		matches = nil
	}
	if len(matches) == 0 {
		return c.WriteError(PathNotFound(c.Cmdlet().Name, full))
	}
	for _, m := range matches {
		var out any = interp.NewPathInfo(m)
		if asText {
			out = m
		}
		if relative {
			rel, err := filepath.Rel(interp.Inner(c).Runner().Location(), m)
			if err != nil {
				rel = m
			} else if !strings.HasPrefix(rel, "..") {
				rel = "." + string(filepath.Separator) + rel
			}
			out = rel
		}
		if err := c.Write(out); err != nil {
			return err
		}
	}
	return nil
}

func resolvePath(c cmdlet.Call) error {
	paths, literal := itemPaths(c)
	for _, p := range paths {
		if err := writeResolved(c, p, literal, false); err != nil {
			return err
		}
	}
	return nil
}

func splitPath(c cmdlet.Call) error {
	paths := c.Strings("Path")
	if c.Bound("LiteralPath") {
		paths = c.Strings("LiteralPath")
	}
	if c.Switch("Resolve") {
		var resolved []string
		for _, p := range paths {
			full := c.Path(p)
			m := []string{full}
			if hasWildcard(p) {
				m = globPath(full, false)
			}
			if _, err := os.Lstat(full); err != nil && !hasWildcard(p) || len(m) == 0 {
				if err := c.WriteError(PathNotFound(c.Cmdlet().Name, full)); err != nil {
					return err
				}
				continue
			}
			resolved = append(resolved, m...)
		}
		paths = resolved
	}
	for _, p := range paths {
		v, err := splitOne(c, p)
		if err != nil {
			if err := c.WriteError(err); err != nil {
				return err
			}
			continue
		}
		if err := c.Write(v); err != nil {
			return err
		}
	}
	return nil
}

// splitOne gives the part of one path Split-Path was asked for.
func splitOne(c cmdlet.Call, p string) (any, error) {
	s := slashed(p)
	qualifier := ""
	if interp.DrivePath(s) {
		qualifier, s = s[:2], s[2:]
	}
	trimmed := strings.TrimRight(s, "/")
	if trimmed == "" && s != "" {
		trimmed = "/"
	}
	leaf := trimmed
	if i := strings.LastIndexByte(trimmed, '/'); i >= 0 && trimmed != "/" {
		leaf = trimmed[i+1:]
	}
	switch {
	case c.Switch("IsAbsolute"):
		return strings.HasPrefix(s, "/") || qualifier != "", nil
	case c.Switch("Qualifier"):
		if qualifier == "" {
			rec := interp.NewError(CommandID("ParsePathFailed", c.Cmdlet().Name), "InvalidArgument", p,
				fmt.Sprintf("Cannot parse path because path '%s' does not have a qualifier specified.", p))
			rec.Exception.Type = "System.Management.Automation.PSArgumentException"
			return nil, rec
		}
		return qualifier, nil
	case c.Switch("NoQualifier"):
		return s, nil
	case c.Switch("Leaf"):
		if trimmed == "/" {
			return "", nil
		}
		return leaf, nil
	case c.Switch("LeafBase"):
		return strings.TrimSuffix(leaf, filepath.Ext(leaf)), nil
	case c.Switch("Extension"):
		return filepath.Ext(leaf), nil
	}
	i := strings.LastIndexByte(trimmed, '/')
	switch {
	case trimmed == "/" || i < 0:
		return "", nil
	case i == 0:
		return qualifier + "/", nil
	}
	return qualifier + trimmed[:i], nil
}
