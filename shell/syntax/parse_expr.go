package syntax

import (
	"fmt"
	"strings"
)

// Binary operator precedence, lowest first, as PowerShell's parser ranks
// them: -and -or -xor; -band -bor -bxor; comparison; + -; * / %; -f; ..
const (
	precLogical = 1 + iota
	precBitwise
	precComparison
	precAdd
	precMultiply
	precFormat
	precRange
)

// binaryOps maps dash operators (lower case, without the dash) to their
// precedence.
var binaryOps = map[string]int{
	"and": precLogical, "or": precLogical, "xor": precLogical,
	"band": precBitwise, "bor": precBitwise, "bxor": precBitwise,
	"is": precComparison, "isnot": precComparison, "as": precComparison,
	"join": precComparison, "shl": precComparison, "shr": precComparison,
	"f": precFormat,
}

func init() {
	for _, op := range []string{"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
		"replace", "contains", "notcontains", "in", "notin", "split"} {
		binaryOps[op] = precComparison
		binaryOps["c"+op] = precComparison
		binaryOps["i"+op] = precComparison
	}
}

// unaryOps are the dash operators that take one operand.
var unaryOps = map[string]bool{"not": true, "bnot": true, "split": true, "join": true, "csplit": true, "isplit": true}

func lower(s string) string { return strings.ToLower(s) }

// dashWord returns the letters after the dash at i and the offset after
// them.
func (p *parser) dashWord(i int) (string, int) {
	j := i + p.width(i)
	k := j
	for isLetter(p.at(k)) {
		k += p.width(k)
	}
	return lower(p.src[j:k]), k
}

// parseExpr parses an expression in expression mode.
func (p *parser) parseExpr() Expr { return p.parseBinary(precLogical) }

// parseExprNoComma parses an expression in which commas separate list
// items (attribute arguments, parameter defaults) rather than build
// arrays. after names the token before it, for the error when it is
// missing.
func (p *parser) parseExprNoComma(after string) Expr {
	if !p.operandAhead() {
		p.failMissing("ExpectedValueExpression", fmt.Sprintf("You must provide a value expression following the '%s' operator.", after))
	}
	save := p.noComma
	p.noComma = true
	defer func() { p.noComma = save }()
	return p.parseExpr()
}

// binaryOpAt returns the binary operator at i, its precedence and end.
func (p *parser) binaryOpAt(i int) (op string, prec, end int) {
	r := p.at(i)
	n := p.at(i + p.width(i))
	switch r {
	case '+':
		if n != '=' && n != '+' {
			return "+", precAdd, i + 1
		}
	case '*', '/', '%':
		if n != '=' && n != '>' {
			return string(r), precMultiply, i + 1
		}
	case '.':
		if n == '.' {
			return "..", precRange, i + 2
		}
	case '-':
		switch {
		case n == '=' || n == '-':
		case isLetter(n):
			w, end := p.dashWord(i)
			if prec, ok := binaryOps[w]; ok && !isIdent(p.at(end)) {
				return "-" + w, prec, end
			}
		default:
			return "-", precAdd, i + p.width(i)
		}
	}
	return "", 0, i
}

// parseBinary parses operators of precedence minPrec and above, left
// associative; a line break may follow an operator.
func (p *parser) parseBinary(minPrec int) Expr {
	x := p.parseArray()
	for {
		m := p.mark()
		p.skipSpace()
		op, prec, end := p.binaryOpAt(p.pos)
		if op == "" || prec < minPrec {
			p.reset(m)
			return x
		}
		opText := p.src[p.pos:end]
		p.pos = end
		p.skipLines()
		if !p.operandAhead() {
			p.failMissing("ExpectedValueExpression",
				fmt.Sprintf("You must provide a value expression following the '%s' operator.", opText))
		}
		y := p.parseBinary(prec + 1)
		x = &BinaryExpr{Span: p.span(x.Extent().Start.Offset, y.Extent().End.Offset), Op: op, X: x, Y: y}
	}
}

// parseArray parses the comma operator, which binds tighter than every
// binary operator: `1,2 + 3` is `(1,2) + 3`.
func (p *parser) parseArray() Expr {
	x := p.parseUnary()
	if p.noComma {
		return x
	}
	m := p.mark()
	p.skipSpace()
	if p.at(p.pos) != ',' {
		p.reset(m)
		return x
	}
	elems := []Expr{x}
	for p.at(p.pos) == ',' {
		p.pos++
		p.skipLines()
		if !p.operandAhead() {
			p.failMissing("MissingExpressionAfterToken", "Missing expression after ','.")
		}
		elems = append(elems, p.parseUnary())
		m = p.mark()
		p.skipSpace()
	}
	p.reset(m)
	return &ArrayLiteral{Span: p.span(x.Extent().Start.Offset, p.pos), Elems: elems}
}

// operandAhead reports whether an operand can start at the current
// position.
func (p *parser) operandAhead() bool {
	r := p.at(p.pos)
	n := p.at(p.pos + p.width(p.pos))
	switch r {
	case '$', '@', '(', '{', '[', '\'', '"', ',', '!', '+':
		return true
	case '.':
		return isDigit(n)
	case '-':
		if isLetter(n) {
			w, _ := p.dashWord(p.pos)
			return unaryOps[w]
		}
		return n != eof && !isNewline(n) && n != ';' && n != ')' && n != '}'
	}
	return isDigit(r)
}

