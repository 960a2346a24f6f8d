package tenant

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"licsh/builtins/tenant/catalog"
)

// Error codes of Graph's query validation, as Graph's ErrorCode line shows
// them.
const (
	CodeInvalidQuery     Code = "BadRequest"
	CodeUnsupportedQuery Code = "Request_UnsupportedQuery"
)

// Query is a Graph $filter or $search on users or groups, translated to
// SQL so that it runs in the tenant database however large the tenant is.
type Query struct {
	res   *resource // what it selects: users or groups
	where string
	args  []any
	// input is the filter or search as given, for messages about it.
	input string
	// filter and search are the $filter and $search texts the query was
	// parsed from, and joined from by And: what Microsoft Graph is sent.
	filter, search string
	// Advanced names the first property used in a way Graph serves only as
	// an advanced query (ne, not, $count), which needs the ConsistencyLevel
	// header and $count; "" when the query is a plain one.
	Advanced string
}

func errInvalidFilter() *Error {
	return newError(CodeInvalidQuery, "Invalid filter clause")
}

// ErrNoProperty is Graph's answer to a property its user type does not
// have.
func ErrNoProperty(name string) *Error { return users.noProperty(name) }

func (r *resource) noProperty(name string) *Error {
	return newError(CodeInvalidQuery, "Could not find a property named '%s' on type '%s'.", name, r.graphType)
}

// ErrUnsupportedFilter is Graph's refusal of a filter on a user property
// it does not filter on in that way.
func ErrUnsupportedFilter(name string) *Error { return users.unsupported(name) }

func (r *resource) unsupported(name string) *Error {
	return newError(CodeUnsupportedQuery, "Unsupported or invalid query filter clause specified for property '%s' of resource '%s'.", name, r.name)
}

// ParseUserFilter translates a Graph $filter on users: eq, ne, in and
// startswith on the common user properties, assignedLicenses/any(x:x/skuId
// eq <guid>), assignedLicenses/$count eq <n>, joined with and, or, not and
// parentheses. Anything else is refused with Graph's error text.
func ParseUserFilter(filter string) (*Query, error) { return parseFilter(users, filter) }

// ParseGroupFilter translates a Graph $filter on groups: eq, ne, in and
// startswith on their id and display name, joined as user filters are.
func ParseGroupFilter(filter string) (*Query, error) { return parseFilter(groups, filter) }

func parseFilter(res *resource, filter string) (*Query, error) {
	toks, err := odataTokens(filter)
	if err != nil {
		return nil, err
	}
	p := &odataParser{res: res, toks: toks}
	where, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, errInvalidFilter()
	}
	return &Query{res: res, where: where.sql, args: where.args, Advanced: p.advanced, input: "filter " + strconv.Quote(excerpt(filter)),
		filter: filter}, nil
}

// odataToken is a word (names, keywords, numbers, GUIDs), a quoted string,
// or one of ( ) , :.
type odataToken struct {
	text   string
	quoted bool
}

func odataTokens(s string) ([]odataToken, error) {
	var toks []odataToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("(),:", c) >= 0:
			toks = append(toks, odataToken{text: string(c)})
			i++
		case c == '\'':
			var b strings.Builder
			i++
			for {
				if i >= len(s) {
					return nil, errInvalidFilter()
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			toks = append(toks, odataToken{text: b.String(), quoted: true})
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n\r(),:'", s[j]) < 0 {
				j++
			}
			toks = append(toks, odataToken{text: s[i:j]})
			i = j
		}
	}
	if len(toks) == 0 {
		return nil, errInvalidFilter()
	}
	return toks, nil
}

// maxFilterDepth bounds how deep parentheses and not nest in a filter. No
// real filter comes near it; a filter that did would take the parser's
// stack, and SQLite refuses expressions nested 1,000 deep.
const maxFilterDepth = 100

// errFilterTooDeep is OData's refusal of a filter nested too deep.
func errFilterTooDeep() *Error {
	return newError(CodeInvalidQuery, "The query specified in the URI is not valid. The recursion limit has been exceeded.")
}

type odataParser struct {
	res      *resource
	toks     []odataToken
	pos      int
	depth    int // of parentheses and not around the clause being parsed
	advanced string
	lastProp string // the property of the last clause parsed
}

// cond is a parsed part of a filter: its SQL and the arguments of its
// placeholders, in order. A comparison of a property with values (eq, or
// in) also keeps its column and values, so that an or chain of them on one
// property becomes one IN list.
type cond struct {
	sql  string
	args []any
	col  string // the column of `property eq value` or `property in (...)`, "" for any other clause
	vals []any
}

