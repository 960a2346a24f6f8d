package core

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
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
type CSVReader struct {
	r     *bufio.Reader
	delim rune
	line  int // lines read so far
	start int // the line the last record began on
	// unclosed is set when the last record ended with the input inside
	// a quoted field.
	unclosed bool
}

// NewCSVReader returns a reader of r's records; a zero delim is a comma.
func NewCSVReader(r io.Reader, delim rune) *CSVReader {
	if delim == 0 {
		delim = ','
	}
	return &CSVReader{r: bufio.NewReaderSize(r, 64<<10), delim: delim}
}

// Line is the line of the input the last record began on, from 1.
func (cr *CSVReader) Line() int { return cr.start }

// Unclosed reports whether the last record ended at the end of the input
// inside a quoted field. Import-Csv reads such a field to the end, as pwsh
// does; a reader of a list that cannot hold line breaks takes it for the
// missing closing quote it is, which swallowed every line after it.
func (cr *CSVReader) Unclosed() bool { return cr.unclosed }

// Next returns the next record. A blank line is returned as an empty,
// non-nil record; io.EOF comes only when no text is left.
func (cr *CSVReader) Next() ([]string, error) {
	var (
		fields  []string
		field   strings.Builder
		quoted  bool // inside a quoted section
		started bool // anything read for this record
	)
	cr.start = cr.line + 1
	end := func() error {
		if len(fields) >= MaxCSVFields {
			return fmt.Errorf("line %d has more than %d fields", cr.start, MaxCSVFields)
		}
		fields = append(fields, field.String())
		field.Reset()
		return nil
	}
	for {
		ch, _, err := cr.r.ReadRune()
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
			return fields, nil
		}
		started = true
		if field.Len() >= MaxCSVField {
			return nil, fmt.Errorf("a field of the record that starts on line %d is longer than %d MB; a quote may be missing its closing quote", cr.start, MaxCSVField>>20)
		}
		switch {
		case quoted:
			if ch == '\n' || ch == '\r' && !cr.peek('\n') {
				cr.line++
			}
			if ch != '"' {
				field.WriteRune(ch)
				continue
			}
			if cr.peek('"') {
				cr.r.ReadRune()
				field.WriteByte('"')
				continue
			}
			quoted = false
		case ch == '"' && field.Len() == 0:
			quoted = true
		case ch == cr.delim:
			if err := end(); err != nil {
				return nil, err
			}
		case ch == '\n' || ch == '\r':
			if ch == '\r' && cr.peek('\n') {
				cr.r.ReadRune()
			}
			cr.line++
			if len(fields) == 0 && field.Len() == 0 {
				return []string{}, nil
			}
			if err := end(); err != nil {
				return nil, err
			}
			return fields, nil
		default:
			field.WriteRune(ch)
		}
	}
}

// peek reports whether the next character is ch, leaving it unread.
func (cr *CSVReader) peek(ch rune) bool {
	next, _, err := cr.r.ReadRune()
	if err != nil {
		return false
	}
	cr.r.UnreadRune()
	return next == ch
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
