package syntax

import (
	"fmt"
	"strings"
)

// Parse parses a whole script. name is the file name ("" for -Command text
// and REPL input). The error, if any, is the first one found, as an *Error.
func Parse(name, src string) (f *File, err error) {
	p := newParser(name, src)
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			f, err = nil, b.err
		}
	}()
	body := p.parseScriptBody(0, eof)
	return &File{Name: name, Src: src, Body: body, Requires: p.requirements()}, nil
}

// attempt runs f and reports whether it parsed; on a parse error the
// position is restored, so the caller can try another reading.
func (p *parser) attempt(f func()) (ok bool) {
	pos, ws0, ws1, depth, noComma := p.pos, p.wsStart, p.wsEnd, p.depth, p.noComma
	defer func() {
		if r := recover(); r != nil {
			if _, isBailout := r.(bailout); !isBailout {
				panic(r)
			}
			p.pos, p.wsStart, p.wsEnd, p.depth, p.noComma = pos, ws0, ws1, depth, noComma
			ok = false
		}
	}()
	f()
	return true
}

// keywords are PowerShell's statement keywords, in lower case.
var keywords = map[string]bool{
	"if": true, "elseif": true, "else": true, "foreach": true, "for": true, "while": true,
	"do": true, "until": true, "switch": true, "try": true, "catch": true, "finally": true,
	"trap": true, "function": true, "filter": true, "break": true, "continue": true,
	"return": true, "exit": true, "throw": true, "param": true, "in": true,
	"begin": true, "process": true, "end": true, "class": true, "enum": true,
}

// keywordEnd reports whether r can follow a keyword: `if(`, `else{`,
// `catch[`, `throw"x"`, but not `if-x` or `end.ps1`.
func keywordEnd(r rune) bool {
	return wordStop(r) || r == '$' || r == '\'' || r == '"' || r == '[' || r == '#'
}

// keywordAt returns the keyword (lower-cased) at i, or "" when the word
// there is not one.
func (p *parser) keywordAt(i int) string {
	j := i
	for p.at(j) >= 'a' && p.at(j) <= 'z' || p.at(j) >= 'A' && p.at(j) <= 'Z' {
		j++
	}
	if j == i || !keywordEnd(p.at(j)) {
		return ""
	}
	if w := strings.ToLower(p.src[i:j]); keywords[w] {
		return w
	}
	return ""
}

// acceptKeyword consumes kw when it is the next word.
func (p *parser) acceptKeyword(kw string) bool {
	if p.keywordAt(p.pos) == kw {
		p.pos += len(kw)
		return true
	}
	return false
}

// parseScriptBody parses the inside of a script or a { } script block up to
// closer (not consumed): an optional param block, then either named
// begin/process/end blocks or plain statements.
func (p *parser) parseScriptBody(start int, closer rune) *ScriptBlock {
	sb := &ScriptBlock{}
	p.skipLines()
	if p.at(p.pos) == '[' || p.keywordAt(p.pos) == "param" {
		m := p.mark()
		var attrs []*Attribute
		if p.attempt(func() { attrs = p.parseBlockAttributes() }) && p.keywordAt(p.pos) == "param" {
			sb.Params = p.parseParamBlock(m.pos, attrs)
		} else {
			p.reset(m)
		}
	}
	p.skipLines()
	if p.namedBlockAhead() {
		sb.Named = true
		p.parseNamedBlocks(sb, closer)
	} else {
		sb.End = p.parseStatements(closer)
	}
	sb.Span = p.span(start, p.pos)
	return sb
}

// mark is a saved scanning position, for looking ahead.
type mark struct{ pos, wsStart, wsEnd int }

func (p *parser) mark() mark { return mark{p.pos, p.wsStart, p.wsEnd} }

func (p *parser) reset(m mark) { p.pos, p.wsStart, p.wsEnd = m.pos, m.wsStart, m.wsEnd }

// parseBlockAttributes parses the attributes before param, such as
// [CmdletBinding()]. A type literal there is not an attribute, so this
// fails and the caller reads the text as statements.
func (p *parser) parseBlockAttributes() []*Attribute {
	var attrs []*Attribute
	for p.at(p.pos) == '[' {
		a, _ := p.parseAttrOrType()
		if a == nil {
			p.unexpected()
		}
		attrs = append(attrs, a)
		p.skipLines()
	}
	return attrs
}

