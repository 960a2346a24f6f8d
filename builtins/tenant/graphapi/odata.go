package graphapi

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"licsh/builtins/tenant"
)

// Graph's page sizes: 100 unless $top says otherwise, 999 at most.
const (
	defaultPage = 100
	maxPage     = 999
)

// listOptions are the OData query options of a list request.
type listOptions struct {
	sel      []string // properties as Graph writes them; nil for the defaults
	top      int
	page     cursor
	eventual bool // ConsistencyLevel: eventual
	count    bool // $count=true, which Graph heeds only in an eventual query
	filter   *tenant.Query
	search   *tenant.Query
	orderBy  *tenant.Order
}

// advanced reports whether the request is an advanced query, which Graph
// needs for ne, not, $count in a filter, $search and most sorting.
func (o listOptions) advanced() bool { return o.eventual && o.count }

// cursor is where a page starts, as its $skiptoken says: after a user of
// the creation-order listing, or after skipping a number of items.
type cursor struct {
	after string
	skip  int
}

func (c cursor) token() string {
	if c.after != "" {
		return base64.RawURLEncoding.EncodeToString([]byte("a:" + c.after))
	}
	return base64.RawURLEncoding.EncodeToString([]byte("s:" + strconv.Itoa(c.skip)))
}

func parseCursor(tok string) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	bad := errRequestBadRequest("Invalid $skiptoken value '%s': use the @odata.nextLink of the previous page as it is.", tok)
	if err != nil {
		return cursor{}, bad
	}
	kind, val, _ := strings.Cut(string(raw), ":")
	switch kind {
	case "a":
		if _, ok := parseGUID(val); ok {
			return cursor{after: val}, nil
		}
	case "s":
		if n, err := strconv.Atoi(val); err == nil && n >= 0 {
			return cursor{skip: n}, nil
		}
	}
	return cursor{}, bad
}

// parseGUID reports whether s is a GUID, and writes it in lower case.
func parseGUID(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return "", false
			}
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return "", false
		}
	}
	return strings.ToLower(s), true
}

// parseSelect reads $select: property names, each one lookup finds.
func parseSelect(q url.Values, lookup func(string) (string, error)) ([]string, error) {
	raw := q.Get("$select")
	if raw == "" {
		return nil, nil
	}
	var out []string
	for _, name := range strings.Split(raw, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		canon, err := lookup(name)
		if err != nil {
			return nil, err
		}
		out = append(out, canon)
	}
	return out, nil
}

// parseList reads the options every list takes: $top, $skiptoken, $count
// and the ConsistencyLevel header; $skip and $expand are refused.
func parseList(req *request) (listOptions, error) {
	q := req.query
	o := listOptions{top: defaultPage, eventual: strings.EqualFold(req.header.Get("ConsistencyLevel"), "eventual")}
	if q.Has("$skip") {
		return o, errRequestBadRequest("'$skip' is not supported by the service.")
	}
	if v := q.Get("$expand"); v != "" {
		return o, errRequestBadRequest("Expanding '%s' is not supported by this server.", v)
	}
	if v := q.Get("$top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			return o, errRequestBadRequest("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", v, maxPage)
		}
		o.top = n
	}
	if v := q.Get("$skiptoken"); v != "" {
		c, err := parseCursor(v)
		if err != nil {
			return o, err
		}
		o.page = c
	}
	switch strings.ToLower(q.Get("$count")) {
	case "", "false":
	case "true":
		o.count = true
	default:
		return o, errBadRequest("Invalid value '%s' for $count query option found. Valid values are 'true' or 'false'.", q.Get("$count"))
	}
	return o, nil
}

// parseUserList reads a list of users' options: those of every list,
// $select, $filter, $search and $orderby, with Graph's rules for what
// needs an advanced query.
func parseUserList(req *request) (listOptions, error) {
	o, err := parseList(req)
	if err != nil {
		return o, err
	}
	if o.sel, err = parseSelect(req.query, userProperty); err != nil {
		return o, err
	}
	q := req.query
	if v := q.Get("$filter"); v != "" {
		if o.filter, err = tenant.ParseUserFilter(v); err != nil {
			return o, err
		}
		if o.filter.Advanced != "" && !o.advanced() {
			return o, tenant.ErrUnsupportedFilter(o.filter.Advanced)
		}
	}
	if v := q.Get("$search"); v != "" {
		if !o.eventual {
			return o, tenant.ErrSearchNeedsEventual()
		}
		if o.search, err = tenant.ParseUserSearch(v); err != nil {
			return o, err
		}
	}
	if v := q.Get("$orderby"); v != "" {
		if o.orderBy, err = tenant.ParseUserOrderBy(v); err != nil {
			return o, err
		}
		if (o.orderBy.Advanced != "" || o.filter != nil || o.search != nil) && !o.advanced() {
			return o, tenant.ErrSortNotSupported()
		}
	}
	return o, nil
}

// userProperty finds a user property by name, as Graph writes it.
func userProperty(name string) (string, error) {
	p, ok := tenant.LookupUserProperty(name)
	if !ok {
		return "", tenant.ErrNoProperty(name)
	}
	return p.Name, nil
}

// nextLink is the URL of the page after this one: the request's own,
// with $skiptoken for where the next page starts.
func (req *request) nextLink(c cursor) string {
	q := url.Values{}
	for k, v := range req.query {
		q[k] = v
	}
	q.Set("$skiptoken", c.token())
	return req.base + "/v1.0" + req.path + "?" + encodeQuery(q)
}

// encodeQuery writes a query string with its keys in order and their $
// unescaped, as Graph's links have them.
func encodeQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(strings.ReplaceAll(url.QueryEscape(k), "%24", "$"))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// collection is Graph's answer of a list: its context, the count when
// asked for, the items and the link to the next page.
func (req *request) collection(fragment string, count int, items []object, next string) *reply {
	body := object{{"@odata.context", req.context(fragment)}}
	if count >= 0 {
		body = append(body, member{"@odata.count", count})
	}
	if next != "" {
		body = append(body, member{"@odata.nextLink", next})
	}
	return &reply{status: 200, body: append(body, member{"value", items})}
}

// pageOf answers a list held in memory: the page o asks for, with its
// count when asked for in an eventual query.
func (req *request) pageOf(fragment string, o listOptions, items []object) *reply {
	count := -1
	if o.advanced() {
		count = len(items)
	}
	start := min(o.page.skip, len(items))
	end := min(start+o.top, len(items))
	next := ""
	if end < len(items) {
		next = req.nextLink(cursor{skip: end})
	}
	return req.collection(fragment, count, items[start:end], next)
}

// selection is the fragment of @odata.context for a $select: "users"
// becomes "users(displayName,id)".
func selection(set string, sel []string) string {
	if len(sel) == 0 {
		return set
	}
	return set + "(" + strings.Join(sel, ",") + ")"
}
