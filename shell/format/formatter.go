package format

import (
	"bufio"
	"io"
	"strings"
	"time"

	"licsh/shell/value"
)

// defaultWidth is the line width pwsh formats to when output is redirected.
const defaultWidth = 120

// maxTableColumns is how many properties a table made without a view or
// -Property shows; Out-Default lists objects with more than maxTableProps.
const (
	maxTableColumns = 10
	maxTableProps   = 4
)

// maxDepth bounds how deep nested collections are unrolled, so a collection
// that contains itself cannot loop.
const maxDepth = 8

// mode is the command a Formatter stands for: Out-Default, Format-Table or
// Format-List.
type mode int

const (
	outDefault mode = iota
	formatTable
	formatList
)

// Formatter is Out-Default: it takes the objects a pipeline outputs, one at
// a time, and writes them as pwsh would. Scalars are written at once; a
// table is written when it ends (a new shape, or Close), since its columns
// are sized from all its rows.
type Formatter struct {
	w     io.Writer
	width int
	views *Views
	mode  mode
	table TableOptions // Format-Table's options
	props []string     // Format-List's -Property

	pending *tableBlock
	listKey string // shape of the open list block
	inList  bool
	group   string // the group line shown above the current objects
	err     error
}

// New returns a Formatter writing lines of at most width cells to w,
// showing objects with views; a width below 1 means pwsh's 120.
func New(w io.Writer, width int, views *Views) *Formatter {
	if width < 1 {
		width = defaultWidth
	}
	return &Formatter{w: w, width: width, views: views}
}

// Write formats one pipeline object. Collections are unrolled; $null and
// empty collections print nothing. It returns the first write error.
func (f *Formatter) Write(v any) error {
	f.write(v, 0)
	return f.err
}

// Close ends the open table or list block.
func (f *Formatter) Close() error {
	f.endBlock()
	return f.err
}

func (f *Formatter) write(v any, depth int) {
	if f.err != nil || v == nil {
		return
	}
	switch x := v.(type) {
	case string:
		f.line(x)
		return
	case *value.Hashtable:
		f.item(x)
		return
	}
	if items, ok := value.Enumerate(v); ok {
		if depth == maxDepth {
			f.line(itemText(v))
			return
		}
		for _, it := range items {
			f.write(it, depth+1)
		}
		return
	}
	f.item(v)
}

// item formats one object that is not a collection.
func (f *Formatter) item(v any) {
	switch {
	case f.mode == formatTable && (len(f.table.Properties) > 0 || len(f.table.Columns) > 0):
		f.selectedRow(v)
		return
	case f.mode == formatList:
		f.listItem(v)
		return
	}
	if h, ok := v.(*value.Hashtable); ok {
		f.hashtable(h)
		return
	}
	if t, isDate := v.(time.Time); isDate && f.mode == outDefault {
		f.dateLine(t)
		return
	}
	rec, ok := asRecord(v)
	if !ok {
		f.line(scalarText(v))
		return
	}
	vw, hasView := f.views.viewFor(rec.obj)
	f.startGroup(vw, rec.obj)
	switch {
	case hasView && vw.Text != nil && vw.Block:
		f.blockLine("\x00text"+strings.ToLower(vw.TypeName), vw.Text(rec.obj, f.width))
	case hasView && vw.Text != nil:
		f.line(vw.Text(rec.obj, f.width))
	case hasView && len(vw.Table) > 0:
		cols := vw.Columns
		if cols == nil {
			cols = columnsFor(vw.Table)
		}
		// Views with the same headers (files and folders, commands and
		// aliases) are one table, as in pwsh, where they are one view;
		// each object fills its row from its own view's properties.
		f.tableRow("view\x00"+strings.ToLower(labels(cols)), vw.Table, cols, rec.obj)
	case f.mode == formatTable:
		names := rec.names[:min(len(rec.names), maxTableColumns)]
		if len(names) > 0 {
			f.tableRow(rec.shapeKey(), names, columnsFor(names), rec.obj)
		}
	case hasView && vw.List != nil:
		f.listEntry(rec.shapeKey(), expandProps(vw.List, rec.names, false), rec.obj)
	case len(rec.names) == 0:
	case len(rec.names) <= maxTableProps:
		f.tableRow(rec.shapeKey(), rec.names, columnsFor(rec.names), rec.obj)
	default:
		f.listEntry(rec.shapeKey(), rec.names, rec.obj)
	}
}

// hashtableKey is the shape of every hashtable: they share one table.
const hashtableKey = "\x00hashtable"

// hashtable shows a hashtable's entries in pwsh's Name/Value table, whose
// Name column is 30 cells wide unless the table is auto-sized.
func (f *Formatter) hashtable(h *value.Hashtable) {
	entries := h.Entries()
	if len(entries) == 0 {
		return
	}
	cols := []Column{{Label: "Name", Width: 30, Align: "left"}, {Label: "Value", Align: "left"}}
	if f.pending == nil || f.pending.key != hashtableKey {
		f.startTable(hashtableKey, []string{"Name", "Value"}, cols)
	}
	for _, e := range entries {
		f.pending.addValues([]any{e.Key, e.Value})
	}
}

