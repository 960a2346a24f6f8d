package batch

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"licsh/builtins/core"
	"licsh/builtins/importexcel"

	"github.com/xuri/excelize/v2"
)

// userColumns are the headers that name a user, in order of preference:
// the Graph and MSOnline property, the admin center export's column, and
// what admins call it in their own lists. Case and spaces are ignored.
var userColumns = []string{"UserPrincipalName", "User principal name", "User Name", "UPN", "Email", "Object Id", "Id"}

// skuColumns are the headers of a per-row license column. The export's
// Licenses column holds product names joined with "+".
var skuColumns = []string{"RemoveLicenses", "Licenses", "Sku"}

// userList is a batch's input file read row by row: a CSV file (UTF-8 with
// or without a byte order mark, or UTF-16; comma or semicolon), an XLSX
// workbook (a named or the first sheet) or a text file of one user per
// line. Nothing but the current row is held, so any size of file streams.
type userList struct {
	Path    string
	Columns []string // the header as the file writes it; one column for a text list
	user    int      // index of the user column
	sku     int      // index of the per-row license column, -1 when none
	xlsx    bool     // a workbook, whose columns are letters
	row     int      // the number of the last row read (the header is row 1)
	maxRows int      // the most rows it reads, header included
	next    func() ([]string, error)
	close   func() error
	// done tells how much of the file has been read, from 0 to 1, for the
	// progress bar's time left.
	done func() float64
	// ahead reads the rows after the header ahead of Next (readahead.go).
	ahead *readAhead
}

// listError is a problem with the whole input file; nothing has changed
// when it is reported.
type listError struct{ msg string }

func (e *listError) Error() string { return e.msg }

func listErrorf(format string, args ...any) *listError {
	return &listError{fmt.Sprintf(format, args...)}
}

// maxRows bounds the rows of a list, header included: ten times the users
// of the largest tenants.
const maxRows = 20_000_000

// openUserList opens path and reads its header, finding the user column
// (column names it when not "") and the per-row license column.
func openUserList(path, sheet, column string) (*userList, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, listErrorf("Could not find file '%s'.", path)
	case err != nil:
		return nil, listErrorf("Cannot read '%s': %v", path, err)
	case info.IsDir():
		return nil, listErrorf("'%s' is a folder, not a list of users.", path)
	case info.Size() == 0:
		return nil, listErrorf("The file '%s' is empty.", path)
	}
	l := &userList{Path: path, sku: -1, maxRows: maxRows}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		err = l.openXLSX(sheet)
	default:
		if sheet != "" {
			return nil, listErrorf("-Sheet applies to XLSX workbooks only; '%s' is not one.", path)
		}
		err = l.openText()
	}
	if err != nil {
		return nil, err
	}
	if err := l.findColumns(column); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// Close releases the file, once the rows read ahead have stopped coming.
func (l *userList) Close() error {
	if l.ahead != nil {
		l.ahead.stop()
	}
	if l.close == nil {
		return nil
	}
	err := l.close()
	l.close = nil
	return err
}

// Next returns the next data row and its number, io.EOF after the last.
// A row shorter than the header reads as blank in the missing cells.
func (l *userList) Next() ([]string, int, error) {
	if l.ahead == nil {
		l.ahead = l.readAhead()
	}
	return l.ahead.next()
}

// read reads the next data row, as Next returns it.
func (l *userList) read() ([]string, int, error) {
	rec, err := l.next()
	var le *listError
	if err != nil {
		if err != io.EOF && !errors.As(err, &le) {
			err = listErrorf("Cannot read '%s' after row %d: %v", l.Path, l.row, err)
		}
		return nil, 0, err
	}
	if l.row >= l.maxRows {
		return nil, 0, listErrorf("'%s' has more than %d rows; no list of users is that long. Split it into several batches.", l.Path, l.maxRows)
	}
	l.row++
	for len(rec) < len(l.Columns) {
		rec = append(rec, "")
	}
	return rec, l.row, nil
}

// Identity is the row's user cell, trimmed.
func (l *userList) Identity(rec []string) string { return strings.TrimSpace(rec[l.user]) }

// Licenses is the row's license cell, or "" when the file has none.
func (l *userList) Licenses(rec []string) (string, bool) {
	if l.sku < 0 {
		return "", false
	}
	return strings.TrimSpace(rec[l.sku]), true
}

func (l *userList) openText() error {
	f, err := os.Open(l.Path)
	if err != nil {
		return listErrorf("Cannot read '%s': %v", l.Path, err)
	}
	l.close = f.Close
	read := &countingReader{r: f}
	if info, err := f.Stat(); err == nil && info.Size() > 0 {
		size := float64(info.Size())
		l.done = func() float64 { return float64(read.n) / size }
	}
	br := bufio.NewReaderSize(core.TextReader(read, ""), 64<<10)
	first, err := firstLine(br)
	if err != nil {
		return listErrorf("The file '%s' is empty.", l.Path)
	}
	delim, tabular := sniffDelimiter(first)
	if !tabular {
		return l.openLines(br)
	}
	cr := core.NewCSVReader(br, delim)
	header, err := cr.Next()
	if err != nil {
		return listErrorf("Cannot read the header of '%s': %v", l.Path, err)
	}
	l.Columns = header
	l.row = 1
	l.next = func() ([]string, error) {
		for {
			rec, err := cr.Next()
			if err != nil || len(rec) > 0 {
				// A row's number is the line it starts on, as in a text
				// list or a worksheet: blank lines count.
				l.row = cr.Line() - 1
				if err == nil {
					err = l.brokenQuote(rec, cr.Unclosed())
				}
				return rec, err
			}
			// A blank line is no row, as Import-Csv reads it.
		}
	}
	return nil
}

