package tenant

import (
	"context"
	"strings"
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
	Top             int    // at most this many; 0 for all
}

// EachUser calls fn for every live user matching f, in creation order,
// without holding them all in memory. fn must not write to the store.
func (s *Store) EachUser(ctx context.Context, f UserFilter, fn func(User) error) error {
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return err
	}
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
		k, err := resolveSku(skus, s.Catalog(), f.SkuID)
		if err != nil {
			return err
		}
		where = append(where, holds+" AND la.sku_id = ?)")
		args = append(args, k.id)
	}
	if f.UPNPrefix != "" {
		where = append(where, `u.upn LIKE ? ESCAPE '\'`)
		args = append(args, likeEscape(f.UPNPrefix)+"%")
	}
	q := `SELECT ` + userColumns + ` FROM users u WHERE ` + strings.Join(where, " AND ") + ` ORDER BY u.rowid`
	if f.Top > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Top)
	}
	return s.eachUserRow(ctx, skus, fn, q, args...)
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
