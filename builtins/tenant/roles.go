package tenant

import (
	"context"
	"strings"
)

// PrivilegedRoleAdministrator may manage role assignments besides Global
// Administrators.
const PrivilegedRoleAdministrator = "Privileged Role Administrator"

// knownRoles are the directory roles the tenant accepts, as Microsoft writes
// them.
var knownRoles = []string{
	GlobalAdministrator, LicenseAdministrator, UserAdministrator, BillingAdministrator, GlobalReader,
	PrivilegedRoleAdministrator, "Exchange Administrator", "SharePoint Administrator", "Helpdesk Administrator",
	"Security Administrator", "Reports Reader",
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
		if strings.EqualFold(strings.TrimSpace(name), r) {
			return r, true
		}
	}
	return "", false
}

// requireRole refuses the change unless the acting admin holds one of roles
// (rule 1). The actor's roles are read once per transaction.
func (tx *Tx) requireRole(roles ...string) error {
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
			return nil, errUnknownRole(role)
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

func errUnknownRole(role string) *Error {
	return newError(CodeInvalidValue, "'%s' is not a directory role. Valid roles are: %s.", role, strings.Join(knownRoles, ", "))
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
				return newError(CodeInvalidValue, "The last Global Administrator of the tenant cannot be removed.")
			}
		}
		res, err := tx.exec(`DELETE FROM role_assignments WHERE user_id = ? AND role = ?`, u.ID, canon)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return newError(CodeInvalidValue, "User '%s' does not hold the role '%s'.", u.UserPrincipalName, canon)
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
		return errUnknownRole(role)
	}
	return tx.atomic(func() error {
		u, err := tx.ResolveUser(identity)
		if err != nil {
			return err
		}
		return fn(u, canon)
	})
}
