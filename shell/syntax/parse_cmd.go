package syntax

import "fmt"

// parsePipelineStmt parses a pipeline, a chain of pipelines joined by &&
// and ||, or (when allowAssign is set) an assignment.
func (p *parser) parsePipelineStmt(allowAssign bool) Stmt {
	start := p.pos
	var first PipelineElement
	if p.commandAhead() {
		first = p.parseCommand()
	} else {
		x := p.parseExpr()
		if allowAssign {
			m := p.mark()
			p.skipSpace()
			if op, end := p.assignOpAt(p.pos); op != "" {
				return p.parseAssign(start, x, op, end)
			}
			p.reset(m)
		}
		first = p.commandExpr(x)
	}
	st := &PipelineStmt{Pipeline: p.parsePipelineRest(start, first)}
	for {
		m := p.mark()
		p.skipSpace()
		op := ""
		if r := p.at(p.pos); (r == '&' || r == '|') && p.at(p.pos+1) == r {
			op = p.src[p.pos : p.pos+2]
		}
		if op == "" {
			p.reset(m)
			break
		}
		last := st.Pipeline
		if len(st.Chain) > 0 {
			last = st.Chain[len(st.Chain)-1].Pipeline
		}
		if last.Background {
			p.failAt(p.pos, p.pos+2, "BackgroundOperatorInPipelineChain",
				"Background operators can only be used at the end of a pipeline chain.", false)
		}
		p.pos += 2
		p.skipLines()
		if r := p.at(p.pos); r == eof || r == ';' || r == ')' || r == '}' || r == '|' || r == '&' {
			p.failMissing("EmptyPipelineChainElement", "A pipeline chain operator must be followed by a pipeline.")
		}
		pstart := p.pos
		var el PipelineElement
		if p.commandAhead() {
			el = p.parseCommand()
		} else {
			el = p.commandExpr(p.parseExpr())
		}
		st.Chain = append(st.Chain, &ChainLink{Op: op, Pipeline: p.parsePipelineRest(pstart, el)})
	}
	st.Span = p.span(start, p.lastTokenEnd())
	return st
}

// parsePipelineRest parses the `| command` elements after first. As in
// PowerShell 7.4, the | may also start a later line, after blank and
// comment lines.
func (p *parser) parsePipelineRest(start int, first PipelineElement) *Pipeline {
	pl := &Pipeline{Elements: []PipelineElement{first}}
	for {
		m := p.mark()
		p.skipSpace()
		r := p.at(p.pos)
		if isNewline(r) {
			if k := p.skipFrom(p.pos, true); p.at(k) == '|' && p.at(k+1) != '|' {
				p.skipLines()
				r = '|'
			}
		}
		if r == '&' && p.at(p.pos+1) != '&' {
			p.pos++
			pl.Background = true
			break
		}
		if r != '|' || p.at(p.pos+1) == '|' {
			p.reset(m)
			break
		}
		p.pos++
		p.skipLines()
		switch r := p.at(p.pos); {
		case r == eof || r == '|' || r == ';' || r == ')' || r == '}' || r == '&' && p.at(p.pos+1) == '&':
			p.failHere("EmptyPipeElement", "An empty pipe element is not allowed.")
		case !p.commandAhead():
			p.failAt(p.pos, p.tokenEnd(p.pos), "ExpressionsMustBeFirstInPipeline",
				"Expressions are only allowed as the first element of a pipeline.", false)
		}
		pl.Elements = append(pl.Elements, p.parseCommand())
	}
	pl.Span = p.span(start, p.lastTokenEnd())
	return pl
}

// commandExpr makes x a pipeline element, with the redirections that may
// follow it.
func (p *parser) commandExpr(x Expr) *CommandExpr {
	ce := &CommandExpr{Span: x.Extent(), X: x}
	for {
		m := p.mark()
		p.skipSpace()
		if !p.redirectionAhead() {
			p.reset(m)
			return ce
		}
		ce.Redirections = append(ce.Redirections, p.parseRedirection())
	}
}

// redirectionAhead reports whether >, >>, 2>, *> and the like start here.
func (p *parser) redirectionAhead() bool {
	r := p.at(p.pos)
	return r == '>' || (r >= '1' && r <= '6' || r == '*') && p.at(p.pos+1) == '>'
}

