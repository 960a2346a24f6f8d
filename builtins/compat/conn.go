package compat

import (
	"time"

	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
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
}

// Conn is one module's connection to the session's tenant. The module's
// Connect cmdlet connects it; its other cmdlets open the tenant through it
// and report the tenant's refusals in its dialect.
type Conn struct {
	ts        *m365.Session
	dialect   Dialect
	connected bool
}

// NewConn returns an unconnected module connection to the tenant of ts.
func NewConn(ts *m365.Session, d Dialect) *Conn { return &Conn{ts: ts, dialect: d} }

// Connect connects the module as the session's acting admin and returns
// the tenant and that admin.
func (m *Conn) Connect(c cmdlet.Call) (*tenant.Store, tenant.User, error) {
	st, err := m.ts.Open(c)
	if err != nil {
		return nil, tenant.User{}, err
	}
	admin, err := st.Connect(c.Context(), "")
	if err != nil {
		return nil, tenant.User{}, m365.Fail(c, err, nil)
	}
	m.connected = true
	return st, admin, nil
}

// Open opens the tenant for a cmdlet in parameter set set. Before the
// module is connected it reports the module's refusal and returns no store;
// the error it returns is terminating under -ErrorAction Stop.
func (m *Conn) Open(c cmdlet.Call, set string) (*tenant.Store, error) {
	if !m.connected {
		return nil, c.WriteError(m.dialect.NotConnected(c, set))
	}
	return m.ts.Open(c)
}

// Fail reports err as a non-terminating error in the module's dialect;
// pipeline control and error records made already pass as they are.
func (m *Conn) Fail(c cmdlet.Call, set string, err error, target any) error {
	if interp.IsControl(err) {
		return err
	}
	return c.WriteError(m.dialect.Record(c, set, err, target, c.Now()))
}
