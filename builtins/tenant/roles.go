package tenant

import (
	"context"
	"strings"

	"github.com/google/uuid"
)

// PrivilegedRoleAdministrator may manage role assignments besides Global
// Administrators.
const PrivilegedRoleAdministrator = "Privileged Role Administrator"

// HelpdeskAdministrator may reset the passwords of users who are not
// admins.
const HelpdeskAdministrator = "Helpdesk Administrator"

// roleTemplate is a built-in directory role of Microsoft Entra: its name,
// its template id, the same in every tenant, and its description.
type roleTemplate struct {
	name, id, description string
}

// knownRoles are the directory roles the tenant accepts, as Microsoft writes
// them.
var knownRoles = []roleTemplate{
	{GlobalAdministrator, "62e90394-69f5-4237-9190-012177145e10", "Can manage all aspects of Azure AD and Microsoft services that use Azure AD identities."},
	{LicenseAdministrator, "4d6ac14f-3453-41d0-bef9-a3e0c569773a", "Can manage product licenses on users and groups."},
	{UserAdministrator, "fe930be7-5e62-47db-91af-98c3a49a38b1", "Can manage all aspects of users and groups, including resetting passwords for limited admins."},
	{BillingAdministrator, "b0f54661-2d74-4c50-afa3-1ec803f12efe", "Can perform common billing related tasks like updating payment information."},
	{GlobalReader, "f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Can read everything that a Global Administrator can, but not update anything."},
	{PrivilegedRoleAdministrator, "e8611ab8-c189-46e8-94e1-60213ab1f814", "Can manage role assignments in Azure AD, and all aspects of Privileged Identity Management."},
	{ExchangeAdministrator, "29232cdf-9323-42fd-ade2-1d097af3e4de", "Can manage all aspects of the Exchange product."},
	{"SharePoint Administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "Can manage all aspects of the SharePoint service."},
	{HelpdeskAdministrator, "729827e3-9c14-49f7-bb1b-9608f156bbb8", "Can reset passwords for non-administrators and Helpdesk Administrators."},
	{"Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d", "Can read security information and reports, and manage configuration in Azure AD and Office 365."},
	{"Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf", "Can read sign-in and audit reports."},
}

// RoleAssignment is one admin role held by one user.
type RoleAssignment struct {
	Role              string
	UserID            string
	UserPrincipalName string
	DisplayName       string
}

func canonicalRole(name string) (string, bool) {
	for _, r := range knownRoles {
		if strings.EqualFold(strings.TrimSpace(name), r.name) {
			return r.name, true
		}
	}
	return "", false
}

// requireRole refuses the change unless the acting admin holds one of roles
// (rule 1), or the acting application's permissions grant one. The actor's
// roles are read once per transaction.
func (tx *Tx) requireRole(roles ...string) error {
	if tx.actorRoles == nil && tx.app {
		tx.actorRoles = map[string]bool{}
		for _, r := range tx.appRoles {
			tx.actorRoles[r] = true
		}
	}
	if tx.actorRoles == nil {
		tx.actorRoles = map[string]bool{}
		rows, err := tx.query(`SELECT r.role FROM role_assignments r JOIN users u ON u.id = r.user_id
			WHERE u.upn = ? AND u.deleted_at IS NULL`, tx.actor)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				return err
			}
			tx.actorRoles[r] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, r := range roles {
		if tx.actorRoles[r] {
			return nil
		}
	}
	return errAccessDenied()
}

func (tx *Tx) addRole(u User, role string) error {
	if _, err := tx.exec(`INSERT INTO role_assignments (user_id, role) VALUES (?, ?)`, u.ID, role); err != nil {
		return err
	}
	tx.actorRoles = nil
	return tx.audit("Add role assignment", u.UserPrincipalName, role, nil, role)
}

// RoleAssignments lists role assignments, optionally of one role or one
// user (either may be "").
func (s *Store) RoleAssignments(ctx context.Context, role, identity string) ([]RoleAssignment, error) {
	q := `SELECT r.role, u.id, u.upn, u.display_name FROM role_assignments r JOIN users u ON u.id = r.user_id
		WHERE u.deleted_at IS NULL`
	var args []any
	if role != "" {
		canon, ok := canonicalRole(role)
		if !ok {
			return nil, ErrUnknownRole(role)
		}
		q += ` AND r.role = ?`
		args = append(args, canon)
	}
	if identity != "" {
		u, err := s.GetUser(ctx, identity)
		if err != nil {
			return nil, err
		}
		q += ` AND u.id = ?`
		args = append(args, u.ID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY r.role, u.upn`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RoleAssignment
	for rows.Next() {
		var ra RoleAssignment
		if err := rows.Scan(&ra.Role, &ra.UserID, &ra.UserPrincipalName, &ra.DisplayName); err != nil {
			return nil, err
		}
		out = append(out, ra)
	}
	return out, rows.Err()
}

// ErrUnknownRole is the refusal of a name that is no directory role, which
// lists the roles there are.
func ErrUnknownRole(role string) *Error {
	names := make([]string, len(knownRoles))
	for i, r := range knownRoles {
		names[i] = r.name
	}
	return newError(CodeInvalidValue, "'%s' is not a directory role. Valid roles are: %s.", role, strings.Join(names, ", "))
}

// DirectoryRole is a built-in directory role as the directory shows it.
// ID is the role's object id in this tenant, made from the tenant's id and
// the template's so that it is the same on every read.
type DirectoryRole struct {
	ID          string
	Name        string // as Microsoft writes it: "License Administrator"
	TemplateID  string
	Description string
	Members     int // live users holding the role
}

// DirectoryRoles lists every directory role the tenant accepts, in
// Microsoft's order, with how many live users hold each. The directory
// shows a role (it is "activated") once someone holds it; callers that
// follow Graph list only those.
func (s *Store) DirectoryRoles(ctx context.Context) ([]DirectoryRole, error) {
	in, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.role, count(*) FROM role_assignments r JOIN users u ON u.id = r.user_id
		WHERE u.deleted_at IS NULL GROUP BY r.role`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	held := map[string]int{}
	for rows.Next() {
		var role string
		var n int
		if err := rows.Scan(&role, &n); err != nil {
			return nil, err
		}
		if canon, ok := canonicalRole(role); ok {
			held[canon] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tenantNS, err := uuid.Parse(in.TenantID)
	if err != nil {
		return nil, err
	}
	out := make([]DirectoryRole, len(knownRoles))
	for i, r := range knownRoles {
		out[i] = DirectoryRole{ID: uuid.NewSHA1(tenantNS, []byte(r.id)).String(), Name: r.name, TemplateID: r.id,
			Description: r.description, Members: held[r.name]}
	}
	return out, nil
}

// FindDirectoryRole finds a directory role of d by its object id, its
// template id or its name.
func FindDirectoryRole(ctx context.Context, d Directory, identity string) (DirectoryRole, error) {
	roles, err := d.DirectoryRoles(ctx)
	if err != nil {
		return DirectoryRole{}, err
	}
	key := strings.TrimSpace(identity)
	for _, r := range roles {
		if strings.EqualFold(key, r.ID) || strings.EqualFold(key, r.TemplateID) || strings.EqualFold(key, r.Name) {
			return r, nil
		}
	}
	return DirectoryRole{}, ErrUserNotFound(identity)
}

// ActiveDirectoryRole is FindDirectoryRole for Graph and AzureAD, whose
// directory roles exist once activated: a role nobody holds is not found.
func ActiveDirectoryRole(ctx context.Context, d Directory, identity string) (DirectoryRole, error) {
	r, err := FindDirectoryRole(ctx, d, identity)
	if err == nil && r.Members == 0 {
		err = ErrUserNotFound(identity)
	}
	return r, err
}

// RoleMembers are the live users of d who hold an admin role, as
// RoleAssignments lists them.
func RoleMembers(ctx context.Context, d Directory, role string) ([]User, error) {
	holders, err := d.RoleAssignments(ctx, role, "")
	if err != nil {
		return nil, err
	}
	users := make([]User, 0, len(holders))
	for _, h := range holders {
		u, err := d.GetUser(ctx, h.UserID)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// AddRoleAssignment gives a user an admin role.
func (s *Store) AddRoleAssignment(ctx context.Context, role, identity string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.AddRoleAssignment(role, identity) })
}

// AddRoleAssignment gives a user an admin role; Global and Privileged Role
// Administrators may. Holding the role already is not an error.
func (tx *Tx) AddRoleAssignment(role, identity string) error {
	return tx.changeRole(role, identity, func(u User, canon string) error {
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM role_assignments WHERE user_id = ? AND role = ?`, u.ID, canon).Scan(&n); err != nil || n > 0 {
			return err
		}
		return tx.addRole(u, canon)
	})
}

// RemoveRoleAssignment takes an admin role from a user.
func (s *Store) RemoveRoleAssignment(ctx context.Context, role, identity string) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.RemoveRoleAssignment(role, identity) })
}

// RemoveRoleAssignment takes an admin role from a user. The tenant's last
// Global Administrator keeps the role, so that someone can still manage it.
func (tx *Tx) RemoveRoleAssignment(role, identity string) error {
	return tx.changeRole(role, identity, func(u User, canon string) error {
		if canon == GlobalAdministrator {
			var n int
			if err := tx.queryRow(`SELECT count(*) FROM role_assignments r JOIN users u ON u.id = r.user_id
			WHERE r.role = ? AND u.deleted_at IS NULL AND u.id <> ?`, canon, u.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errLastGlobalAdmin()
			}
		}
		res, err := tx.exec(`DELETE FROM role_assignments WHERE user_id = ? AND role = ?`, u.ID, canon)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrRoleNotHeld(u.UserPrincipalName, canon)
		}
		tx.actorRoles = nil
		return tx.audit("Remove role assignment", u.UserPrincipalName, canon, canon, nil)
	})
}

// changeRole checks that the actor may manage admin roles and that role is
// a directory role, then runs fn on the user identity names, all or nothing.
func (tx *Tx) changeRole(role, identity string, fn func(u User, canon string) error) error {
	if err := tx.requireRole(GlobalAdministrator, PrivilegedRoleAdministrator); err != nil {
		return err
	}
	canon, ok := canonicalRole(role)
	if !ok {
		return ErrUnknownRole(role)
	}
	return tx.atomic(func() error {
		u, err := tx.ResolveUser(identity)
		if err != nil {
			return err
		}
		return fn(u, canon)
	})
}
