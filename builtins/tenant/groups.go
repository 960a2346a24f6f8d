package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Group is a security group, possibly assigning licenses to its members.
type Group struct {
	ID              string
	DisplayName     string
	Licenses        []LicenseRef
	MemberCount     int
	CreatedDateTime time.Time
}

// errAlreadyMember is Graph's refusal to add a member reference that
// exists.
func errAlreadyMember() *Error {
	return newError(CodeAlreadyExists, "One or more added object references already exist for the following modified properties: 'members'.")
}

func errGroupNotFound(identity string) *Error {
	return newError(CodeGroupNotFound, "Resource '%s' does not exist or one of its queried reference-property objects are not present.", identity)
}

// groupAdmins may create groups and change their members.
var groupAdmins = []string{GlobalAdministrator, UserAdministrator, "Groups Administrator"}

// NewGroup creates a group.
func (s *Store) NewGroup(ctx context.Context, displayName string) (Group, error) {
	return writeResult(ctx, s, func(tx *Tx) (Group, error) {
		return tx.NewGroup(displayName)
	})
}

// NewGroup creates a group. Display names are unique, so that admins can
// name groups in commands.
func (tx *Tx) NewGroup(displayName string) (Group, error) {
	if err := tx.requireRole(groupAdmins...); err != nil {
		return Group{}, err
	}
	name := strings.TrimSpace(displayName)
	if name == "" {
		return Group{}, newError(CodeInvalidValue, "Invalid value specified for property 'displayName' of resource 'Group'.")
	}
	g := Group{ID: tx.newID(), DisplayName: name, CreatedDateTime: tx.now}
	err := tx.atomic(func() error {
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM groups WHERE display_name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return newError(CodeAlreadyExists, "Another object with the same value for property displayName already exists.")
		}
		if _, err := tx.exec(`INSERT INTO groups (id, display_name, created) VALUES (?, ?, ?)`, g.ID, name, tx.now.Unix()); err != nil {
			return err
		}
		return tx.audit("Add group", name, "", nil, g)
	})
	return g, err
}

// resolveGroup finds a group by display name (case-insensitive) or id.
func resolveGroup(ctx context.Context, q queryRower, identity string) (string, string, error) {
	name, id := lookupKey(identity)
	var gid, gname string
	err := q.QueryRowContext(ctx, `SELECT id, display_name FROM groups WHERE display_name = ? OR id = ?`, name, id).Scan(&gid, &gname)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errGroupNotFound(identity)
	}
	return gid, gname, err
}

// Groups lists groups by display name; identity "" lists them all.
func (s *Store) Groups(ctx context.Context, identity string) ([]Group, error) {
	if identity == "" {
		return s.groups(ctx, "")
	}
	id, _, err := resolveGroup(ctx, s.db, identity)
	if err != nil {
		return nil, err
	}
	return s.groups(ctx, ` WHERE g.id = ?`, id)
}

// groups lists the groups that where (a WHERE clause on groups g, or "")
// selects, by display name, with their licenses.
func (s *Store) groups(ctx context.Context, where string, args ...any) ([]Group, error) {
	q := `SELECT g.id, g.display_name, g.created, (SELECT count(*) FROM group_members m WHERE m.group_id = g.id) FROM groups g` + where
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY g.display_name`, args...)
	if err != nil {
		return nil, err
	}
	var out []Group
	for rows.Next() {
		var g Group
		var created int64
		if err := rows.Scan(&g.ID, &g.DisplayName, &created, &g.MemberCount); err != nil {
			rows.Close()
			return nil, err
		}
		g.CreatedDateTime = time.Unix(created, 0).UTC()
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Licenses, err = groupLicenses(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func groupLicenses(ctx context.Context, q queryer, groupID string) ([]LicenseRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT k.sku_id, k.part_number, k.name, gl.disabled_plans
		FROM group_licenses gl JOIN skus k ON k.sku_id = gl.sku_id WHERE gl.group_id = ? ORDER BY k.part_number`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LicenseRef
	for rows.Next() {
		var l LicenseRef
		var plans string
		if err := rows.Scan(&l.SkuID, &l.PartNumber, &l.ProductName, &plans); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(plans), &l.DisabledPlans); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// GroupMembers lists a group's live members in UPN order.
func (s *Store) GroupMembers(ctx context.Context, group string) ([]User, error) {
	id, _, err := resolveGroup(ctx, s.db, group)
	if err != nil {
		return nil, err
	}
	return s.queryUsers(ctx, `SELECT `+userColumns+` FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? AND u.deleted_at IS NULL ORDER BY u.upn`, id)
}

// UserGroups lists the groups a live user is a direct member of, by
// display name.
func (s *Store) UserGroups(ctx context.Context, identity string) ([]Group, error) {
	u, err := s.GetUser(ctx, identity)
	if err != nil {
		return nil, err
	}
	return s.groups(ctx, ` WHERE g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)`, u.ID)
}

// AddGroupMember adds one user to a group, as Graph adds a member
// reference: a user who is a member already is refused.
func (s *Store) AddGroupMember(ctx context.Context, group, member string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.AddGroupMember(group, member) })
}

