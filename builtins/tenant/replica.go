package tenant

import (
	"context"
	"encoding/json"
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
	// Groups come after the users, whom their members name by id.
	Groups func() ([]ReplicaGroup, error)
	// Roles are the admin roles' members by role name, user ids.
	Roles func() (map[string][]string, error)
}

// ReplicaProduct is a product of a copied tenant: its seats as Graph's
// prepaidUnits count them.
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
	Users, Products, Groups, Licenses, Roles int
	Duration                                 time.Duration
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
		rows, err := tx.tx.QueryContext(tx.ctx, `SELECT DISTINCT u.id, u.upn FROM users u JOIN license_assignments la ON la.user_id = u.id ORDER BY u.rowid`)
		if err != nil {
			return err
		}
		var licensed [][2]string
		for rows.Next() {
			var id, upn string
			if err := rows.Scan(&id, &upn); err != nil {
				rows.Close()
				return err
			}
			licensed = append(licensed, [2]string{id, upn})
		}
		rows.Close()
		for _, u := range licensed {
			if err := tx.syncData(u[0], u[1]); err != nil {
				return err
			}
		}
		admin, err := defaultAdmin(tx.ctx, tx.tx)
		if err != nil && !IsCode(err, CodeNotInitialized) {
			return err
		}
		if _, err := tx.exec(`UPDATE tenant SET acting_admin = ? WHERE id = 1`, admin); err != nil {
			return err
		}
		return tx.audit("Copy tenant", "", r.Source, nil, map[string]any{"Users": sum.Users, "Products": sum.Products,
			"Groups": sum.Groups, "Licenses": sum.Licenses, "RoleMembers": sum.Roles})
	})
	sum.Duration = time.Since(started)
	return sum, err
}

// replicateProducts writes the products and, per product, a subscription
// for each kind of seat it has.
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
		for _, seats := range []struct {
			status string
			n      int
		}{{"Enabled", p.Enabled - p.Warning}, {"Warning", p.Warning}, {"Suspended", p.Suspended}, {"LockedOut", p.LockedOut}} {
			if seats.n <= 0 {
				continue
			}
			id := tx.newID()
			if seats.status == "Enabled" && len(p.SubscriptionIDs) > 0 {
				id = strings.ToLower(p.SubscriptionIDs[0])
			}
			if _, err := tx.exec(`INSERT INTO subscriptions (id, sku_id, quantity, status, created) VALUES (?, ?, ?, ?, ?)`,
				id, strings.ToLower(p.SkuID), seats.n, seats.status, tx.now.Unix()); err != nil {
				return err
			}
		}
		sum.Products++
	}
	return nil
}

// replicateUsers writes the users and their licenses, a chunk at a time.
func (tx *Tx) replicateUsers(sq *bulkSQL, users iter.Seq2[ReplicaUser, error], sum *ReplicaSummary) error {
	var urows, lrows [][]any
	flush := func() error {
		if err := sq.execRows(tx, `INSERT INTO users (id, upn, display_name, given_name, surname, mail, department, job_title,
			usage_location, user_type, account_enabled, on_prem_sync, created) VALUES `, "", urows); err != nil {
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
		if !validUPN(u.UserPrincipalName) {
			return fmt.Errorf("user %s: %w", u.ID, ErrInvalidProperty("userPrincipalName"))
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
		urows = append(urows, []any{strings.ToLower(u.ID), u.UserPrincipalName, u.DisplayName, u.GivenName, u.Surname, u.Mail,
			u.Department, u.JobTitle, loc, userType, u.AccountEnabled, u.OnPremisesSync, created.Unix()})
		for _, a := range u.Assignments {
			plans, err := json.Marshal(orNone(a.DisabledPlans))
			if err != nil {
				return err
			}
			state := a.State
			if state == "" {
				state = "Active"
			}
			at := a.AssignedDateTime
			if at.IsZero() {
				at = tx.now
			}
			lrows = append(lrows, []any{strings.ToLower(u.ID), strings.ToLower(a.SkuID), strings.ToLower(a.GroupID), string(plans), at.Unix(), state, a.Error})
			sum.Licenses++
		}
		sum.Users++
		if len(urows) == replicaChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
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
	return nil
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
