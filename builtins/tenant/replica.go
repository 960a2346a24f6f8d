package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"licsh/builtins/tenant/catalog"
)

// Replica is a tenant read from elsewhere (a Microsoft 365 tenant, through
// Graph) that Replicate makes an empty tenant file into, keeping its ids,
// so that the same scripts rehearse on an exact copy.
type Replica struct {
	TenantID      string
	Name          string
	DefaultDomain string
	// Source and Actor are what the audit log says of the copy: where it
	// came from and who read it.
	Source string
	Actor  string
	// Products are the tenant's products with their plans and seats.
	Products []ReplicaProduct
	// Users are the live users in the source's order, with their
	// licenses, direct and from groups.
	Users iter.Seq2[ReplicaUser, error]
	// DeletedUsers are the users deleted less than GracePeriod ago, each
	// with its DeletedDateTime and the licenses it held, which a restore
	// gives back. Their UPN is the one they had: Microsoft Entra's renamed
	// one (their id in front) is kept only where a live user has taken it.
	DeletedUsers func() ([]ReplicaUser, error)
	// Subscriptions are the source's subscriptions, self-service purchases
	// with the UPN of their buyer; nil when they could not be read, and the
	// products' seats make one subscription per kind of seat instead.
	Subscriptions []Subscription
	// Warnings say what of the source could not be read, and what the
	// copy lacks for it.
	Warnings []string
	// Groups come after the users, whom their members name by id.
	Groups func() ([]ReplicaGroup, error)
	// Roles are the admin roles' members by role name, user ids.
	Roles func() (map[string][]string, error)
}

// ReplicaProduct is a product of a copied tenant: its seats as Graph's
// prepaidUnits count them, Enabled leaving out those in Warning.
type ReplicaProduct struct {
	SkuRef
	Plans                                  []ReplicaPlan
	Enabled, Warning, Suspended, LockedOut int
	// SubscriptionIDs are the product's subscriptions; the first is the
	// id of the copy's subscription of enabled seats.
	SubscriptionIDs []string
}

// ReplicaPlan is a service plan of a copied product.
type ReplicaPlan struct{ ID, Name string }

// ReplicaUser is a user of a copied tenant with their licenses.
type ReplicaUser struct {
	User
	Assignments []Assignment // SkuID, GroupID, DisabledPlans, State, Error, AssignedDateTime
}

// ReplicaGroup is a group of a copied tenant.
type ReplicaGroup struct {
	Group
	LicensePlans map[string][]string // sku id -> disabled plans of the group's licenses
	Members      []string            // user ids
}

// ReplicaSummary is what Replicate copied.
type ReplicaSummary struct {
	Users, DeletedUsers, Products, Subscriptions, Groups, Licenses, Roles int
	Duration                                                              time.Duration
}

// replicaChunk is how many users one round of statements writes.
const replicaChunk = 1000

