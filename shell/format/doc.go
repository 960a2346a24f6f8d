// Package format prints what a pipeline outputs the way pwsh 7's default
// formatter does, without colour: Out-Default (Formatter), Format-Table
// (Table), Format-List (List) and Out-String (String).
//
// It picks a table or a list from the object's shape or from a View that the
// package making those objects registered, sizes table columns from the data,
// and cuts or wraps values to the console width. Lines never end in spaces.
//
// It does not evaluate calculated properties or script blocks (callers pass
// objects that already hold the values to show), does not colour output, and
// has no special view for error records: the shell displays errors itself.
package format