// valuesCond is the SQL of col equal to one of vals, ignoring case as Graph
// does. More than one value are one JSON argument, which SQLite reads with
// json_each: the SQL stays the same size and one placeholder however many
// users a script names (SQLite allows 32,766 placeholders).
func valuesCond(col string, vals []any) cond {
	c := cond{col: col, vals: vals}
	if len(vals) == 1 {
		c.sql, c.args = col+" COLLATE NOCASE = ?", vals
		return c
	}
	list, err := json.Marshal(vals)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	c.sql, c.args = col+" COLLATE NOCASE IN (SELECT value FROM json_each(?))", []any{string(list)}
	return c
}

// word reports whether the next token is the unquoted keyword w, and takes
// it if so.
func (p *odataParser) word(w string) bool {
	if p.pos < len(p.toks) && !p.toks[p.pos].quoted && strings.EqualFold(p.toks[p.pos].text, w) {
		p.pos++
		return true
	}
	return false
}

func (p *odataParser) next() (odataToken, error) {
	if p.pos >= len(p.toks) {
		return odataToken{}, errInvalidFilter()
	}
	t := p.toks[p.pos]
	p.pos++
	return t, nil
}

func (p *odataParser) expect(w string) error {
	if !p.word(w) {
		return errInvalidFilter()
	}
	return nil
}

func (p *odataParser) markAdvanced(name string) {
	if p.advanced == "" {
		p.advanced = name
	}
}

