package compat

import (
	"time"

	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Dialect is how one Microsoft module speaks where the modules differ.
type Dialect interface {
	// NotConnected is the module's refusal to run a cmdlet (in parameter
	// set set) before its Connect cmdlet.
	NotConnected(c cmdlet.Call, set string) error
	// Record renders an error of the tenant as the module does for a
	// cmdlet in parameter set set; now is the tenant's time, which some
	// modules print.
	Record(c cmdlet.Call, set string, err error, target any, now time.Time) error
	// SignInFailed is the module's Connect cmdlet failing to sign in as
	// account ("" when it named none and the session had none to keep):
	// err is the tenant's refusal, info the tenant, which some modules
	// name.
	SignInFailed(c cmdlet.Call, account string, err error, info tenant.Info) error
}

// Conn is one module's connection to the session's tenant. The module's
// Connect cmdlet connects it; its other cmdlets open the tenant through it
// and report the tenant's refusals in its dialect. Who they act as is the
// session's account, which m365.Session alone changes: a module keeps no
// account of its own.
type Conn struct {
	ts        *m365.Session
	dialect   Dialect
	connected bool
}

// NewConn returns an unconnected module connection to the tenant of ts.
func NewConn(ts *m365.Session, d Dialect) *Conn { return &Conn{ts: ts, dialect: d} }

// Connect connects the module and returns the tenant and the account it
// acts as: the one account names, which the whole session then acts as
// with that account's roles, or for "" the account the session acts as
// already. When that fails the module stays unconnected, the session is
// signed out if account named someone (m365.Session.SignIn), and the error
// is the module's, written as a non-terminating error.
func (m *Conn) Connect(c cmdlet.Call, account string) (tenant.Directory, tenant.User, error) {
	m.connected = false
	var st tenant.Directory
	var u tenant.User
	var err error
	if account != "" {
		st, u, err = m.ts.SignIn(c, account)
	} else {
		st, u, err = m.ts.Account(c)
	}
	if st == nil {
		return nil, tenant.User{}, err
	}
	if err != nil {
		if interp.IsControl(err) {
			return nil, tenant.User{}, err
		}
		// The tenant only names the directory in some modules' words; the
		// sign-in's own error is the one to report.
		info, _ := st.Info(c.Context())
		return nil, tenant.User{}, c.WriteError(m.dialect.SignInFailed(c, account, err, info))
	}
	m.connected = true
	return st, u, nil
}

// Session is the session the module connects to.
func (m *Conn) Session() *m365.Session { return m.ts }

// ConnectGraph marks the module connected to the Microsoft 365 tenant the
// session signed in to through Graph (m365.Session.ConnectGraph).
func (m *Conn) ConnectGraph() { m.connected = true }

// Disconnect signs the module out; its cmdlets refuse again until its
// Connect cmdlet runs. It reports whether the module was connected.
func (m *Conn) Disconnect() bool {
	was := m.connected
	m.connected = false
	return was
}

// Connected reports whether the module's Connect cmdlet has connected it.
func (m *Conn) Connected() bool { return m.connected }

// Account is the tenant and the account a connected module acts as, the
// session's; ok is false when the module is not connected or the session
// is signed out.
func (m *Conn) Account(c cmdlet.Call) (st tenant.Directory, u tenant.User, ok bool, err error) {
	if !m.connected {
		return nil, tenant.User{}, false, nil
	}
	st, u, err = m.ts.Account(c)
	if st == nil {
		return nil, tenant.User{}, false, err
	}
	return st, u, err == nil, nil
}

// Open opens the tenant for a cmdlet in parameter set set: the tenant
// file, or the Microsoft 365 tenant the session is connected to
// (m365.Session.Open). Before the module is connected it reports the
// module's refusal and returns no tenant; the error it returns is
// terminating under -ErrorAction Stop.
func (m *Conn) Open(c cmdlet.Call, set string) (tenant.Directory, error) {
	if !m.connected {
		return nil, c.WriteError(m.dialect.NotConnected(c, set))
	}
	return m.ts.Open(c)
}

// File is Open for a cmdlet that works on what only a tenant file has
// (m365.Session.File).
func (m *Conn) File(c cmdlet.Call, set string) (*tenant.Store, error) {
	if !m.connected {
		return nil, c.WriteError(m.dialect.NotConnected(c, set))
	}
	return m.ts.File(c)
}

// Fail reports err as a non-terminating error in the module's dialect;
// pipeline control and error records made already pass as they are.
func (m *Conn) Fail(c cmdlet.Call, set string, err error, target any) error {
	if interp.IsControl(err) {
		return err
	}
	return c.WriteError(m.dialect.Record(c, set, err, target, c.Now()))
}

// CredentialUser is the user name a -Credential argument names: a
// credential's UserName, or the text itself, which PowerShell turns into a
// credential for that user; "" for none.
func CredentialUser(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	name, _ := value.GetMember(v, "UserName")
	if name == nil {
		return ""
	}
	return value.ToString(name)
}