// Replicate makes this empty tenant file a copy of r in one transaction:
// all of it or, on any error, nothing. The seats products have in use,
// the users' mailboxes and OneDrives, and the acting admin (the first
// Global Administrator) follow from what was copied, as the tenant's own
// writes keep them; one audit entry records the copy.
func (s *Store) Replicate(ctx context.Context, r Replica) (ReplicaSummary, error) {
	started := time.Now()
	var sum ReplicaSummary
	sq, err := s.openBulkSQL(ctx)
	if err != nil {
		return sum, err
	}
	defer sq.close()
	// A copy, as Initialize, is made into a tenant that is not initialized.
	err = s.write(ctx, sq.conn, func(run sqlRunner) error {
		tx, err := s.newTx(ctx, run)
		if err != nil {
			return err
		}
		sum = ReplicaSummary{}
		tx.actor = r.Actor
		var n int
		if err := tx.queryRow(`SELECT (SELECT count(*) FROM tenant) + (SELECT count(*) FROM users)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return newError(CodeAlreadyExists, "The tenant file %s is not empty: a copy is made into a new file.", s.path)
		}
		if !validDomain(strings.ToLower(r.DefaultDomain)) {
			return newError(CodeInvalidValue, "The domain name '%s' is not valid.", r.DefaultDomain)
		}
		if _, err := tx.exec(`INSERT INTO tenant (id, tenant_id, name, default_domain) VALUES (1, ?, ?, ?)`,
			strings.ToLower(r.TenantID), r.Name, strings.ToLower(r.DefaultDomain)); err != nil {
			return err
		}
		if err := tx.replicateProducts(r.Products, &sum); err != nil {
			return err
		}
		if err := tx.replicateUsers(sq, r.Users, &sum); err != nil {
			return err
		}
		if err := tx.replicateDeleted(r.DeletedUsers, &sum); err != nil {
			return err
		}
		if err := tx.replicateSubscriptions(r.Products, r.Subscriptions, &sum); err != nil {
			return err
		}
		if err := tx.replicateGroups(sq, r.Groups, &sum); err != nil {
			return err
		}
		if err := tx.replicateRoles(r.Roles, &sum); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE skus SET consumed = (SELECT count(DISTINCT la.user_id) FROM license_assignments la
			JOIN users u ON u.id = la.user_id WHERE la.sku_id = skus.sku_id AND la.state = 'Active' AND u.deleted_at IS NULL)`); err != nil {
			return err
		}
		tx.skus = nil
		// Mailboxes and OneDrives are what the users' licenses give them.
		// A deleted user's are kept as their deletion left them:
		// the mailbox disconnected, the OneDrive retained.
		rows, err := tx.tx.QueryContext(tx.ctx, `SELECT DISTINCT u.id, u.upn, u.deleted_at FROM users u
			JOIN license_assignments la ON la.user_id = u.id ORDER BY u.rowid`)
		if err != nil {
			return err
		}
		type licensedUser struct {
			id, upn string
			deleted sql.NullInt64
		}
		var licensed []licensedUser
		for rows.Next() {
			var u licensedUser
			if err := rows.Scan(&u.id, &u.upn, &u.deleted); err != nil {
				rows.Close()
				return err
			}
			licensed = append(licensed, u)
		}
		rows.Close()
		for _, u := range licensed {
			if err := tx.syncData(u.id, u.upn); err != nil {
				return err
			}
			// Graph does not say whether a mailbox is on litigation
			// hold, so none is: a deleted user's mailbox is disconnected.
			if u.deleted.Valid {
				if err := tx.retainData(u.id, false, time.Unix(u.deleted.Int64, 0)); err != nil {
					return err
				}
			}
		}
		admin, err := defaultAdmin(tx.ctx, tx.tx)
		if err != nil && !IsCode(err, CodeNotInitialized) {
			return err
		}
		if _, err := tx.exec(`UPDATE tenant SET acting_admin = ? WHERE id = 1`, admin); err != nil {
			return err
		}
		return tx.audit("Copy tenant", "", r.Source, nil, map[string]any{"Users": sum.Users, "DeletedUsers": sum.DeletedUsers,
			"Products": sum.Products, "Subscriptions": sum.Subscriptions, "Groups": sum.Groups, "Licenses": sum.Licenses, "RoleMembers": sum.Roles})
	})
	if err == nil {
		sq.committed(ctx)
	}
	sum.Duration = time.Since(started)
	return sum, err
}

