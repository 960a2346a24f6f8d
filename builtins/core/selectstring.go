package core

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func textCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Select-String",
			Module:      modUtility,
			Aliases:     []string{"sls"},
			Synopsis:    "Finds text in strings and files.",
			Description: "Select-String finds the lines that match a regular expression (or, with -SimpleMatch, contain the text) in files (-Path, or FileInfo objects from Get-ChildItem) or in strings from the pipeline, and outputs a MatchInfo for each: its Line, LineNumber, Path, Filename and Matches. It shows as path:line:text for a file and as the line for a string. Matching ignores case unless -CaseSensitive is given; -NotMatch keeps the lines that do not match, -Quiet answers $true or $false, -Raw outputs the lines only.",
			Params: []*cmdlet.Param{
				{Name: "Pattern", Type: cmdlet.Strings, Position: 1, Mandatory: true, Help: "The regular expressions (or texts, with -SimpleMatch) to find."},
				{Name: "Path", Type: cmdlet.Strings, Position: 2, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The files to search; wildcards are allowed."},
				{Name: "LiteralPath", Aliases: []string{"PSPath", "LP"}, Type: cmdlet.Strings, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The files to search, taken as written."},
				{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The text to search; a FileInfo is searched as its file."},
				{Name: "SimpleMatch", Type: cmdlet.Switch, Help: "Finds the pattern as plain text, not as a regular expression."},
				{Name: "CaseSensitive", Type: cmdlet.Switch, Help: "Matches with regard to case."},
				{Name: "NotMatch", Type: cmdlet.Switch, Help: "Keeps the lines that do not match."},
				{Name: "AllMatches", Type: cmdlet.Switch, Help: "Finds every match in a line, not only the first."},
				{Name: "List", Type: cmdlet.Switch, Help: "Keeps only the first matching line of each file."},
				{Name: "Quiet", Type: cmdlet.Switch, Help: "Outputs $true when any line matches, else $false."},
				{Name: "Raw", Type: cmdlet.Switch, Help: "Outputs the matching lines as strings."},
				{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The files' encoding; a byte order mark is detected whatever this says."},
			},
			Examples: []cmdlet.Example{
				{Code: "Select-String -Path ./users.csv -Pattern 'Sales'", Remarks: "The lines of a file that mention Sales, with their line numbers."},
				{Code: "Get-ChildItem *.csv | Select-String -SimpleMatch '@contoso.com' -List | ForEach-Object Path", Remarks: "Which CSV files mention the domain."},
				{Code: "Get-Content ./users.txt | Select-String -Pattern '^kenji' -Raw", Remarks: "The lines of a list that start with a name."},
			},
			Begin:   selectStringBegin,
			Process: selectStringProcess,
			End: func(c cmdlet.Call) error {
				if st := c.State().(*sstState); c.Switch("Quiet") && !st.found {
					return c.Write(false)
				}
				return nil
			},
		},
		{
			Name:        "ConvertFrom-StringData",
			Module:      modUtility,
			Synopsis:    "Converts a string containing one or more key and value pairs to a hash table.",
			Description: "ConvertFrom-StringData turns each input string of name=value lines into a hashtable. Blank lines and lines starting with # are skipped; names and values are trimmed and their backslash escapes (\\n, \\t, \\\\ ...) read as .NET's Regex.Unescape reads them. A line without the delimiter, or a name given twice, stops it.",
			Params: []*cmdlet.Param{
				{Name: "StringData", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The name=value lines."},
				{Name: "Delimiter", Type: cmdlet.String, Help: "The character between name and value; = by default."},
			},
			Examples: []cmdlet.Example{{Code: "$sku = ConvertFrom-StringData @'\nSPE_E3 = Microsoft 365 E3\nSPE_E5 = Microsoft 365 E5\n'@\n$sku['SPE_E3']", Remarks: "Friendly names of products, as scripts keep them."}},
			Process:  convertFromStringData,
		},
		{
			Name:        "Join-String",
			Module:      modUtility,
			Synopsis:    "Combines objects from the pipeline into a single string.",
			Description: "Join-String joins the pipeline objects (or one property of each) into one string, with -Separator between them, -OutputPrefix before and -OutputSuffix after. -SingleQuote and -DoubleQuote quote each item; -FormatString formats each as the -f operator does.",
			Params: []*cmdlet.Param{
				{Name: "Property", Type: cmdlet.Object, Position: 1, Help: "The property of each object to join, or a script block that computes it."},
				{Name: "Separator", Type: cmdlet.String, Position: 2, Help: "The text between items; none by default."},
				{Name: "OutputPrefix", Aliases: []string{"op"}, Type: cmdlet.String, Help: "Text before the result."},
				{Name: "OutputSuffix", Aliases: []string{"os"}, Type: cmdlet.String, Help: "Text after the result."},
				{Name: "SingleQuote", Type: cmdlet.Switch, Help: "Puts each item in single quotes."},
				{Name: "DoubleQuote", Type: cmdlet.Switch, Help: "Puts each item in double quotes."},
				{Name: "FormatString", Type: cmdlet.String, Help: "A format such as '{0:N2}' applied to each item."},
				{Name: "UseCulture", Type: cmdlet.Switch, Help: "Uses the culture's list separator (a comma) when no -Separator is given."},
				{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to join."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Csv ./users.csv | Join-String -Property UserPrincipalName -Separator '; '", Remarks: "The users of a list on one line."},
				{Code: "'SPE_E3', 'SPE_E5' | Join-String -SingleQuote -Separator ', ' -OutputPrefix 'Products: '", Remarks: "Products: 'SPE_E3', 'SPE_E5'."},
			},
			Process: CollectInput("InputObject"),
			End:     joinString,
		},
	}
}

// MatchInfo is one line Select-String found: it shows as path:line:text
// (the line alone for pipeline text), as pwsh's MatchInfo does.
type MatchInfo struct {
	line       string
	number     int
	path       string // the file's full path, or "InputStream"
	display    string // the path as shown: relative to the current folder when inside it
	pattern    string
	ignoreCase bool
	matches    []any
}

func (m *MatchInfo) String() string {
	if m.path == "InputStream" {
		return m.line
	}
	return m.display + ":" + strconv.Itoa(m.number) + ":" + m.line
}

// TypeNames is the .NET type scripts see.
func (m *MatchInfo) TypeNames() []string {
	return []string{"Microsoft.PowerShell.Commands.MatchInfo", "System.Object"}
}

// PropertyNames are MatchInfo's properties in pwsh's order.
func (m *MatchInfo) PropertyNames() []string {
	return []string{"IgnoreCase", "LineNumber", "Line", "Filename", "Path", "Pattern", "Context", "Matches"}
}

// Property answers a MatchInfo property.
func (m *MatchInfo) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "ignorecase":
		return m.ignoreCase, true
	case "linenumber":
		return m.number, true
	case "line":
		return m.line, true
	case "filename":
		if m.path == "InputStream" {
			return m.path, true
		}
		return filepath.Base(m.path), true
	case "path":
		return m.path, true
	case "pattern":
		return m.pattern, true
	case "context":
		return nil, true
	case "matches":
		return m.matches, true
	}
	return nil, false
}

