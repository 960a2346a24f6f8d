package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"licsh/builtins/tenant/catalog"
)

// Subscription statuses, as Graph's capabilityStatus spells them.
const (
	StatusEnabled   = "Enabled"
	StatusWarning   = "Warning"
	StatusSuspended = "Suspended"
	StatusLockedOut = "LockedOut"
)

// Subscription is one purchase of a product.
type Subscription struct {
	SubscriptionID string
	SkuRef
	Quantity        int
	Status          string
	SelfService     bool
	PurchasedBy     string // UPN of the self-service purchaser, "" otherwise
	CreatedDateTime time.Time
	TakenOver       time.Time // zero until an admin takes a self-service subscription over
}

// NewSubscription is what Add-Subscription needs. Sku is resolved like any
// license text, against the tenant's products and then the catalog.
type NewSubscription struct {
	Sku         string
	Quantity    int
	Status      string // "" means Enabled
	SelfService bool
	PurchasedBy string // UPN or id; required for a self-service purchase
}

// SubscriptionUpdate is what Set-Subscription changes.
type SubscriptionUpdate struct {
	Quantity *int
	Status   *string
	TakeOver bool
}

func normalizeStatus(s string) (string, bool) {
	for _, st := range []string{StatusEnabled, StatusWarning, StatusSuspended, StatusLockedOut} {
		if strings.EqualFold(strings.TrimSpace(s), st) {
			return st, true
		}
	}
	return "", strings.TrimSpace(s) == ""
}

// AddSubscription buys a product.
func (s *Store) AddSubscription(ctx context.Context, ns NewSubscription) (Subscription, error) {
	return writeResult(ctx, s, func(tx *Tx) (Subscription, error) {
		return tx.AddSubscription(ns)
	})
}

