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
	List     []string // properties for the list view; nil means all
	// Text, when set, renders the object as text lines of at most width
	// cells, shown instead of a table or list: pwsh's help objects are
	// displayed as their help text, not their properties.
	Text func(v any, width int) string
}

var (
	viewsMu sync.RWMutex
	views   = map[string]View{} // lower-case type name -> view
)

// Register adds or replaces the view for v.TypeName. Packages that make
// objects call it from init; type names are matched case-insensitively, as
// PowerShell matches format data.
func Register(v View) {
	viewsMu.Lock()
	defer viewsMu.Unlock()
	views[strings.ToLower(v.TypeName)] = v
}

// viewFor returns the registered view of an object (or of a Go value
// standing for a .NET type), found by its most specific type name.
func viewFor(v any) (View, bool) {
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
	viewsMu.RLock()
	defer viewsMu.RUnlock()
	vw, ok := views[strings.ToLower(names[0])]
	return vw, ok
}