// commandAhead reports whether a command (rather than an expression)
// starts at the current position: a bare word, & or dot-sourcing.
func (p *parser) commandAhead() bool {
	r := p.at(p.pos)
	n := p.at(p.pos + p.width(p.pos))
	switch {
	case r == '&':
		return n != '&'
	case r == '.':
		return !isDigit(n) && n != eof && !isNewline(n)
	case isDigit(r):
		_, _, ok := p.scanNumber(p.pos)
		return !ok
	}
	switch r {
	case '$', '@', '(', ')', '[', ']', '{', '}', '\'', '"', ',', '!', '+', '-', ';', '|', eof, '\n', '\r':
		return false
	}
	return true
}

// parseCommand parses a command and its arguments in argument mode.
func (p *parser) parseCommand() *Command {
	p.enter()
	defer p.leave()
	start := p.pos
	cmd := &Command{}
	r := p.at(p.pos)
	if r == '&' || r == '.' && isBlank(p.at(p.pos+1)) {
		cmd.Invoke = string(r)
		p.pos++
		p.skipSpace()
		if r := p.at(p.pos); wordStop(r) && r != '(' && r != '{' {
			p.failMissing("MissingExpression", fmt.Sprintf("Missing expression after '%s' in pipeline element.", cmd.Invoke))
		}
		cmd.Name = p.parseArgValue()
	} else {
		name, end := p.scanWord(p.pos)
		p.pos = end
		cmd.Name = name
	}
	p.parseCommandElements(cmd)
	cmd.Span = p.span(start, p.lastTokenEnd())
	return cmd
}

// paramStart reports whether r, after a dash, starts a parameter name.
func paramStart(r rune) bool { return isLetter(r) || r == '_' || r == '?' }

func (p *parser) parseCommandElements(cmd *Command) {
	// After --, dash words are arguments, not parameters.
	endOfParams := false
	for {
		p.skipSpace()
		r := p.at(p.pos)
		n := p.at(p.pos + p.width(p.pos))
		switch {
		case r == eof || isNewline(r) || r == ';' || r == ')' || r == '}' || r == '|' || r == '&':
			return
		case p.redirectionAhead():
			cmd.Redirections = append(cmd.Redirections, p.parseRedirection())
		case r == '<':
			p.failAt(p.pos, p.pos+1, "RedirectionNotSupported", "The '<' operator is reserved for future use.", false)
		case r == '-' && n == '-' && wordStop(p.at(p.pos+p.width(p.pos)+1)) && !endOfParams:
			endOfParams = true
			p.pos += p.width(p.pos) + 1
		case r == '-' && paramStart(n) && !endOfParams:
			cmd.Args = append(cmd.Args, p.parseParameter())
		case r == '@' && isIdent(n):
			start := p.pos
			v, end := p.scanVariable(p.pos, true)
			p.pos = end
			cmd.Args = append(cmd.Args, &CommandArgument{Span: p.span(start, end), Value: v, Splat: true})
		default:
			start := p.pos
			x := p.parseArgList()
			cmd.Args = append(cmd.Args, &CommandArgument{Span: p.span(start, p.lastTokenEnd()), Value: x})
		}
	}
}

// parseParameter parses -Name or -Name:value. A dash word that runs on
// into other characters (-a.b) is an ordinary argument.
func (p *parser) parseParameter() CommandElement {
	start := p.pos
	nameStart := p.pos + p.width(p.pos)
	j := nameStart
	for isIdent(p.at(j)) || p.at(j) == '-' || p.at(j) == '?' {
		j += p.width(j)
	}
	prm := &CommandParameter{Name: p.src[nameStart:j]}
	switch r := p.at(j); {
	case r == ':':
		p.pos = j + 1
		p.skipSpace()
		if r := p.at(p.pos); !wordStop(r) || r == '(' || r == '{' {
			prm.Arg = p.parseArgList()
		}
	case wordStop(r):
		p.pos = j
	default:
		x := p.parseArgList()
		return &CommandArgument{Span: p.span(start, p.lastTokenEnd()), Value: x}
	}
	prm.Span = p.span(start, p.lastTokenEnd())
	return prm
}

