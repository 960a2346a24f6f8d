package tenant

import (
	"context"
	"errors"
	"strings"

	"licsh/builtins/tenant/catalog"
)

// UserFilter selects users for Get-User; zero fields select everything.
// Every field is pushed down to SQL.
type UserFilter struct {
	Department      string // exact, case-insensitive
	UsageLocation   string // exact, case-insensitive
	NoUsageLocation bool   // users without a usage location
	Licensed        bool   // users holding at least one license
	Unlicensed      bool   // users holding none
	SkuID           string // users holding this product (anything ResolveSku accepts)
	UPNPrefix       string // users whose UPN starts with this, case-insensitive
	// Query is a $filter or $search (ParseUserFilter, ParseUserSearch)
	// the users must match as well; nil for none.
	Query *Query
	Top   int // at most this many; 0 for all
	// OrderBy sorts the users (ParseUserOrderBy); nil lists them in
	// creation order.
	OrderBy *Order
	// After is the object id of the user a page of the creation-order
	// listing ended with: the listing goes on after that user. Skip leaves
	// out the first Skip users instead, as a sorted listing's pages do.
	After string
	Skip  int
	// DepartmentFold and UsageLocationFold select the users whose
	// department or usage location equals this with case folded in all of
	// Unicode, as strings.EqualFold compares, where Department and
	// UsageLocation fold ASCII letters only.
	DepartmentFold    string
	UsageLocationFold string
}

// folds reports whether f has a test that SQL can only narrow down, which
// the rows it returns are put to in Go (match).
func (f UserFilter) folds() bool { return f.DepartmentFold != "" || f.UsageLocationFold != "" }

// match applies the tests of f that SQL only narrows down.
func (f UserFilter) match(u User) bool {
	return (f.DepartmentFold == "" || strings.EqualFold(u.Department, f.DepartmentFold)) &&
		(f.UsageLocationFold == "" || strings.EqualFold(u.UsageLocation, f.UsageLocationFold))
}

// foldedEqual is the SQL condition that narrows a NOCASE column down to
// the values that may equal s with Unicode case folding: those equal with
// ASCII case folding, and those with characters beyond ASCII, which match
// then decides. Beyond ASCII in s itself, any value may.
func foldedEqual(column, s string) (string, []any) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return "", nil
		}
	}
	return "(" + column + " = ? OR length(" + column + ") <> length(CAST(" + column + " AS BLOB)))", []any{s}
}

// where is the SQL condition on users u that f selects live users by.
func (f UserFilter) where(skus map[string]*skuInfo, cat *catalog.Catalog) (string, []any, error) {
	where := []string{"u.deleted_at IS NULL"}
	var args []any
	if f.Department != "" {
		where = append(where, "u.department = ?")
		args = append(args, f.Department)
	}
	if f.UsageLocation != "" {
		where = append(where, "u.usage_location = ?")
		args = append(args, f.UsageLocation)
	}
	for _, fold := range []struct{ column, s string }{{"u.department", f.DepartmentFold}, {"u.usage_location", f.UsageLocationFold}} {
		if fold.s == "" {
			continue
		}
		if cond, a := foldedEqual(fold.column, fold.s); cond != "" {
			where = append(where, cond)
			args = append(args, a...)
		}
	}
	if f.NoUsageLocation {
		where = append(where, "u.usage_location = ''")
	}
	const holds = "EXISTS (SELECT 1 FROM license_assignments la WHERE la.user_id = u.id AND la.state = 'Active'"
	if f.Licensed {
		where = append(where, holds+")")
	}
	if f.Unlicensed {
		where = append(where, "NOT "+holds+")")
	}
	if f.SkuID != "" {
		k, err := resolveSku(skus, cat, f.SkuID)
		if err != nil {
			return "", nil, err
		}
		where = append(where, holds+" AND la.sku_id = ?)")
		args = append(args, k.id)
	}
	if f.UPNPrefix != "" {
		where = append(where, `u.upn LIKE ? ESCAPE '\'`)
		args = append(args, likeEscape(f.UPNPrefix)+"%")
	}
	if f.After != "" {
		where = append(where, "u.rowid > coalesce((SELECT rowid FROM users WHERE id = ?), 0)")
		args = append(args, strings.ToLower(f.After))
	}
	if q := f.Query; q != nil && q.res != users {
		return "", nil, errInvalidFilter()
	} else if q != nil && q.where != "" {
		where = append(where, "("+q.where+")")
		args = append(args, q.args...)
	}
	return strings.Join(where, " AND "), args, nil
}

