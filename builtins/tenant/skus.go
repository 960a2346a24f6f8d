package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"licsh/builtins/tenant/catalog"
)

// skuInfo is one product the tenant knows, with its seats summed over its
// subscriptions.
type skuInfo struct {
	id, part, name string
	plans          []catalog.Plan
	consumed       int
	enabled        int // units of Enabled and Warning subscriptions
	warning        int
	suspended      int
	lockedOut      int
	selfService    bool // a self-service subscription not yet taken over
}

// available is rule 4: enabled - warning - consumed.
func (k *skuInfo) available() int { return k.enabled - k.warning - k.consumed }

func (k *skuInfo) ref() SkuRef { return SkuRef{SkuID: k.id, PartNumber: k.part, ProductName: k.name} }

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const skuQuery = `SELECT k.sku_id, k.part_number, k.name, k.plans, k.consumed,
	coalesce(sum(CASE WHEN s.status IN ('Enabled', 'Warning') THEN s.quantity END), 0),
	coalesce(sum(CASE WHEN s.status = 'Warning' THEN s.quantity END), 0),
	coalesce(sum(CASE WHEN s.status = 'Suspended' THEN s.quantity END), 0),
	coalesce(sum(CASE WHEN s.status = 'LockedOut' THEN s.quantity END), 0),
	coalesce(max(s.self_service AND s.taken_over IS NULL), 0)
	FROM skus k LEFT JOIN subscriptions s ON s.sku_id = k.sku_id
	GROUP BY k.sku_id`

func loadSkus(ctx context.Context, q queryer) (map[string]*skuInfo, error) {
	rows, err := q.QueryContext(ctx, skuQuery)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	skus := map[string]*skuInfo{}
	for rows.Next() {
		k := &skuInfo{}
		var plans string
		if err := rows.Scan(&k.id, &k.part, &k.name, &plans, &k.consumed, &k.enabled, &k.warning, &k.suspended,
			&k.lockedOut, &k.selfService); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(plans), &k.plans); err != nil {
			return nil, fmt.Errorf("product %s: service plans: %w", k.id, err)
		}
		skus[k.id] = k
	}
	return skus, rows.Err()
}

func (tx *Tx) loadSkus() (map[string]*skuInfo, error) {
	if tx.skus != nil {
		return tx.skus, nil
	}
	skus, err := loadSkus(tx.ctx, tx.tx)
	if err != nil {
		return nil, err
	}
	tx.skus = skus
	return skus, nil
}

// SkuRef names a product.
type SkuRef struct {
	SkuID       string
	PartNumber  string
	ProductName string
}

// ResolveSku finds one of the tenant's products from what an admin typed:
// its GUID, its part number (SPE_E5), the MSOnline form (contoso:SPE_E5, the
// prefix ignored whatever its case) or its product name (Microsoft 365 E5).
func (s *Store) ResolveSku(ctx context.Context, text string) (SkuRef, error) {
	products, err := s.Products(ctx)
	if err != nil {
		return SkuRef{}, err
	}
	p, err := ResolveProduct(products, s.Catalog(), text)
	return p.SkuRef, err
}

// ResolveProduct finds one of a tenant's products from what an admin
// typed, by Store.ResolveSku's rule, whether the products are a tenant
// file's or Microsoft Graph's subscribedSkus; cat names the products the
// tenant has no subscription for.
func ResolveProduct(products []Product, cat *catalog.Catalog, text string) (Product, error) {
	return matchSku(products, func(p Product) SkuRef { return p.SkuRef }, cat, text)
}

// ResolveSku is Store.ResolveSku inside a write transaction.
func (tx *Tx) ResolveSku(text string) (SkuRef, error) {
	k, err := tx.resolveSku(text)
	if err != nil {
		return SkuRef{}, err
	}
	return k.ref(), nil
}

func (tx *Tx) resolveSku(text string) (*skuInfo, error) {
	skus, err := tx.loadSkus()
	if err != nil {
		return nil, err
	}
	return resolveSku(skus, tx.store.Catalog(), text)
}

func resolveSku(skus map[string]*skuInfo, cat *catalog.Catalog, text string) (*skuInfo, error) {
	list := make([]*skuInfo, 0, len(skus))
	for _, k := range skus {
		list = append(list, k)
	}
	return matchSku(list, (*skuInfo).ref, cat, text)
}

// matchSku is the one rule that finds a product from what an admin typed:
// its GUID, its part number (SPE_E5), the MSOnline form (contoso:SPE_E5,
// the prefix ignored whatever its case) or its product name.
func matchSku[T any](skus []T, ref func(T) SkuRef, cat *catalog.Catalog, text string) (T, error) {
	var none T
	text = strings.TrimSpace(text)
	if id, ok := catalog.NormalizeGUID(text); ok {
		for _, k := range skus {
			if strings.EqualFold(ref(k).SkuID, id) {
				return k, nil
			}
		}
		return none, errSkuNotFound(id)
	}
	if _, part, ok := strings.Cut(text, ":"); ok {
		text = strings.TrimSpace(part)
	}
	if text == "" {
		return none, errSkuNotFound("''")
	}
	for _, match := range []func(SkuRef) bool{
		func(k SkuRef) bool { return strings.EqualFold(k.PartNumber, text) },
		func(k SkuRef) bool { return strings.EqualFold(k.ProductName, text) },
	} {
		var found []T
		for _, k := range skus {
			if match(ref(k)) {
				found = append(found, k)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		sort.Slice(found, func(i, j int) bool { return ref(found[i]).SkuID < ref(found[j]).SkuID })
		var names []string
		for _, k := range found {
			names = append(names, fmt.Sprintf("%s (%s)", ref(k).PartNumber, ref(k).SkuID))
		}
		return none, newError(CodeSkuAmbiguous, "License '%s' matches more than one product: %s. Use the SKU id.",
			text, strings.Join(names, ", "))
	}
	// A product the tenant has no subscription for is reported by its GUID,
	// as Microsoft does, when the catalog knows it.
	if cat != nil {
		known := cat.ByPartNumber(text)
		if len(known) == 0 {
			known = cat.ByName(text)
		}
		if len(known) == 1 {
			return none, errSkuNotFound(known[0].SkuID)
		}
	}
	return none, errSkuNotFound(text)
}

// Product is one row of the admin center's Licenses page: a SKU with its
// seats summed over its subscriptions.
type Product struct {
	SkuRef
	Plans       []catalog.Plan
	Total       int // enabled units
	Warning     int
	Suspended   int
	LockedOut   int
	Assigned    int // consumed units: distinct live users holding the SKU
	Available   int // Total - Warning - Assigned
	SelfService bool
}

// Products lists the tenant's products ordered by product name.
func (s *Store) Products(ctx context.Context) ([]Product, error) {
	skus, err := loadSkus(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make([]Product, 0, len(skus))
	for _, k := range skus {
		out = append(out, Product{
			SkuRef: k.ref(), Plans: k.plans, Total: k.enabled, Warning: k.warning, Suspended: k.suspended,
			LockedOut: k.lockedOut, Assigned: k.consumed, Available: k.available(), SelfService: k.selfService,
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ProductName != out[j].ProductName {
			return out[i].ProductName < out[j].ProductName
		}
		return out[i].SkuID < out[j].SkuID
	})
	return out, nil
}