// parseUnary parses an operand with its prefix operators: - + ! -not
// -bnot -split -join ++ -- , and casts.
func (p *parser) parseUnary() Expr {
	p.enter()
	defer p.leave()
	start := p.pos
	r := p.at(p.pos)
	w := p.width(p.pos)
	n := p.at(p.pos + w)
	switch {
	case r == ',':
		p.pos++
		x := p.unaryOperand(",")
		return &ArrayLiteral{Span: p.span(start, x.Extent().End.Offset), Elems: []Expr{x}}
	case r == '!':
		p.pos++
		return p.unary(start, "!")
	case (r == '+' || r == '-') && n == r:
		p.pos += w + p.width(p.pos+w)
		return p.unary(start, string(r)+string(r))
	case (r == '+' || r == '-') && (isDigit(n) || n == '.' && isDigit(p.at(p.pos+w+1))):
		return p.parsePostfix(p.parseNumber())
	case r == '+':
		p.pos++
		return p.unary(start, "+")
	case r == '-' && isLetter(n):
		word, end := p.dashWord(p.pos)
		if !unaryOps[word] {
			p.unexpected()
		}
		p.pos = end
		return p.unary(start, "-"+word)
	case r == '-':
		p.pos += w
		return p.unary(start, "-")
	case r == '[':
		return p.parseTypeOrCast()
	}
	return p.parsePostfix(p.parsePrimary())
}

func (p *parser) unaryOperand(op string) Expr {
	p.skipLines()
	if !p.operandAhead() {
		p.failMissing("MissingExpressionAfterOperator", fmt.Sprintf("Missing expression after unary operator '%s'.", op))
	}
	return p.parseUnary()
}

func (p *parser) unary(start int, op string) Expr {
	x := p.unaryOperand(op)
	return &UnaryExpr{Span: p.span(start, x.Extent().End.Offset), Op: op, X: x}
}

// parseTypeOrCast parses [Type]: a cast when an operand follows, a type
// literal otherwise ([int] after -is, [math]::Round).
func (p *parser) parseTypeOrCast() Expr {
	start := p.pos
	name, end, isAttr := p.scanTypeName(p.pos)
	if isAttr {
		p.unexpected()
	}
	p.pos = end
	if p.at(p.pos) == ':' && p.at(p.pos+1) == ':' {
		return p.parsePostfix(&TypeExpr{Span: p.span(start, end), Type: name})
	}
	m := p.mark()
	p.skipSpace()
	if p.at(p.pos) != ',' && p.operandAhead() {
		x := p.parseUnary()
		return &ConvertExpr{Span: p.span(start, x.Extent().End.Offset), Type: name, X: x}
	}
	p.reset(m)
	return p.parsePostfix(&TypeExpr{Span: p.span(start, end), Type: name})
}

func (p *parser) parseNumber() Expr {
	start := p.pos
	v, end, ok := p.scanNumber(p.pos)
	if !ok {
		p.unexpected()
	}
	p.pos = end
	return &NumberConst{Span: p.span(start, end), Value: v, Text: p.src[start:end]}
}

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
// ++/-- after x. None of them may be preceded by white space.
func (p *parser) parsePostfix(x Expr) Expr {
	start := x.Extent().Start.Offset
	for {
		r := p.at(p.pos)
		n := p.at(p.pos + p.width(p.pos))
		switch {
		case r == '.' && n != '.' && !isDigit(n):
			p.pos++
			x = p.parseMember(x, start, false)
		case r == ':' && n == ':':
			p.pos += 2
			x = p.parseMember(x, start, true)
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
			x = &IndexExpr{Span: p.span(start, p.pos), X: x, Index: idx}
		case (r == '+' || r == '-') && n == r:
			p.pos += p.width(p.pos)
			p.pos += p.width(p.pos)
			x = &UnaryExpr{Span: p.span(start, p.pos), Op: string(r) + string(r), X: x, Postfix: true}
		default:
			return x
		}
	}
}

// parseMember parses the member name after . or :: and, when '(' follows
// at once, the method call.
func (p *parser) parseMember(x Expr, start int, static bool) Expr {
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
	if p.at(p.pos) != '(' {
		return &MemberExpr{Span: p.span(start, p.pos), X: x, Member: member, Static: static}
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
	return &InvokeExpr{Span: p.span(start, p.pos), X: x, Member: member, Args: args, Static: static}
}

// assignOpAt returns the assignment operator at i (= += -= *= /= %=).
func (p *parser) assignOpAt(i int) (string, int) {
	r := p.at(i)
	w := p.width(i)
	switch {
	case r == '=' && p.at(i+1) != '=':
		return "=", i + 1
	case (r == '+' || r == '-' || r == '*' || r == '/' || r == '%') && p.at(i+w) == '=':
		return string(r) + "=", i + w + 1
	}
	return "", i
}

// assignable reports whether x can take an assignment.
func assignable(x Expr, op string) bool {
	switch t := x.(type) {
	case *VariableExpr:
		return !t.Splat
	case *MemberExpr, *IndexExpr:
		return true
	case *ConvertExpr:
		return assignable(t.X, op)
	case *ArrayLiteral:
		if op != "=" {
			return false
		}
		for _, e := range t.Elems {
			if !assignable(e, op) {
				return false
			}
		}
		return true
	}
	return false
}

// parseAssign parses the value of `target op value`; the value may be a
// pipeline or a control statement.
func (p *parser) parseAssign(start int, target Expr, op string, end int) Stmt {
	if !assignable(target, op) {
		sp := target.Extent()
		p.failAt(sp.Start.Offset, sp.End.Offset, "InvalidLeftHandSide",
			"The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.", false)
	}
	p.pos = end
	p.skipLines()
	if r := p.at(p.pos); r == eof || r == ';' || r == ')' || r == '}' {
		p.failMissing("ExpectedValueExpression", fmt.Sprintf("You must provide a value expression following the '%s' operator.", op))
	}
	value := p.parseStatement()
	return &AssignStmt{Span: p.span(start, p.lastTokenEnd()), Target: target, Op: op, Value: value}
}