// matchInfoView shows MatchInfo objects as their text, in a block.
func matchInfoView() format.View {
	return format.View{TypeName: "Microsoft.PowerShell.Commands.MatchInfo", Block: true,
		Text: func(v any, _ int) string { return value.ToString(v) }}
}

// sstState is one Select-String run: the patterns, and whether -Quiet
// has answered.
type sstState struct {
	regexes []*value.Regex
	texts   []string
	found   bool
	done    bool
}

func selectStringBegin(c cmdlet.Call) error {
	st := &sstState{}
	cs := c.Switch("CaseSensitive")
	for _, p := range c.Strings("Pattern") {
		if c.Switch("SimpleMatch") {
			st.texts = append(st.texts, p)
			continue
		}
		rx, err := value.NewRegex(p, cs)
		if err != nil {
			return argumentError(c.Cmdlet().Name, "InvalidRegex", fmt.Sprintf("The string '%s' is not a valid regular expression: %s", p, err), p)
		}
		st.regexes = append(st.regexes, rx)
	}
	c.SetState(st)
	return nil
}

func selectStringProcess(c cmdlet.Call) error {
	st := c.State().(*sstState)
	if st.done {
		return nil
	}
	if c.HasInput() || c.Bound("InputObject") && !c.Bound("Path") && !c.Bound("LiteralPath") {
		in := c.Get("InputObject")
		if it, ok := in.(*Item); ok {
			if it.IsDir() {
				return nil
			}
			return st.file(c, it.path)
		}
		if in == nil {
			return nil
		}
		_, err := st.line(c, value.ToString(in), 0, "InputStream")
		return err
	}
	paths, literal := itemPaths(c)
	for _, p := range paths {
		full := c.Path(p)
		files := []string{full}
		if !literal && hasWildcard(p) {
			files = globPath(full, false)
		}
		for _, f := range files {
			if err := st.file(c, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// file searches one file line by line; a folder among wildcard matches is
// passed over.
func (st *sstState) file(c cmdlet.Call, path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return c.WriteError(PathNotFound(c.Cmdlet().Name, path))
		}
		return c.WriteError(IOError(c.Cmdlet().Name, path, err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil
	}
	sc := bufio.NewScanner(TextReader(f, c.String("Encoding")))
	sc.Buffer(make([]byte, 64*1024), 1<<30)
	for n := 1; sc.Scan(); n++ {
		matched, err := st.line(c, strings.TrimSuffix(sc.Text(), "\r"), n, path)
		if err != nil {
			return err
		}
		if st.done || matched && c.Switch("List") {
			break
		}
	}
	if err := sc.Err(); err != nil {
		return c.WriteError(IOError(c.Cmdlet().Name, path, err))
	}
	return nil
}

// line tests one line and outputs what Select-String gives for it; it
// reports whether the line was kept.
func (st *sstState) line(c cmdlet.Call, text string, n int, path string) (bool, error) {
	pattern, matches, ok := st.match(c, text)
	if c.Switch("NotMatch") {
		ok, matches = !ok, []any{}
		pattern = strings.Join(c.Strings("Pattern"), ", ")
	}
	if !ok {
		return false, nil
	}
	st.found = true
	switch {
	case c.Switch("Quiet"):
		st.done = true
		return true, c.Write(true)
	case c.Switch("Raw"):
		return true, c.Write(text)
	}
	m := &MatchInfo{line: text, number: n, path: path, display: path, pattern: pattern,
		ignoreCase: !c.Switch("CaseSensitive"), matches: matches}
	if path != "InputStream" {
		dir := interp.Inner(c).Runner().Location()
		if rel, ok := strings.CutPrefix(path, dir+string(filepath.Separator)); ok {
			m.display = rel
		}
	}
	return true, c.Write(m)
}

// match finds the first pattern that matches the line and its matches.
func (st *sstState) match(c cmdlet.Call, text string) (string, []any, bool) {
	cs := c.Switch("CaseSensitive")
	for _, t := range st.texts {
		hay, needle := text, t
		if !cs {
			hay, needle = strings.ToLower(hay), strings.ToLower(needle)
		}
		if strings.Contains(hay, needle) {
			return t, []any{}, true
		}
	}
	for _, rx := range st.regexes {
		if !rx.Re.MatchString(text) {
			continue
		}
		method := "Match"
		if c.Switch("AllMatches") {
			method = "Matches"
		}
		found, err := value.CallMethod(rx, method, []any{text})
		if err != nil {
			return rx.Pattern, []any{}, true
		}
		return rx.Pattern, asList(found), true
	}
	return "", nil, false
}

func joinString(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	sep := c.String("Separator")
	if !c.Bound("Separator") && c.Switch("UseCulture") {
		sep = ","
	}
	var spec *propSpec
	if c.Bound("Property") {
		specs, err := parsePropSpecs(c.Get("Property"), "group")
		if err != nil {
			return err
		}
		if len(specs) > 0 {
			spec = &specs[0]
		}
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if it == nil {
			continue
		}
		v := it
		if spec != nil {
			var err error
			if spec.expr == nil {
				v, _ = Property(it, spec.name)
			} else if v, err = spec.eval(c, it); err != nil {
				return err
			}
		}
		s := value.ToString(v)
		if f := c.String("FormatString"); f != "" {
			var err error
			if s, err = value.Format(f, []any{v}); err != nil {
				return err
			}
		}
		switch {
		case c.Switch("SingleQuote"):
			s = "'" + s + "'"
		case c.Switch("DoubleQuote"):
			s = `"` + s + `"`
		}
		parts = append(parts, s)
	}
	return c.Write(c.String("OutputPrefix") + strings.Join(parts, sep) + c.String("OutputSuffix"))
}

func convertFromStringData(c cmdlet.Call) error {
	delim := "="
	if c.Bound("Delimiter") {
		d := []rune(c.String("Delimiter"))
		if len(d) != 1 {
			return cmdlet.NewError(CommandID("ParameterArgumentTransformationError", c.Cmdlet().Name), "InvalidData", c.String("Delimiter"),
				"Cannot process argument transformation on parameter 'Delimiter'. Cannot convert value \""+c.String("Delimiter")+"\" to type \"System.Char\". Error: \"String must be exactly one character long.\"")
		}
		delim = string(d)
	}
	fail := func(msg string) error {
		return cmdlet.NewError(CommandID("InvalidOperation", c.Cmdlet().Name), "InvalidOperation", nil, msg)
	}
	h := value.NewHashtable()
	for _, line := range strings.Split(c.String("StringData"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		name, val, ok := strings.Cut(line, delim)
		if !ok {
			return fail("Data line '" + line + "' is not in 'name=value' format.")
		}
		name, err := value.RegexUnescape(strings.TrimSpace(name))
		if err != nil {
			return fail(err.Error())
		}
		if _, dup := h.Get(name); dup {
			return fail("Data item '" + name + "' in line '" + line + "' is already defined.")
		}
		if val, err = value.RegexUnescape(strings.TrimSpace(val)); err != nil {
			return fail(err.Error())
		}
		h.Set(name, val)
	}
	return c.Write(h)
}
