package format

import (
	"strings"
	"sync"

	"licsh/shell/value"
)

// View is the default display of objects whose TypeNames[0] is TypeName (the
// formatter's format data).
type View struct {
	TypeName string
	Table    []string // columns when shown as a table (the default view for objects of this type when set)
	// Columns, when set, are the headers, widths and alignments of the
	// Table columns, one each, as the format data gives them.
	Columns []Column
	List    []string // properties for the list view; nil means all
	// Group, when set, is the line shown above each run of objects that
	// give the same one ("    Directory: /tmp"), as pwsh's GroupBy does.
	Group func(v any) string
	// Text, when set, renders the object as text lines of at most width
	// cells, shown instead of a table or list: pwsh's help objects are
	// displayed as their help text, not their properties.
	Text func(v any, width int) string
	// Block sets a run of objects shown by Text off with an empty line
	// before and after, as pwsh's custom views of match results do.
	Block bool
}

// Views are the views of a session, by type name; a nil *Views has none.
// Type names are matched case-insensitively, as PowerShell matches format
// data.
type Views struct {
	mu sync.RWMutex
	m  map[string]View // lower-case type name -> view
}

// NewViews returns a set of views holding list.
func NewViews(list ...View) *Views {
	vs := &Views{m: map[string]View{}}
	for _, v := range list {
		vs.Add(v)
	}
	return vs
}

// Add adds or replaces the view for v.TypeName.
func (vs *Views) Add(v View) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vs.m[strings.ToLower(v.TypeName)] = v
}

// viewFor returns the view of an object (or of a Go value standing for a
// .NET type), found by its most specific type name.
func (vs *Views) viewFor(v any) (View, bool) {
	if vs == nil {
		return View{}, false
	}
	var names []string
	switch o := v.(type) {
	case *value.Object:
		names = o.TypeNames
	case value.Typed:
		names = o.TypeNames()
	}
	if len(names) == 0 {
		return View{}, false
	}
	vs.mu.RLock()
	defer vs.mu.RUnlock()
	vw, ok := vs.m[strings.ToLower(names[0])]
	return vw, ok
}