// AddSubscription buys a product; global and billing administrators may.
// A self-service purchase starts with one license assigned to its
// purchaser.
func (tx *Tx) AddSubscription(ns NewSubscription) (Subscription, error) {
	if err := tx.requireRole(GlobalAdministrator, BillingAdministrator); err != nil {
		return Subscription{}, err
	}
	status, ok := normalizeStatus(ns.Status)
	if !ok {
		return Subscription{}, newError(CodeInvalidValue, "'%s' is not a valid subscription status. Valid values are Enabled, Warning, Suspended and LockedOut.", ns.Status)
	}
	if status == "" {
		status = StatusEnabled
	}
	if ns.Quantity < 1 {
		return Subscription{}, newError(CodeInvalidValue, "The quantity must be at least 1.")
	}
	var sub Subscription
	err := tx.atomic(func() error {
		k, err := tx.productForPurchase(ns.Sku)
		if err != nil {
			return err
		}
		var buyer User
		if ns.SelfService {
			if strings.TrimSpace(ns.PurchasedBy) == "" {
				return newError(CodeInvalidValue, "A self-service purchase needs the user who bought it (PurchasedBy).")
			}
			if buyer, err = tx.ResolveUser(ns.PurchasedBy); err != nil {
				return err
			}
		}
		sub = Subscription{SubscriptionID: tx.newID(), SkuRef: k, Quantity: ns.Quantity, Status: status,
			SelfService: ns.SelfService, PurchasedBy: buyer.UserPrincipalName, CreatedDateTime: tx.now}
		var buyerID any
		if ns.SelfService {
			buyerID = buyer.ID
		}
		if _, err := tx.exec(`INSERT INTO subscriptions (id, sku_id, quantity, status, self_service, purchased_by, created)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, sub.SubscriptionID, k.SkuID, sub.Quantity, status, ns.SelfService, buyerID, tx.now.Unix()); err != nil {
			return err
		}
		tx.skus = nil
		if err := tx.audit("Add subscription", buyer.UserPrincipalName, k.PartNumber, nil, sub); err != nil {
			return err
		}
		if ns.SelfService {
			// The purchaser's own license: no admin assigns it, so the role
			// and self-service rules do not apply.
			_, err := tx.changeLicenses(buyer, []AddLicense{{SkuID: k.SkuID}}, nil, false)
			return err
		}
		return nil
	})
	return sub, err
}

// productForPurchase finds the product to buy among the tenant's products,
// then in the catalog, recording a catalog product in the tenant.
func (tx *Tx) productForPurchase(text string) (SkuRef, error) {
	k, err := tx.resolveSku(text)
	if err == nil {
		return k.ref(), nil
	}
	if !IsCode(err, CodeSkuNotFound) {
		return SkuRef{}, err
	}
	cat := tx.store.Catalog()
	var found []catalog.Product
	if id, ok := catalog.NormalizeGUID(text); ok {
		if p, ok := cat.ByID(id); ok {
			found = []catalog.Product{p}
		}
	} else {
		t := strings.TrimSpace(text)
		if _, part, ok := strings.Cut(t, ":"); ok {
			t = strings.TrimSpace(part)
		}
		if found = cat.ByPartNumber(t); len(found) == 0 {
			found = cat.ByName(t)
		}
	}
	switch len(found) {
	case 0:
		return SkuRef{}, err
	case 1:
	default:
		var names []string
		for _, p := range found {
			names = append(names, p.PartNumber+" ("+p.SkuID+")")
		}
		return SkuRef{}, newError(CodeSkuAmbiguous, "License '%s' matches more than one product: %s. Use the SKU id.",
			strings.TrimSpace(text), strings.Join(names, ", "))
	}
	p := found[0]
	plans, jerr := json.Marshal(p.Plans)
	if jerr != nil {
		return SkuRef{}, jerr
	}
	if _, err := tx.exec(`INSERT INTO skus (sku_id, part_number, name, plans) VALUES (?, ?, ?, ?)`,
		p.SkuID, p.PartNumber, p.Name, string(plans)); err != nil {
		return SkuRef{}, err
	}
	tx.skus = nil
	return SkuRef{SkuID: p.SkuID, PartNumber: p.PartNumber, ProductName: p.Name}, nil
}

// SetSubscription changes a subscription's quantity or status, or takes a
// self-service purchase over.
func (s *Store) SetSubscription(ctx context.Context, id string, up SubscriptionUpdate) (Subscription, error) {
	return writeResult(ctx, s, func(tx *Tx) (Subscription, error) {
		return tx.SetSubscription(id, up)
	})
}

// SetSubscription changes a subscription; global and billing administrators
// may. The product's seats may never drop below what is assigned.
func (tx *Tx) SetSubscription(id string, up SubscriptionUpdate) (Subscription, error) {
	if err := tx.requireRole(GlobalAdministrator, BillingAdministrator); err != nil {
		return Subscription{}, err
	}
	var after Subscription
	err := tx.atomic(func() error {
		before, err := tx.subscription(id)
		if err != nil {
			return err
		}
		after = before
		if up.Quantity != nil {
			if *up.Quantity < 0 {
				return newError(CodeInvalidValue, "The quantity cannot be negative.")
			}
			after.Quantity = *up.Quantity
		}
		if up.Status != nil {
			st, ok := normalizeStatus(*up.Status)
			if !ok || st == "" {
				return newError(CodeInvalidValue, "'%s' is not a valid subscription status. Valid values are Enabled, Warning, Suspended and LockedOut.", *up.Status)
			}
			after.Status = st
		}
		if up.TakeOver {
			if !before.SelfService {
				return newError(CodeInvalidValue, "Subscription %s is not a self-service purchase.", before.SubscriptionID)
			}
			if before.TakenOver.IsZero() {
				after.TakenOver = tx.now
			}
		}
		var taken any
		if !after.TakenOver.IsZero() {
			taken = after.TakenOver.Unix()
		}
		if _, err := tx.exec(`UPDATE subscriptions SET quantity = ?, status = ?, taken_over = ? WHERE id = ?`,
			after.Quantity, after.Status, taken, before.SubscriptionID); err != nil {
			return err
		}
		tx.skus = nil
		if up.Quantity != nil && after.Quantity < before.Quantity {
			k, err := tx.resolveSku(before.SkuID)
			if err != nil {
				return err
			}
			if k.available() < 0 {
				return newError(CodeQuantityTooLow,
					"The quantity of subscription %s cannot be reduced to %d: %d licenses of SKU %s are assigned and only %d would remain. Unassign licenses first.",
					before.SubscriptionID, after.Quantity, k.consumed, k.id, k.enabled-k.warning)
			}
		}
		op := "Update subscription"
		if up.TakeOver {
			op = "Take over subscription"
		}
		return tx.audit(op, after.PurchasedBy, after.PartNumber, before, after)
	})
	return after, err
}

const subscriptionQuery = `SELECT s.id, s.sku_id, k.part_number, k.name, s.quantity, s.status, s.self_service,
	coalesce(u.upn, ''), s.created, s.taken_over
	FROM subscriptions s JOIN skus k ON k.sku_id = s.sku_id LEFT JOIN users u ON u.id = s.purchased_by`

func scanSubscription(row scanner) (Subscription, error) {
	var sub Subscription
	var created int64
	var taken sql.NullInt64
	err := row.Scan(&sub.SubscriptionID, &sub.SkuID, &sub.PartNumber, &sub.ProductName, &sub.Quantity, &sub.Status,
		&sub.SelfService, &sub.PurchasedBy, &created, &taken)
	sub.CreatedDateTime = time.Unix(created, 0).UTC()
	if taken.Valid {
		sub.TakenOver = time.Unix(taken.Int64, 0).UTC()
	}
	return sub, err
}

func (tx *Tx) subscription(id string) (Subscription, error) {
	key, ok := catalog.NormalizeGUID(id)
	if !ok {
		key = strings.TrimSpace(id)
	}
	sub, err := scanSubscription(tx.queryRow(subscriptionQuery+` WHERE s.id = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, newError(CodeSubscriptionNotFound, "Subscription '%s' does not exist.", strings.TrimSpace(id))
	}
	return sub, err
}

// Subscriptions lists every subscription, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	rows, err := s.db.QueryContext(ctx, subscriptionQuery+` ORDER BY s.created, s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}
