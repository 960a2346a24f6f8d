package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
)

// Tx is one write transaction on the tenant. Every rule-checked change is a
// Tx method, so a single cmdlet call and a batch of thousands of users share
// one write path; a batch simply makes many calls inside one Tx. Methods that
// change one user are atomic on their own (a savepoint), so a refused change
// leaves the rest of the transaction intact.
type Tx struct {
	ctx        context.Context
	tx         sqlRunner
	store      *Store
	now        time.Time
	actor      string // UPN of the acting admin, "" before Initialize and when signed out
	batchID    int64
	skus       map[string]*skuInfo
	sp         int
	actorRoles map[string]bool // the actor's roles, read once
	// app is set when an application acts (Actor.App): its roles are
	// those its permissions grant, not a user's.
	app      bool
	appRoles []string
	// ids, when set, is where new object ids come from instead of the
	// system's randomness: the demo tenant uses a fixed seed, so its ids are
	// the same on every machine and can be shown in documentation.
	ids io.Reader
}

// newID returns a new object id.
func (tx *Tx) newID() string {
	if tx.ids != nil {
		if id, err := uuid.NewRandomFromReader(tx.ids); err == nil {
			return id.String()
		}
	}
	return uuid.NewString()
}

// Write runs fn in one BEGIN IMMEDIATE transaction as the acting admin
// (nobody, holding no role, when the Store is signed out), or as the Actor
// ctx names (WithActor), after applying whatever the tenant clock says has
// expired. If fn returns an error nothing is committed. The transaction is
// retried from the start while another process holds the write lock, so fn
// must not have side effects outside the Tx.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.writeOn(ctx, nil, fn)
}

// writeOn is Write on conn, the connection a batch keeps, or on any
// connection of the pool when conn is nil.
func (s *Store) writeOn(ctx context.Context, conn *sql.Conn, fn func(*Tx) error) error {
	return s.write(ctx, conn, func(run sqlRunner) error {
		tx, err := s.begin(ctx, run)
		if err != nil {
			return err
		}
		if err := tx.expire(); err != nil {
			return err
		}
		return fn(tx)
	})
}

// begin makes the Tx of a transaction run has begun, on a tenant that is
// initialized: its time on the tenant clock, and who it acts as.
func (s *Store) begin(ctx context.Context, run sqlRunner) (*Tx, error) {
	if err := s.requireInitialized(ctx, run); err != nil {
		return nil, err
	}
	return s.newTx(ctx, run)
}

// requireInitialized refuses to work on a tenant Initialize has not set
// up. Such a tenant has no admin, no products and no users, so every
// refusal it would otherwise give (no privileges, no such user, no such
// license) would send the user looking for the wrong problem. A tenant
// once initialized stays so, which the Store remembers.
func (s *Store) requireInitialized(ctx context.Context, run sqlRunner) error {
	if s.initialized.Load() {
		return nil
	}
	var n int
	if err := run.QueryRowContext(ctx, `SELECT count(*) FROM tenant`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errNotInitialized()
	}
	s.initialized.Store(true)
	return nil
}

// RequireInitialized returns the refusal every change and question gets
// on a tenant Initialize has not set up, which says how to set it up; nil
// on an initialized tenant.
func (s *Store) RequireInitialized(ctx context.Context) error {
	return s.requireInitialized(ctx, s.db)
}

// newTx makes the Tx of a transaction run has begun.
func (s *Store) newTx(ctx context.Context, run sqlRunner) (*Tx, error) {
	actor, signedOut := s.acting()
	named, isNamed := actorFrom(ctx)
	tx := &Tx{ctx: ctx, tx: run, store: s}
	clk, err := loadClock(ctx, run)
	if err != nil {
		return nil, err
	}
	tx.now = clk.Now().Truncate(time.Second)
	tx.actor = actor
	switch {
	case isNamed && named.App != "":
		tx.actor, tx.app, tx.appRoles = named.App, true, named.Roles
	case isNamed:
		tx.actor = named.User
	case actor == "" && !signedOut:
		// Before Initialize there is no admin: Initialize acts as the
		// one it creates.
		if tx.actor, err = defaultAdmin(ctx, run); err != nil && !IsCode(err, CodeNotInitialized) {
			return nil, err
		}
	}
	return tx, nil
}

// writeResult runs fn as Write does and returns what it made, so that each
// Store method is one call to its Tx method.
func writeResult[T any](ctx context.Context, s *Store, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := s.Write(ctx, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// Now is the tenant clock's time for this transaction.
func (tx *Tx) Now() time.Time { return tx.now }

// Actor is the UPN of the admin the transaction acts as.
func (tx *Tx) Actor() string { return tx.actor }

// SetBatch tags the audit rows written from now on with a batch id.
func (tx *Tx) SetBatch(id int64) { tx.batchID = id }

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// atomic runs fn inside a savepoint: on error everything fn did is undone
// and the error returned, while the enclosing transaction stays usable.
func (tx *Tx) atomic(fn func() error) error {
	tx.sp++
	name := fmt.Sprintf("sp%d", tx.sp)
	defer func() { tx.sp-- }()
	if _, err := tx.exec("SAVEPOINT " + name); err != nil {
		return err
	}
	if err := fn(); err != nil {
		// The caches may hold state from the undone work.
		tx.skus = nil
		tx.actorRoles = nil
		if _, rbErr := tx.exec("ROLLBACK TO " + name); rbErr != nil {
			return rbErr
		}
		if _, rbErr := tx.exec("RELEASE " + name); rbErr != nil {
			return rbErr
		}
		return err
	}
	_, err := tx.exec("RELEASE " + name)
	return err
}

// audit writes one audit row in the current transaction. before and after
// are marshalled to JSON when not nil.
func (tx *Tx) audit(operation, target, detail string, before, after any) error {
	return tx.auditAs(tx.actor, operation, target, detail, before, after)
}

// SystemActor is the audit actor of changes the tenant makes by itself when
// a grace period runs out.
const SystemActor = "Microsoft 365"

func (tx *Tx) auditAs(actor, operation, target, detail string, before, after any) error {
	b, a := "", ""
	if before != nil {
		j, err := json.Marshal(before)
		if err != nil {
			return err
		}
		b = string(j)
	}
	if after != nil {
		j, err := json.Marshal(after)
		if err != nil {
			return err
		}
		a = string(j)
	}
	var batch any
	if tx.batchID != 0 {
		batch = tx.batchID
	}
	id, err := tx.nextAuditID()
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO audit_log (id, time, actor, operation, target, detail, before, after, batch_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, tx.now.Unix(), actor, operation, target, detail, b, a, batch)
	return err
}