// selectedRow adds an object to the one table Format-Table -Property makes;
// the first object resolves the wildcards.
func (f *Formatter) selectedRow(v any) {
	if f.pending == nil {
		cols := f.table.Columns
		var props []string
		if len(cols) > 0 {
			props = make([]string, len(cols))
			for i, c := range cols {
				props[i] = c.Label
			}
		} else {
			props = expandProps(f.table.Properties, memberNames(v), true)
			cols = columnsFor(props)
		}
		if len(props) == 0 {
			return
		}
		f.startTable("\x00selected", props, cols)
	}
	if rec, ok := asRecord(v); ok {
		v = rec.obj
	}
	f.pending.addObject(v, nil)
}

// tableRow adds an object to the open table, first starting a new one when
// the object's shape differs.
func (f *Formatter) tableRow(key string, props []string, cols []Column, obj any) {
	if f.pending == nil || f.pending.key != key {
		f.startTable(key, props, cols)
	}
	f.pending.addObject(obj, props)
}

func (f *Formatter) startTable(key string, props []string, cols []Column) {
	f.endBlock()
	f.pending = newTable(key, cols, props)
	if f.mode == formatTable {
		f.pending.autoSize = f.table.AutoSize
		f.pending.hideHeader = f.table.HideTableHeaders
		f.pending.wrap = f.table.Wrap
	}
}

// listItem formats one object for Format-List: objects by their (selected)
// properties, a hashtable as one Name/Value entry per key, scalars as lines
// unless properties were asked for.
func (f *Formatter) listItem(v any) {
	if h, ok := v.(*value.Hashtable); ok && f.props == nil {
		for _, e := range h.Entries() {
			f.listValues("", []string{"Name", "Value"}, []string{cellText(e.Key), cellText(e.Value)})
		}
		return
	}
	rec, ok := asRecord(v)
	switch {
	case ok && f.props != nil:
		f.listEntry("", expandProps(f.props, rec.names, false), rec.obj)
	case ok:
		names := rec.names
		vw, hasView := f.views.viewFor(rec.obj)
		if hasView && vw.List != nil {
			names = expandProps(vw.List, rec.names, false)
		}
		f.startGroup(vw, rec.obj)
		f.listEntry("", names, rec.obj)
	case f.props != nil:
		var names []string
		for _, p := range f.props {
			if !hasWildcard(p) {
				names = append(names, p)
			}
		}
		f.listEntry("", names, v)
	default:
		f.line(scalarText(v))
	}
}

// startGroup shows the group line of a view that groups its objects when
// obj starts a new group. The first group is set off by an empty line;
// the next ones follow the empty line that ends the block before them.
func (f *Formatter) startGroup(vw View, obj any) {
	if vw.Group == nil {
		f.group = ""
		return
	}
	g := vw.Group(obj)
	if g == f.group {
		return
	}
	first := f.group == ""
	f.endBlock()
	f.group = g
	if first {
		f.writeString("\n")
	}
	f.writeString(g + "\n")
}

// listEntry writes an object as one entry of a list block.
func (f *Formatter) listEntry(key string, names []string, obj any) {
	f.listValues(key, names, listValues(obj, names))
}

func (f *Formatter) listValues(key string, names, values []string) {
	if len(names) == 0 {
		return
	}
	if !f.inList || f.listKey != key {
		f.endBlock()
		f.inList, f.listKey = true, key
	}
	out := bufio.NewWriter(f.w)
	out.WriteByte('\n')
	writeListEntry(out, names, values, f.width)
	f.setErr(out.Flush())
}

// dateKey is the shape of dates, which pwsh shows in a block of their own
// (its DateTime view), set off by empty lines like a list.
const dateKey = "\x00datetime"

// dateLine writes a date in its long form, within a block of dates.
func (f *Formatter) dateLine(t time.Time) { f.blockLine(dateKey, scalarText(t)) }

// blockLine writes a line within a block of lines of one kind, which an
// empty line starts and ends as it does a list.
func (f *Formatter) blockLine(key, s string) {
	if !f.inList || f.listKey != key {
		f.endBlock()
		f.inList, f.listKey = true, key
		f.writeString("\n")
	}
	f.writeString(s + "\n")
}

// line writes a scalar. While a table is open it joins the table's rows,
// keeping the order pwsh prints in.
func (f *Formatter) line(s string) {
	if f.pending != nil {
		f.pending.addRaw(s)
		return
	}
	if f.inList {
		f.endBlock()
	}
	f.writeString(s + "\n")
}

// endBlock writes the open table, or the empty line that ends a list.
func (f *Formatter) endBlock() {
	if f.pending != nil {
		t := f.pending
		f.pending = nil
		if f.err == nil {
			f.setErr(t.render(f.w, f.width))
		}
	}
	if f.inList {
		f.inList = false
		f.writeString("\n")
	}
}

func (f *Formatter) writeString(s string) {
	if f.err == nil {
		_, err := io.WriteString(f.w, s)
		f.setErr(err)
	}
}

func (f *Formatter) setErr(err error) {
	if f.err == nil {
		f.err = err
	}
}

// String is Out-String: the text Formatter prints for objs.
func String(objs []any, width int, views *Views) string {
	var b strings.Builder
	f := New(&b, width, views)
	for _, o := range objs {
		f.Write(o)
	}
	f.Close()
	return b.String()
}
