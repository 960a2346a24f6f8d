package catalog

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate go run ./gen -src "../../../../shared/data/Product names and service plan identifiers for licensing.csv" -out builtin.csv

// builtinCSV holds the most common products, generated from Microsoft's CSV
// by ./gen; edit the generator's product list, not this file.
//
//go:embed builtin.csv
var builtinCSV string

var builtin = sync.OnceValue(func() *Catalog {
	c, err := ReadCSV(strings.NewReader(builtinCSV), "builtin.csv")
	if err != nil {
		// The file is generated and checked by the tests; a failure here is
		// a broken build, not a user error.
		panic("catalog: embedded builtin.csv: " + err.Error())
	}
	return c
})

// Builtin returns the catalog built into licsh: the most common Microsoft 365
// products with their service plans. It is parsed once and shared; it never
// changes.
func Builtin() *Catalog { return builtin() }
