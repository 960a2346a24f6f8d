// Package symbols holds the licsh API that Go cmdlets and Go scripts see
// when yaegi interprets them: the cmdlet declaration and the Call through
// which a cmdlet reaches the session and the tenant (licsh/shell/cmdlet)
// and PowerShell values (licsh/shell/value), as reflect values generated
// by yaegi's extractor.
//
// Only what a cmdlet author needs is exported; the list, and the symbols
// each package contributes, is kept in api_test.go, which regenerates the
// files and fails when they are stale. Giving interpreted code another
// package is one more entry there.
package symbols

import "reflect"

//go:generate go test -run TestSymbolsUpToDate -update .

// Symbols maps an import path and package name ("licsh/shell/cmdlet/cmdlet")
// to the package's exported symbols, as yaegi's Interpreter.Use expects.
var Symbols = map[string]map[string]reflect.Value{}
