package batch

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xlsxBook reads the worksheets of an XLSX file row by row, straight from
// the zip: a list of users needs each cell's stored value and nothing of
// styles, formulas or layout, which excelize's general reader decodes at
// ten times the cost. It gives the cells excelize gives with RawCellValue
// (TestWorkbookMatchesExcelize holds it to that): shared and inline
// strings with their rich text runs joined and _xHHHH_ escapes undone,
// numbers, dates and booleans as stored, trailing blank cells left out,
// missing rows as empty ones. The shared strings are kept in one buffer,
// not as a Go string each.
type xlsxBook struct {
	z      *zip.ReadCloser
	sheets []sheetEntry
	sst    sharedStrings
}

type sheetEntry struct {
	name string
	file *zip.File
}

// openWorkbook opens path and reads its list of worksheets and its shared
// strings.
func openWorkbook(name string) (*xlsxBook, error) {
	z, err := zip.OpenReader(name)
	if err != nil {
		return nil, err
	}
	w := &xlsxBook{z: z}
	if err := w.readParts(); err != nil {
		z.Close()
		return nil, err
	}
	return w, nil
}

// Close closes the file.
func (w *xlsxBook) Close() error { return w.z.Close() }

// Sheets are the worksheets' names in the workbook's order.
func (w *xlsxBook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// part finds a part of the package by its name.
func (w *xlsxBook) part(name string) *zip.File {
	for _, f := range w.z.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// readParts follows the workbook's relationships to its worksheets and
// shared strings.
func (w *xlsxBook) readParts() error {
	book := "xl/workbook.xml"
	if rels, err := w.relations("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.kind, "/officeDocument") {
				book = r.target
			}
		}
	}
	bookRels, err := w.relations(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), path.Dir(book))
	if err != nil {
		return err
	}
	targets := map[string]string{}
	for _, r := range bookRels {
		targets[r.id] = r.target
		if strings.HasSuffix(r.kind, "/sharedStrings") {
			if f := w.part(r.target); f != nil {
				if err := w.sst.read(f); err != nil {
					return err
				}
			}
		}
	}
	f := w.part(book)
	if f == nil {
		return errors.New("it has no workbook part")
	}
	return eachElement(f, func(t *xmlScanner) error {
		if t.name != "sheet" || t.end {
			return nil
		}
		name, _ := t.attr("name")
		id, _ := t.attr("id")
		if part := w.part(targets[id]); part != nil {
			w.sheets = append(w.sheets, sheetEntry{name: name, file: part})
		}
		return nil
	})
}

type relation struct{ id, kind, target string }

// relations reads a relationships part; targets are made full part names
// relative to dir.
func (w *xlsxBook) relations(name, dir string) ([]relation, error) {
	f := w.part(name)
	if f == nil {
		return nil, fmt.Errorf("it has no part %s", name)
	}
	var out []relation
	err := eachElement(f, func(t *xmlScanner) error {
		if t.name != "Relationship" || t.end {
			return nil
		}
		var r relation
		r.id, _ = t.attr("Id")
		r.kind, _ = t.attr("Type")
		r.target, _ = t.attr("Target")
		if strings.HasPrefix(r.target, "/") {
			r.target = strings.TrimPrefix(r.target, "/")
		} else {
			r.target = path.Join(dir, r.target)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// eachElement calls fn with every start and end tag of a part.
func eachElement(f *zip.File, fn func(*xmlScanner) error) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	t := newXMLScanner(rc)
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return err
		}
		if t.kind == tagToken {
			if err := fn(t); err != nil {
				return err
			}
		}
	}
}

// sharedStrings are the workbook's shared strings in one buffer.
type sharedStrings struct {
	text []byte
	ends []int // the end of each string in text
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return bstrUnescape(string(s.text[start:s.ends[i]])), true
}

// read reads the shared strings part: each item's text, its own and its
// rich text runs', but not the phonetic guides.
func (s *sharedStrings) read(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	t := newXMLScanner(rc)
	var inText, inPhonetic bool
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return err
		}
		switch {
		case t.kind == textToken && inText && !inPhonetic:
			s.text = append(s.text, t.text...)
		case t.kind != tagToken:
		case t.name == "si" && t.end:
			s.ends = append(s.ends, len(s.text))
		case t.name == "si" && t.empty:
			s.ends = append(s.ends, len(s.text))
		case t.name == "t":
			inText = !t.end && !t.empty
		case t.name == "rPh":
			inPhonetic = !t.end && !t.empty
		}
	}
}