// parseRedirection parses >, >>, 2>, 2>>, *>, 2>&1 and the like.
func (p *parser) parseRedirection() *Redirection {
	start := p.pos
	rd := &Redirection{From: 1}
	switch r := p.at(p.pos); {
	case r == '*':
		rd.From = 0
		p.pos++
	case isDigit(r):
		rd.From = int(r - '0')
		p.pos++
	}
	p.pos++
	if p.at(p.pos) == '>' {
		rd.Append = true
		p.pos++
	}
	if p.at(p.pos) == '&' && isDigit(p.at(p.pos+1)) && !rd.Append {
		if p.at(p.pos+1) != '1' {
			p.failAt(start, p.pos+2, "RedirectionStreamCanOnlyMergeToOutputStream",
				"Redirection only allows another stream to be merged with the output stream. Please correct the redirection operation to merge into the output stream then try running your script again.", false)
		}
		p.pos += 2
		rd.Merge = true
	} else {
		p.skipSpace()
		if r := p.at(p.pos); wordStop(r) && r != '(' {
			p.failMissing("MissingFileSpecification", "Missing file specification after redirection operator.")
		}
		rd.Target = p.parseArgValue()
	}
	rd.Span = p.span(start, p.lastTokenEnd())
	return rd
}

// parseArgList parses an argument and, when commas follow, the rest of the
// array: `SPE_E5,EMSPREMIUM` is one argument.
func (p *parser) parseArgList() Expr {
	start := p.pos
	var x Expr
	if p.at(p.pos) == ',' {
		// The unary comma: `,$list` passes the list as one argument.
		p.pos++
		p.skipSpace()
		if r := p.at(p.pos); wordStop(r) && r != '(' && r != '{' {
			p.failMissing("MissingArgument", "Missing argument in parameter list.")
		}
		v := p.parseArgValue()
		x = &ArrayLiteral{Span: p.span(start, p.lastTokenEnd()), Elems: []Expr{v}}
	} else {
		x = p.parseArgValue()
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
		if r := p.at(p.pos); wordStop(r) && r != '(' && r != '{' {
			p.failMissing("MissingArgument", "Missing argument in parameter list.")
		}
		if p.at(p.pos) == '@' && isIdent(p.at(p.pos+1)) {
			v, end := p.scanVariable(p.pos, true)
			p.failAt(p.pos, end, "SplattingNotPermittedInArgumentList",
				fmt.Sprintf("Splatted variables like '@%s' cannot be part of a comma-separated list of arguments.", v.Name), false)
		}
		elems = append(elems, p.parseArgValue())
		m = p.mark()
		p.skipSpace()
	}
	p.reset(m)
	return &ArrayLiteral{Span: p.span(start, p.pos), Elems: elems}
}

// parseArgValue parses one value in argument mode. Values that start with
// $ @ ( { or a quote are expressions; anything else is a bare word, or a
// number when the whole word is one.
func (p *parser) parseArgValue() Expr {
	p.enter()
	defer p.leave()
	start := p.pos
	r := p.at(p.pos)
	n := p.at(p.pos + 1)
	switch {
	case r == '$' && (n == '(' || p.isVariable(p.pos)):
		x := p.parsePostfix(p.parsePrimary())
		if !wordStop(p.at(p.pos)) {
			// `$dir\report.csv` is one word with $dir expanded in it.
			w, end := p.scanWordAfter(start, x, p.pos)
			p.pos = end
			return w
		}
		return x
	case r == '(' || r == '{' || r == '@' && (n == '(' || n == '{' || n == '"' || n == '\''):
		return p.parsePostfix(p.parsePrimary())
	}
	w, end := p.scanWord(start)
	if end == start {
		p.unexpected()
	}
	if sc, ok := w.(*StringConst); ok && sc.Kind == BareWord {
		if v, nend, ok := p.scanNumber(start); ok && nend == end {
			p.pos = end
			return &NumberConst{Span: p.span(start, end), Value: v, Text: p.src[start:end]}
		}
	}
	p.pos = end
	return w
}

// isVariable reports whether a variable reference starts at the $ at i;
// a lone $ in argument mode is just a character.
func (p *parser) isVariable(i int) bool {
	n := p.at(i + 1)
	return n == '{' || n == '?' || n == '$' || n == '^' || isIdent(n)
}
