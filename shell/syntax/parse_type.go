package syntax

import (
	"fmt"
	"strings"
)

// TypeDef is `class Name : Base { members }` or `enum Name { A; B = 2 }`,
// with the attributes written before it ([Flags()]).
type TypeDef struct {
	Span
	Name       string
	Enum       bool
	Attributes []*Attribute
	Base       []string      // the base class, then interfaces; class only
	Members    []*Member     // class only
	Values     []*EnumMember // enum only
}

// Member is a property, a method or a constructor of a class.
type Member struct {
	Span
	Name       string
	Static     bool
	Hidden     bool
	Attributes []*Attribute
	// Type is the property's type or the method's return type as written
	// ("void" for a method without one is left ""); "" when none.
	Type string
	// Default is a property's initial value; nil when none.
	Default Expr
	// Method is set for methods and constructors, which have Params and
	// Body.
	Method bool
	Ctor   bool
	Params []*Param
	Body   *ScriptBlock
	// BaseArgs are the arguments of a constructor's `: base(...)`;
	// CallsBase reports that it has one.
	BaseArgs  []Expr
	CallsBase bool
}

// EnumMember is one name of an enum, with its value when written.
type EnumMember struct {
	Span
	Name  string
	Value Expr // nil for the next value
}

func (*TypeDef) stmtNode() {}

// UsingStmt is `using namespace X`, `using module X` or `using assembly X`.
type UsingStmt struct {
	Span
	Kind string // "namespace", "module" or "assembly", lower case
	Name string
}

func (*UsingStmt) stmtNode() {}

// usingAhead returns the kind of a using statement that starts here, or "".
func (p *parser) usingAhead() string {
	word, end := p.identAt(p.pos)
	if !strings.EqualFold(word, "using") || !isBlank(p.at(end)) {
		return ""
	}
	kind, kend := p.identAt(p.skipFrom(end, false))
	switch k := strings.ToLower(kind); k {
	case "namespace", "module", "assembly":
		if isBlank(p.at(kend)) {
			return k
		}
	}
	return ""
}

// parseUsing parses a using statement; its name runs to the end of the
// line or statement and may be quoted.
func (p *parser) parseUsing(start int, kind string) Stmt {
	_, end := p.identAt(p.pos)
	p.pos = p.skipFrom(end, false)
	_, end = p.identAt(p.pos)
	p.pos = end
	p.skipSpace()
	var name string
	switch r := p.at(p.pos); {
	case r == '\'' || r == '"':
		x := p.parsePrimary()
		c, ok := x.(*StringConst)
		if !ok {
			p.failAt(x.Extent().Start.Offset, x.Extent().End.Offset, "InvalidValueForUsingStatement",
				"The expression after 'using' is not valid: only a name or a constant string is allowed.", false)
		}
		name = c.Value
	default:
		j := p.pos
		for r := p.at(j); r != eof && !isNewline(r) && r != ';' && !isBlank(r) && r != '#'; r = p.at(j) {
			j += p.width(j)
		}
		name = p.src[p.pos:j]
		p.pos = j
	}
	if name == "" {
		p.failMissing("MissingUsingItemName", "Missing using directive.")
	}
	return &UsingStmt{Span: p.span(start, p.pos), Kind: kind, Name: name}
}

// typeDefAhead reports whether attributes and then class or enum start at
// the current position.
func (p *parser) typeDefAhead() bool {
	i := p.pos
	for p.at(i) == '[' {
		depth := 0
		for j := i; ; j += p.width(j) {
			r := p.at(j)
			if r == eof || isNewline(r) {
				return false
			}
			if r == '[' {
				depth++
			}
			if r == ']' {
				depth--
				if depth == 0 {
					i = p.skipFrom(j+1, true)
					break
				}
			}
		}
	}
	kw := p.keywordAt(i)
	return (kw == "class" || kw == "enum") && isBlank(p.at(i+len(kw)))
}

// parseTypeDef parses a class or enum definition with its attributes.
func (p *parser) parseTypeDef(start int) Stmt {
	td := &TypeDef{}
	for p.at(p.pos) == '[' {
		a, typ := p.parseAttrOrType()
		if a == nil {
			a = &Attribute{Name: typ}
		}
		td.Attributes = append(td.Attributes, a)
		p.skipLines()
	}
	kw := p.keywordAt(p.pos)
	td.Enum = kw == "enum"
	p.pos += len(kw)
	p.skipSpace()
	name, end := p.identAt(p.pos)
	if name == "" {
		p.failMissing("MissingNameAfterKeyword", fmt.Sprintf("Missing name after %s keyword.", kw))
	}
	td.Name = name
	p.pos = end
	p.skipLines()
	if p.at(p.pos) == ':' && !td.Enum {
		p.pos++
		for {
			p.skipLines()
			base, end := p.typeNameAt(p.pos)
			if base == "" {
				p.failMissing("MissingTypename", "Missing type name after ':'.")
			}
			td.Base = append(td.Base, base)
			p.pos = end
			p.skipLines()
			if p.at(p.pos) != ',' {
				break
			}
			p.pos++
		}
	}
	if p.at(p.pos) != '{' {
		p.failMissing("MissingTypeBody", fmt.Sprintf("Missing '{' in %s definition.", kw))
	}
	open := p.pos
	p.pos++
	p.enter()
	if td.Enum {
		p.parseEnumBody(td)
	} else {
		p.parseClassBody(td)
	}
	p.leave()
	p.closeBrace(open)
	td.Span = p.span(start, p.pos)
	return td
}

// identAt returns the identifier at i and its end.
func (p *parser) identAt(i int) (string, int) {
	j := i
	for isIdent(p.at(j)) {
		j += p.width(j)
	}
	return p.src[i:j], j
}