// or parses clauses joined by or. The comparisons of one property with
// values merge into one IN list, and what remains is joined as a balanced
// tree, so that a chain of any length costs time in proportion to it and
// nests SQL only as deep as its logarithm.
func (p *odataParser) or() (cond, error) {
	var terms []cond
	byCol := map[string]int{} // column -> its merged term in terms
	for {
		t, err := p.and()
		if err != nil {
			return cond{}, err
		}
		if i, ok := byCol[t.col]; ok && t.col != "" {
			terms[i].vals = append(terms[i].vals, t.vals...)
		} else {
			if t.col != "" {
				byCol[t.col] = len(terms)
			}
			terms = append(terms, t)
		}
		if !p.word("or") {
			break
		}
	}
	for i, t := range terms {
		if t.col != "" {
			terms[i] = valuesCond(t.col, t.vals)
		}
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return joinConds(terms, " OR "), nil
}

// and parses clauses joined by and.
func (p *odataParser) and() (cond, error) {
	var terms []cond
	for {
		t, err := p.not()
		if err != nil {
			return cond{}, err
		}
		terms = append(terms, t)
		if !p.word("and") {
			break
		}
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return joinConds(terms, " AND "), nil
}

// joinConds joins terms with op as a balanced tree of parentheses.
func joinConds(terms []cond, op string) cond {
	if len(terms) == 1 {
		return cond{sql: terms[0].sql, args: terms[0].args}
	}
	var sb strings.Builder
	var args []any
	var join func(ts []cond)
	join = func(ts []cond) {
		if len(ts) == 1 {
			sb.WriteString(ts[0].sql)
			args = append(args, ts[0].args...)
			return
		}
		sb.WriteByte('(')
		join(ts[:len(ts)/2])
		sb.WriteString(op)
		join(ts[len(ts)/2:])
		sb.WriteByte(')')
	}
	join(terms)
	return cond{sql: sb.String(), args: args}
}

// enter counts a level of nesting, refusing one too many.
func (p *odataParser) enter() error {
	p.depth++
	if p.depth > maxFilterDepth {
		return errFilterTooDeep()
	}
	return nil
}

func (p *odataParser) not() (cond, error) {
	if p.word("not") {
		if err := p.enter(); err != nil {
			return cond{}, err
		}
		inner, err := p.not()
		p.depth--
		if err != nil {
			return cond{}, err
		}
		p.markAdvanced(p.lastProp)
		return cond{sql: "NOT " + inner.sql, args: inner.args}, nil
	}
	return p.primary()
}

func (p *odataParser) primary() (cond, error) {
	if p.word("(") {
		if err := p.enter(); err != nil {
			return cond{}, err
		}
		inner, err := p.or()
		p.depth--
		if err != nil {
			return cond{}, err
		}
		// A parenthesized comparison still merges into an or chain
		// around it.
		inner.sql = "(" + inner.sql + ")"
		return inner, p.expect(")")
	}
	t, err := p.next()
	if err != nil || t.quoted {
		return cond{}, errInvalidFilter()
	}
	name := t.text
	switch lower := strings.ToLower(name); {
	case lower == "startswith" || lower == "endswith" || lower == "contains":
		return p.function(lower)
	case lower == "assignedlicenses/any" && p.res.licenses:
		return p.anySku()
	case lower == "assignedlicenses/$count" && p.res.licenses:
		return p.licenseCount()
	case strings.Contains(lower, "/"):
		return cond{}, errInvalidFilter()
	}
	return p.comparison(name)
}

// column looks a filterable property up by name, with Graph's complaint
// for one it cannot filter on.
func (r *resource) column(name string) (Property, error) {
	p, ok := r.lookup(name)
	switch {
	case !ok:
		return p, r.noProperty(name)
	case p.column == "":
		return p, r.unsupported(name)
	}
	return p, nil
}

func (p *odataParser) function(fn string) (cond, error) {
	if err := p.expect("("); err != nil {
		return cond{}, err
	}
	prop, err := p.next()
	if err != nil || prop.quoted {
		return cond{}, errInvalidFilter()
	}
	col, err := p.res.column(prop.text)
	if err != nil {
		return cond{}, err
	}
	p.lastProp = prop.text
	if err := p.expect(","); err != nil {
		return cond{}, err
	}
	arg, err := p.next()
	if err != nil || !arg.quoted {
		return cond{}, errInvalidFilter()
	}
	if err := p.expect(")"); err != nil {
		return cond{}, err
	}
	if fn != "startswith" || col.boolean {
		return cond{}, p.res.unsupported(prop.text)
	}
	return cond{sql: col.column + ` LIKE ? ESCAPE '\'`, args: []any{likeEscape(arg.text) + "%"}}, nil
}

func (p *odataParser) comparison(name string) (cond, error) {
	col, err := p.res.column(name)
	if err != nil {
		return cond{}, err
	}
	p.lastProp = name
	op, err := p.next()
	if err != nil || op.quoted {
		return cond{}, errInvalidFilter()
	}
	switch strings.ToLower(op.text) {
	case "eq":
		arg, err := p.nextLiteral(col)
		if err != nil {
			return cond{}, err
		}
		return valuesCond(col.column, []any{arg}), nil
	case "ne":
		arg, err := p.nextLiteral(col)
		if err != nil {
			return cond{}, err
		}
		p.markAdvanced(name)
		return cond{sql: col.column + " COLLATE NOCASE <> ?", args: []any{arg}}, nil
	case "in":
		if err := p.expect("("); err != nil {
			return cond{}, err
		}
		var vals []any
		for {
			arg, err := p.nextLiteral(col)
			if err != nil {
				return cond{}, err
			}
			vals = append(vals, arg)
			if p.word(")") {
				break
			}
			if err := p.expect(","); err != nil {
				return cond{}, err
			}
		}
		return valuesCond(col.column, vals), nil
	case "gt", "ge", "lt", "le":
		return cond{}, p.res.unsupported(name)
	}
	return cond{}, errInvalidFilter()
}

// nextLiteral reads the next token as a literal for col.
func (p *odataParser) nextLiteral(col Property) (any, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	return literal(col, t)
}

// literal is the SQL value of a filter literal for a column: strings are
// quoted, booleans are not, and null is how an unset text property is
// stored.
func literal(col Property, t odataToken) (any, error) {
	if !t.quoted && strings.EqualFold(t.text, "null") {
		if col.boolean {
			return nil, errInvalidFilter()
		}
		return "", nil
	}
	if col.boolean {
		if t.quoted {
			return nil, errInvalidFilter()
		}
		switch strings.ToLower(t.text) {
		case "true":
			return 1, nil
		case "false":
			return 0, nil
		}
		return nil, errInvalidFilter()
	}
	if !t.quoted {
		return nil, errInvalidFilter()
	}
	if col.guid {
		if id, ok := catalog.NormalizeGUID(t.text); ok {
			return id, nil
		}
	}
	return t.text, nil
}

// anySku is assignedLicenses/any(x:x/skuId eq <guid>).
func (p *odataParser) anySku() (cond, error) {
	p.lastProp = "assignedLicenses"
	if err := p.expect("("); err != nil {
		return cond{}, err
	}
	v, err := p.next()
	if err != nil || v.quoted {
		return cond{}, errInvalidFilter()
	}
	if err := p.expect(":"); err != nil {
		return cond{}, err
	}
	member, err := p.next()
	if err != nil || !strings.EqualFold(member.text, v.text+"/skuId") {
		return cond{}, errInvalidFilter()
	}
	if err := p.expect("eq"); err != nil {
		return cond{}, err
	}
	g, err := p.next()
	if err != nil {
		return cond{}, err
	}
	if g.quoted {
		return cond{}, newError(CodeInvalidQuery, "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.")
	}
	id, ok := catalog.NormalizeGUID(g.text)
	if !ok {
		return cond{}, errInvalidFilter()
	}
	if err := p.expect(")"); err != nil {
		return cond{}, err
	}
	return cond{sql: "EXISTS (SELECT 1 FROM license_assignments la WHERE la.user_id = u.id AND la.state = 'Active' AND la.sku_id = ?)", args: []any{id}}, nil
}

// licenseCount is assignedLicenses/$count eq|ne <n>, an advanced query.
func (p *odataParser) licenseCount() (cond, error) {
	p.lastProp = "assignedLicenses"
	p.markAdvanced(p.lastProp)
	op, err := p.next()
	if err != nil || op.quoted {
		return cond{}, errInvalidFilter()
	}
	sqlOp := map[string]string{"eq": " = ", "ne": " <> ", "gt": " > ", "ge": " >= ", "lt": " < ", "le": " <= "}[strings.ToLower(op.text)]
	if sqlOp == "" {
		return cond{}, errInvalidFilter()
	}
	v, err := p.next()
	if err != nil || v.quoted {
		return cond{}, errInvalidFilter()
	}
	n, err := strconv.Atoi(v.text)
	if err != nil || n < 0 {
		return cond{}, errInvalidFilter()
	}
	return cond{sql: "(SELECT count(DISTINCT la.sku_id) FROM license_assignments la WHERE la.user_id = u.id AND la.state = 'Active')" + sqlOp + "?", args: []any{n}}, nil
}

// searchColumns are the properties Graph's $search on users looks in.
var searchColumns = map[string]string{
	"displayname":       "u.display_name",
	"userprincipalname": "u.upn",
	"mail":              "u.mail",
	"givenname":         "u.given_name",
	"surname":           "u.surname",
	"department":        "u.department",
	"jobtitle":          "u.job_title",
}

// ParseUserSearch translates a Graph $search on users: "property:text"
// clauses joined with AND or OR. Graph matches the text at the start of any
// word of the property, case-insensitively.
func ParseUserSearch(search string) (*Query, error) {
	s := strings.TrimSpace(search)
	// AND binds tighter than OR: the clauses are or-ed groups of and-ed
	// ones, each joined as a balanced tree as filters are.
	var groups [][]cond
	var group []cond
	for {
		if !strings.HasPrefix(s, `"`) {
			return nil, errSearchSyntax()
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return nil, errSearchSyntax()
		}
		name, text, ok := strings.Cut(s[1:end+1], ":")
		col, known := searchColumns[strings.ToLower(strings.TrimSpace(name))]
		if !ok || !known || strings.TrimSpace(text) == "" {
			return nil, errSearchSyntax()
		}
		text = likeEscape(strings.TrimSpace(text))
		group = append(group, cond{sql: fmt.Sprintf(`(%[1]s LIKE ? ESCAPE '\' OR %[1]s LIKE ? ESCAPE '\')`, col), args: []any{text + "%", "% " + text + "%"}})
		s = strings.TrimSpace(s[end+2:])
		if s == "" {
			break
		}
		word, rest, _ := strings.Cut(s, " ")
		switch strings.ToUpper(word) {
		case "AND":
		case "OR":
			groups, group = append(groups, group), nil
		default:
			return nil, errSearchSyntax()
		}
		s = strings.TrimSpace(rest)
	}
	ors := make([]cond, 0, len(groups)+1)
	for _, g := range append(groups, group) {
		ors = append(ors, joinConds(g, " AND "))
	}
	where := joinConds(ors, " OR ")
	return &Query{res: users, where: where.sql, args: where.args, input: "search " + strconv.Quote(excerpt(search)), search: search}, nil
}

// errSearchSyntax is Graph's answer to a $search that is not a quoted
// "property:text" clause.
func errSearchSyntax() *Error {
	return newError(CodeInvalidQuery, "Invalid search clause")
}

// And joins two queries on the same resource; either may be nil.
func (q *Query) And(o *Query) *Query {
	switch {
	case q == nil:
		return o
	case o == nil:
		return q
	}
	adv := q.Advanced
	if adv == "" {
		adv = o.Advanced
	}
	return &Query{res: q.res, where: "(" + q.where + ") AND (" + o.where + ")", args: append(append([]any{}, q.args...), o.args...), Advanced: adv,
		input: q.input + " with the " + o.input, filter: joinTexts(q.filter, o.filter, "(%s) and (%s)"),
		search: joinTexts(q.search, o.search, "%s AND %s")}
}

// joinTexts joins two filters or searches with format; either may be "".
func joinTexts(a, b, format string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return fmt.Sprintf(format, a, b)
}

// Filter is the $filter text the query was parsed from, "" for a search
// alone: what Microsoft Graph is sent for it.
func (q *Query) Filter() string {
	if q == nil {
		return ""
	}
	return q.filter
}

// Search is the $search text the query was parsed from, "" for a filter
// alone.
func (q *Query) Search() string {
	if q == nil {
		return ""
	}
	return q.search
}

// what names the query's input for a message about it; "" for no query.
func (q *Query) what() string {
	if q == nil {
		return ""
	}
	return q.input
}
