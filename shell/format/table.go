package format

import (
	"bufio"
	"io"
	"strings"
)

// Column is one column of a table: its header, a fixed width (0 sizes it
// from the data) and its alignment ("left", "right", or "" to align numbers
// and booleans right and everything else left, as pwsh does for objects
// without format data).
type Column struct {
	Label string
	Width int
	Align string
}

// column is a Column being filled: the property it shows and the widest
// value seen so far.
type column struct {
	Column
	prop  string
	right bool
	wide  int
}

// tableRow is one line of a table block: an object's cells, or a scalar
// written while the table was open, which pwsh prints in place.
type tableRow struct {
	cells []string
	raw   string
	isRaw bool
}

// tableBlock is a table being collected; it is laid out when it ends,
// because columns are sized from all its rows.
type tableBlock struct {
	key        string
	cols       []*column
	rows       []tableRow
	aligned    bool // alignment of "" columns is settled (from the first row)
	autoSize   bool
	hideHeader bool
	wrap       bool
}

func newTable(key string, cols []Column, props []string) *tableBlock {
	t := &tableBlock{key: key, cols: make([]*column, len(cols))}
	for i, c := range cols {
		t.cols[i] = &column{Column: c, prop: props[i], right: c.Align == "right"}
	}
	return t
}

// labels is the headers of cols, which name a table.
func labels(cols []Column) string {
	var sb strings.Builder
	for i, c := range cols {
		if i > 0 {
			sb.WriteByte(0)
		}
		sb.WriteString(c.Label)
	}
	return sb.String()
}

// columnsFor makes default columns for property names.
func columnsFor(names []string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Label: n}
	}
	return cols
}

// addObject adds a row with the object's values of props, one for each
// column, or of the columns' own properties when props is nil: a table
// that views of several types share shows each object through its own.
func (t *tableBlock) addObject(obj any, props []string) {
	vals := make([]any, len(t.cols))
	for i, c := range t.cols {
		name := c.prop
		if props != nil {
			name = props[i]
		}
		vals[i] = prop(obj, name)
	}
	t.addValues(vals)
}

// addValues adds a row of values. The first row decides the alignment of
// columns that do not set one.
func (t *tableBlock) addValues(vals []any) {
	if !t.aligned {
		t.aligned = true
		for i, c := range t.cols {
			if c.Align == "" {
				c.right = alignsRight(vals[i])
			}
		}
	}
	cells := make([]string, len(vals))
	for i, v := range vals {
		s := cellText(v)
		if t.wrap {
			for _, l := range splitLines(s) {
				t.cols[i].wide = max(t.cols[i].wide, cellWidth(l))
			}
		} else {
			s = firstLine(s)
			t.cols[i].wide = max(t.cols[i].wide, cellWidth(s))
		}
		cells[i] = s
	}
	t.rows = append(t.rows, tableRow{cells: cells})
}

func (t *tableBlock) addRaw(line string) {
	t.rows = append(t.rows, tableRow{raw: line, isRaw: true})
}

// alignsRight reports whether pwsh right-aligns a column whose first value
// is v: numbers and booleans are, strings and everything else are not.
func alignsRight(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, bool:
		return true
	}
	return false
}

// columnWidths decides each column's width within the table width; a width
// below 1 hides the column. Columns are sized from the data (pwsh collects
// the rows first when the view leaves the first column's width open, and
// always with -AutoSize); otherwise fixed widths are kept and the rest of the
// line is shared among the open columns.
func (t *tableBlock) columnWidths(tableWidth int) []int {
	widths := make([]int, len(t.cols))
	fromData := t.autoSize || t.cols[0].Width == 0
	for i, c := range t.cols {
		switch {
		case c.Width > 0 && !t.autoSize:
			widths[i] = c.Width
		case fromData:
			widths[i] = max(cellWidth(c.Label), c.wide, 1)
		}
	}
	fitColumns(widths, tableWidth)
	return widths
}

// fitColumns fits the columns to the line as PowerShell does: open (0)
// columns get one cell, then share what is left of the line one cell at a
// time; when the table is too wide the rightmost visible column is narrowed,
// or hidden (-1) when it would drop below one cell.
func fitColumns(widths []int, tableWidth int) {
	open := make([]bool, len(widths))
	anyOpen := false
	for i, w := range widths {
		if w <= 0 {
			open[i], anyOpen = true, true
			widths[i] = 1
		}
	}
	spare := tableWidth - tableSpan(widths)
	for anyOpen && spare > 0 {
		for i := range widths {
			if open[i] && spare > 0 {
				widths[i]++
				spare--
			}
		}
	}
	for {
		excess := tableSpan(widths) - tableWidth
		if excess <= 0 {
			return
		}
		last := len(widths) - 1
		for last >= 0 && widths[last] < 0 {
			last--
		}
		if last < 0 {
			return
		}
		if widths[last]-excess < 1 {
			widths[last] = -1
		} else {
			widths[last] -= excess
		}
	}
}

