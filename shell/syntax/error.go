package syntax

import (
	"errors"
	"fmt"
)

// Error is a parse error: where it is, PowerShell's error id and message,
// and whether the input merely ended too early.
type Error struct {
	File string
	// Span is the offending token, or the point where input ended.
	Span Span
	// ID is PowerShell's ParseError id, e.g. "MissingEndCurlyBrace".
	ID string
	// Msg is PowerShell's message text for the error.
	Msg string
	// Incomplete reports that the input ended too early (an open brace,
	// string or here-string, a trailing pipe, operator or backtick), so an
	// interactive shell can ask for more lines instead of failing.
	Incomplete bool
}

// Error formats the error as "file:line:col: msg", without "file:" when the
// source has no file name.
func (e *Error) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%d:%d: %s", e.Span.Start.Line, e.Span.Start.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Span.Start.Line, e.Span.Start.Col, e.Msg)
}

// IsIncomplete reports whether err is a parse error caused by input that
// ended too early.
func IsIncomplete(err error) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.Incomplete
}

// bailout carries the first parse error up the recursive descent to Parse.
type bailout struct{ err *Error }

// failAt stops parsing with an error covering src[start:end].
func (p *parser) failAt(start, end int, id, msg string, incomplete bool) {
	panic(bailout{&Error{
		File:       p.name,
		Span:       p.span(start, end),
		ID:         id,
		Msg:        msg,
		Incomplete: incomplete,
	}})
}

// failHere reports an error on the token at the current position, or at the
// end of the previous token when only blanks remain.
func (p *parser) failHere(id, msg string) {
	if p.restIsBlank(p.pos) {
		e := p.lastTokenEnd()
		p.failAt(e, e, id, msg, true)
	}
	p.failAt(p.pos, p.tokenEnd(p.pos), id, msg, false)
}

// failMissing reports something missing after the previous token: the error
// points just after that token, as PowerShell does.
func (p *parser) failMissing(id, msg string) {
	e := p.lastTokenEnd()
	p.failAt(e, e, id, msg, p.restIsBlank(e))
}

// unexpected reports the token at the current position as unexpected.
func (p *parser) unexpected() {
	end := p.tokenEnd(p.pos)
	if end == p.pos {
		p.failMissing("UnexpectedToken", "Unexpected token '' in expression or statement.")
	}
	p.failAt(p.pos, end, "UnexpectedToken",
		fmt.Sprintf("Unexpected token '%s' in expression or statement.", p.src[p.pos:end]), false)
}