// bstrUnescape undoes the _xHHHH_ escapes OOXML writes characters XML
// cannot hold in, as excelize does; _x005F_ is a literal underscore.
func bstrUnescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			v, _ := strconv.ParseUint(s[i+2:i+6], 16, 16)
			switch {
			case v == 0x5F:
				b.WriteByte('_')
			case utf8.ValidRune(rune(v)):
				b.WriteRune(rune(v))
			}
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(s[i] >= '0' && s[i] <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// sheetRows reads a worksheet's rows in order.
type sheetRows struct {
	wb      *xlsxBook
	rc      io.ReadCloser
	t       *xmlScanner
	row     int      // the row last returned
	pending int      // the number of the row element read ahead, 0 if none
	cells   []string // its cells
	done    bool
	// cell is the cell being read, its buffers kept for the next: a
	// cell each cost reading a 100,000-row list a tenth of its time.
	cell cell
	// size and read say how far through the part the reader is, for the
	// progress bar.
	size int64
	read *countingReader
}

// Rows opens a worksheet for reading.
func (w *xlsxBook) Rows(i int) (*sheetRows, error) {
	f := w.sheets[i].file
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	read := &countingReader{r: rc}
	return &sheetRows{wb: w, rc: rc, t: newXMLScanner(read), size: int64(f.UncompressedSize64), read: read}, nil
}

// Close ends the reading.
func (r *sheetRows) Close() error { return r.rc.Close() }

// Progress tells how much of the worksheet has been read.
func (r *sheetRows) Progress() float64 {
	if r.size <= 0 {
		return -1
	}
	return float64(r.read.n) / float64(r.size)
}

// maxSheetRows is Excel's limit on a worksheet's rows.
const maxSheetRows = 1_048_576

// Next returns the next row's cells: an empty row where the worksheet
// skips row numbers; io.EOF after the last row.
func (r *sheetRows) Next() ([]string, error) {
	if r.pending == 0 && !r.done {
		if err := r.readRow(); err != nil {
			return nil, err
		}
	}
	if r.pending == 0 {
		return nil, io.EOF
	}
	r.row++
	if r.row < r.pending {
		return nil, nil
	}
	cells := r.cells
	r.pending, r.cells = 0, nil
	return cells, nil
}

// readRow reads the next row element and its cells.
func (r *sheetRows) readRow() error {
	t := r.t
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			r.done = true
			return nil
		}
		if t.kind != tagToken || t.name != "row" || t.end {
			continue
		}
		n := r.row + 1
		if v, ok := t.attr("r"); ok {
			if n, err = strconv.Atoi(v); err != nil || n < 1 {
				return fmt.Errorf("row number %q is not a number", v)
			}
		}
		if n > maxSheetRows {
			return fmt.Errorf("row %d is beyond the last row a worksheet can have (%d)", n, maxSheetRows)
		}
		if n <= r.row {
			return fmt.Errorf("row %d comes after row %d", n, r.row)
		}
		r.pending = n
		if t.empty {
			return nil
		}
		return r.readCells()
	}
}

// readCells reads the cells of the row element just read.
func (r *sheetRows) readCells() error {
	t := r.t
	col := 0
	c := &r.cell
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("the worksheet ends inside a row")
		}
		if t.kind == textToken {
			if c.into != nil {
				*c.into = append(*c.into, t.text...)
				if len(*c.into) > 4*maxCell {
					return fmt.Errorf("a cell of row %d holds more than %d characters, which Excel does not allow", r.pending, maxCell)
				}
			}
			continue
		}
		switch {
		case t.name == "row" && t.end:
			return nil
		case t.name == "c" && !t.end:
			col++
			*c = cell{v: c.v[:0], is: c.is[:0]}
			if ref, ok := t.attr("r"); ok {
				if col, err = columnOf(ref); err != nil {
					return err
				}
			}
			c.kind, _ = t.attr("t")
			if t.empty {
				if err := r.addCell(col, c); err != nil {
					return err
				}
			}
		case t.name == "c" && t.end:
			if err := r.addCell(col, c); err != nil {
				return err
			}
		case t.name == "v":
			c.into = nil
			if !t.end && !t.empty {
				c.into = &c.v
			}
		case t.name == "f":
			c.formula, c.into = true, nil
		case t.name == "is":
			c.inline = !t.end && !t.empty
		case t.name == "rPh":
			c.phonetic = !t.end && !t.empty
		case t.name == "t" && c.inline && !c.phonetic:
			c.into = nil
			if !t.end && !t.empty {
				c.into = &c.is
			}
		}
	}
}

