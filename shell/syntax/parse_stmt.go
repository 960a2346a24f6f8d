package syntax

import "fmt"

// parseStatement parses one statement: a control statement, a function
// definition, an assignment or a pipeline.
func (p *parser) parseStatement() Stmt {
	p.enter()
	defer p.leave()
	save := p.noComma
	p.noComma = false
	defer func() { p.noComma = save }()
	start := p.pos
	label := ""
	if p.at(p.pos) == ':' && isIdent(p.at(p.pos+1)) {
		j := p.pos + 1
		for isIdent(p.at(j)) {
			j += p.width(j)
		}
		k := p.skipFrom(j, false)
		switch p.keywordAt(k) {
		case "foreach", "for", "while", "do", "switch":
			label = p.src[p.pos+1 : j]
			p.pos = k
		}
	}
	if (p.at(p.pos) == '[' || label == "") && p.typeDefAhead() {
		return p.parseTypeDef(start)
	}
	if kind := p.usingAhead(); kind != "" && label == "" {
		return p.parseUsing(start, kind)
	}
	switch kw := p.keywordAt(p.pos); kw {
	case "if":
		return p.parseIf(start)
	case "foreach":
		return p.parseForeach(start, label)
	case "for":
		return p.parseFor(start, label)
	case "while":
		return p.parseWhile(start, label)
	case "do":
		return p.parseDo(start, label)
	case "switch":
		return p.parseSwitch(start, label)
	case "try":
		return p.parseTry(start)
	case "trap":
		return p.parseTrap(start)
	case "function", "filter":
		return p.parseFunction(start, kw)
	case "break", "continue":
		return p.parseBreak(start, kw)
	case "return", "exit", "throw":
		return p.parseFlow(start, kw)
	case "elseif", "else", "catch", "finally", "until", "in", "param":
		p.unexpected()
	}
	return p.parsePipelineStmt(true)
}

// parseCondition parses ( pipeline ) after a keyword. emptyID and emptyMsg
// report an empty condition; kw names the statement in the ')' error.
func (p *parser) parseCondition(kw, emptyID, emptyMsg string) Stmt {
	p.pos++
	p.skipLines()
	if r := p.at(p.pos); r == ')' || r == eof {
		p.failMissing(emptyID, emptyMsg)
	}
	cond := p.parsePipelineStmt(true)
	p.skipLines()
	if p.at(p.pos) != ')' {
		id := "MissingEndParenthesisAfterStatement"
		msg := fmt.Sprintf("Missing closing ')' after expression in '%s' statement.", kw)
		// PowerShell marks the token it found instead of ')' for if and
		// elseif, and the point after the condition for the loops.
		if kw == "if" || kw == "elseif" {
			p.failHere(id, msg)
		}
		p.failMissing(id, msg)
	}
	p.pos++
	return cond
}

// requireBlock parses the { } that must come next, or fails with id and msg.
func (p *parser) requireBlock(id, msg string) *Block {
	p.skipLines()
	if p.at(p.pos) != '{' {
		p.failMissing(id, msg)
	}
	return p.parseBlock()
}

func (p *parser) parseIf(start int) Stmt {
	st := &IfStmt{}
	kw := "if"
	p.pos += len(kw)
	for {
		p.skipLines()
		if p.at(p.pos) != '(' {
			p.failMissing("MissingOpenParenthesisInIfStatement", fmt.Sprintf("Missing '(' after '%s' in if statement.", kw))
		}
		cond := p.parseCondition(kw, "IfStatementMissingCondition",
			fmt.Sprintf("Missing condition in if statement after '%s ('.", kw))
		rparen := p.pos - 1
		p.skipLines()
		if p.at(p.pos) != '{' {
			// PowerShell marks the ')' before the missing block.
			p.failAt(rparen, rparen+1, "MissingStatementBlock", fmt.Sprintf("Missing statement block after %s ( condition ).", kw),
				p.restIsBlank(p.pos))
		}
		body := p.parseBlock()
		st.Clauses = append(st.Clauses, &IfClause{Cond: cond, Body: body})
		m := p.mark()
		p.skipLines()
		switch p.keywordAt(p.pos) {
		case "elseif":
			kw = "elseif"
			p.pos += len(kw)
			continue
		case "else":
			p.pos += len("else")
			st.Else = p.requireBlock("MissingStatementBlockAfterElse", "Missing statement block after 'else' keyword.")
		default:
			p.reset(m)
		}
		break
	}
	st.Span = p.span(start, p.pos)
	return st
}

