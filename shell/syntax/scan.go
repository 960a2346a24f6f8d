package syntax

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// eof is what the character helpers return past the end of the source.
const eof = -1

// maxDepth bounds the nesting of blocks and expressions, so that hostile
// input fails with an error instead of exhausting the stack.
const maxDepth = 500

// parser holds the source and the scanning position. The lexer is not a
// separate pass: the parser scans each token in the mode it needs (command
// argument or expression), which is how PowerShell tells `2+2` the word
// from `2+2` the sum.
type parser struct {
	name, src string
	pos       int
	lines     []int // byte offsets at which lines start
	// wsStart and wsEnd bound the last run of blanks and comments skipped,
	// so that "missing X" errors can point just after the previous token.
	wsStart, wsEnd int
	// noComma stops the comma operator inside method-call and attribute
	// argument lists, where commas separate arguments.
	noComma bool
	depth   int
	ascii   []bool // per line: no multi-byte characters, so columns are byte counts
	// requires holds the #requires comments met so far, by offset: the
	// parser may skip the same comment more than once when it backtracks.
	requires map[int]*Requires
}

func newParser(name, src string) *parser {
	p := &parser{name: name, src: src, lines: []int{0}, ascii: []bool{true}, wsStart: -1, wsEnd: -1}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			p.lines = append(p.lines, i+1)
			p.ascii = append(p.ascii, true)
		case c >= utf8.RuneSelf:
			p.ascii[len(p.ascii)-1] = false
		}
	}
	return p
}

// position converts a byte offset to a Pos with a 1-based line and a
// rune-counted 1-based column.
func (p *parser) position(off int) Pos {
	if off > len(p.src) {
		off = len(p.src)
	}
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off }) - 1
	col := off - p.lines[line] + 1
	if !p.ascii[line] {
		col = utf8.RuneCountInString(p.src[p.lines[line]:off]) + 1
	}
	return Pos{Offset: off, Line: line + 1, Col: col}
}

func (p *parser) span(start, end int) Span {
	return Span{Start: p.position(start), End: p.position(end)}
}

// normalize maps the typographic quotes and dashes that admins paste from
// web pages to the ASCII characters PowerShell treats them as.
func normalize(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b':
		return '\''
	case '\u201c', '\u201d', '\u201e':
		return '"'
	case '\u2013', '\u2014', '\u2015':
		return '-'
	}
	return r
}

// at returns the normalized character at byte offset i, or eof.
func (p *parser) at(i int) rune {
	if i >= len(p.src) || i < 0 {
		return eof
	}
	if c := p.src[i]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	return normalize(r)
}

// width returns the byte length of the character at i (0 at the end).
func (p *parser) width(i int) int {
	if i >= len(p.src) {
		return 0
	}
	if p.src[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(p.src[i:])
	return n
}

// raw returns the character at i without normalization.
func (p *parser) raw(i int) rune {
	if i >= len(p.src) {
		return eof
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	return r
}

func isBlank(r rune) bool {
	switch r {
	case ' ', '\t', '\f', '\v', 0xa0, 0x85, 0xfeff:
		return true
	case '\n', '\r', eof:
		return false
	}
	return r > 0x7f && unicode.IsSpace(r)
}

func isNewline(r rune) bool { return r == '\n' || r == '\r' }

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && unicode.IsLetter(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isIdent reports a character of a variable, member or label name.
func isIdent(r rune) bool {
	return isLetter(r) || isDigit(r) || r == '_' || r > 0x7f && unicode.IsDigit(r)
}

// newlineLen returns the length of the line break at i (\n, \r\n or \r).
func (p *parser) newlineLen(i int) int {
	switch p.at(i) {
	case '\n':
		return 1
	case '\r':
		if p.at(i+1) == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

// skipSpace skips blanks, comments and backtick line continuations, but
// not line breaks, which end statements.
func (p *parser) skipSpace() { p.skip(false) }

// skipLines skips blanks, comments and line breaks.
func (p *parser) skipLines() { p.skip(true) }

func (p *parser) skip(lines bool) {
	start := p.pos
	if p.pos == p.wsEnd {
		start = p.wsStart
	}
	p.pos = p.skipFrom(p.pos, lines)
	if p.pos != start {
		p.wsStart, p.wsEnd = start, p.pos
	}
}

// skipFrom returns the offset after the blanks and comments at i. An
// unterminated block comment or a backtick at the very end stops parsing.
func (p *parser) skipFrom(i int, lines bool) int {
	for {
		r := p.at(i)
		switch {
		case isBlank(r):
			i += p.width(i)
		case lines && isNewline(r):
			i += p.newlineLen(i)
		case r == '`' && isNewline(p.at(i+1)):
			i += 1 + p.newlineLen(i+1)
		case r == '`' && i+1 == len(p.src):
			p.failAt(i, i+1, "IncompleteLineContinuation",
				"The line continuation character '`' must be followed by a new line.", true)
		case r == '#':
			start := i
			for i < len(p.src) && !isNewline(p.at(i)) {
				i++
			}
			p.noteRequires(start, i)
		case r == '<' && p.at(i+1) == '#':
			end := indexFrom(p.src, "#>", i+2)
			if end < 0 {
				p.failAt(i, len(p.src), "MissingTerminatorMultiLineComment",
					"The terminator '#>' is missing from the multiline comment.", true)
			}
			i = end + 2
		default:
			return i
		}
	}
}

// indexFrom is strings.Index starting at from, returning an offset into s.
func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

// restIsBlank reports whether only blanks, comments and line breaks follow
// offset i: an error there means the input ended too early.
func (p *parser) restIsBlank(i int) bool {
	for {
		r := p.at(i)
		switch {
		case r == eof:
			return true
		case isBlank(r) || isNewline(r):
			i += p.width(i)
		case r == '`':
			i++
		case r == '#':
			for i < len(p.src) && !isNewline(p.at(i)) {
				i++
			}
		case r == '<' && p.at(i+1) == '#':
			end := indexFrom(p.src, "#>", i+2)
			if end < 0 {
				return true
			}
			i = end + 2
		default:
			return false
		}
	}
}

// lastTokenEnd is the end of the token before the current position.
func (p *parser) lastTokenEnd() int {
	if p.pos == p.wsEnd && p.wsStart >= 0 {
		return p.wsStart
	}
	return p.pos
}

// tokenEnd returns the end of the token starting at i, for error messages:
// a quoted string, a variable, a word, or a single character.
func (p *parser) tokenEnd(i int) int {
	r := p.at(i)
	switch {
	case r == eof:
		return i
	case r == '\'' || r == '"':
		j := i + p.width(i)
		for j < len(p.src) && p.at(j) != r && !isNewline(p.at(j)) {
			j += p.width(j)
		}
		if p.at(j) == r {
			j += p.width(j)
		}
		return j
	case r == '$' || r == '-' || isIdent(r):
		j := i + p.width(i)
		for isIdent(p.at(j)) || p.at(j) == '-' || p.at(j) == ':' && r == '$' {
			j += p.width(j)
		}
		return j
	case r == '&' && p.at(i+1) == '&', r == '|' && p.at(i+1) == '|':
		return i + 2
	}
	return i + p.width(i)
}

// enter guards recursion depth; leave must be deferred after it.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failAt(p.pos, p.pos, "ScriptTooComplicated",
			"Processing was stopped because the script is too complex.", false)
	}
}

func (p *parser) leave() { p.depth-- }