// brokenQuote refuses a CSV row that a quote missing its closing quote
// ran over the lines after it: the row ends at the end of the file inside
// the quote, or its user cell holds a line break, which no user name
// does. Read on, the users of the lines it swallowed would be left out
// without a word.
func (l *userList) brokenQuote(rec []string, unclosed bool) error {
	line := l.row + 1
	switch {
	case unclosed:
		return listErrorf("Line %d of '%s' opens a quote that is never closed, which runs it to the end of the file. Close the quote on line %d.", line, l.Path, line)
	case l.user < len(rec) && strings.ContainsAny(rec[l.user], "\r\n"):
		return listErrorf("Row %d of '%s' has a line break in its user cell: a quote on line %d is not closed where it should be, and the lines after it were read into the cell. Close the quote on line %d.", line, l.Path, line, line)
	}
	return nil
}

// openLines reads a plain list of users, one per line; a first line that
// is one of userColumns is the header.
func (l *userList) openLines(br *bufio.Reader) error {
	first, _ := firstLine(br)
	first = strings.TrimSpace(first)
	l.Columns = []string{"UserPrincipalName"}
	if columnIndex([]string{first}, userColumns) == 0 {
		l.Columns = []string{first}
		readLine(br)
		l.row = 1
	}
	l.next = func() ([]string, error) {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if t := strings.TrimSpace(line); len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
			line = strings.ReplaceAll(t[1:len(t)-1], `""`, `"`)
		}
		return []string{line}, nil
	}
	return nil
}

// maxLine bounds a line of a text list: no user principal name comes near
// it, and a file without newlines must not be read into memory whole.
const maxLine = 64 << 10

// readLine reads one line without its end; io.EOF when none is left.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		part, isPrefix, err := br.ReadLine()
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				return string(b), nil
			}
			return "", err
		}
		if len(b)+len(part) > maxLine {
			return "", errors.New("a line is longer than 64 KB; this is not a list of users")
		}
		b = append(b, part...)
		if !isPrefix {
			return string(b), nil
		}
	}
}

// firstLine peeks at the first line of the text, leaving it unread.
func firstLine(br *bufio.Reader) (string, error) {
	peek, err := br.Peek(br.Size())
	if len(peek) == 0 {
		if err == nil {
			err = io.EOF
		}
		return "", err
	}
	if i := strings.IndexAny(string(peek), "\r\n"); i >= 0 {
		peek = peek[:i]
	}
	return string(peek), nil
}

// sniffDelimiter picks the delimiter of a header line: the one of comma,
// semicolon and tab that occurs most outside quotes. A line with none of
// them is a plain list.
func sniffDelimiter(line string) (rune, bool) {
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best, n := ',', 0
	for _, r := range []rune{',', ';', '\t'} {
		if counts[r] > n {
			best, n = r, counts[r]
		}
	}
	return best, n > 0 || strings.HasPrefix(strings.TrimSpace(line), `"`)
}

func (l *userList) openXLSX(sheet string) error {
	const cmdlet = "Invoke-LicenseBatch"
	l.xlsx = true
	if err := importexcel.CheckWorkbook(cmdlet, l.Path); err != nil {
		return err
	}
	wb, err := openWorkbook(l.Path)
	if err != nil {
		return importexcel.OpenFailed(cmdlet, l.Path, "it is not a valid XLSX workbook ("+err.Error()+")")
	}
	sheets := wb.Sheets()
	index := -1
	for i, s := range sheets {
		if sheet == "" || strings.EqualFold(s, sheet) {
			index = i
			break
		}
	}
	if index < 0 {
		wb.Close()
		if sheet == "" {
			return listErrorf("The workbook '%s' has no worksheets.", l.Path)
		}
		return listErrorf("The workbook '%s' has no worksheet '%s'. Its worksheets are: %s.", l.Path, sheet, strings.Join(sheets, ", "))
	}
	name := sheets[index]
	rows, err := wb.Rows(index)
	if err != nil {
		wb.Close()
		return listErrorf("Cannot read worksheet '%s' of '%s': %v", name, l.Path, err)
	}
	l.close = func() error {
		rows.Close()
		return wb.Close()
	}
	l.done = rows.Progress
	// Leading empty rows come before the header, as Excel users leave
	// them.
	for {
		header, err := rows.Next()
		if err == io.EOF {
			return listErrorf("The worksheet '%s' of '%s' is empty.", name, l.Path)
		}
		if err != nil {
			return listErrorf("Cannot read worksheet '%s' of '%s': %v", name, l.Path, err)
		}
		l.row++
		if strings.TrimSpace(strings.Join(header, "")) != "" {
			l.Columns = header
			break
		}
	}
	l.next = func() ([]string, error) {
		cells, err := rows.Next()
		for _, cell := range cells {
			if utf8.RuneCountInString(cell) > maxCell {
				return nil, fmt.Errorf("a cell of row %d holds more than %d characters, which Excel does not allow", l.row+1, maxCell)
			}
		}
		return cells, err
	}
	return nil
}