const foreachForm = "\nThe correct form is: foreach ($a in $b) {...}"

func (p *parser) parseForeach(start int, label string) Stmt {
	p.pos += len("foreach")
	p.skipLines()
	if p.at(p.pos) != '(' {
		p.failMissing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'foreach'.")
	}
	p.pos++
	p.skipLines()
	var v *VariableExpr
	end := p.pos
	if p.at(p.pos) == '$' {
		v, end = p.scanVariable(p.pos, false)
	}
	if v == nil {
		p.failMissing("MissingVariableNameAfterForeach", "Missing variable name after foreach."+foreachForm)
	}
	p.pos = end
	p.skipLines()
	if !p.acceptKeyword("in") {
		p.failMissing("MissingInInForeach", "Missing 'in' after variable in foreach loop."+foreachForm)
	}
	p.skipLines()
	if r := p.at(p.pos); r == ')' || r == eof {
		p.failMissing("MissingForeachExpression", "Missing expression in foreach loop."+foreachForm)
	}
	in := p.parsePipelineStmt(true)
	p.skipLines()
	if p.at(p.pos) != ')' {
		p.failMissing("MissingEndParenthesisAfterForeach", "Missing closing ')' after expression part of foreach loop."+foreachForm)
	}
	p.pos++
	body := p.requireBlock("MissingForeachStatement", "Missing statement body in foreach loop."+foreachForm)
	return &ForeachStmt{Span: p.span(start, p.pos), Label: label, Variable: v.Name, In: in, Body: body}
}

func (p *parser) parseFor(start int, label string) Stmt {
	p.pos += len("for")
	p.skipLines()
	if p.at(p.pos) != '(' {
		p.failMissing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'for'.")
	}
	p.pos++
	st := &ForStmt{Label: label}
	// The three parts are separated by ';' or line breaks; each may be empty.
	part := func(last bool) Stmt {
		p.skipSpace()
		var s Stmt
		if r := p.at(p.pos); r != ';' && r != ')' && !isNewline(r) && r != eof {
			s = p.parsePipelineStmt(true)
			p.skipSpace()
		}
		if !last {
			if p.at(p.pos) == ';' {
				p.pos++
			} else if isNewline(p.at(p.pos)) {
				p.pos += p.newlineLen(p.pos)
			}
		}
		return s
	}
	p.skipLines()
	st.Init = part(false)
	st.Cond = part(false)
	st.Step = part(true)
	p.skipLines()
	if p.at(p.pos) != ')' {
		p.failMissing("MissingEndParenthesisAfterStatement", "Missing closing ')' after expression in 'for' statement.")
	}
	p.pos++
	st.Body = p.requireBlock("MissingLoopStatement", "Missing statement body in for loop.")
	st.Span = p.span(start, p.pos)
	return st
}

// parseLoopCondition parses the ( cond ) of while, do-while and do-until.
func (p *parser) parseLoopCondition(kw string) Stmt {
	p.skipLines()
	if p.at(p.pos) != '(' {
		p.failMissing("MissingOpenParenthesisAfterKeyword", fmt.Sprintf("Missing opening '(' after keyword '%s'.", kw))
	}
	return p.parseCondition(kw, "MissingExpressionAfterKeyword", fmt.Sprintf("Missing expression after '%s' in loop.", kw))
}

func (p *parser) parseWhile(start int, label string) Stmt {
	p.pos += len("while")
	cond := p.parseLoopCondition("while")
	body := p.requireBlock("MissingLoopStatement", "Missing statement body in while loop.")
	return &WhileStmt{Span: p.span(start, p.pos), Label: label, Cond: cond, Body: body}
}