// EachUser calls fn for every live user matching f, in creation order,
// without holding them all in memory. fn must not write to the store.
func (s *Store) EachUser(ctx context.Context, f UserFilter, fn func(User) error) error {
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return err
	}
	where, args, err := f.where(skus, s.Catalog())
	if err != nil {
		return err
	}
	q := `SELECT ` + userColumns + ` FROM users u WHERE ` + where + ` ORDER BY ` + f.OrderBy.sql() + `u.rowid`
	if !f.folds() {
		if f.Top > 0 || f.Skip > 0 {
			top := f.Top
			if top <= 0 {
				top = -1 // SQLite's "no limit", which OFFSET needs
			}
			q += ` LIMIT ? OFFSET ?`
			args = append(args, top, f.Skip)
		}
		return s.dbError(s.eachUserRow(ctx, skus, fn, q, args...), f.Query.what())
	}
	// The rows SQL returns are tested again here, so Skip and Top count
	// the users that pass.
	n := 0
	err = s.eachUserRow(ctx, skus, func(u User) error {
		if !f.match(u) {
			return nil
		}
		if n++; n <= f.Skip {
			return nil
		}
		if f.Top > 0 && n > f.Skip+f.Top {
			return errEnoughUsers
		}
		return fn(u)
	}, q, args...)
	if err == errEnoughUsers {
		return nil
	}
	return s.dbError(err, f.Query.what())
}

// errEnoughUsers ends a listing that has found the users it was asked for.
var errEnoughUsers = errors.New("enough users")

// CountUsers counts the live users matching f, as Graph's $count does;
// f.Top, f.After and f.Skip do not limit it.
func (s *Store) CountUsers(ctx context.Context, f UserFilter) (int, error) {
	f.After = ""
	if f.folds() {
		f.Top, f.Skip = 0, 0
		n := 0
		err := s.EachUser(ctx, f, func(User) error {
			n++
			return nil
		})
		return n, err
	}
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return 0, err
	}
	where, args, err := f.where(skus, s.Catalog())
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM users u WHERE `+where, args...).Scan(&n)
	return n, s.dbError(err, f.Query.what())
}

// Users lists the live users matching f.
func (s *Store) Users(ctx context.Context, f UserFilter) ([]User, error) {
	var out []User
	err := s.EachUser(ctx, f, func(u User) error {
		out = append(out, u)
		return nil
	})
	return out, err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Order is a Graph $orderby on users, translated to SQL.
type Order struct {
	terms []string
	// text is the $orderby it was parsed from.
	text string
	// Advanced names the first property Graph sorts by only in an
	// advanced query (ConsistencyLevel: eventual and $count); "" when
	// every property is one it sorts by in a plain query.
	Advanced string
}

// Text is the $orderby the order was parsed from: what Microsoft Graph is
// sent for it.
func (o *Order) Text() string {
	if o == nil {
		return ""
	}
	return o.text
}

// sql is the ORDER BY terms of o, each followed by a comma; "" for none.
func (o *Order) sql() string {
	if o == nil {
		return ""
	}
	var b strings.Builder
	for _, t := range o.terms {
		b.WriteString(t + ", ")
	}
	return b.String()
}

// ErrSortNotSupported is Graph's refusal of an $orderby it does not serve.
func ErrSortNotSupported() *Error {
	return newError(CodeUnsupportedQuery, "Sorting not supported for current query.")
}

// ParseUserOrderBy translates a Graph $orderby on users: properties the
// tenant keeps in a column, each optionally asc or desc, separated by
// commas. Graph sorts by displayName and userPrincipalName in any query,
// by the others only in an advanced one (Order.Advanced).
func ParseUserOrderBy(text string) (*Order, error) {
	o := &Order{text: text}
	for _, part := range strings.Split(text, ",") {
		fields := strings.Fields(part)
		if len(fields) == 0 || len(fields) > 2 {
			return nil, newError(CodeInvalidQuery, "Invalid $orderby clause.")
		}
		dir := "ASC"
		if len(fields) == 2 {
			switch strings.ToLower(fields[1]) {
			case "asc":
			case "desc":
				dir = "DESC"
			default:
				return nil, newError(CodeInvalidQuery, "Invalid $orderby clause.")
			}
		}
		p, ok := users.lookup(fields[0])
		if !ok {
			return nil, users.noProperty(fields[0])
		}
		col := p.column
		if p.Name == "createdDateTime" {
			col = "u.created"
		}
		if col == "" || p.guid || p.boolean {
			return nil, ErrSortNotSupported()
		}
		if p.Name != "displayName" && p.Name != "userPrincipalName" && o.Advanced == "" {
			o.Advanced = p.Name
		}
		o.terms = append(o.terms, col+" COLLATE NOCASE "+dir)
	}
	return o, nil
}
