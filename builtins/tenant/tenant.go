package tenant

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Info describes the tenant.
type Info struct {
	TenantID      string
	Name          string
	DefaultDomain string
	Now           time.Time // the tenant clock
	ClockFixed    bool      // the clock is stopped at Now
	ActingAdmin   string    // the admin this Store acts as, "" when signed out
}

// Role names as Microsoft writes them.
const (
	GlobalAdministrator  = "Global Administrator"
	LicenseAdministrator = "License Administrator"
	UserAdministrator    = "User Administrator"
	BillingAdministrator = "Billing Administrator"
	GlobalReader         = "Global Reader"
)

// Initialize names an empty tenant, creates its first Global Administrator
// admin@<domain> and makes it the acting admin; demo also seeds the demo
// company. It refuses a tenant that is already initialized.
func (s *Store) Initialize(ctx context.Context, name, domain string, demo bool) error {
	name, domain = strings.TrimSpace(name), strings.ToLower(strings.TrimSpace(domain))
	if name == "" {
		return newError(CodeInvalidValue, "The tenant name cannot be empty.")
	}
	if !validDomain(domain) {
		return newError(CodeInvalidValue, "The domain name '%s' is not valid.", domain)
	}
	admin := "admin@" + domain
	s.mu.Lock()
	s.actor, s.signedOut = "", false
	s.mu.Unlock()
	// One of the two writes made on a tenant that is not initialized yet,
	// with Replicate's.
	return s.write(ctx, nil, func(run sqlRunner) error {
		tx, err := s.newTx(ctx, run)
		if err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM tenant`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return newError(CodeAlreadyExists, "The tenant is already initialized.")
		}
		if demo {
			tx.ids = rand.NewChaCha8(demoSeed)
		}
		if _, err := tx.exec(`INSERT INTO tenant (id, tenant_id, name, default_domain, acting_admin) VALUES (1, ?, ?, ?, ?)`,
			tx.newID(), name, domain, admin); err != nil {
			return err
		}
		tx.actor = admin
		if err := tx.audit("Initialize tenant", "", name, nil, map[string]string{"Name": name, "DefaultDomain": domain}); err != nil {
			return err
		}
		u, err := tx.insertUser(NewUser{UserPrincipalName: admin, DisplayName: "MOD Administrator", UsageLocation: "US"})
		if err != nil {
			return err
		}
		if err := tx.addRole(u, GlobalAdministrator); err != nil {
			return err
		}
		if demo {
			return tx.seedDemo(domain)
		}
		return nil
	})
}

// validDomain accepts DNS names such as contoso.com or contoso.onmicrosoft.com.
func validDomain(d string) bool {
	if len(d) < 3 || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// Info returns the tenant's name, domain, id and clock.
func (s *Store) Info(ctx context.Context) (Info, error) {
	var in Info
	var fixed sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT tenant_id, name, default_domain, clock_fixed FROM tenant WHERE id = 1`).
		Scan(&in.TenantID, &in.Name, &in.DefaultDomain, &fixed)
	if errors.Is(err, sql.ErrNoRows) {
		return in, errNotInitialized()
	}
	if err != nil {
		return in, err
	}
	in.ClockFixed = fixed.Valid
	if in.Now, err = s.Now(ctx); err != nil {
		return in, err
	}
	actor, signedOut := s.acting()
	in.ActingAdmin = actor
	if actor == "" && !signedOut {
		// A tenant whose admins are all gone has none to act as.
		if in.ActingAdmin, err = defaultAdmin(ctx, s.db); err != nil && !IsCode(err, CodeNotInitialized) {
			return in, err
		}
	}
	return in, nil
}

// UserCount returns how many users the tenant has, not counting deleted
// ones.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE deleted_at IS NULL`).Scan(&n)
	return n, err
}