func (p *parser) parseDo(start int, label string) Stmt {
	p.pos += len("do")
	body := p.requireBlock("MissingLoopStatement", "Missing statement body in do loop.")
	p.skipLines()
	kw := p.keywordAt(p.pos)
	if kw != "while" && kw != "until" {
		p.failMissing("MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do loop.")
	}
	p.pos += len(kw)
	cond := p.parseLoopCondition(kw)
	return &DoStmt{Span: p.span(start, p.pos), Label: label, Body: body, Cond: cond, Until: kw == "until"}
}

func (p *parser) parseSwitch(start int, label string) Stmt {
	p.pos += len("switch")
	st := &SwitchStmt{Label: label}
	for {
		p.skipLines()
		if p.at(p.pos) != '-' || !isLetter(p.at(p.pos+p.width(p.pos))) {
			break
		}
		flagStart := p.pos
		j := p.pos + p.width(p.pos)
		for isIdent(p.at(j)) {
			j += p.width(j)
		}
		p.pos = j
		switch flag := lower(p.src[flagStart+p.width(flagStart) : j]); flag {
		case "regex":
			st.Regex = true
		case "wildcard":
			st.Wildcard = true
		case "exact":
			st.Exact = true
		case "casesensitive":
			st.CaseSensitive = true
		case "file":
			st.File = true
			p.skipSpace()
			if r := p.at(p.pos); wordStop(r) && r != '(' {
				p.failMissing("MissingFilenameOption",
					"Cannot process the 'switch' statement because of a missing file name argument to the -file option.")
			}
			x := p.parseArgValue()
			st.Subject = exprStmt(x)
		default:
			p.failAt(flagStart, j, "InvalidSwitchFlag",
				fmt.Sprintf("The parameter %s is not valid for the switch statement.", p.src[flagStart:j]), false)
		}
	}
	if st.Subject == nil {
		if p.at(p.pos) != '(' {
			p.failMissing("PipelineValueRequired",
				"A switch statement must have one of the following:  '-file file_name' or '( expression )'.")
		}
		p.pos++
		p.skipLines()
		if r := p.at(p.pos); r == ')' || r == eof {
			p.failMissing("MissingSwitchValueExpression", "Missing expression after '(' in switch statement.")
		}
		st.Subject = p.parsePipelineStmt(true)
		p.skipLines()
		if p.at(p.pos) != ')' {
			p.failMissing("MissingEndParenthesisInSwitchStatement", "Missing ')' after expression in switch statement.")
		}
		p.pos++
	}
	p.skipLines()
	if p.at(p.pos) != '{' {
		p.failMissing("MissingCurlyBraceInSwitchStatement", "Missing '{' in switch statement.")
	}
	open := p.pos
	p.pos++
	for {
		p.skipLines()
		for p.at(p.pos) == ';' {
			p.pos++
			p.skipLines()
		}
		r := p.at(p.pos)
		if r == '}' {
			p.pos++
			break
		}
		if r == eof {
			p.closeBrace(open)
		}
		clauseStart := p.pos
		var pattern Expr
		isDefault := false
		if j := p.pos + len("default"); j <= len(p.src) && lower(p.src[p.pos:j]) == "default" && keywordEnd(p.at(j)) {
			isDefault = true
			p.pos = j
		} else {
			pattern = p.parseArgValue()
		}
		body := p.requireBlock("MissingSwitchStatementClause", "Missing statement block in switch statement clause.")
		if isDefault {
			if st.Default != nil {
				p.failAt(clauseStart, clauseStart+len("default"), "MultipleSwitchDefaultClauses",
					"A switch statement can have only one default clause.", false)
			}
			st.Default = body
			continue
		}
		st.Clauses = append(st.Clauses, &SwitchClause{Pattern: pattern, Body: body})
	}
	st.Span = p.span(start, p.pos)
	return st
}

// exprStmt wraps an expression as a one-element pipeline statement.
func exprStmt(x Expr) Stmt {
	sp := x.Extent()
	return &PipelineStmt{Span: sp, Pipeline: &Pipeline{Span: sp, Elements: []PipelineElement{&CommandExpr{Span: sp, X: x}}}}
}

