package syntax

import (
	"strconv"
	"strings"
)

// strBuilder collects the literal text and the expansions of a
// double-quoted string or of a bare word in argument mode.
type strBuilder struct {
	parts    []Expr
	lit      strings.Builder
	litStart int
	kind     StringKind
	expanded bool
}

func (b *strBuilder) flush(p *parser, end int) {
	if b.lit.Len() > 0 {
		b.parts = append(b.parts, &StringConst{Span: p.span(b.litStart, end), Value: b.lit.String(), Kind: b.kind})
		b.lit.Reset()
	}
}

// add appends an expansion found at [start, end).
func (b *strBuilder) add(p *parser, start int, x Expr, end int) {
	b.flush(p, start)
	b.parts = append(b.parts, x)
	b.expanded = true
	b.litStart = end
}

// result is the string node: constant text, or the parts to expand.
func (b *strBuilder) result(p *parser, start, end int, here bool) Expr {
	if !b.expanded {
		return &StringConst{Span: p.span(start, end), Value: b.lit.String(), Kind: b.kind}
	}
	b.flush(p, end)
	return &ExpandableString{Span: p.span(start, end), Parts: b.parts, Here: here}
}

// escapes maps the character after a backtick to what it stands for.
var escapes = map[rune]rune{
	'0': 0, 'a': '\a', 'b': '\b', 'e': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}

// escape decodes the backtick escape at i (which holds the backtick),
// appending its character; it returns the offset after it.
func (p *parser) escape(b *strBuilder, i int) int {
	i++
	r := p.raw(i)
	if r == eof {
		return i
	}
	if r == 'u' && p.at(i+1) == '{' {
		j := i + 2
		for isHex(p.at(j)) {
			j++
		}
		if p.at(j) != '}' || j == i+2 || j-i-2 > 6 {
			p.failAt(i-1, j, "InvalidUnicodeEscapeSequence",
				"The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'.", false)
		}
		v, _ := strconv.ParseUint(p.src[i+2:j], 16, 32)
		if v > 0x10ffff {
			p.failAt(i-1, j+1, "InvalidUnicodeEscapeSequenceValue",
				"The Unicode escape sequence value is out of range. The maximum value is 0x10FFFF.", false)
		}
		b.lit.WriteRune(rune(v))
		return j + 1
	}
	if e, ok := escapes[r]; ok {
		b.lit.WriteRune(e)
	} else {
		b.lit.WriteRune(r)
	}
	return i + p.width(i)
}

// expansion handles a $ at i inside an expandable string or word: $(...),
// ${...} or $name. It returns false when the $ is a literal dollar sign.
func (p *parser) expansion(b *strBuilder, i int) (int, bool) {
	if p.at(i+1) == '(' {
		sub := p.parseSubExpr(i)
		b.add(p, i, sub, p.pos)
		return p.pos, true
	}
	v, end := p.scanVariable(i, false)
	if v == nil {
		return i, false
	}
	b.add(p, i, v, end)
	return end, true
}

// scanSingle scans a single-quoted string at i; two quotes in a row
// stand for one.
func (p *parser) scanSingle(i int) (*StringConst, int) {
	var b strings.Builder
	j := p.singleBody(&b, i)
	return &StringConst{Span: p.span(i, j), Value: b.String(), Kind: SingleQuoted}, j
}

// singleBody appends the text of the single-quoted string at i to b and
// returns the offset after its closing quote.
func (p *parser) singleBody(b *strings.Builder, i int) int {
	j := i + p.width(i)
	for {
		r := p.at(j)
		switch {
		case r == eof:
			p.failAt(i, j, "TerminatorExpectedAtEndOfString", "The string is missing the terminator: '.", true)
		case r == '\'' && p.at(j+p.width(j)) == '\'':
			b.WriteByte('\'')
			j += p.width(j)
			j += p.width(j)
		case r == '\'':
			return j + p.width(j)
		default:
			b.WriteRune(p.raw(j))
			j += p.width(j)
		}
	}
}

// scanDouble scans a double-quoted string at i.
func (p *parser) scanDouble(i int) (Expr, int) {
	b := &strBuilder{kind: DoubleQuoted}
	j := p.doubleBody(b, i)
	return b.result(p, i, j, false), j
}

// doubleBody scans the double-quoted string at i into b and returns the
// offset after its closing quote.
func (p *parser) doubleBody(b *strBuilder, i int) int {
	j := i + p.width(i)
	b.litStart = j
	for {
		r := p.at(j)
		switch {
		case r == eof:
			p.failAt(i, j, "TerminatorExpectedAtEndOfString", `The string is missing the terminator: ".`, true)
		case r == '"' && p.at(j+p.width(j)) == '"':
			b.lit.WriteByte('"')
			j += p.width(j)
			j += p.width(j)
		case r == '"':
			return j + p.width(j)
		case r == '`':
			j = p.escape(b, j)
		case r == '$':
			if end, ok := p.expansion(b, j); ok {
				j = end
				continue
			}
			b.lit.WriteByte('$')
			j++
		default:
			b.lit.WriteRune(p.raw(j))
			j += p.width(j)
		}
	}
}

