package core

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// csvReader reads delimited records one at a time, the way Import-Csv
// parses: fields may be quoted with "", a doubled quote inside a quoted field
// is one quote, a quoted field may span lines, a quote inside an unquoted
// field is kept as it is, and text after a closing quote is appended to the
// field. Records end at LF, CRLF or CR.
type csvReader struct {
	r     *bufio.Reader
	delim rune
}

func newCSVReader(r io.Reader, delim rune) *csvReader {
	if delim == 0 {
		delim = ','
	}
	return &csvReader{r: bufio.NewReader(r), delim: delim}
}

// next returns the next record. A blank line is returned as an empty,
// non-nil record; io.EOF comes only when no text is left.
func (cr *csvReader) next() ([]string, error) {
	var (
		fields  []string
		field   strings.Builder
		quoted  bool // inside a quoted section
		started bool // anything read for this record
	)
	for {
		ch, _, err := cr.r.ReadRune()
		if err != nil {
			if err != io.EOF {
				return nil, err
			}
			if !started {
				return nil, io.EOF
			}
			return append(fields, field.String()), nil
		}
		started = true
		switch {
		case quoted:
			if ch != '"' {
				field.WriteRune(ch)
				continue
			}
			if peek, _, err := cr.r.ReadRune(); err == nil {
				if peek == '"' {
					field.WriteByte('"')
					continue
				}
				cr.r.UnreadRune()
			}
			quoted = false
		case ch == '"' && field.Len() == 0:
			quoted = true
		case ch == cr.delim:
			fields = append(fields, field.String())
			field.Reset()
		case ch == '\n' || ch == '\r':
			if ch == '\r' {
				if peek, _, err := cr.r.ReadRune(); err == nil && peek != '\n' {
					cr.r.UnreadRune()
				}
			}
			if len(fields) == 0 && field.Len() == 0 {
				return []string{}, nil
			}
			return append(fields, field.String()), nil
		default:
			field.WriteRune(ch)
		}
	}
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
