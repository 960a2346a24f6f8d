package syntax

import "fmt"

// parsePrimary parses a variable, literal, or bracketed expression.
func (p *parser) parsePrimary() Expr {
	start := p.pos
	r := p.at(p.pos)
	n := p.at(p.pos + p.width(p.pos))
	switch {
	case r == '$' && n == '(':
		return p.parseSubExpr(start)
	case r == '$':
		v, end := p.scanVariable(start, false)
		if v == nil {
			p.failAt(start, start+1, "InvalidVariableReference",
				"Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name.", false)
		}
		p.pos = end
		return v
	case r == '@' && n == '(':
		p.pos += 2
		stmts := p.parseStatements(')')
		p.closeParen("MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.")
		return &ArrayExpr{Span: p.span(start, p.pos), Stmts: stmts}
	case r == '@' && n == '{':
		return p.parseHashtable()
	case r == '@' && (n == '"' || n == '\''):
		x, end := p.scanHere(start)
		p.pos = end
		return x
	case r == '@' && isIdent(n):
		v, _ := p.scanVariable(start, true)
		p.failAt(v.Span.Start.Offset, v.Span.End.Offset, "SplattingNotPermitted",
			fmt.Sprintf("The splatting operator '@' cannot be used to reference variables in an expression. '@%s' can be used only as an argument to a command. To reference variables in an expression use '$%s'.", v.Name, v.Name), false)
	case r == '(':
		p.pos++
		p.skipLines()
		if p.at(p.pos) == ')' {
			p.failAt(p.pos, p.pos+1, "ExpectedExpression", "An expression was expected after '('.", false)
		}
		var st Stmt
		if p.at(p.pos) != eof {
			st = p.parseStatement()
		}
		p.skipLines()
		p.closeParen("MissingEndParenthesisInExpression", "Missing closing ')' in expression.")
		return &ParenExpr{Span: p.span(start, p.pos), X: st}
	case r == '{':
		return p.parseScriptBlockExpr()
	case r == '\'':
		x, end := p.scanSingle(start)
		p.pos = end
		return x
	case r == '"':
		x, end := p.scanDouble(start)
		p.pos = end
		return x
	case isDigit(r) || r == '.' && isDigit(n):
		return p.parseNumber()
	}
	p.unexpected()
	return nil
}

// closeParen consumes the ')' that must come next.
func (p *parser) closeParen(id, msg string) {
	if p.at(p.pos) != ')' {
		p.failMissing(id, msg)
	}
	p.pos++
}

// parseSubExpr parses $( statements ) at start, also inside strings.
func (p *parser) parseSubExpr(start int) *SubExpr {
	p.enter()
	defer p.leave()
	p.pos = start + 2
	stmts := p.parseStatements(')')
	p.closeParen("MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.")
	return &SubExpr{Span: p.span(start, p.pos), Stmts: stmts}
}

func (p *parser) parseScriptBlockExpr() *ScriptBlockExpr {
	p.enter()
	defer p.leave()
	open := p.pos
	p.pos++
	body := p.parseScriptBody(open, '}')
	p.closeBrace(open)
	body.Span = p.span(open, p.pos)
	return &ScriptBlockExpr{Span: body.Span, Body: body}
}

// parseHashtable parses @{ key = value; ... } at '@'.
func (p *parser) parseHashtable() Expr {
	p.enter()
	defer p.leave()
	open := p.pos
	p.pos += 2
	h := &HashtableExpr{}
	for {
		p.skipLines()
		for p.at(p.pos) == ';' {
			p.pos++
			p.skipLines()
		}
		switch p.at(p.pos) {
		case '}':
			p.pos++
			h.Span = p.span(open, p.pos)
			return h
		case eof:
			p.closeBrace(open)
		}
		key := p.parseHashKey()
		p.skipSpace()
		if p.at(p.pos) != '=' {
			p.failMissing("MissingEqualsInHashLiteral", "Missing '=' operator after key in hash literal.")
		}
		p.pos++
		p.skipLines()
		if r := p.at(p.pos); r == '}' || r == ';' || r == eof {
			p.failMissing("MissingStatementInHashLiteral", "Missing statement after '=' in hash literal.")
		}
		h.Pairs = append(h.Pairs, &KeyValue{Key: key, Value: p.parseStatement()})
		p.skipSpace()
		switch r := p.at(p.pos); {
		case r == ';' || isNewline(r) || r == '}':
		case r == eof:
			p.closeBrace(open)
		default:
			p.failAt(p.pos, p.pos, "IncompleteHashLiteral", "The hash literal was incomplete.", false)
		}
	}
}

