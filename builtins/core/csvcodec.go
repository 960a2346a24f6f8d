package core

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The bounds of a CSV record: no real list or export comes near them, and
// a quote that is never closed must not read a whole large file into one
// field.
const (
	MaxCSVField  = 1 << 20 // bytes in one field
	MaxCSVFields = 16384   // fields in one record, as many as Excel has columns
)

// CSVReader reads delimited records one at a time, the way Import-Csv
// parses: fields may be quoted with "", a doubled quote inside a quoted field
// is one quote, a quoted field may span lines, a quote inside an unquoted
// field is kept as it is, and text after a closing quote is appended to the
// field. Records end at LF, CRLF or CR. A record beyond MaxCSVField or
// MaxCSVFields is an error naming its line. Every CSV licsh reads
// (Import-Csv, ConvertFrom-Csv, a batch's list) goes through it.
//
// It reads bytes, not runes: every character the format gives a meaning
// is ASCII, and a delimiter's UTF-8 bytes never stand inside another
// character's, so only a field's text is decoded, once, where it is not
// valid UTF-8 (reading an admin center export of 100,000 users rune by
// rune took 1.7 times as long).
type CSVReader struct {
	r     *bufio.Reader
	delim []byte // the delimiter's UTF-8
	line  int    // lines read so far
	start int    // the line the last record began on
	// unclosed is set when the last record ended with the input inside
	// a quoted field.
	unclosed bool
	// text holds the record's fields one after another, each ending where
	// ends says: a record is one string, its fields parts of it.
	text []byte
	ends []int
}

// NewCSVReader returns a reader of r's records; a zero delim is a comma.
func NewCSVReader(r io.Reader, delim rune) *CSVReader {
	if delim == 0 {
		delim = ','
	}
	return &CSVReader{r: bufio.NewReaderSize(r, 64<<10), delim: utf8.AppendRune(nil, delim)}
}

// Line is the line of the input the last record began on, from 1.
func (cr *CSVReader) Line() int { return cr.start }

// Unclosed reports whether the last record ended at the end of the input
// inside a quoted field. Import-Csv reads such a field to the end, as pwsh
// does; a reader of a list that cannot hold line breaks takes it for the
// missing closing quote it is, which swallowed every line after it.
func (cr *CSVReader) Unclosed() bool { return cr.unclosed }

// Next returns the next record. A blank line is returned as an empty,
// non-nil record; io.EOF comes only when no text is left. The fields are
// parts of one string, the record's: a caller that keeps a field long after
// the rest copies it (strings.Clone).
func (cr *CSVReader) Next() ([]string, error) {
	var (
		quoted  bool // inside a quoted section
		started bool // anything read for this record
		from    int  // where the field being read starts in text
	)
	cr.start = cr.line + 1
	cr.text, cr.ends = cr.text[:0], cr.ends[:0]
	end := func() error {
		if len(cr.ends) >= MaxCSVFields {
			return fmt.Errorf("line %d has more than %d fields", cr.start, MaxCSVFields)
		}
		cr.ends = append(cr.ends, len(cr.text))
		from = len(cr.text)
		return nil
	}
	for {
		if cr.ordinary(quoted, from) {
			started = true
		}
		ch, err := cr.r.ReadByte()
		if err != nil {
			if err != io.EOF {
				return nil, err
			}
			if !started {
				return nil, io.EOF
			}
			cr.unclosed = quoted
			cr.line++
			if err := end(); err != nil {
				return nil, err
			}
			return cr.record(), nil
		}
		started = true
		if len(cr.text)-from >= MaxCSVField {
			return nil, fmt.Errorf("a field of the record that starts on line %d is longer than %d MB; a quote may be missing its closing quote", cr.start, MaxCSVField>>20)
		}
		switch {
		case quoted:
			if ch == '\n' || ch == '\r' && !cr.peek('\n') {
				cr.line++
			}
			if ch != '"' {
				cr.text = append(cr.text, ch)
				continue
			}
			if cr.peek('"') {
				cr.r.ReadByte()
				cr.text = append(cr.text, '"')
				continue
			}
			quoted = false
			// Text after the closing quote joins the field's text, not its
			// bytes: what the quote ended is decoded now.
			if field := cr.text[from:]; !utf8.Valid(field) {
				cr.text = append(cr.text[:from], validText(string(field))...)
			}
		case ch == '"' && len(cr.text) == from:
			quoted = true
		case ch == cr.delim[0] && cr.delimiter():
			if err := end(); err != nil {
				return nil, err
			}
		case ch == '\n' || ch == '\r':
			if ch == '\r' && cr.peek('\n') {
				cr.r.ReadByte()
			}
			cr.line++
			if len(cr.ends) == 0 && len(cr.text) == 0 {
				return []string{}, nil
			}
			if err := end(); err != nil {
				return nil, err
			}
			return cr.record(), nil
		default:
			cr.text = append(cr.text, ch)
		}
	}
}