// tableSpan is the width of the visible columns with one space between them.
func tableSpan(widths []int) int {
	sum, n := 0, 0
	for _, w := range widths {
		if w > 0 {
			sum += w
			n++
		}
	}
	return sum + max(n-1, 0)
}

// minScreenColumns is the narrowest line pwsh lays a table out in.
const minScreenColumns = 5

// render writes the table: an empty line, the header and its dashes, the
// rows, an empty line.
func (t *tableBlock) render(w io.Writer, tableWidth int) error {
	out := bufio.NewWriter(w)
	var widths, visible []int
	if tableWidth >= minScreenColumns {
		widths = t.columnWidths(tableWidth)
		for i, wd := range widths {
			if wd > 0 {
				visible = append(visible, i)
			}
		}
	}
	if len(visible) == 0 {
		// Nothing fits: pwsh shows no table, only the scalars written in it.
		for _, r := range t.rows {
			if r.isRaw {
				out.WriteString(r.raw)
				out.WriteByte('\n')
			}
		}
		return out.Flush()
	}
	lw := lineWriter{out: out, t: t, widths: widths, visible: visible}
	out.WriteByte('\n')
	if !t.hideHeader {
		labels := make([]string, len(t.cols))
		dashes := make([]string, len(t.cols))
		for i, c := range t.cols {
			labels[i] = c.Label
			n := widths[i]
			if c.Label != "" {
				n = min(n, cellWidth(c.Label))
			}
			dashes[i] = strings.Repeat("-", max(n, 0))
		}
		lw.wrapped(labels)
		lw.line(dashes)
	}
	for _, r := range t.rows {
		switch {
		case r.isRaw:
			out.WriteString(r.raw)
			out.WriteByte('\n')
		case t.wrap:
			lw.wrapped(r.cells)
		default:
			lw.line(r.cells)
		}
	}
	out.WriteByte('\n')
	return out.Flush()
}

// lineWriter writes the lines of a laid-out table.
type lineWriter struct {
	out     *bufio.Writer
	t       *tableBlock
	widths  []int
	visible []int // indexes of the columns shown
	buf     []byte
}

// line writes one line of cells, each fitted to its column.
func (lw *lineWriter) line(cells []string) {
	lw.buf = lw.buf[:0]
	for k, i := range lw.visible {
		if k > 0 {
			lw.buf = append(lw.buf, ' ')
		}
		lw.buf = appendCell(lw.buf, cells[i], lw.widths[i], lw.t.cols[i].right)
	}
	lw.flush()
}

// wrapped writes cells that may take several lines each: a header label
// wider than its column, or values under -Wrap.
func (lw *lineWriter) wrapped(cells []string) {
	parts := make([][]string, len(lw.visible))
	lines := 0
	for k, i := range lw.visible {
		parts[k] = wrapLines(cells[i], lw.widths[i])
		lines = max(lines, len(parts[k]))
	}
	for l := 0; l < lines; l++ {
		lw.buf = lw.buf[:0]
		for k, i := range lw.visible {
			if k > 0 {
				lw.buf = append(lw.buf, ' ')
			}
			s := ""
			if l < len(parts[k]) {
				s = parts[k][l]
			}
			lw.buf = appendCell(lw.buf, s, lw.widths[i], lw.t.cols[i].right)
		}
		lw.flush()
	}
}

func (lw *lineWriter) flush() { writeTrimmed(lw.out, lw.buf) }

// writeTrimmed writes a line without its trailing spaces.
func writeTrimmed(out *bufio.Writer, line []byte) {
	for len(line) > 0 && line[len(line)-1] == ' ' {
		line = line[:len(line)-1]
	}
	out.Write(line)
	out.WriteByte('\n')
}

// appendCell pads a value to the column width, or cuts it with "…" where
// the cut is made: at the end when left-aligned, at the start when
// right-aligned. A one-cell column has no room for "…".
func appendCell(b []byte, s string, w int, right bool) []byte {
	n := cellWidth(s)
	switch {
	case n == w:
		return append(b, s...)
	case n < w:
		if right {
			return append(appendSpaces(b, w-n), s...)
		}
		return appendSpaces(append(b, s...), w-n)
	case w > 1 && right:
		return append(append(b, ellipsis...), tail(s, w-1)...)
	case w > 1:
		return append(append(b, head(s, w-1)...), ellipsis...)
	case right:
		return append(b, tail(s, w)...)
	default:
		return append(b, head(s, w)...)
	}
}

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}