// parseParamBlock parses param( ... ) after its attributes.
func (p *parser) parseParamBlock(start int, attrs []*Attribute) *ParamBlock {
	p.acceptKeyword("param")
	p.skipLines()
	if p.at(p.pos) != '(' {
		p.failMissing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'param'.")
	}
	pb := p.parseParamList(start)
	pb.Attributes = attrs
	return pb
}

// parseParamList parses ( $a, [int]$b = 2 ) at the current '('.
func (p *parser) parseParamList(start int) *ParamBlock {
	pb := &ParamBlock{}
	p.pos++
	for {
		p.skipLines()
		if p.at(p.pos) == ')' {
			break
		}
		pb.Params = append(pb.Params, p.parseParam())
		p.skipLines()
		switch p.at(p.pos) {
		case ',':
			p.pos++
			continue
		case ')':
		case eof:
			p.failMissing("MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.")
		default:
			p.failHere("MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.")
		}
		break
	}
	p.pos++
	pb.Span = p.span(start, p.pos)
	return pb
}

func (p *parser) parseParam() *Param {
	start := p.pos
	prm := &Param{}
	for p.at(p.pos) == '[' {
		a, typ := p.parseAttrOrType()
		if a != nil {
			prm.Attributes = append(prm.Attributes, a)
		} else {
			prm.Type = typ
		}
		p.skipLines()
	}
	var v *VariableExpr
	end := p.pos
	if p.at(p.pos) == '$' {
		v, end = p.scanVariable(p.pos, false)
	}
	if v == nil {
		if p.at(p.pos) == eof {
			p.failMissing("MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.")
		}
		p.failHere("InvalidFunctionParameter",
			"Parameter declarations are a comma-separated list of variable names with optional initializer expressions.")
	}
	p.pos = end
	prm.Name = v.Name
	if v.Scope != "" {
		prm.Name = v.Scope + ":" + v.Name
	}
	p.skipLines()
	if p.at(p.pos) == '=' {
		p.pos++
		p.skipLines()
		prm.Default = p.parseExprNoComma("=")
	}
	prm.Span = p.span(start, p.pos)
	return prm
}

// parseAttrOrType parses [Name(args)] (an attribute) or [Type] at '['.
func (p *parser) parseAttrOrType() (*Attribute, string) {
	start := p.pos
	name, end, isAttr := p.scanTypeName(p.pos)
	p.pos = end
	if !isAttr {
		return nil, name
	}
	a := &Attribute{Name: name}
	p.pos++ // (
	save := p.noComma
	p.noComma = true
	defer func() { p.noComma = save }()
	for {
		p.skipLines()
		if p.at(p.pos) == ')' {
			break
		}
		if p.at(p.pos) == eof {
			p.failMissing("MissingEndParenthesisInExpression", "Missing closing ')' in expression.")
		}
		p.parseAttrArg(a)
		p.skipLines()
		if p.at(p.pos) == ',' {
			p.pos++
			continue
		}
		if p.at(p.pos) != ')' {
			p.failHere("MissingEndParenthesisInExpression", "Missing closing ')' in expression.")
		}
		break
	}
	p.pos++
	p.skipSpace()
	if p.at(p.pos) != ']' {
		p.failHere("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal.")
	}
	p.pos++
	a.Span = p.span(start, p.pos)
	return a, ""
}

// parseAttrArg parses one attribute argument: Name=value, a bare Name
// (meaning $true), or a positional value.
func (p *parser) parseAttrArg(a *Attribute) {
	start := p.pos
	if isLetter(p.at(p.pos)) || p.at(p.pos) == '_' {
		j := p.pos
		for isIdent(p.at(j)) {
			j += p.width(j)
		}
		k := p.skipFrom(j, true)
		switch r := p.at(k); {
		case r == '=':
			name := p.src[p.pos:j]
			p.pos = k + 1
			p.skipLines()
			if r := p.at(p.pos); r == ')' || r == ',' || r == eof {
				p.failMissing("MissingExpressionInNamedArgument", "Missing statement after '=' in named argument.")
			}
			v := p.parseExprNoComma("=")
			a.Named = append(a.Named, &NamedArg{Span: p.span(start, p.pos), Name: name, Value: v})
			return
		case r == ',' || r == ')' || r == eof:
			a.Named = append(a.Named, &NamedArg{Span: p.span(start, j), Name: p.src[p.pos:j]})
			p.pos = j
			return
		}
	}
	a.Positional = append(a.Positional, p.parseExprNoComma(","))
}

