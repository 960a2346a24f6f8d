package goext

import (
	"fmt"
	"go/token"
)

// Error is a problem found in a Go file, at a position in it.
type Error struct {
	Pos token.Position
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// errorAt returns an Error at pos of fset.
func errorAt(fset *token.FileSet, pos token.Pos, format string, args ...any) *Error {
	return &Error{Pos: fset.Position(pos), Msg: fmt.Sprintf(format, args...)}
}
