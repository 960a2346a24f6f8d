// Package cmdlet is the public API of licsh commands: the declaration of a
// cmdlet (its name, module, parameters, help and examples) and Call, the
// session as a running cmdlet sees it. Built-in cmdlets and the Go cmdlets
// that licsh interprets at run time are written against it alike, so one
// declaration drives binding, tab completion, Get-Help, Get-Command and the
// example tests.
//
// The package is the contract with users' Go files: interpreted code may
// import it, licsh/shell/value and Go's standard library, nothing else of
// licsh. It declares; it does not bind, run or register anything (that is
// licsh/shell/interp, which implements Call).
package cmdlet