func (p *parser) parseTry(start int) Stmt {
	p.pos += len("try")
	st := &TryStmt{}
	st.Body = p.requireBlock("MissingTryStatementBlock", "The Try statement is missing its statement block.")
	catchAll := false
	for {
		m := p.mark()
		p.skipLines()
		kw := p.keywordAt(p.pos)
		if kw == "finally" {
			p.pos += len(kw)
			st.Finally = p.requireBlock("MissingFinallyStatementBlock", "The Finally block is missing its statement block.")
			break
		}
		if kw != "catch" {
			p.reset(m)
			break
		}
		cstart := p.pos
		p.pos += len(kw)
		if catchAll {
			p.failAt(cstart, p.pos, "EmptyCatchNotLast", "Catch block must be the last catch block.", false)
		}
		c := &CatchClause{}
		for {
			p.skipLines()
			if p.at(p.pos) != '[' {
				break
			}
			name, end, _ := p.scanTypeName(p.pos)
			p.pos = end
			c.Types = append(c.Types, name)
			p.skipLines()
			if p.at(p.pos) != ',' {
				break
			}
			p.pos++
		}
		catchAll = len(c.Types) == 0
		c.Body = p.requireBlock("MissingCatchHandlerBlock", "The Catch block is missing its statement block.")
		c.Span = p.span(cstart, p.pos)
		st.Catches = append(st.Catches, c)
	}
	if len(st.Catches) == 0 && st.Finally == nil {
		p.failMissing("MissingCatchOrFinally", "The Try statement is missing its Catch or Finally block.")
	}
	st.Span = p.span(start, p.pos)
	return st
}

func (p *parser) parseTrap(start int) Stmt {
	p.pos += len("trap")
	st := &TrapStmt{}
	p.skipLines()
	if p.at(p.pos) == '[' {
		name, end, _ := p.scanTypeName(p.pos)
		p.pos = end
		st.Type = name
	}
	st.Body = p.requireBlock("MissingTrapStatement", "The 'trap' statement was incomplete. A trap statement requires a body.")
	st.Span = p.span(start, p.pos)
	return st
}

func (p *parser) parseFunction(start int, kw string) Stmt {
	p.pos += len(kw)
	p.skipSpace()
	j := p.pos
	for r := p.at(j); !wordStop(r); r = p.at(j) {
		j += p.width(j)
	}
	if j == p.pos {
		p.failMissing("MissingNameAfterKeyword", fmt.Sprintf("Missing name after %s keyword.", kw))
	}
	fd := &FunctionDef{Name: p.src[p.pos:j], Filter: kw == "filter"}
	p.pos = j
	p.skipLines()
	var params *ParamBlock
	if p.at(p.pos) == '(' {
		params = p.parseParamList(p.pos)
		p.skipLines()
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
	if params != nil {
		if body.Params != nil {
			p.failAt(body.Params.Span.Start.Offset, body.Params.Span.End.Offset, "OnlyOneParameterListAllowed",
				"The param statement cannot be used if arguments were specified in the function declaration.", false)
		}
		body.Params = params
	}
	fd.Body = body
	fd.Span = p.span(start, p.pos)
	return fd
}

func (p *parser) parseBreak(start int, kw string) Stmt {
	p.pos += len(kw)
	p.skipSpace()
	label := ""
	if isIdent(p.at(p.pos)) {
		j := p.pos
		for isIdent(p.at(j)) {
			j += p.width(j)
		}
		label = p.src[p.pos:j]
		p.pos = j
	}
	end := p.lastTokenEnd()
	if kw == "break" {
		return &BreakStmt{Span: p.span(start, end), Label: label}
	}
	return &ContinueStmt{Span: p.span(start, end), Label: label}
}

// parseFlow parses return, exit and throw, each with an optional pipeline
// on the same line.
func (p *parser) parseFlow(start int, kw string) Stmt {
	p.pos += len(kw)
	p.skipSpace()
	var value Stmt
	if r := p.at(p.pos); !isNewline(r) && r != ';' && r != ')' && r != '}' && r != eof {
		value = p.parsePipelineStmt(true)
	}
	sp := p.span(start, p.lastTokenEnd())
	switch kw {
	case "return":
		return &ReturnStmt{Span: sp, Value: value}
	case "exit":
		return &ExitStmt{Span: sp, Code: value}
	}
	return &ThrowStmt{Span: sp, Value: value}
}