// ordinary appends to the field that starts at from in text the bytes the
// reader holds up to the next that may mean something (a quote, a line
// end, inside quotes, or the delimiter's first byte outside them), as one
// run: never past MaxCSVField, so that the byte after the most a field
// may hold is read by Next, which refuses it. It reports whether it read
// any.
func (cr *CSVReader) ordinary(quoted bool, from int) bool {
	buf, _ := cr.r.Peek(min(cr.r.Buffered(), MaxCSVField-(len(cr.text)-from)))
	n := 0
	for _, c := range buf {
		if c == '"' || c == '\n' || c == '\r' || !quoted && c == cr.delim[0] {
			break
		}
		n++
	}
	cr.text = append(cr.text, buf[:n]...)
	cr.r.Discard(n)
	return n > 0
}

// record is the record read, its fields parts of one string.
func (cr *CSVReader) record() []string {
	text := string(cr.text)
	fields := make([]string, len(cr.ends))
	from := 0
	for i, to := range cr.ends {
		fields[i] = validText(text[from:to])
		from = to
	}
	return fields
}

// peek reports whether the next byte is ch, leaving it unread.
func (cr *CSVReader) peek(ch byte) bool {
	next, err := cr.r.Peek(1)
	return err == nil && next[0] == ch
}

// delimiter reports whether the byte just read began the delimiter, and
// if so reads the rest of it.
func (cr *CSVReader) delimiter() bool {
	rest := len(cr.delim) - 1
	if rest == 0 {
		return true
	}
	next, err := cr.r.Peek(rest)
	if err != nil || !bytes.Equal(next, cr.delim[1:]) {
		return false
	}
	cr.r.Discard(rest)
	return true
}

// validText is s with each byte that is not part of valid UTF-8 read as
// U+FFFD, as decoding the input would.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		out = utf8.AppendRune(out, r)
		s = s[n:]
	}
	return string(out)
}

// csvQuoting is Export-Csv's -UseQuotes.
type csvQuoting int

const (
	quoteAlways csvQuoting = iota
	quoteAsNeeded
	quoteNever
)

func parseQuoting(s string) csvQuoting {
	switch strings.ToLower(s) {
	case "asneeded":
		return quoteAsNeeded
	case "never":
		return quoteNever
	}
	return quoteAlways
}

// csvLine joins fields into one line of CSV. A nil field (a $null value)
// is written empty and unquoted, as pwsh does even with -UseQuotes Always.
func csvLine(fields []*string, delim rune, q csvQuoting, quoteFields map[string]bool, names []string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteRune(delim)
		}
		if f == nil {
			continue
		}
		force := quoteFields != nil && i < len(names) && quoteFields[strings.ToLower(names[i])]
		b.WriteString(csvField(*f, delim, q, force))
	}
	return b.String()
}

func csvField(s string, delim rune, q csvQuoting, force bool) string {
	quote := force
	switch {
	case force:
	case q == quoteAlways:
		quote = true
	case q == quoteAsNeeded:
		quote = strings.ContainsRune(s, delim) || strings.ContainsAny(s, "\"\r\n")
	}
	if !quote {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// csvHeader turns a header record into property names as Import-Csv does:
// blank names become H1, H2, ... (counting only the blank ones) and a name
// that repeats is an error. warn reports whether a blank name was replaced.
func csvHeader(rec []string) (names []string, warn bool, err error) {
	seen := map[string]bool{}
	blank := 0
	names = make([]string, len(rec))
	for i, name := range rec {
		if name == "" {
			blank++
			name = "H" + strconv.Itoa(blank)
			warn = true
		}
		key := strings.ToLower(name)
		if seen[key] {
			return nil, false, memberPresentError(name)
		}
		seen[key] = true
		names[i] = name
	}
	return names, warn, nil
}
