package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// columns are the header of Microsoft's "Product names and service plan
// identifiers for licensing" CSV, in its order. The file has one row per
// product and service plan.
var columns = [...]string{
	"Product_Display_Name",
	"String_Id",
	"GUID",
	"Service_Plan_Name",
	"Service_Plan_Id",
	"Service_Plans_Included_Friendly_Names",
}

// Column positions in columns.
const (
	colName = iota
	colPartNumber
	colSkuID
	colPlanName
	colPlanID
	colPlanFriendly
)

// ParseError is an error in a catalog file. Line is 0 when the error is
// about the file as a whole.
type ParseError struct {
	File string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadCSV reads Microsoft's product and service plan CSV from r; name is the
// file name used in errors.
//
// The columns may come in any order and their names are matched ignoring
// case; other columns are ignored. A UTF-8 byte order mark, CRLF line ends,
// RFC 4180 quoting, and spaces or no-break spaces around values are accepted.
// Rows are grouped by the product GUID, not by String_Id, because one part
// number can have two GUIDs; a product's name and part number come from its
// first row, and a service plan listed twice keeps its first row.
func ReadCSV(r io.Reader, name string) (*Catalog, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	// Microsoft's file is strict RFC 4180; a stray quote means the file is
	// not what the user thinks it is, and is reported rather than guessed at.
	cr.LazyQuotes = false

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Err: errors.New("the file is empty")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	cols, err := mapColumns(header)
	if err != nil {
		return nil, &ParseError{File: name, Line: 1, Err: err}
	}

	index := make(map[string]int)
	var list []Product
	planSeen := make(map[[2]string]bool)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		field := func(col int) string { return rec[cols[col]] }

		sku, err := guidField(field(colSkuID), colSkuID)
		if err != nil {
			return nil, &ParseError{File: name, Line: line, Err: err}
		}
		i, ok := index[sku]
		if !ok {
			p := Product{SkuID: sku, PartNumber: cleanText(field(colPartNumber)), Name: cleanText(field(colName))}
			if p.PartNumber == "" {
				return nil, &ParseError{File: name, Line: line, Err: fmt.Errorf("column %s is empty", columns[colPartNumber])}
			}
			i = len(list)
			index[sku] = i
			list = append(list, p)
		}

		planName, planFriendly := cleanText(field(colPlanName)), cleanText(field(colPlanFriendly))
		if strings.TrimSpace(field(colPlanID)) == "" && planName == "" && planFriendly == "" {
			continue // a product without service plans
		}
		planID, err := guidField(field(colPlanID), colPlanID)
		if err != nil {
			return nil, &ParseError{File: name, Line: line, Err: err}
		}
		if key := [2]string{sku, planID}; !planSeen[key] {
			planSeen[key] = true
			list[i].Plans = append(list[i].Plans, Plan{ID: planID, Name: planName, FriendlyName: planFriendly})
		}
	}
	if len(list) == 0 {
		return nil, &ParseError{File: name, Err: errors.New("the file has a header but no products")}
	}
	return build(list), nil
}

// mapColumns returns, for each of columns, its position in header.
func mapColumns(header []string) ([len(columns)]int, error) {
	var pos [len(columns)]int
	var missing []string
	for i, want := range columns {
		pos[i] = -1
		for j, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), want) {
				pos[i] = j
				break
			}
		}
		if pos[i] < 0 {
			missing = append(missing, want)
		}
	}
	if missing != nil {
		found := make([]string, len(header))
		for i, h := range header {
			found[i] = fmt.Sprintf("%q", strings.TrimSpace(h))
		}
		noun := "column"
		if len(missing) > 1 {
			noun = "columns"
		}
		return pos, fmt.Errorf("not Microsoft's product and service plan CSV: missing %s %s; found columns %s",
			noun, strings.Join(missing, ", "), strings.Join(found, ", "))
	}
	return pos, nil
}

func guidField(s string, col int) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("column %s is empty", columns[col])
	}
	g, ok := NormalizeGUID(s)
	if !ok {
		return "", fmt.Errorf("%q in column %s is not a GUID", strings.TrimSpace(s), columns[col])
	}
	return g, nil
}

// csvError turns an encoding/csv error into a ParseError that names the
// line, without repeating the line inside the message.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Err: pe.Err}
	}
	return &ParseError{File: name, Err: err}
}

// WriteCSV writes c in the format of Microsoft's CSV (with LF line ends and
// no byte order mark), one row per product and plan, so that ReadCSV reads
// back the same catalog.
func (c *Catalog) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(columns[:]); err != nil {
		return err
	}
	for _, p := range c.products {
		if len(p.Plans) == 0 {
			if err := cw.Write([]string{p.Name, p.PartNumber, p.SkuID, "", "", ""}); err != nil {
				return err
			}
		}
		for _, pl := range p.Plans {
			if err := cw.Write([]string{p.Name, p.PartNumber, p.SkuID, pl.Name, pl.ID, pl.FriendlyName}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
