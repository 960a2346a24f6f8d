package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Group kinds. Security groups are the directory's own; the others are
// mail-enabled, with an alias and a primary SMTP address, and Exchange
// manages them: distribution groups, mail-enabled security groups and
// Microsoft 365 groups.
const (
	GroupSecurity            = "Security"
	GroupDistribution        = "Distribution"
	GroupMailEnabledSecurity = "MailEnabledSecurity"
	GroupMicrosoft365        = "Microsoft365"
)

// Group is a group, possibly assigning licenses to its members.
type Group struct {
	ID              string
	DisplayName     string
	Kind            string
	MailNickname    string // the alias of a mail-enabled group, else ""
	Mail            string // the primary SMTP address of a mail-enabled group, else ""
	Licenses        []LicenseRef
	MemberCount     int
	CreatedDateTime time.Time
	// HiddenFromAddressLists, RequireSenderAuthentication (only senders
	// in the organization may mail it) and AccessType (Public or Private,
	// of a Microsoft 365 group) are Exchange's settings of a mail-enabled
	// group.
	HiddenFromAddressLists      bool
	RequireSenderAuthentication bool
	AccessType                  string
}

// MailEnabled reports whether the group receives mail.
func (g Group) MailEnabled() bool { return g.Kind != GroupSecurity }

// SecurityEnabled reports whether the group can be given access and
// licenses.
func (g Group) SecurityEnabled() bool {
	return g.Kind == GroupSecurity || g.Kind == GroupMailEnabledSecurity
}

// NewGroupSpec is a group to create.
type NewGroupSpec struct {
	DisplayName string
	Kind        string // GroupSecurity when ""
	// MailNickname is a mail-enabled group's alias, made from the display
	// name when ""; Mail its primary SMTP address, the alias at the
	// tenant's default domain when "".
	MailNickname string
	Mail         string
	Members      []string // users, as AddGroupMembers takes them
	Owners       []string
}

func errGroupName() *Error {
	return newError(CodeInvalidValue, "Invalid value specified for property 'displayName' of resource 'Group'.")
}

// ErrAlreadyMember is Graph's refusal to add a member reference that
// exists.
func ErrAlreadyMember() *Error { return errAlreadyReferenced("members") }

// ErrAlreadyOwner is Graph's refusal to add an owner reference that
// exists.
func ErrAlreadyOwner() *Error { return errAlreadyReferenced("owners") }

func errAlreadyReferenced(property string) *Error {
	return newError(CodeAlreadyExists, "One or more added object references already exist for the following modified properties: '%s'.", property)
}

// ErrGroupNotFound is the refusal of a group the tenant does not have,
// worded as Graph words any object it does not have.
func ErrGroupNotFound(identity string) *Error {
	return newError(CodeGroupNotFound, "Resource '%s' does not exist or one of its queried reference-property objects are not present.", identity)
}

// errAddressInUse is Exchange's refusal of an SMTP address that a user or
// another group has.
func errAddressInUse(address string) *Error {
	return newError(CodeAddressInUse, "The proxy address \"SMTP:%s\" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.", address)
}

// groupAdmins may create security groups and change their members.
var groupAdmins = []string{GlobalAdministrator, UserAdministrator, "Groups Administrator"}

// anyGroupAdmins are the roles that may change some kind of group; which
// kinds, groupAdminsFor says.
var anyGroupAdmins = []string{GlobalAdministrator, UserAdministrator, "Groups Administrator", ExchangeAdministrator}

// groupAdminsFor are the roles that may create and change groups of a
// kind: distribution and mail-enabled security groups are Exchange's, and
// Microsoft 365 groups both the directory's and Exchange's.
func groupAdminsFor(kind string) []string {
	switch kind {
	case GroupDistribution, GroupMailEnabledSecurity:
		return mailboxAdmins
	case GroupMicrosoft365:
		return anyGroupAdmins
	}
	return groupAdmins
}

// NewGroup creates a security group.
func (s *Store) NewGroup(ctx context.Context, displayName string) (Group, error) {
	return writeResult(ctx, s, func(tx *Tx) (Group, error) {
		return tx.NewGroup(displayName)
	})
}

// NewGroup creates a security group under CreateGroup's rules.
func (tx *Tx) NewGroup(displayName string) (Group, error) {
	return tx.CreateGroup(NewGroupSpec{DisplayName: displayName})
}

// CreateGroup creates a group of any kind with its members and owners.
func (s *Store) CreateGroup(ctx context.Context, spec NewGroupSpec) (Group, error) {
	return writeResult(ctx, s, func(tx *Tx) (Group, error) {
		return tx.CreateGroup(spec)
	})
}