// cell is one cell as it is read.
type cell struct {
	kind             string
	v, is            []byte
	into             *[]byte // the text being read, if any
	formula          bool
	inline, phonetic bool
}

// addCell puts a cell's value in the row, after blanks for the columns
// skipped; a blank cell without a formula adds nothing, so that trailing
// blanks are left out.
func (r *sheetRows) addCell(col int, c *cell) error {
	var val string
	switch c.kind {
	case "s":
		if len(c.v) > 0 {
			// A reference that is not a number is the first string, as
			// excelize reads it.
			i, _ := strconv.Atoi(strings.TrimSpace(string(c.v)))
			var ok bool
			if val, ok = r.wb.sst.get(i); !ok {
				return fmt.Errorf("cell %d of row %d names shared string %d, which the workbook does not have", col, r.pending, i)
			}
		}
	case "inlineStr":
		val = bstrUnescape(string(c.is))
		if len(c.is) == 0 {
			val = string(c.v)
		}
	default:
		val = string(c.v)
	}
	if val == "" && !c.formula {
		return nil
	}
	for len(r.cells) < col-1 {
		r.cells = append(r.cells, "")
	}
	r.cells = append(r.cells, val)
	return nil
}

// columnOf is the column number of a cell reference such as "AB12".
func columnOf(ref string) (int, error) {
	col := 0
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		if col > 16384 {
			return 0, fmt.Errorf("cell %q is beyond the last column a worksheet can have", ref)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("cell reference %q names no column", ref)
	}
	return col, nil
}

// xmlScanner reads the tags and text of an XML part, as much as a
// worksheet needs and no more: names without their namespace prefix, the
// attributes of the tag at hand, text with entities and CDATA decoded.
type xmlScanner struct {
	r     *bufio.Reader
	kind  int
	name  string
	end   bool // </name>
	empty bool // <name/>
	attrs []byte
	text  []byte
	buf   []byte
}

const (
	textToken = iota
	tagToken
)

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// maxTag bounds one tag's length, and maxText a run of text between tags:
// far over anything a workbook writes, and a bound on memory whatever the
// file holds.
const (
	maxTag  = 1 << 20
	maxText = 1 << 20
)

