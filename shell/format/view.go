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

// viewFor returns the registered view of an object, found by its most
// specific type name.
func viewFor(v any) (View, bool) {
	o, ok := v.(*value.Object)
	if !ok || len(o.TypeNames) == 0 {
		return View{}, false
	}
	viewsMu.RLock()
	defer viewsMu.RUnlock()
	vw, ok := views[strings.ToLower(o.TypeNames[0])]
	return vw, ok
}
