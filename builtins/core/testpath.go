package core

import (
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"
)

func testPathCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Test-Path",
		Module:      modManagement,
		Synopsis:    "Determines whether all elements of a path exist.",
		Description: "Test-Path outputs $true when the path exists and $false when it does not, one answer per path. -PathType Leaf asks for a file, Container for a folder. Wildcards match as in other file cmdlets; -LiteralPath takes the path as written.",
		Params: []*cmdlet.Param{
			{Name: "Path", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Sets: []string{"Path"}, Complete: cmdlet.CompletePath, Help: "The paths to test; wildcards are allowed."},
			{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, Mandatory: true, ValueFromPipelineByPropertyName: true, Sets: []string{"LiteralPath"}, Complete: cmdlet.CompletePath, Help: "The paths to test, taken as written."},
			{Name: "PathType", Aliases: []string{"Type"}, Type: cmdlet.String, ValidateSet: []string{"Any", "Container", "Leaf"}, Help: "The kind of item to look for: Any, Container (a folder) or Leaf (a file)."},
			{Name: "IsValid", Type: cmdlet.Switch, Help: "Only checks that the path is well formed, not that it exists."},
		},
		DefaultParameterSet: "Path",
		Examples: []cmdlet.Example{
			{Code: "if (-not (Test-Path ./report.csv)) { 'no report yet' }", Remarks: "Checks for a file before reading it."},
			{Code: "Test-Path ./exports -PathType Container", Remarks: "Is ./exports a folder?"},
		},
		Process: func(c cmdlet.Call) error {
			paths, literal := c.Strings("Path"), false
			if c.Bound("LiteralPath") {
				paths, literal = c.Strings("LiteralPath"), true
			}
			for _, p := range paths {
				if err := c.Write(testPath(c, p, literal)); err != nil {
					return err
				}
			}
			return nil
		},
	}}
}

// testPath answers for one path: with wildcards, whether any match is of
// the kind asked for.
func testPath(c cmdlet.Call, p string, literal bool) bool {
	if strings.TrimSpace(p) == "" {
		return false
	}
	if c.Switch("IsValid") {
		return !strings.ContainsRune(p, 0)
	}
	full := c.Path(p)
	matches := []string{full}
	if !literal && strings.ContainsAny(p, "*?[") {
		var err error
		if matches, err = filepath.Glob(full); err != nil {
			return false
		}
	}
	for _, m := range matches {
		st, err := os.Stat(m)
		if err != nil {
			continue
		}
		switch strings.ToLower(c.String("PathType")) {
		case "leaf":
			if !st.IsDir() {
				return true
			}
		case "container":
			if st.IsDir() {
				return true
			}
		default:
			return true
		}
	}
	return false
}