// maxCell is the most characters an Excel cell holds.
const maxCell = 32767

// Progress tells how much of the file the rows Next has returned take,
// from 0 to 1, or -1 when the file does not say how long it is.
func (l *userList) Progress() float64 {
	if l.ahead != nil {
		return l.ahead.progress()
	}
	return l.fileProgress()
}

// fileProgress is how much of the file has been read.
func (l *userList) fileProgress() float64 {
	if l.done == nil {
		return -1
	}
	return min(l.done(), 1)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// findColumns finds the user and license columns of the header.
func (l *userList) findColumns(column string) error {
	names := make([]string, len(l.Columns))
	first := map[string]int{}
	for i, c := range l.Columns {
		names[i] = strings.TrimSpace(c)
		key := strings.ToLower(names[i])
		if key == "" {
			continue
		}
		// Import-Csv refuses a header that names a column twice, in its
		// words: which of the two a row's value belongs to is anyone's
		// guess, and the result file would repeat the name.
		if j, ok := first[key]; ok {
			return listErrorf("Cannot read the header of '%s': The member \"%s\" is already present. Columns %s and %s have that name; rename one of them.",
				l.Path, names[i], l.columnName(j), l.columnName(i))
		}
		first[key] = i
	}
	if column != "" {
		l.user = columnIndex(names, []string{column})
		if l.user < 0 {
			return listErrorf("The file '%s' has no column '%s'. Its columns are: %s.", l.Path, column, strings.Join(names, ", "))
		}
	} else if l.user = columnIndex(names, userColumns); l.user < 0 {
		return listErrorf("The file '%s' has no column of users. Name it %s, or give its name with -Column. Its columns are: %s.",
			l.Path, strings.Join(userColumns, ", "), strings.Join(names, ", "))
	}
	l.sku = columnIndex(names, skuColumns)
	return nil
}

// columnName names the column at index i as the file's program shows it:
// a letter in a workbook, a number in a text file.
func (l *userList) columnName(i int) string {
	if l.xlsx {
		if name, err := excelize.ColumnNumberToName(i + 1); err == nil {
			return name
		}
	}
	return strconv.Itoa(i + 1)
}

// columnIndex finds the first of wanted among names, ignoring case and
// spaces; -1 when none is there.
func columnIndex(names, wanted []string) int {
	key := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	for _, w := range wanted {
		for i, n := range names {
			if key(n) == key(w) {
				return i
			}
		}
	}
	return -1
}

// identityProblem says why a user cell cannot name a user, or "" when it
// can: a user principal name (alias@domain, no spaces) or an object id.
// Numbers, dates and formulas' results land here too, as Excel stores
// them as numbers.
func identityProblem(s string) string {
	if s == "" || looksLikeGUID(s) {
		return ""
	}
	alias, domain, ok := strings.Cut(s, "@")
	valid := ok && alias != "" && domain != "" && !strings.Contains(domain, "@") && len(s) <= 113
	for i := 0; i < len(s) && valid; i++ {
		valid = !notInUPN[s[i]]
	}
	if valid {
		return ""
	}
	return fmt.Sprintf("'%s' is not a user principal name or object id.", s)
}

// notInUPN marks the bytes no user principal name holds: ASCII controls,
// space and "(),:;<>[\]. A table, as every row of a list is checked.
var notInUPN = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	t[0x7f] = true
	for _, c := range []byte(`"(),:;<>[\]`) {
		t[c] = true
	}
	return t
}()

func looksLikeGUID(s string) bool {
	s = strings.Trim(s, "{}")
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// splitLicenses splits a license cell into products. The export joins
// product names with "+", and some names hold " + " themselves
// (Enterprise Mobility + Security E5), so the longest run of parts that is
// a known name wins; cells may also separate with commas or semicolons.
// "Unlicensed" is no product.
func splitLicenses(cell string, known func(string) bool) []string {
	var out []string
	for _, piece := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' }) {
		parts := strings.Split(piece, "+")
		for i := 0; i < len(parts); {
			j := len(parts)
			for ; j > i+1; j-- {
				if known(strings.TrimSpace(strings.Join(parts[i:j], "+"))) {
					break
				}
			}
			name := strings.TrimSpace(strings.Join(parts[i:j], "+"))
			if name != "" && !strings.EqualFold(name, "Unlicensed") {
				out = append(out, name)
			}
			i = j
		}
	}
	return out
}