// scanHere scans a here-string at i (@" or @'): its text runs from the line
// after the header to the line break before the closing "@ or '@, which
// must start a line.
func (p *parser) scanHere(i int) (Expr, int) {
	quote := p.at(i + 1)
	j := i + 1 + p.width(i+1)
	for isBlank(p.at(j)) {
		j += p.width(j)
	}
	if !isNewline(p.at(j)) {
		if p.at(j) == eof {
			p.failAt(i, j, "TerminatorExpectedAtEndOfString",
				"The string is missing the terminator: "+string(quote)+"@.", true)
		}
		p.failAt(j, j+p.width(j), "UnexpectedCharactersAfterHereStringHeader",
			"No characters are allowed after a here-string header but before the end of the line.", false)
	}
	j += p.newlineLen(j)
	contentStart := j
	contentEnd := -1
	for line := j; line <= len(p.src); {
		if p.at(line) == quote && p.at(line+p.width(line)) == '@' {
			contentEnd = line
			j = line + p.width(line) + 1
			break
		}
		next := line
		for next < len(p.src) && !isNewline(p.at(next)) {
			next++
		}
		if next >= len(p.src) {
			break
		}
		line = next + p.newlineLen(next)
	}
	if contentEnd < 0 {
		p.failAt(i, len(p.src), "TerminatorExpectedAtEndOfString",
			"The string is missing the terminator: "+string(quote)+"@.", true)
	}
	// The line break before the terminator is not part of the text.
	textEnd := contentEnd
	if textEnd > contentStart && p.src[textEnd-1] == '\n' {
		textEnd--
		if textEnd > contentStart && p.src[textEnd-1] == '\r' {
			textEnd--
		}
	} else if textEnd > contentStart && p.src[textEnd-1] == '\r' {
		textEnd--
	}
	if textEnd < contentStart {
		textEnd = contentStart
	}
	if quote == '\'' {
		return &StringConst{Span: p.span(i, j), Value: p.src[contentStart:textEnd], Kind: SingleHereString}, j
	}
	b := &strBuilder{kind: DoubleHereString, litStart: contentStart}
	for k := contentStart; k < textEnd; {
		switch p.at(k) {
		case '`':
			k = p.escape(b, k)
		case '$':
			if end, ok := p.expansion(b, k); ok {
				k = end
				continue
			}
			b.lit.WriteByte('$')
			k++
		default:
			b.lit.WriteRune(p.raw(k))
			k += p.width(k)
		}
	}
	return b.result(p, i, j, true), j
}

// wordStops are the characters that end a bare word in argument mode.
func wordStop(r rune) bool {
	switch r {
	case eof, ';', '|', '&', '(', ')', '{', '}', ',', '<', '>', '\n', '\r':
		return true
	}
	return isBlank(r)
}

// scanWord scans a bare word in argument mode at i: `C:\a\b.csv`,
// `SPE_E5`, `2+2`, `report_$date.csv`. Quoted pieces and $ expansions join
// the word; a word that is exactly one quoted string keeps its kind.
func (p *parser) scanWord(i int) (Expr, int) { return p.scanWordAfter(i, nil, i) }

// scanWordAfter scans the rest of a bare word that starts at i and whose
// first part, already parsed, is head (nil when none) ending at j.
func (p *parser) scanWordAfter(i int, head Expr, j int) (Expr, int) {
	b := &strBuilder{kind: BareWord, litStart: j}
	pieces := 0
	if head != nil {
		b.add(p, i, head, j)
		pieces++
	}
	lastKind := BareWord
	for !wordStop(p.at(j)) {
		pieces++
		switch r := p.at(j); r {
		case '`':
			if isNewline(p.at(j+1)) || p.at(j+1) == eof {
				return b.result(p, i, j, false), j
			}
			j = p.escape(b, j)
			lastKind = BareWord
		case '\'':
			var s strings.Builder
			j = p.singleBody(&s, j)
			b.lit.WriteString(s.String())
			lastKind = SingleQuoted
		case '"':
			j = p.doubleBody(b, j)
			lastKind = DoubleQuoted
		case '$':
			if end, ok := p.expansion(b, j); ok {
				j = end
			} else {
				b.lit.WriteByte('$')
				j++
			}
			lastKind = BareWord
		default:
			b.lit.WriteRune(r)
			j += p.width(j)
			lastKind = BareWord
		}
		if pieces == 1 && lastKind != BareWord && wordStop(p.at(j)) {
			b.kind = lastKind
		}
	}
	return b.result(p, i, j, false), j
}
