package core

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

const blankHeaderWarning = `One or more headers were not specified. Default names starting with "H" have been used in place of any missing headers.`

func csvCmdlets() []*cmdlet.Cmdlet {
	quoteParams := []*cmdlet.Param{
		{Name: "UseQuotes", Type: cmdlet.String, ValidateSet: []string{"Never", "Always", "AsNeeded"}, Help: "When to quote fields: Always (the default), AsNeeded or Never."},
		{Name: "QuoteFields", Aliases: []string{"QF"}, Type: cmdlet.Strings, Help: "Columns whose values are always quoted."},
		{Name: "NoTypeInformation", Aliases: []string{"NTI"}, Type: cmdlet.Switch, Help: "Omits the #TYPE line; the default."},
		{Name: "IncludeTypeInformation", Aliases: []string{"ITI"}, Type: cmdlet.Switch, Help: "Writes a #TYPE line with the objects' type name first."},
		{Name: "UseCulture", Type: cmdlet.Switch, Help: "Uses the culture's list separator (a comma) as the delimiter."},
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Import-Csv",
			Module:      modUtility,
			Aliases:     []string{"ipcsv"},
			Synopsis:    "Creates table-like custom objects from the items in a character-separated value (CSV) file.",
			Description: "Import-Csv reads a CSV file and writes one object per row, with one string property per column. The first row names the columns unless -Header is given. Blank column names become H1, H2 and so on; a row with fewer fields than columns gets $null for the missing ones. Rows are written as they are read, so large files stream.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"PSPath", "LP", "LiteralPath"}, Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The CSV files to read."},
				{Name: "Delimiter", Type: cmdlet.String, Position: 2, Help: "The character between fields; a comma by default."},
				{Name: "Header", Type: cmdlet.Strings, Help: "Column names to use instead of the file's first row, which is then read as data."},
				{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The file's encoding; a byte order mark is detected whatever this says."},
				{Name: "UseCulture", Type: cmdlet.Switch, Help: "Uses the culture's list separator (a comma) as the delimiter."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Csv -Path ./users.csv | Where-Object Department -eq 'Sales'", Remarks: "Reads a CSV file and keeps the rows of one department."},
				{Code: "Import-Csv ./export.csv -Delimiter ';'", Remarks: "Reads a file whose fields are separated by semicolons."},
			},
			Process: importCsv,
		},
		{
			Name:        "ConvertFrom-Csv",
			Module:      modUtility,
			Synopsis:    "Converts object properties in character-separated value (CSV) format into CSV versions of the original objects.",
			Description: "ConvertFrom-Csv reads CSV text from the pipeline, the first line naming the columns unless -Header is given, and writes one object per row.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Objects, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The CSV text."},
				{Name: "Delimiter", Type: cmdlet.String, Position: 2, Help: "The character between fields; a comma by default."},
				{Name: "Header", Type: cmdlet.Strings, Help: "Column names; the first line is then read as data."},
				{Name: "UseCulture", Type: cmdlet.Switch, Help: "Uses the culture's list separator (a comma) as the delimiter."},
			},
			Examples: []cmdlet.Example{
				{Code: "'Name,Dept', 'Ann,Sales' | ConvertFrom-Csv", Remarks: "Makes one object with the properties Name and Dept."},
			},
			Process: convertFromCsv,
		},
		{
			Name:        "ConvertTo-Csv",
			Module:      modUtility,
			Synopsis:    "Converts .NET objects into a series of character-separated value (CSV) strings.",
			Description: "ConvertTo-Csv writes a header line naming the first object's properties and then one line per object. Every field is quoted unless -UseQuotes says otherwise.",
			Params: append([]*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The objects to convert."},
				{Name: "Delimiter", Type: cmdlet.String, Position: 2, Help: "The character between fields; a comma by default."},
				{Name: "NoHeader", Type: cmdlet.Switch, Help: "Omits the header line."},
			}, quoteParams...),
			Examples: []cmdlet.Example{
				{Code: "Get-License | ConvertTo-Csv", Remarks: "Shows the licenses as CSV lines."},
			},
			Begin:   func(c cmdlet.Call) error { c.SetState(newCSVWriter(c)); return nil },
			Process: convertToCsv,
		},
		{
			Name:                  "Export-Csv",
			Module:                modUtility,
			Aliases:               []string{"epcsv"},
			Synopsis:              "Converts objects into a series of character-separated value (CSV) strings and saves the strings to a file.",
			Description:           "Export-Csv writes the objects it receives to a CSV file: a header line naming the first object's properties, then one line per object, every field quoted. With -Append the rows are added under the file's existing header, in its column order.",
			SupportsShouldProcess: true,
			Params: append([]*cmdlet.Param{
				{Name: "Path", Aliases: []string{"PSPath", "LP", "LiteralPath"}, Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The file to write."},
				{Name: "Delimiter", Type: cmdlet.String, Position: 2, Help: "The character between fields; a comma by default."},
				{Name: "InputObject", Type: cmdlet.Object, Mandatory: true, ValueFromPipeline: true, Help: "The objects to export."},
				{Name: "Append", Type: cmdlet.Switch, Help: "Adds the rows to the end of the file."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Overwrites a read-only file."},
				{Name: "NoClobber", Aliases: []string{"NoOverwrite"}, Type: cmdlet.Switch, Help: "Does not overwrite an existing file."},
				{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The file's encoding; utf8 without a byte order mark by default."},
				{Name: "NoHeader", Type: cmdlet.Switch, Help: "Omits the header line."},
			}, quoteParams...),
			Examples: []cmdlet.Example{
				{Code: "Get-User -Unlicensed | Select-Object UserPrincipalName, Department | Export-Csv ./unlicensed.csv", Remarks: "Saves the unlicensed users to a CSV file."},
			},
			Begin:   exportCsvBegin,
			Process: exportCsvProcess,
			End:     exportCsvEnd,
		},
	}
}

// delimiter returns the -Delimiter character, a comma by default.
func delimiter(c cmdlet.Call) rune {
	if d := []rune(c.String("Delimiter")); len(d) > 0 {
		return d[0]
	}
	return ','
}

func importCsv(c cmdlet.Call) error {
	for _, p := range c.Strings("Path") {
		path := c.Path(p)
		f, err := os.Open(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				err = fileNotFound(c.Cmdlet().Name, path)
			} else {
				err = IOError(c.Cmdlet().Name, path, err)
			}
			if werr := c.WriteError(err); werr != nil {
				return werr
			}
			continue
		}
		cr := NewCSVReader(TextReader(f, c.String("Encoding")), delimiter(c))
		err = readCSV(c, cr, &csvState{header: c.Strings("Header")})
		f.Close()
		var rec *interp.ErrorRecord
		if err != nil && !errors.As(err, &rec) && !interp.IsControl(err) {
			// A record the reader refused: say which file, at which line.
			return IOError(c.Cmdlet().Name, path, fmt.Errorf("Cannot read '%s' at line %d: %w", path, cr.Line(), err))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// csvState is what a CSV reader has learnt from the lines read so far.
type csvState struct {
	header   []string
	typeName string
	named    bool // header validated
}

// readCSV writes one object per record of cr.
func readCSV(c cmdlet.Call, cr *CSVReader, st *csvState) error {
	for {
		rec, err := cr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(rec) == 0 {
			continue
		}
		if st.header == nil {
			if strings.HasPrefix(rec[0], "#TYPE ") && st.typeName == "" {
				st.typeName = strings.TrimSpace(strings.TrimPrefix(rec[0], "#TYPE "))
				continue
			}
			st.header = rec
			if err := st.validate(c); err != nil {
				return err
			}
			continue
		}
		if !st.named {
			if err := st.validate(c); err != nil {
				return err
			}
		}
		if err := c.Write(st.object(rec)); err != nil {
			return err
		}
	}
}

func (st *csvState) validate(c cmdlet.Call) error {
	names, warn, err := csvHeader(st.header)
	if err != nil {
		return err
	}
	if warn {
		c.WriteWarning(blankHeaderWarning)
	}
	st.header, st.named = names, true
	return nil
}

func (st *csvState) object(rec []string) *value.Object {
	o := NewPSObject()
	if st.typeName != "" {
		o.TypeNames = append([]string{"CSV:" + st.typeName}, psObjectTypes...)
	}
	for i, name := range st.header {
		if i < len(rec) {
			o.Set(name, rec[i])
		} else {
			o.Set(name, nil)
		}
	}
	return o
}

func convertFromCsv(c cmdlet.Call) error {
	st, _ := c.State().(*csvState)
	if st == nil {
		st = &csvState{header: c.Strings("Header")}
		c.SetState(st)
	}
	for _, text := range c.Strings("InputObject") {
		if err := readCSV(c, NewCSVReader(strings.NewReader(text), delimiter(c)), st); err != nil {
			return err
		}
	}
	return nil
}

// csvWriter turns objects into CSV lines; the first object fixes the
// columns.
type csvWriter struct {
	delim       rune
	quoting     csvQuoting
	quoteFields map[string]bool
	typeInfo    bool
	noHeader    bool
	names       []string // nil until the first object
}

func newCSVWriter(c cmdlet.Call) *csvWriter {
	w := &csvWriter{
		delim:    delimiter(c),
		quoting:  parseQuoting(c.String("UseQuotes")),
		typeInfo: c.Switch("IncludeTypeInformation"),
		noHeader: c.Switch("NoHeader"),
	}
	if qf := c.Strings("QuoteFields"); qf != nil {
		w.quoteFields = map[string]bool{}
		for _, f := range qf {
			w.quoteFields[strings.ToLower(f)] = true
		}
	}
	return w
}

// lines returns the CSV lines for one object: the header lines as well
// when it is the first.
func (w *csvWriter) lines(v any) []string {
	var out []string
	if w.names == nil {
		w.names = PropertyNames(v)
		if w.names == nil {
			w.names = []string{}
		}
		if w.typeInfo {
			out = append(out, "#TYPE "+typeNames(v)[0])
		}
		if !w.noHeader {
			fields := make([]*string, len(w.names))
			for i := range w.names {
				fields[i] = &w.names[i]
			}
			out = append(out, csvLine(fields, w.delim, w.quoting, w.quoteFields, w.names))
		}
	}
	fields := make([]*string, len(w.names))
	for i, name := range w.names {
		if pv, ok := Property(v, name); ok && pv != nil {
			s := csvText(pv)
			fields[i] = &s
		}
	}
	return append(out, csvLine(fields, w.delim, w.quoting, w.quoteFields, w.names))
}

// csvText is a property value as .NET's ToString writes it into a CSV
// field: dates in the en-US general format and collections as their type
// name.
func csvText(v any) string {
	switch x := v.(type) {
	case time.Time:
		return value.FormatDate(x, "G")
	case []any, *value.List, *value.Hashtable:
		return value.TypeName(x)
	}
	return value.ToString(v)
}

func convertToCsv(c cmdlet.Call) error {
	w := c.State().(*csvWriter)
	for _, line := range w.lines(c.Get("InputObject")) {
		if err := c.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// csvExport is Export-Csv's open file.
type csvExport struct {
	w    *csvWriter
	f    *os.File
	path string
	enc  string
	bom  bool // the next write starts a new file
}

func exportCsvBegin(c cmdlet.Call) error {
	path := c.Path(c.String("Path"))
	ok, err := c.ShouldProcess(path, c.Cmdlet().Name)
	if err != nil || !ok {
		return err
	}
	ex := &csvExport{w: newCSVWriter(c), path: path, enc: c.String("Encoding")}
	if c.Switch("Append") {
		if names := existingHeader(path, ex.w.delim); names != nil {
			ex.w.names = names
		}
	} else if c.Switch("NoClobber") {
		if _, err := os.Stat(path); err == nil {
			return interp.NewError(CommandID("NoClobber", c.Cmdlet().Name), "ResourceExists", path,
				"The file '"+path+"' already exists.")
		}
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if c.Switch("Append") {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return interp.NewError(CommandID("System.IO.DirectoryNotFoundException", c.Cmdlet().Name), "OpenError", path,
				"Could not find a part of the path '"+path+"'.")
		}
		return IOError(c.Cmdlet().Name, path, err)
	}
	st, _ := f.Stat()
	ex.f, ex.bom = f, st == nil || st.Size() == 0
	c.SetState(ex)
	return nil
}

// existingHeader reads the column names of a CSV file that -Append adds
// to, or nil when there is no such file or it is empty.
func existingHeader(path string, delim rune) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	cr := NewCSVReader(TextReader(f, ""), delim)
	for {
		rec, err := cr.Next()
		if err != nil {
			return nil
		}
		if len(rec) > 0 && !strings.HasPrefix(rec[0], "#TYPE ") {
			return rec
		}
	}
}

func exportCsvProcess(c cmdlet.Call) error {
	ex, ok := c.State().(*csvExport)
	if !ok {
		return nil
	}
	lines := ex.w.lines(c.Get("InputObject"))
	text := strings.Join(lines, "\n") + "\n"
	if _, err := ex.f.Write(encodeText(text, ex.enc, ex.bom)); err != nil {
		return IOError(c.Cmdlet().Name, ex.path, err)
	}
	ex.bom = false
	return nil
}

func exportCsvEnd(c cmdlet.Call) error {
	ex, ok := c.State().(*csvExport)
	if !ok {
		return nil
	}
	if err := ex.f.Close(); err != nil {
		return IOError(c.Cmdlet().Name, ex.path, err)
	}
	return nil
}