// replicateProducts writes the products.
func (tx *Tx) replicateProducts(products []ReplicaProduct, sum *ReplicaSummary) error {
	for _, p := range products {
		name, plans := p.ProductName, make([]catalog.Plan, 0, len(p.Plans))
		// The catalog knows the plans' friendly names and the product's
		// name, which Graph does not give.
		if cp, ok := tx.store.Catalog().ByID(strings.ToLower(p.SkuID)); ok {
			if name == "" {
				name = cp.Name
			}
			plans = cp.Plans
		} else {
			for _, pl := range p.Plans {
				plans = append(plans, catalog.Plan{ID: strings.ToLower(pl.ID), Name: pl.Name, FriendlyName: pl.Name})
			}
		}
		if name == "" {
			name = p.PartNumber
		}
		pj, err := json.Marshal(plans)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO skus (sku_id, part_number, name, plans) VALUES (?, ?, ?, ?)`,
			strings.ToLower(p.SkuID), p.PartNumber, name, string(pj)); err != nil {
			return fmt.Errorf("product %s: %w", p.PartNumber, err)
		}
		sum.Products++
	}
	return nil
}

// replicateUsers writes the users and their licenses, a chunk at a time.
func (tx *Tx) replicateUsers(sq *bulkSQL, users iter.Seq2[ReplicaUser, error], sum *ReplicaSummary) error {
	var urows, lrows [][]any
	flush := func() error {
		if err := sq.execRows(tx, `INSERT INTO users (`+replicaUserColumns+`) VALUES `, "", urows); err != nil {
			return err
		}
		if err := sq.execRows(tx, `INSERT INTO license_assignments (user_id, sku_id, source, disabled_plans, assigned_at, state, error) VALUES `, "", lrows); err != nil {
			return err
		}
		urows, lrows = urows[:0], lrows[:0]
		return nil
	}
	for u, err := range users {
		if err != nil {
			return err
		}
		row, err := tx.replicaUserRow(u)
		if err != nil {
			return err
		}
		urows = append(urows, row)
		lic, err := tx.replicaLicenseRows(u)
		if err != nil {
			return err
		}
		lrows = append(lrows, lic...)
		sum.Licenses += len(lic)
		sum.Users++
		if len(urows) == replicaChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// replicaUserColumns are the columns replicaUserRow gives.
const replicaUserColumns = `id, upn, display_name, given_name, surname, mail, department, job_title,
	usage_location, user_type, account_enabled, on_prem_sync, created, deleted_at`

// replicaUserRow is a copied user's row of users, in replicaUserColumns.
func (tx *Tx) replicaUserRow(u ReplicaUser) ([]any, error) {
	if !validUPN(u.UserPrincipalName) {
		return nil, fmt.Errorf("user %s: %w", u.ID, ErrInvalidProperty("userPrincipalName"))
	}
	loc, ok := normalizeUsageLocation(u.UsageLocation)
	if !ok {
		loc = ""
	}
	userType, ok := normalizeUserType(u.UserType)
	if !ok {
		userType = "Member"
	}
	created := u.CreatedDateTime
	if created.IsZero() {
		created = tx.now
	}
	var deleted any
	if !u.DeletedDateTime.IsZero() {
		deleted = u.DeletedDateTime.Unix()
	}
	return []any{strings.ToLower(u.ID), u.UserPrincipalName, u.DisplayName, u.GivenName, u.Surname, u.Mail,
		u.Department, u.JobTitle, loc, userType, u.AccountEnabled, u.OnPremisesSync, created.Unix(), deleted}, nil
}

// replicaLicenseRows are a copied user's rows of license_assignments.
func (tx *Tx) replicaLicenseRows(u ReplicaUser) ([][]any, error) {
	var out [][]any
	for _, a := range u.Assignments {
		plans, err := json.Marshal(orNone(a.DisabledPlans))
		if err != nil {
			return nil, err
		}
		state := a.State
		if state == "" {
			state = "Active"
		}
		at := a.AssignedDateTime
		if at.IsZero() {
			at = tx.now
		}
		out = append(out, []any{strings.ToLower(u.ID), strings.ToLower(a.SkuID), strings.ToLower(a.GroupID), string(plans), at.Unix(), state, a.Error})
	}
	return out, nil
}

// replicateDeleted writes the deleted users and the licenses they held,
// one at a time: they are few, and each takes back its UPN only if no
// user written before holds it. Their groups are written with the groups.
func (tx *Tx) replicateDeleted(read func() ([]ReplicaUser, error), sum *ReplicaSummary) error {
	if read == nil {
		return nil
	}
	deleted, err := read()
	if err != nil {
		return err
	}
	for _, u := range deleted {
		if u.DeletedDateTime.IsZero() {
			return fmt.Errorf("deleted user %s: %w", u.ID, ErrInvalidProperty("deletedDateTime"))
		}
		var taken int
		if err := tx.queryRow(`SELECT count(*) FROM users WHERE upn = ?`, u.UserPrincipalName).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			// As Microsoft Entra names it while it is deleted.
			u.UserPrincipalName = strings.ReplaceAll(strings.ToLower(u.ID), "-", "") + u.UserPrincipalName
		}
		row, err := tx.replicaUserRow(u)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO users (`+replicaUserColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, row...); err != nil {
			return fmt.Errorf("deleted user %s: %w", u.UserPrincipalName, err)
		}
		lic, err := tx.replicaLicenseRows(u)
		if err != nil {
			return err
		}
		for _, l := range lic {
			if _, err := tx.exec(`INSERT INTO license_assignments (user_id, sku_id, source, disabled_plans, assigned_at, state, error)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, l...); err != nil {
				return fmt.Errorf("deleted user %s: %w", u.UserPrincipalName, err)
			}
		}
		sum.Licenses += len(lic)
		sum.DeletedUsers++
	}
	return nil
}

// replicateSubscriptions writes the source's subscriptions, a self-service
// one bought by the copied user of its buyer's UPN. A product none of
// them is of (or all, when they were not read) gets one subscription per
// kind of seat its prepaid units count, the first of its subscription ids
// for its enabled seats.
func (tx *Tx) replicateSubscriptions(products []ReplicaProduct, subs []Subscription, sum *ReplicaSummary) error {
	has := map[string]bool{}
	for _, p := range products {
		has[strings.ToLower(p.SkuID)] = false
	}
	for _, s := range subs {
		sku := strings.ToLower(s.SkuID)
		status, ok := normalizeStatus(s.Status)
		if _, known := has[sku]; !known || !ok || status == "" {
			// A subscription Graph lists as Deleted, or of a product
			// subscribedSkus does not have, gives no seat.
			continue
		}
		has[sku] = true
		created := s.CreatedDateTime
		if created.IsZero() {
			created = tx.now
		}
		var buyer any
		if s.SelfService && s.PurchasedBy != "" {
			if err := tx.queryRow(`SELECT id FROM users WHERE upn = ?`, s.PurchasedBy).Scan(&buyer); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if _, err := tx.exec(`INSERT INTO subscriptions (id, sku_id, quantity, status, self_service, purchased_by, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			strings.ToLower(s.SubscriptionID), sku, s.Quantity, status, s.SelfService, buyer, created.Unix()); err != nil {
			return fmt.Errorf("subscription %s: %w", s.SubscriptionID, err)
		}
		sum.Subscriptions++
	}
	for _, p := range products {
		if has[strings.ToLower(p.SkuID)] {
			continue
		}
		for _, seats := range []struct {
			status string
			n      int
		}{{StatusEnabled, p.Enabled}, {StatusWarning, p.Warning}, {StatusSuspended, p.Suspended}, {StatusLockedOut, p.LockedOut}} {
			if seats.n <= 0 {
				continue
			}
			id := tx.newID()
			if seats.status == StatusEnabled && len(p.SubscriptionIDs) > 0 {
				id = strings.ToLower(p.SubscriptionIDs[0])
			}
			if _, err := tx.exec(`INSERT INTO subscriptions (id, sku_id, quantity, status, created) VALUES (?, ?, ?, ?, ?)`,
				id, strings.ToLower(p.SkuID), seats.n, seats.status, tx.now.Unix()); err != nil {
				return err
			}
			sum.Subscriptions++
		}
	}
	return nil
}

// orNone is list, or an empty list for nil, as the tenant stores plans.
func orNone(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// replicateGroups writes the groups, their members and their licenses.
func (tx *Tx) replicateGroups(sq *bulkSQL, read func() ([]ReplicaGroup, error), sum *ReplicaSummary) error {
	if read == nil {
		return nil
	}
	groups, err := read()
	if err != nil {
		return err
	}
	for _, g := range groups {
		kind := g.Kind
		if kind == "" {
			kind = GroupSecurity
		}
		created := g.CreatedDateTime
		if created.IsZero() {
			created = tx.now
		}
		if _, err := tx.exec(`INSERT INTO groups (id, display_name, created, kind, alias, mail) VALUES (?, ?, ?, ?, ?, ?)`,
			strings.ToLower(g.ID), g.DisplayName, created.Unix(), kind, g.MailNickname, g.Mail); err != nil {
			return fmt.Errorf("group %s: %w", g.DisplayName, err)
		}
		var members [][]any
		for _, m := range g.Members {
			members = append(members, []any{strings.ToLower(g.ID), strings.ToLower(m)})
		}
		// A member that is not a copied user (a device, a nested group) is
		// left out, as the tenant's groups hold users only.
		if err := sq.execRows(tx, `INSERT OR IGNORE INTO group_members (group_id, user_id) SELECT column1, column2 FROM (VALUES `,
			`) WHERE column2 IN (SELECT id FROM users)`, members); err != nil {
			return err
		}
		for sku, disabled := range g.LicensePlans {
			plans, err := json.Marshal(orNone(disabled))
			if err != nil {
				return err
			}
			if _, err := tx.exec(`INSERT INTO group_licenses (group_id, sku_id, disabled_plans) VALUES (?, ?, ?)`,
				strings.ToLower(g.ID), strings.ToLower(sku), string(plans)); err != nil {
				return fmt.Errorf("group %s: %w", g.DisplayName, err)
			}
		}
		sum.Groups++
	}
	// A deleted user is in no group Graph lists, but a license a group
	// gave them says they were its member, and a restore brings that back.
	_, err = tx.exec(`INSERT OR IGNORE INTO group_members (group_id, user_id)
		SELECT DISTINCT la.source, la.user_id FROM license_assignments la JOIN users u ON u.id = la.user_id
		WHERE u.deleted_at IS NOT NULL AND la.source IN (SELECT id FROM groups)`)
	return err
}

// replicateRoles writes the admin roles' members.
func (tx *Tx) replicateRoles(read func() (map[string][]string, error), sum *ReplicaSummary) error {
	if read == nil {
		return nil
	}
	roles, err := read()
	if err != nil {
		return err
	}
	for role, members := range roles {
		canon, ok := canonicalRole(role)
		if !ok {
			continue
		}
		for _, id := range members {
			res, err := tx.exec(`INSERT OR IGNORE INTO role_assignments (user_id, role) SELECT id, ? FROM users WHERE id = ?`, canon, strings.ToLower(id))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				sum.Roles++
			}
		}
	}
	return nil
}
