package syntax

import (
	"fmt"
	"strings"
)

// Binary operator precedence, lowest first, as PowerShell's parser ranks
// them: -and -or -xor; -band -bor -bxor; comparison; ??; + -; * / %; -f;
// .. The ternary ? : binds looser than all of them.
const (
	precLogical = 1 + iota
	precBitwise
	precComparison
	precCoalesce
	precAdd
	precMultiply
	precFormat
	precRange
)

// binaryOps maps dash operators (lower case, without the dash) to their
// precedence.
var binaryOps = func() map[string]int {
	ops := map[string]int{
		"and": precLogical, "or": precLogical, "xor": precLogical,
		"band": precBitwise, "bor": precBitwise, "bxor": precBitwise,
		"is": precComparison, "isnot": precComparison, "as": precComparison,
		"join": precComparison, "shl": precComparison, "shr": precComparison,
		"f": precFormat,
	}
	for _, op := range []string{"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
		"replace", "contains", "notcontains", "in", "notin", "split"} {
		ops[op] = precComparison
		ops["c"+op] = precComparison
		ops["i"+op] = precComparison
	}
	return ops
}()

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

// parseExpr parses an expression in expression mode: a binary expression,
// or `cond ? then : else`. The ? must be on the condition's line; line
// breaks may follow it and surround the ':'. Both branches are expressions
// again, so ternaries nest to the right.
func (p *parser) parseExpr() Expr {
	x := p.parseBinary(precLogical)
	m := p.mark()
	p.skipSpace()
	if p.at(p.pos) != '?' || p.at(p.pos+1) == '?' {
		p.reset(m)
		return x
	}
	p.pos++
	then := p.ternaryBranch("?")
	p.skipLines()
	if p.at(p.pos) != ':' {
		p.failHere("MissingColonInTernaryExpression", "Missing ':' in the ternary expression.")
	}
	p.pos++
	els := p.ternaryBranch(":")
	return &TernaryExpr{Span: p.span(x.Extent().Start.Offset, els.Extent().End.Offset), Cond: x, Then: then, Else: els}
}

// ternaryBranch parses the expression after the ternary's ? or :.
func (p *parser) ternaryBranch(after string) Expr {
	p.skipLines()
	if !p.operandAhead() {
		p.failMissing("ExpectedValueExpression", fmt.Sprintf("You must provide a value expression following the '%s' operator.", after))
	}
	return p.parseExpr()
}

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
	case '?':
		if n == '?' && p.at(i+2) != '=' {
			return "??", precCoalesce, i + 2
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

// assignOpAt returns the assignment operator at i (= += -= *= /= %= ??=).
func (p *parser) assignOpAt(i int) (string, int) {
	r := p.at(i)
	w := p.width(i)
	switch {
	case r == '=' && p.at(i+1) != '=':
		return "=", i + 1
	case r == '?' && p.at(i+1) == '?' && p.at(i+2) == '=':
		return "??=", i + 3
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
	case *MemberExpr:
		return !t.NullConditional
	case *IndexExpr:
		return !t.NullConditional
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