// CreateGroup creates a group, all of it or nothing. Display names are
// unique, so that admins can name groups in commands, and so are the SMTP
// addresses of users and mail-enabled groups.
func (tx *Tx) CreateGroup(spec NewGroupSpec) (Group, error) {
	kind := spec.Kind
	if kind == "" {
		kind = GroupSecurity
	}
	if err := tx.requireRole(groupAdminsFor(kind)...); err != nil {
		return Group{}, err
	}
	name := strings.TrimSpace(spec.DisplayName)
	if name == "" {
		return Group{}, errGroupName()
	}
	// A new group is Public, as the groups table makes it.
	g := Group{ID: tx.newID(), DisplayName: name, Kind: kind, CreatedDateTime: tx.now, AccessType: "Public"}
	err := tx.atomic(func() error {
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM groups WHERE display_name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyExists("displayName")
		}
		if g.MailEnabled() {
			var err error
			if g.MailNickname, g.Mail, err = tx.groupAddress(name, spec.MailNickname, spec.Mail); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`INSERT INTO groups (id, display_name, created, kind, alias, mail) VALUES (?, ?, ?, ?, ?, ?)`,
			g.ID, name, tx.now.Unix(), kind, g.MailNickname, g.Mail); err != nil {
			return err
		}
		if err := tx.audit("Add group", name, "", nil, g); err != nil {
			return err
		}
		if err := tx.addMembers(g.ID, spec.Members, false); err != nil {
			return err
		}
		if err := tx.queryRow(`SELECT count(*) FROM group_members WHERE group_id = ?`, g.ID).Scan(&g.MemberCount); err != nil {
			return err
		}
		return tx.AddGroupOwners(g.ID, spec.Owners)
	})
	return g, err
}

// DefaultAlias is the alias a mail-enabled group named name gets when it
// is given none: the characters of its name an address may have.
func DefaultAlias(name string) string {
	alias := strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", r)) {
			return r
		}
		return -1
	}, name)
	return strings.Trim(alias, ".")
}

// groupAddress is the alias and primary SMTP address of a new mail-enabled
// group: the ones given, or made from its name and the default domain.
func (tx *Tx) groupAddress(name, alias, mail string) (string, string, error) {
	if alias = strings.TrimSpace(alias); alias == "" {
		alias = DefaultAlias(name)
	}
	if alias == "" || strings.ContainsAny(alias, " @") {
		return "", "", newError(CodeInvalidValue, "The alias '%s' isn't valid: use letters, digits and !#$%%&'*+-/=?^_`{|}~. only.", alias)
	}
	if mail = strings.TrimSpace(mail); mail == "" {
		var domain string
		if err := tx.queryRow(`SELECT default_domain FROM tenant WHERE id = 1`).Scan(&domain); err != nil {
			return "", "", notInitialized(err)
		}
		mail = alias + "@" + domain
	}
	var n int
	if err := tx.queryRow(`SELECT (SELECT count(*) FROM groups WHERE mail = ?) + (SELECT count(*) FROM users WHERE upn = ? OR mail = ? COLLATE NOCASE)`,
		mail, mail, mail).Scan(&n); err != nil {
		return "", "", err
	}
	if n > 0 {
		return "", "", errAddressInUse(mail)
	}
	return alias, mail, nil
}

// groupRef is a group a command names.
type groupRef struct{ id, name, kind string }

// resolveGroup finds a group by display name, id, alias or primary SMTP
// address, each without regard to case; a display name or id wins over an
// alias that happens to be the same.
func resolveGroup(ctx context.Context, q queryRower, identity string) (groupRef, error) {
	name, id := lookupKey(identity)
	var g groupRef
	err := q.QueryRowContext(ctx, `SELECT id, display_name, kind FROM groups
		WHERE display_name = ? OR id = ? OR (mail <> '' AND mail = ?) OR (alias <> '' AND alias = ?)
		ORDER BY (display_name = ? OR id = ?) DESC LIMIT 1`, name, id, name, name, name, id).Scan(&g.id, &g.name, &g.kind)
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrGroupNotFound(identity)
	}
	return g, err
}

// Groups lists groups by display name; identity "" lists them all.
func (s *Store) Groups(ctx context.Context, identity string) ([]Group, error) {
	if identity == "" {
		return s.groups(ctx, "")
	}
	g, err := resolveGroup(ctx, s.db, identity)
	if err != nil {
		return nil, err
	}
	return s.groups(ctx, ` WHERE g.id = ?`, g.id)
}

