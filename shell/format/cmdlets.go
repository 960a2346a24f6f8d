package format

import "io"

// TableOptions are Format-Table's parameters.
type TableOptions struct {
	Properties       []string // -Property; wildcards allowed
	AutoSize         bool
	HideTableHeaders bool
	Width            int  // line width; below 1 means 120
	Wrap             bool // wrap long values instead of cutting them
	// Columns, when set, replaces Properties: each column shows the property
	// named by its Label, with its width and alignment (the Label, Width and
	// Alignment keys of Format-Table's calculated properties, whose values
	// the caller has already computed into that property).
	Columns []Column
	// Views are the session's views, which give the default columns.
	Views *Views
}

// Table is Format-Table: objs as tables. With Properties (or Columns) all
// objects share one table whose columns the first object resolves;
// otherwise each run of same-shaped objects gets its own table, of at most
// ten columns, whatever their number of properties.
func Table(w io.Writer, objs []any, opt TableOptions) error {
	f := New(w, opt.Width, opt.Views)
	f.mode, f.table = formatTable, opt
	for _, o := range objs {
		if err := f.Write(o); err != nil {
			return err
		}
	}
	return f.Close()
}

// List is Format-List: every object as a "Name : Value" entry of one list.
// props selects the properties (wildcards allowed, "*" all); nil shows the
// list view's properties in views, or all of them.
func List(w io.Writer, objs []any, props []string, views *Views) error {
	f := New(w, defaultWidth, views)
	f.mode, f.props = formatList, props
	for _, o := range objs {
		if err := f.Write(o); err != nil {
			return err
		}
	}
	return f.Close()
}