// parseHashKey parses a hashtable key: a bare word, a string, a number or
// an expression.
func (p *parser) parseHashKey() Expr {
	start := p.pos
	r := p.at(p.pos)
	if isLetter(r) || r == '_' {
		j := p.pos
		for c := p.at(j); !wordStop(c) && c != '=' && c != '\'' && c != '"'; c = p.at(j) {
			j += p.width(j)
		}
		p.pos = j
		return &StringConst{Span: p.span(start, j), Value: p.src[start:j], Kind: BareWord}
	}
	if !p.operandAhead() {
		p.failHere("MissingKeyInHashLiteral", "Missing key before '=' in hash literal.")
	}
	return p.parseUnary()
}

// parsePostfix parses member access, method calls, indexing and postfix
// ++/-- after x, with the null-conditional ?. and ?[ forms. None of them
// may be preceded by white space.
func (p *parser) parsePostfix(x Expr) Expr {
	start := x.Extent().Start.Offset
	for {
		r := p.at(p.pos)
		n := p.at(p.pos + p.width(p.pos))
		nullCond := r == '?' && (n == '.' || n == '[')
		if nullCond {
			p.pos++
			r, n = n, p.at(p.pos+1)
		}
		switch {
		case r == '.' && (nullCond || n != '.' && !isDigit(n)):
			p.pos++
			x = p.parseMember(x, start, false, nullCond)
		case r == ':' && n == ':':
			p.pos += 2
			x = p.parseMember(x, start, true, false)
		case r == '[':
			p.pos++
			save := p.noComma
			p.noComma = false
			p.skipLines()
			if p.at(p.pos) == ']' {
				p.failAt(p.pos, p.pos+1, "MissingArrayIndexExpression", "Array index expression is missing or not valid.", false)
			}
			if !p.operandAhead() {
				p.failMissing("MissingArrayIndexExpression", "Array index expression is missing or not valid.")
			}
			idx := p.parseExpr()
			p.noComma = save
			p.skipLines()
			if p.at(p.pos) != ']' {
				p.failMissing("MissingEndSquareBracket", "Missing ']' after array index expression.")
			}
			p.pos++
			x = &IndexExpr{Span: p.span(start, p.pos), X: x, Index: idx, NullConditional: nullCond}
		case (r == '+' || r == '-') && n == r:
			p.pos += p.width(p.pos)
			p.pos += p.width(p.pos)
			x = &UnaryExpr{Span: p.span(start, p.pos), Op: string(r) + string(r), X: x, Postfix: true}
		default:
			return x
		}
	}
}

// parseMember parses the member name after . ?. or :: and, when '('
// follows at once, the method call.
func (p *parser) parseMember(x Expr, start int, static, nullCond bool) Expr {
	mstart := p.pos
	var member Expr
	switch r := p.at(p.pos); {
	case isIdent(r):
		j := p.pos
		for isIdent(p.at(j)) {
			j += p.width(j)
		}
		p.pos = j
		member = &StringConst{Span: p.span(mstart, j), Value: p.src[mstart:j], Kind: BareWord}
	case r == '$' || r == '\'' || r == '"' || r == '(':
		member = p.parsePrimary()
	default:
		p.failMissing("MissingPropertyName", "Missing property name after reference operator.")
	}
	if _, bare := member.(*StringConst); bare && p.at(p.pos) == '{' {
		// $list.Where{ ... } calls the method with the script block alone.
		sb := p.parseScriptBlockExpr()
		return &InvokeExpr{Span: p.span(start, p.pos), X: x, Member: member, Args: []Expr{sb}, Static: static, NullConditional: nullCond}
	}
	if p.at(p.pos) != '(' {
		return &MemberExpr{Span: p.span(start, p.pos), X: x, Member: member, Static: static, NullConditional: nullCond}
	}
	p.pos++
	save := p.noComma
	p.noComma = true
	var args []Expr
	for {
		p.skipLines()
		if p.at(p.pos) == ')' && len(args) == 0 {
			break
		}
		if !p.operandAhead() {
			p.failMissing("MissingEndParenthesisInMethodCall", "Missing ')' in method call.")
		}
		args = append(args, p.parseExpr())
		p.skipLines()
		if p.at(p.pos) == ',' {
			p.pos++
			continue
		}
		if p.at(p.pos) != ')' {
			p.failMissing("MissingEndParenthesisInMethodCall", "Missing ')' in method call.")
		}
		break
	}
	p.pos++
	p.noComma = save
	return &InvokeExpr{Span: p.span(start, p.pos), X: x, Member: member, Args: args, Static: static, NullConditional: nullCond}
}