// scanTypeName scans the type name in [ ] at open. isAttr reports that an
// attribute's '(' follows the name; end is then the offset of the '('.
func (p *parser) scanTypeName(open int) (name string, end int, isAttr bool) {
	depth := 0
	for j := open + 1; ; j += p.width(j) {
		r := p.at(j)
		switch {
		case r == eof || isNewline(r):
			p.failAt(open, j, "EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.", r == eof)
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case r == ']', r == '(' && depth == 0:
			name = strings.TrimSpace(p.src[open+1 : j])
			if name == "" {
				p.failAt(open, j, "MissingTypename", "Missing type name after '['.", false)
			}
			if r == '(' {
				return name, j, true
			}
			return name, j + 1, false
		}
	}
}

// namedBlockAhead reports whether begin, process or end followed by a
// block starts here.
func (p *parser) namedBlockAhead() bool {
	switch kw := p.keywordAt(p.pos); kw {
	case "begin", "process", "end":
		return p.at(p.skipFrom(p.pos+len(kw), true)) == '{'
	}
	return false
}

func (p *parser) parseNamedBlocks(sb *ScriptBlock, closer rune) {
	seen := map[string]bool{}
	for {
		p.skipLines()
		for p.at(p.pos) == ';' {
			p.pos++
			p.skipLines()
		}
		if r := p.at(p.pos); r == closer || r == eof {
			return
		}
		kw := p.keywordAt(p.pos)
		if kw != "begin" && kw != "process" && kw != "end" {
			end := p.tokenEnd(p.pos)
			p.failAt(p.pos, end, "MissingNamedBlocks",
				fmt.Sprintf("unexpected token '%s', expected 'begin', 'process', 'end', or 'dynamicparam'.", p.src[p.pos:end]), false)
		}
		kwStart := p.pos
		p.pos += len(kw)
		if seen[kw] {
			p.failAt(kwStart, p.pos, "DuplicateScriptCommandClause",
				fmt.Sprintf("Script command clause '%s' has already been defined.", kw), false)
		}
		seen[kw] = true
		p.skipLines()
		if p.at(p.pos) != '{' {
			p.failMissing("MissingNamedStatementBlock", fmt.Sprintf("Missing statement block after '%s'.", kw))
		}
		stmts := p.parseBlock().Stmts
		if stmts == nil {
			stmts = []Stmt{}
		}
		switch kw {
		case "begin":
			sb.Begin = stmts
		case "process":
			sb.Process = stmts
		case "end":
			sb.End = stmts
		}
	}
}

// parseBlock parses a { } statement block at '{'.
func (p *parser) parseBlock() *Block {
	p.enter()
	defer p.leave()
	start := p.pos
	p.pos++
	stmts := p.parseStatements('}')
	p.closeBrace(start)
	return &Block{Span: p.span(start, p.pos), Stmts: stmts}
}

// closeBrace consumes the '}' matching the '{' at open.
func (p *parser) closeBrace(open int) {
	if p.at(p.pos) != '}' {
		p.failAt(open, open+1, "MissingEndCurlyBrace",
			"Missing closing '}' in statement block or type definition.", p.at(p.pos) == eof)
	}
	p.pos++
}

// parseStatements parses statements separated by ';' or line breaks up to
// closer (not consumed) or the end of input.
func (p *parser) parseStatements(closer rune) []Stmt {
	var stmts []Stmt
	for {
		p.skipLines()
		r := p.at(p.pos)
		switch {
		case r == ';':
			p.pos++
			continue
		case r == closer || r == eof:
			return stmts
		case r == ')' || r == '}':
			p.unexpected()
		}
		stmts = append(stmts, p.parseStatement())
		p.skipSpace()
		switch r := p.at(p.pos); {
		case r == ';' || isNewline(r) || r == closer || r == eof:
		default:
			p.unexpected()
		}
	}
}
