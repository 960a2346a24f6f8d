package tenant

import (
	"context"
	"database/sql"
	"fmt"
)

// BuildSample makes a new tenant file of n users for benchmarks: the
// users spread evenly over ten departments (a tenth in Sales), every one on Microsoft 365 E3 or E5
// (every fifth), a third also on Power BI Pro. Rows go in directly rather
// than through the rules: this is a starting point, not a test of them,
// and the seat counts are recomputed at the end.
func BuildSample(ctx context.Context, path string, n int) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Initialize(ctx, "Contoso", "contoso.com", false); err != nil {
		return err
	}
	skus := map[string]string{}
	for _, sub := range []struct {
		sku string
		qty int
	}{{"SPE_E3", n}, {"SPE_E5", n / 2}, {"POWER_BI_PRO", n / 2}} {
		got, err := s.AddSubscription(ctx, NewSubscription{Sku: sub.sku, Quantity: sub.qty})
		if err != nil {
			return err
		}
		skus[sub.sku] = got.SkuID
	}
	return s.Write(ctx, func(tx *Tx) error {
		user, err := tx.tx.(*sql.Tx).Prepare(`INSERT INTO users (id, upn, display_name, department, usage_location, created) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer user.Close()
		lic, err := tx.tx.(*sql.Tx).Prepare(`INSERT INTO license_assignments (user_id, sku_id, assigned_at) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer lic.Close()
		depts := []string{"Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Legal", "Operations", "Support", "IT", "Research"}
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
			upn := fmt.Sprintf("user%06d@contoso.com", i)
			if _, err := user.Exec(id, upn, upn, depts[i%len(depts)], "US", tx.now.Unix()); err != nil {
				return err
			}
			sku := skus["SPE_E3"]
			if i%5 == 0 {
				sku = skus["SPE_E5"]
			}
			if _, err := lic.Exec(id, sku, tx.now.Unix()); err != nil {
				return err
			}
			if i%3 == 0 {
				if _, err := lic.Exec(id, skus["POWER_BI_PRO"], tx.now.Unix()); err != nil {
					return err
				}
			}
		}
		_, err = tx.exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT user_id) FROM license_assignments la WHERE la.sku_id = skus.sku_id)`)
		return err
	})
}
