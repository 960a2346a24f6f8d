package core

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func contentCmdlets() []*cmdlet.Cmdlet {
	pathParam := func(help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "Path", Aliases: []string{"PSPath", "LP", "LiteralPath"}, Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: help}
	}
	writeParams := func(verb string) []*cmdlet.Param {
		return []*cmdlet.Param{
			pathParam("The files to " + verb + "."),
			{Name: "Value", Type: cmdlet.Objects, Position: 2, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The lines to write; each object's text is one line."},
			{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The file's encoding; utf8 without a byte order mark by default."},
			{Name: "NoNewline", Type: cmdlet.Switch, Help: "Writes the values without newlines between or after them."},
			{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the values written."},
			{Name: "Force", Type: cmdlet.Switch, Help: "Writes even to a read-only file."},
		}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Content",
			Module:      modManagement,
			Aliases:     []string{"gc", "cat", "type"},
			Synopsis:    "Gets the content of the item at the specified location.",
			Description: "Get-Content reads a text file and outputs its lines one by one, or the whole text as one string with -Raw. -TotalCount reads only the first lines, -Tail only the last ones.",
			Params: []*cmdlet.Param{
				pathParam("The files to read; wildcards are allowed."),
				{Name: "Raw", Type: cmdlet.Switch, Help: "Outputs the whole text as one string, newlines kept."},
				{Name: "TotalCount", Aliases: []string{"First", "Head"}, Type: cmdlet.Long, Help: "How many lines to read from the start."},
				{Name: "Tail", Aliases: []string{"Last"}, Type: cmdlet.Int, Help: "How many lines to read from the end."},
				{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The file's encoding; a byte order mark is detected whatever this says."},
				{Name: "ReadCount", Type: cmdlet.Long, Help: "Accepted; lines are always sent one at a time."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Content ./users.txt | ForEach-Object { Set-UserLicense $_ -AddLicenses SPE_E3 }", Remarks: "Licenses the users listed in a file, one per line."},
				{Code: "Get-Content ./settings.json -Raw | ConvertFrom-Json", Remarks: "Reads a JSON file."},
			},
			Process: getContent,
		},
		{
			Name:                  "Set-Content",
			Module:                modManagement,
			Aliases:               []string{"sc"},
			Synopsis:              "Writes new content or replaces existing content in a file.",
			Description:           "Set-Content replaces the file's content with the values, one line each.",
			SupportsShouldProcess: true,
			Params:                writeParams("write"),
			Examples:              []cmdlet.Example{{Code: "Set-Content ./note.txt 'Licenses reviewed'", Remarks: "Writes one line to the file."}},
			Process:               CollectInput("Value"),
			End:                   func(c cmdlet.Call) error { return writeContent(c, false) },
		},
		{
			Name:                  "Add-Content",
			Module:                modManagement,
			Aliases:               []string{"ac"},
			Synopsis:              "Adds content to the specified items, such as adding words to a file.",
			Description:           "Add-Content appends the values to the end of the file, one line each, creating the file when it does not exist.",
			SupportsShouldProcess: true,
			Params:                writeParams("add to"),
			Examples:              []cmdlet.Example{{Code: "Add-Content ./log.txt \"$(Get-Date -Format s) done\"", Remarks: "Appends a line to a log."}},
			Process:               CollectInput("Value"),
			End:                   func(c cmdlet.Call) error { return writeContent(c, true) },
		},
		{
			Name:                  "Out-File",
			Module:                modUtility,
			Synopsis:              "Sends output to a file.",
			Description:           "Out-File writes its input to a file formatted as the console would show it.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "FilePath", Aliases: []string{"Path", "LiteralPath", "PSPath", "LP"}, Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The file to write."},
				{Name: "Encoding", Type: cmdlet.String, Position: 2, ValidateSet: encodingNames, Help: "The file's encoding; utf8 without a byte order mark by default."},
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to write."},
				{Name: "Append", Type: cmdlet.Switch, Help: "Adds to the end of the file."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Overwrites a read-only file."},
				{Name: "NoClobber", Aliases: []string{"NoOverwrite"}, Type: cmdlet.Switch, Help: "Does not overwrite an existing file."},
				{Name: "Width", Type: cmdlet.Int, Help: "The line width; the console's by default."},
				{Name: "NoNewline", Type: cmdlet.Switch, Help: "Leaves out the newlines."},
			},
			Examples: []cmdlet.Example{{Code: "Get-License | Out-File ./licenses.txt", Remarks: "Saves the licenses table as text."}},
			Process:  CollectInput("InputObject"),
			End:      outFile,
		},
	}
}

// contentPaths resolves -Path: wildcards expand to the files they match.
func contentPaths(c cmdlet.Call) []string {
	var out []string
	for _, p := range c.Strings("Path") {
		full := c.Path(p)
		if strings.ContainsAny(p, "*?[") {
			matches, _ := filepath.Glob(full)
			out = append(out, matches...)
			continue
		}
		out = append(out, full)
	}
	return out
}

func getContent(c cmdlet.Call) error {
	for _, path := range contentPaths(c) {
		err := readContent(c, path)
		var rf readFailure
		if errors.As(err, &rf) {
			err = c.WriteError(rf.ErrorRecord)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readFailure is an error reading one file: reported, it does not stop
// the reading of the others.
type readFailure struct{ *interp.ErrorRecord }

func readContent(c cmdlet.Call, path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return readFailure{PathNotFound(c.Cmdlet().Name, path)}
		}
		return readFailure{IOError(c.Cmdlet().Name, path, err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return readFailure{interp.NewError(CommandID("GetContentReaderUnauthorizedAccessError", c.Cmdlet().Name), "PermissionDenied", path,
			fmt.Sprintf("Unable to get content because it is a directory: '%s'. Please use 'Get-ChildItem' instead.", path))}
	}
	r := TextReader(f, c.String("Encoding"))
	if c.Switch("Raw") {
		data, err := io.ReadAll(r)
		if err != nil {
			return readFailure{IOError(c.Cmdlet().Name, path, err)}
		}
		if len(data) == 0 {
			return nil
		}
		return c.Write(string(data))
	}
	total := -1
	if c.Bound("TotalCount") {
		total = c.Int("TotalCount")
	}
	tail := -1
	if c.Bound("Tail") {
		tail = c.Int("Tail")
	}
	var held []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<30)
	for n := 0; total < 0 || n < total; n++ {
		if !sc.Scan() {
			break
		}
		line := strings.TrimSuffix(sc.Text(), "\r")
		if tail >= 0 {
			held = append(held, line)
			if len(held) > tail {
				held = held[1:]
			}
			continue
		}
		if err := c.Write(line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return readFailure{IOError(c.Cmdlet().Name, path, err)}
	}
	for _, line := range held {
		if err := c.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// writeContent is Set-Content and Add-Content: each value's text on its
// own line.
func writeContent(c cmdlet.Call, appendTo bool) error {
	items, _ := c.State().([]any)
	var lines []string
	for _, it := range items {
		for _, v := range asList(it) {
			lines = append(lines, value.ToString(v))
		}
	}
	text := strings.Join(lines, "\n") + "\n"
	if c.Switch("NoNewline") {
		text = strings.Join(lines, "")
	}
	action := "Set Content"
	if appendTo {
		action = "Add Content"
	}
	for _, path := range contentPaths(c) {
		ok, err := c.ShouldProcess("Path: "+path, action)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := writeText(c, path, text, appendTo, c.String("Encoding")); err != nil {
			if werr := c.WriteError(err); werr != nil {
				return werr
			}
			continue
		}
		if c.Switch("PassThru") {
			for _, l := range lines {
				if err := c.Write(l); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func outFile(c cmdlet.Call) error {
	path := c.Path(c.String("FilePath"))
	ok, err := c.ShouldProcess(path, "Output to File")
	if err != nil || !ok {
		return err
	}
	if c.Switch("NoClobber") && !c.Switch("Append") {
		if _, err := os.Stat(path); err == nil {
			return interp.NewError(CommandID("NoClobber", c.Cmdlet().Name), "ResourceExists", path,
				fmt.Sprintf("The file '%s' already exists.", path))
		}
	}
	items, _ := c.State().([]any)
	text := format.String(items, width(c), interp.Inner(c).Views())
	if c.Switch("NoNewline") {
		text = strings.ReplaceAll(text, "\n", "")
	}
	return writeText(c, path, text, c.Switch("Append"), c.String("Encoding"))
}