// typeNameAt reads a dotted type name, as after `class X :`.
func (p *parser) typeNameAt(i int) (string, int) {
	j := i
	for isIdent(p.at(j)) || p.at(j) == '.' {
		j += p.width(j)
	}
	return p.src[i:j], j
}

func (p *parser) parseEnumBody(td *TypeDef) {
	for {
		p.skipLines()
		for p.at(p.pos) == ';' || p.at(p.pos) == ',' {
			p.pos++
			p.skipLines()
		}
		if r := p.at(p.pos); r == '}' || r == eof {
			return
		}
		start := p.pos
		name, end := p.identAt(p.pos)
		if name == "" {
			p.failAt(p.pos, p.tokenEnd(p.pos), "MissingEnumMember",
				fmt.Sprintf("Unexpected token '%s' in enum definition.", p.src[p.pos:p.tokenEnd(p.pos)]), false)
		}
		p.pos = end
		m := &EnumMember{Name: name}
		p.skipSpace()
		if p.at(p.pos) == '=' {
			p.pos++
			p.skipSpace()
			m.Value = p.parseExprNoComma("=")
		}
		m.Span = p.span(start, p.pos)
		for _, other := range td.Values {
			if strings.EqualFold(other.Name, name) {
				p.failAt(start, end, "MemberAlreadyDefined", fmt.Sprintf("The member '%s' is already defined.", name), false)
			}
		}
		td.Values = append(td.Values, m)
	}
}

func (p *parser) parseClassBody(td *TypeDef) {
	for {
		p.skipLines()
		for p.at(p.pos) == ';' {
			p.pos++
			p.skipLines()
		}
		if r := p.at(p.pos); r == '}' || r == eof {
			return
		}
		m := p.parseClassMember(td)
		p.checkDuplicate(td, m)
		td.Members = append(td.Members, m)
	}
}

// parseClassMember parses one property, method or constructor.
func (p *parser) parseClassMember(td *TypeDef) *Member {
	start := p.pos
	m := &Member{}
	for {
		if p.at(p.pos) == '[' {
			a, typ := p.parseAttrOrType()
			if a != nil {
				m.Attributes = append(m.Attributes, a)
			} else {
				m.Type = typ
			}
			p.skipLines()
			continue
		}
		word, end := p.identAt(p.pos)
		switch strings.ToLower(word) {
		case "static":
			m.Static = true
		case "hidden":
			m.Hidden = true
		default:
			word = ""
		}
		if word == "" || !isBlank(p.at(end)) && !isNewline(p.at(end)) && p.at(end) != '[' && p.at(end) != '$' {
			break
		}
		p.pos = end
		p.skipLines()
	}
	if p.at(p.pos) == '$' {
		v, end := p.scanVariable(p.pos, false)
		if v == nil {
			p.unexpected()
		}
		m.Name = v.Name
		p.pos = end
		m.Span = p.span(start, end)
		p.skipSpace()
		if p.at(p.pos) == '=' {
			p.pos++
			p.skipLines()
			m.Default = p.parseExprNoComma("=")
			m.Span = p.span(start, p.pos)
		}
		return m
	}
	name, end := p.identAt(p.pos)
	if name == "" {
		p.unexpected()
	}
	nameStart := p.pos
	m.Name, m.Method = name, true
	m.Ctor = strings.EqualFold(name, td.Name) && m.Type == ""
	p.pos = end
	p.skipSpace()
	if p.at(p.pos) != '(' {
		p.failMissing("MissingFunctionParameterList", "Missing '(' in class method parameter list.")
	}
	m.Params = p.parseParamList(p.pos).Params
	p.skipLines()
	if m.Ctor && p.at(p.pos) == ':' {
		p.pos++
		p.skipLines()
		if kw, kwEnd := p.identAt(p.pos); strings.EqualFold(kw, "base") {
			p.pos = kwEnd
			p.skipSpace()
			if p.at(p.pos) != '(' {
				p.failMissing("MissingMethodParameterList", "Missing '(' after 'base' in constructor.")
			}
			m.CallsBase = true
			m.BaseArgs = p.parseCallArgs()
			p.skipLines()
		} else {
			p.failMissing("MissingBaseCtorCall", "Missing 'base' call after ':' in constructor.")
		}
	}
	if p.at(p.pos) != '{' {
		p.failMissing("MissingFunctionBody", "Missing function body in function declaration.")
	}
	open := p.pos
	p.pos++
	p.enter()
	body := p.parseScriptBody(open, '}')
	p.leave()
	p.closeBrace(open)
	body.Span = p.span(open, p.pos)
	m.Body = body
	m.Span = p.span(nameStart, end)
	return m
}

// parseCallArgs parses ( args ) at '(' as a method call's arguments.
func (p *parser) parseCallArgs() []Expr {
	p.pos++
	save := p.noComma
	p.noComma = true
	defer func() { p.noComma = save }()
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
	return args
}

// checkDuplicate fails on a property defined twice, or a method or
// constructor with the same parameter types as another of its name.
func (p *parser) checkDuplicate(td *TypeDef, m *Member) {
	for _, other := range td.Members {
		if !strings.EqualFold(other.Name, m.Name) || other.Method != m.Method {
			continue
		}
		if m.Method && (len(other.Params) != len(m.Params) || other.Static != m.Static && m.Ctor) {
			continue
		}
		same := true
		for i := range m.Params {
			if !strings.EqualFold(m.Params[i].Type, other.Params[i].Type) {
				same = false
			}
		}
		if same {
			p.failAt(m.Span.Start.Offset, m.Span.End.Offset, "MemberAlreadyDefined",
				fmt.Sprintf("The member '%s' is already defined.", m.Name), false)
		}
	}
}