// Initialized reports whether Initialize has run on this file.
func (s *Store) Initialized(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM tenant`).Scan(&n)
	return n > 0, err
}

// SetInfo renames the tenant or changes its default domain; an empty
// argument leaves that value as it is.
func (s *Store) SetInfo(ctx context.Context, name, domain string) error {
	name, domain = strings.TrimSpace(name), strings.ToLower(strings.TrimSpace(domain))
	if domain != "" && !validDomain(domain) {
		return newError(CodeInvalidValue, "The domain name '%s' is not valid.", domain)
	}
	return s.Write(ctx, func(tx *Tx) error {
		if err := tx.requireRole(GlobalAdministrator); err != nil {
			return err
		}
		var before [2]string
		if err := tx.queryRow(`SELECT name, default_domain FROM tenant WHERE id = 1`).Scan(&before[0], &before[1]); err != nil {
			return notInitialized(err)
		}
		after := before
		if name != "" {
			after[0] = name
		}
		if domain != "" {
			after[1] = domain
		}
		if _, err := tx.exec(`UPDATE tenant SET name = ?, default_domain = ? WHERE id = 1`, after[0], after[1]); err != nil {
			return err
		}
		return tx.audit("Set tenant", "", "", before, after)
	})
}

// Connect makes this Store act as the user upn; "" means the tenant's
// default admin (defaultAdmin). Any user may be connected: the rules refuse
// what their roles do not allow. A Connect that fails leaves the Store
// signed out, acting as nobody, so that every change needing a role is
// refused until a Connect succeeds: a mistyped account never leaves an
// admin acting.
func (s *Store) Connect(ctx context.Context, upn string) (User, error) {
	u, err := s.connectUser(ctx, upn)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.actor, s.signedOut = "", true
		return User{}, err
	}
	s.actor, s.signedOut = u.UserPrincipalName, false
	return u, nil
}

func (s *Store) connectUser(ctx context.Context, upn string) (User, error) {
	if upn == "" {
		var err error
		if upn, err = defaultAdmin(ctx, s.db); err != nil {
			return User{}, err
		}
	}
	return s.GetUser(ctx, upn)
}

// defaultAdmin is who a Store acts as before any Connect: the tenant's
// acting admin or, failing that, its first Global Administrator. It is the
// one rule for it, which writes, Info, Account and Connect share.
func defaultAdmin(ctx context.Context, q queryRower) (string, error) {
	var upn string
	err := q.QueryRowContext(ctx, `SELECT u.upn FROM tenant t JOIN users u ON u.upn = t.acting_admin AND u.deleted_at IS NULL`).Scan(&upn)
	if errors.Is(err, sql.ErrNoRows) {
		err = q.QueryRowContext(ctx, `SELECT u.upn FROM role_assignments r JOIN users u ON u.id = r.user_id
			WHERE r.role = ? AND u.deleted_at IS NULL ORDER BY u.created, u.upn LIMIT 1`, GlobalAdministrator).Scan(&upn)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotInitialized()
	}
	return upn, err
}

// Account is the user this Store acts as: the one the last Connect made it
// act as or, before any Connect, the tenant's default admin. A Store signed
// out by a failed Connect refuses with CodeNotSignedIn.
func (s *Store) Account(ctx context.Context) (User, error) {
	actor, signedOut := s.acting()
	if signedOut {
		return User{}, errNotSignedIn()
	}
	if actor == "" {
		var err error
		if actor, err = defaultAdmin(ctx, s.db); err != nil {
			return User{}, err
		}
	}
	return s.GetUser(ctx, actor)
}

// Actor is the UPN this Store acts as after Connect, or "" before one and
// after a failed one.
func (s *Store) Actor() string {
	actor, _ := s.acting()
	return actor
}

// acting is the connected UPN ("" before any Connect) and whether a failed
// Connect signed the Store out.
func (s *Store) acting() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actor, s.signedOut
}

// Domain is a domain of the tenant.
type Domain struct {
	Name string
	// IsDefault marks the default domain, which new users get.
	IsDefault bool
	// IsInitial marks <name>.onmicrosoft.com, the domain every tenant
	// starts with.
	IsInitial bool
}

// InitialDomain is the tenant's onmicrosoft.com domain, named after the
// first label of its default domain: contoso.onmicrosoft.com for
// contoso.com.
func (in Info) InitialDomain() string {
	if strings.HasSuffix(in.DefaultDomain, ".onmicrosoft.com") {
		return in.DefaultDomain
	}
	label, _, _ := strings.Cut(in.DefaultDomain, ".")
	return label + ".onmicrosoft.com"
}

// Domains lists the tenant's verified domains by name: the default one,
// the initial onmicrosoft.com one, and every other domain its users sign in
// with, each of which it must have verified.
func (s *Store) Domains(ctx context.Context) ([]Domain, error) {
	in, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{in.DefaultDomain: true, in.InitialDomain(): true}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT lower(substr(upn, instr(upn, '@') + 1)) FROM users WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		names[d] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Domain, 0, len(names))
	for d := range names {
		out = append(out, Domain{Name: d, IsDefault: d == in.DefaultDomain, IsInitial: d == in.InitialDomain()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