// groups lists the groups that where (a WHERE clause on groups g, or "")
// selects, by display name, with their licenses.
func (s *Store) groups(ctx context.Context, where string, args ...any) ([]Group, error) {
	q := `SELECT g.id, g.display_name, g.kind, g.alias, g.mail, g.created,
		(SELECT count(*) FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = g.id AND u.deleted_at IS NULL), g.hidden, g.require_sender_auth, g.access_type FROM groups g` + where
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY g.display_name`, args...)
	if err != nil {
		return nil, err
	}
	var out []Group
	for rows.Next() {
		var g Group
		var created int64
		if err := rows.Scan(&g.ID, &g.DisplayName, &g.Kind, &g.MailNickname, &g.Mail, &created, &g.MemberCount,
			&g.HiddenFromAddressLists, &g.RequireSenderAuthentication, &g.AccessType); err != nil {
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
	g, err := resolveGroup(ctx, s.db, group)
	if err != nil {
		return nil, err
	}
	return s.queryUsers(ctx, `SELECT `+userColumns+` FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? AND u.deleted_at IS NULL ORDER BY u.upn`, g.id)
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
	if err := tx.requireRole(anyGroupAdmins...); err != nil {
		return err
	}
	return tx.atomic(func() error {
		g, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		if err := tx.requireRole(groupAdminsFor(g.kind)...); err != nil {
			return err
		}
		gid, gname := g.id, g.name
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
					return ErrAlreadyMember()
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
	if err := tx.requireRole(anyGroupAdmins...); err != nil {
		return err
	}
	return tx.atomic(func() error {
		g, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		if err := tx.requireRole(groupAdminsFor(g.kind)...); err != nil {
			return err
		}
		gid, gname := g.id, g.name
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
				return ErrNotMember(u.UserPrincipalName, gname)
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
		ref, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		gid, gname := ref.id, ref.name
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
		live := 0
		for _, u := range members {
			if u.DeletedDateTime.IsZero() {
				live++
			}
		}
		g = Group{ID: gid, DisplayName: gname, Kind: ref.kind, Licenses: after, MemberCount: live}
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
	gs, err := s.groups(ctx, ` WHERE `+q.where, q.args...)
	return gs, s.dbError(err, q.what())
}

// GroupOwners lists a group's live owners in UPN order.
func (s *Store) GroupOwners(ctx context.Context, group string) ([]User, error) {
	g, err := resolveGroup(ctx, s.db, group)
	if err != nil {
		return nil, err
	}
	return s.queryUsers(ctx, `SELECT `+userColumns+` FROM group_owners o JOIN users u ON u.id = o.user_id
		WHERE o.group_id = ? AND u.deleted_at IS NULL ORDER BY u.upn`, g.id)
}

// AddGroupOwners makes users owners of a group.
func (s *Store) AddGroupOwners(ctx context.Context, group string, owners []string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.AddGroupOwners(group, owners) })
}

// AddGroupOwners makes users owners of a group, all or none, under the
// rights of its kind; owners already are left as they are.
func (tx *Tx) AddGroupOwners(group string, owners []string) error {
	return tx.changeOwners(group, owners, false)
}

// RemoveGroupOwners takes users' ownership of a group away.
func (s *Store) RemoveGroupOwners(ctx context.Context, group string, owners []string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.RemoveGroupOwners(group, owners) })
}

// RemoveGroupOwners takes users' ownership of a group away, all or none; a
// user who is not an owner is an error.
func (tx *Tx) RemoveGroupOwners(group string, owners []string) error {
	return tx.changeOwners(group, owners, true)
}

// changeOwners adds owners to group, or removes them, in one savepoint,
// auditing each change.
func (tx *Tx) changeOwners(group string, owners []string, remove bool) error {
	if len(owners) == 0 {
		return nil
	}
	if err := tx.requireRole(anyGroupAdmins...); err != nil {
		return err
	}
	return tx.atomic(func() error {
		g, err := resolveGroup(tx.ctx, tx.tx, group)
		if err != nil {
			return err
		}
		if err := tx.requireRole(groupAdminsFor(g.kind)...); err != nil {
			return err
		}
		for _, o := range owners {
			u, err := tx.ResolveUser(o)
			if err != nil {
				return err
			}
			query, operation, before, after := `INSERT OR IGNORE INTO group_owners (group_id, user_id) VALUES (?, ?)`, "Add group owner", any(nil), any(g.name)
			if remove {
				query, operation, before, after = `DELETE FROM group_owners WHERE group_id = ? AND user_id = ?`, "Remove group owner", after, before
			}
			res, err := tx.exec(query, g.id, u.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if remove {
					return ErrNotOwner(u.UserPrincipalName, g.name)
				}
				continue
			}
			if err := tx.audit(operation, u.UserPrincipalName, g.name, before, after); err != nil {
				return err
			}
		}
		return nil
	})
}

// GroupUpdate holds what Exchange's Set cmdlets change of a mail-enabled
// group; nil leaves a setting as it is.
type GroupUpdate struct {
	DisplayName, Alias, Mail    *string
	HiddenFromAddressLists      *bool
	RequireSenderAuthentication *bool
	AccessType                  *string // Public or Private, of a Microsoft 365 group
}

// UpdateGroup changes a mail-enabled group and returns it as it is now,
// and whether anything changed.
func (s *Store) UpdateGroup(ctx context.Context, group string, up GroupUpdate) (Group, bool, error) {
	var id string
	var changed bool
	err := s.Write(ctx, func(tx *Tx) error {
		var err error
		id, changed, err = tx.UpdateGroup(group, up)
		return err
	})
	if err != nil {
		return Group{}, false, err
	}
	groups, err := s.groups(ctx, ` WHERE g.id = ?`, id)
	if err != nil || len(groups) == 0 {
		return Group{}, false, err
	}
	return groups[0], changed, nil
}

// UpdateGroup changes a mail-enabled group, all of it or nothing, as the
// admins who may change groups of its kind; it reports whether anything
// changed. A display name and an address stay unique; each setting changed
// is one audit row. It returns the group's id.
func (tx *Tx) UpdateGroup(group string, up GroupUpdate) (string, bool, error) {
	changed := false
	var g groupRef
	err := tx.atomic(func() error {
		var err error
		if g, err = resolveGroup(tx.ctx, tx.tx, group); err != nil {
			return err
		}
		if err := tx.requireRole(groupAdminsFor(g.kind)...); err != nil {
			return err
		}
		var cur Group
		if err := tx.queryRow(`SELECT display_name, alias, mail, hidden, require_sender_auth, access_type FROM groups WHERE id = ?`, g.id).Scan(
			&cur.DisplayName, &cur.MailNickname, &cur.Mail, &cur.HiddenFromAddressLists, &cur.RequireSenderAuthentication, &cur.AccessType); err != nil {
			return err
		}
		set := func(operation, column string, before, after any) error {
			if _, err := tx.exec(`UPDATE groups SET `+column+` = ? WHERE id = ?`, after, g.id); err != nil {
				return err
			}
			changed = true
			return tx.audit(operation, cur.DisplayName, "", before, after)
		}
		if v := up.DisplayName; v != nil && *v != cur.DisplayName {
			name := strings.TrimSpace(*v)
			var n int
			if err := tx.queryRow(`SELECT count(*) FROM groups WHERE display_name = ? AND id <> ?`, name, g.id).Scan(&n); err != nil {
				return err
			}
			if name == "" || n > 0 {
				return ErrAlreadyExists("displayName")
			}
			if err := set("Update group", "display_name", cur.DisplayName, name); err != nil {
				return err
			}
		}
		if v := up.Alias; v != nil && !strings.EqualFold(*v, cur.MailNickname) {
			if strings.TrimSpace(*v) == "" || strings.ContainsAny(*v, " @") {
				return newError(CodeInvalidValue, "The alias '%s' isn't valid: use letters, digits and !#$%%&'*+-/=?^_`{|}~. only.", *v)
			}
			if err := set("Update group", "alias", cur.MailNickname, strings.TrimSpace(*v)); err != nil {
				return err
			}
		}
		if v := up.Mail; v != nil && !strings.EqualFold(*v, cur.Mail) {
			mail := strings.TrimSpace(*v)
			var n int
			if err := tx.queryRow(`SELECT (SELECT count(*) FROM groups WHERE mail = ? AND id <> ?) + (SELECT count(*) FROM users WHERE upn = ? OR mail = ? COLLATE NOCASE)`,
				mail, g.id, mail, mail).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errAddressInUse(mail)
			}
			if err := set("Update group", "mail", cur.Mail, mail); err != nil {
				return err
			}
		}
		if v := up.HiddenFromAddressLists; v != nil && *v != cur.HiddenFromAddressLists {
			if err := set("Hide group from address lists", "hidden", cur.HiddenFromAddressLists, *v); err != nil {
				return err
			}
		}
		if v := up.RequireSenderAuthentication; v != nil && *v != cur.RequireSenderAuthentication {
			if err := set("Update group", "require_sender_auth", cur.RequireSenderAuthentication, *v); err != nil {
				return err
			}
		}
		if v := up.AccessType; v != nil && !strings.EqualFold(*v, cur.AccessType) {
			if g.kind != GroupMicrosoft365 || *v != "Public" && *v != "Private" {
				return newError(CodeInvalidValue, "The access type '%s' isn't valid for group '%s': a Microsoft 365 group is Public or Private.", *v, cur.DisplayName)
			}
			if err := set("Update group", "access_type", cur.AccessType, *v); err != nil {
				return err
			}
		}
		return nil
	})
	return g.id, changed, err
}