// AddGroupMember adds one user to a group under AddGroupMembers' rules,
// refusing a user who is a member already.
func (tx *Tx) AddGroupMember(group, member string) error {
	return tx.addMembers(group, []string{member}, true)
}

// AddGroupMembers adds users to a group.
func (s *Store) AddGroupMembers(ctx context.Context, group string, members []string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.AddGroupMembers(group, members) })
}

// AddGroupMembers adds users to a group, all or none; they inherit the
// group's licenses at once. Existing members are left as they are.
func (tx *Tx) AddGroupMembers(group string, members []string) error {
	return tx.addMembers(group, members, false)
}

// addMembers adds users to a group, all or none; strict refuses a user who
// is a member already instead of leaving them as they are.
func (tx *Tx) addMembers(group string, members []string, strict bool) error {
	if err := tx.requireRole(groupAdmins...); err != nil {
		return err
	}
	return tx.atomic(func() error {
		gid, gname, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		lics, err := groupLicenses(tx.ctx, tx.tx, gid)
		if err != nil {
			return err
		}
		for _, m := range members {
			u, err := tx.ResolveUser(m)
			if err != nil {
				return err
			}
			res, err := tx.exec(`INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)`, gid, u.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if strict {
					return errAlreadyMember()
				}
				continue
			}
			for _, l := range lics {
				if err := tx.applyGroupLicense(u, gid, l); err != nil {
					return err
				}
			}
			if err := tx.audit("Add group member", u.UserPrincipalName, gname, nil, gname); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveGroupMembers removes users from a group.
func (s *Store) RemoveGroupMembers(ctx context.Context, group string, members []string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.RemoveGroupMembers(group, members) })
}

// RemoveGroupMembers removes users from a group, all or none; the licenses
// they inherited from it go with it. A user who is not a member is an error.
func (tx *Tx) RemoveGroupMembers(group string, members []string) error {
	if err := tx.requireRole(groupAdmins...); err != nil {
		return err
	}
	return tx.atomic(func() error {
		gid, gname, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		for _, m := range members {
			u, err := tx.ResolveUser(m)
			if err != nil {
				return err
			}
			res, err := tx.exec(`DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, gid, u.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return newError(CodeNotMember, "User '%s' is not a member of group '%s'.", u.UserPrincipalName, gname)
			}
			before, err := tx.held(u.ID)
			if err != nil {
				return err
			}
			if _, err := tx.exec(`DELETE FROM license_assignments WHERE user_id = ? AND source = ?`, u.ID, gid); err != nil {
				return err
			}
			if err := tx.settle(u, before); err != nil {
				return err
			}
			if err := tx.audit("Remove group member", u.UserPrincipalName, gname, gname, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyGroupLicense gives one member the group's license. Like Microsoft
// Entra group licensing, a product without a free seat puts the assignment
// in the error state instead of failing, and a missing usage location is
// no obstacle (the tenant's location applies).
func (tx *Tx) applyGroupLicense(u User, groupID string, l LicenseRef) error {
	skus, err := tx.loadSkus()
	if err != nil {
		return err
	}
	before, err := tx.held(u.ID)
	if err != nil {
		return err
	}
	state, reason := "Active", ""
	if k := skus[l.SkuID]; u.DeletedDateTime.IsZero() && !before[l.SkuID] && k.available() <= 0 {
		state, reason = "Error", "CountViolation"
	}
	plans, err := json.Marshal(l.DisabledPlans)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO license_assignments (user_id, sku_id, source, disabled_plans, assigned_at, state, error)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, sku_id, source) DO UPDATE SET disabled_plans = excluded.disabled_plans`,
		u.ID, l.SkuID, groupID, string(plans), tx.now.Unix(), state, reason); err != nil {
		return err
	}
	return tx.settle(u, before)
}

// SetGroupLicense changes the licenses a group assigns.
func (s *Store) SetGroupLicense(ctx context.Context, group string, add []AddLicense, remove []string) (Group, error) {
	return writeResult(ctx, s, func(tx *Tx) (Group, error) {
		return tx.SetGroupLicense(group, add, remove)
	})
}

// SetGroupLicense adds and removes the licenses a group assigns, applying
// them to every member, all or nothing. The license rules of rule 1 and 2
// apply as for a user.
func (tx *Tx) SetGroupLicense(group string, add []AddLicense, remove []string) (Group, error) {
	if err := tx.requireRole(licenseAdmins...); err != nil {
		return Group{}, err
	}
	if len(add) == 0 && len(remove) == 0 {
		return Group{}, errNoChanges()
	}
	var g Group
	err := tx.atomic(func() error {
		gid, gname, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		before, err := groupLicenses(tx.ctx, tx.tx, gid)
		if err != nil {
			return err
		}
		members, err := tx.groupMemberUsers(gid)
		if err != nil {
			return err
		}
		for _, r := range remove {
			k, err := tx.resolveSku(r)
			if err != nil {
				return err
			}
			if err := selfServiceCheck(k); err != nil {
				return err
			}
			res, err := tx.exec(`DELETE FROM group_licenses WHERE group_id = ? AND sku_id = ?`, gid, k.id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			for _, u := range members {
				held, err := tx.held(u.ID)
				if err != nil {
					return err
				}
				if _, err := tx.exec(`DELETE FROM license_assignments WHERE user_id = ? AND sku_id = ? AND source = ?`, u.ID, k.id, gid); err != nil {
					return err
				}
				if err := tx.settle(u, held); err != nil {
					return err
				}
			}
		}
		for _, a := range add {
			k, err := tx.resolveSku(a.SkuID)
			if err != nil {
				return err
			}
			if err := selfServiceCheck(k); err != nil {
				return err
			}
			disabled, err := resolvePlans(k, a.DisabledPlans)
			if err != nil {
				return err
			}
			plans, err := json.Marshal(disabled)
			if err != nil {
				return err
			}
			if _, err := tx.exec(`INSERT INTO group_licenses (group_id, sku_id, disabled_plans) VALUES (?, ?, ?)
				ON CONFLICT (group_id, sku_id) DO UPDATE SET disabled_plans = excluded.disabled_plans`, gid, k.id, string(plans)); err != nil {
				return err
			}
			for _, u := range members {
				if err := tx.applyGroupLicense(u, gid, LicenseRef{SkuRef: k.ref(), DisabledPlans: disabled}); err != nil {
					return err
				}
			}
		}
		after, err := groupLicenses(tx.ctx, tx.tx, gid)
		if err != nil {
			return err
		}
		g = Group{ID: gid, DisplayName: gname, Licenses: after, MemberCount: len(members)}
		return tx.audit("Set group license", gname, "", partNumbers(before), partNumbers(after))
	})
	return g, err
}

func partNumbers(refs []LicenseRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.PartNumber
	}
	return out
}

// groupMemberUsers lists every member of a group, deleted ones included
// (they keep their memberships for a restore).
func (tx *Tx) groupMemberUsers(groupID string) ([]User, error) {
	rows, err := tx.query(`SELECT u.id, u.upn, coalesce(u.deleted_at, 0) FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? ORDER BY u.upn`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var deleted int64
		if err := rows.Scan(&u.ID, &u.UserPrincipalName, &deleted); err != nil {
			return nil, err
		}
		if deleted != 0 {
			u.DeletedDateTime = time.Unix(deleted, 0).UTC()
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// FilterGroups lists the groups a $filter (ParseGroupFilter) selects, by
// display name.
func (s *Store) FilterGroups(ctx context.Context, q *Query) ([]Group, error) {
	if q.res != groups {
		return nil, errInvalidFilter()
	}
	return s.groups(ctx, ` WHERE `+q.where, q.args...)
}