// next reads the next tag or run of text; false at the end of the part.
func (t *xmlScanner) next() (bool, error) {
	c, err := t.r.ReadByte()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if c != '<' {
		t.r.UnreadByte()
		return true, t.readText()
	}
	t.buf = t.buf[:0]
	for {
		// A tag is read a buffer's worth at a time, not byte by byte.
		part, err := t.r.ReadSlice('>')
		closed := err == nil
		if closed {
			part = part[:len(part)-1]
		}
		t.buf = append(t.buf, part...)
		if len(t.buf) > maxTag {
			return false, errors.New("a tag of the XML is too long")
		}
		if !closed && err != bufio.ErrBufferFull {
			return false, errors.New("the XML ends inside a tag")
		}
		if closed {
			if !t.openConstruct() {
				break
			}
			t.buf = append(t.buf, '>')
		}
	}
	tag := t.buf
	switch {
	case bytes.HasPrefix(tag, []byte("![CDATA[")):
		t.kind, t.text = textToken, append(t.text[:0], tag[8:len(tag)-2]...)
		return true, nil
	case len(tag) > 0 && (tag[0] == '?' || tag[0] == '!'):
		return t.next()
	}
	t.kind, t.end, t.empty = tagToken, false, false
	if len(tag) > 0 && tag[0] == '/' {
		t.end, tag = true, tag[1:]
	}
	if len(tag) > 0 && tag[len(tag)-1] == '/' {
		t.empty, tag = true, tag[:len(tag)-1]
	}
	name := tag
	if i := indexSpace(tag); i >= 0 {
		name, t.attrs = tag[:i], tag[i:]
	} else {
		t.attrs = nil
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	// The names a worksheet repeats on every row and cell are not copied.
	switch string(name) {
	case "row":
		t.name = "row"
	case "c":
		t.name = "c"
	case "v":
		t.name = "v"
	case "t":
		t.name = "t"
	case "si":
		t.name = "si"
	default:
		t.name = string(name)
	}
	return true, nil
}

// isSpace reports whether c is white space as XML has it.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// indexSpace is the index of the first white space in b, or -1.
func indexSpace(b []byte) int {
	for i, c := range b {
		if isSpace(c) {
			return i
		}
	}
	return -1
}

// trimSpaceLeft is b without its leading white space.
func trimSpaceLeft(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// openConstruct reports whether the tag read so far is a comment or CDATA
// section still open, in which a '>' does not end it.
func (t *xmlScanner) openConstruct() bool {
	b := t.buf
	switch {
	case bytes.HasPrefix(b, []byte("!--")):
		return !bytes.HasSuffix(b, []byte("--")) || len(b) < 5
	case bytes.HasPrefix(b, []byte("![CDATA[")):
		return !bytes.HasSuffix(b, []byte("]]")) || len(b) < 10
	}
	return false
}

// readText reads text up to the next tag, decoding its entities.
func (t *xmlScanner) readText() error {
	t.kind = textToken
	t.text = t.text[:0]
	for {
		// The text is taken a buffer's worth at a time up to the next tag
		// or entity, which is left unread.
		if t.r.Buffered() == 0 {
			if _, err := t.r.Peek(1); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
		b, _ := t.r.Peek(t.r.Buffered())
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			i = len(b)
		}
		if j := bytes.IndexByte(b[:i], '&'); j >= 0 {
			i = j
		}
		t.text = append(t.text, b[:i]...)
		if i > 0 && len(t.text) > maxText {
			return errors.New("a text of the XML is too long")
		}
		if i == len(b) {
			t.r.Discard(i)
			continue
		}
		if b[i] == '<' {
			t.r.Discard(i)
			return nil
		}
		t.r.Discard(i + 1)
		if err := t.entity(); err != nil {
			return err
		}
	}
}

// entity decodes one entity after its '&'.
func (t *xmlScanner) entity() error {
	var name []byte
	for {
		c, err := t.r.ReadByte()
		if err != nil {
			return errors.New("the XML ends inside an entity")
		}
		if c == ';' {
			break
		}
		name = append(name, c)
		if len(name) > 10 {
			return fmt.Errorf("the entity &%s... is not one XML knows", name)
		}
	}
	switch s := string(name); s {
	case "amp":
		t.text = append(t.text, '&')
	case "lt":
		t.text = append(t.text, '<')
	case "gt":
		t.text = append(t.text, '>')
	case "quot":
		t.text = append(t.text, '"')
	case "apos":
		t.text = append(t.text, '\'')
	default:
		var n uint64
		var err error
		switch {
		case strings.HasPrefix(s, "#x"):
			n, err = strconv.ParseUint(s[2:], 16, 32)
		case strings.HasPrefix(s, "#"):
			n, err = strconv.ParseUint(s[1:], 10, 32)
		default:
			err = errors.New("unknown")
		}
		if err != nil || !utf8.ValidRune(rune(n)) {
			return fmt.Errorf("the entity &%s; is not one XML knows", s)
		}
		t.text = utf8.AppendRune(t.text, rune(n))
	}
	return nil
}

// attr finds an attribute of the tag at hand by its name without prefix,
// its value decoded.
func (t *xmlScanner) attr(name string) (string, bool) {
	a := t.attrs
	for len(a) > 0 {
		a = trimSpaceLeft(a)
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return "", false
		}
		key := bytes.TrimSpace(a[:eq])
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		rest := trimSpaceLeft(a[eq+1:])
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		if string(key) == name {
			return decodeAttr(rest[1 : 1+end]), true
		}
		a = rest[end+2:]
	}
	return "", false
}

// decodeAttr decodes the entities of an attribute's value.
func decodeAttr(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	t := &xmlScanner{r: bufio.NewReader(bytes.NewReader(v))}
	if err := t.readText(); err != nil {
		return string(v)
	}
	return string(t.text)
}
