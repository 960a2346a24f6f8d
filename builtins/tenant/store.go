package tenant

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"licsh/builtins/tenant/catalog"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// busyTimeout is how long SQLite itself waits for a lock before reporting
// SQLITE_BUSY; Write then retries on top of it until writeDeadline.
const (
	busyTimeout   = 5 * time.Second
	writeDeadline = 60 * time.Second
)

// Store is an open tenant file. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string

	mu    sync.Mutex
	actor string
	// onWait is told once when a write has waited for another program's
	// write lock (SetWaitNotice).
	onWait func(time.Duration)
	// writeWait, when set, replaces writeDeadline (for tests).
	writeWait time.Duration
	// signedOut is set by a failed Connect: the Store acts as nobody.
	signedOut bool
	catalog   *catalog.Catalog
	// initialized is set once the tenant is known to be initialized.
	initialized atomic.Bool
	// readOnly is set when the tenant was opened for reading only.
	readOnly bool
}

// applicationID marks an SQLite file as a licsh tenant (PRAGMA
// application_id): "LICS".
const applicationID = 0x4c494353

// Open opens the tenant file at path, creating it (empty, uninitialised)
// when it does not exist, and brings its schema up to date. It refuses a
// file that is not a tenant (another program's database, or not SQLite at
// all) and a tenant made by a newer licsh, before writing anything to it.
// A tenant its user cannot write (the file, or the folder that must hold
// its -wal and -shm files) is opened read-only, as OpenReadOnly does.
func Open(path string) (*Store, error) {
	if err := identify(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil && !writable(path) {
		return openReadOnly(path)
	}
	if err := prepareNew(path); err != nil {
		return nil, openError(path, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, catalog: catalog.Builtin()}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

// writable reports whether licsh can change the tenant at path: write the
// file, and create its -wal and -shm files beside it unless they are there
// to write already.
func writable(path string) bool {
	if !canWrite(path) {
		return false
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(side); err != nil {
			return canWrite(filepath.Dir(path))
		}
		if !canWrite(side) {
			return false
		}
	}
	return true
}

// OpenReadOnly opens the tenant file at path for reading only: every
// question is answered, every change refused with errReadOnly. While a
// licsh that writes has the tenant open (its -wal and -shm files are
// there), SQLite's read-only mode shares them; otherwise the file is read
// as immutable, which creates no -wal and -shm files, which a reader
// without write access must not leave owned by itself for the tenant's
// owner.
func OpenReadOnly(path string) (*Store, error) {
	if err := identify(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, openError(path, err)
	}
	return openReadOnly(path)
}

func openReadOnly(path string) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("mode", "ro")
	wal, walErr := os.Stat(path + "-wal")
	_, shmErr := os.Stat(path + "-shm")
	switch {
	case shmErr == nil:
	case walErr == nil && wal.Size() > 0:
		// Changes not yet in the file: reading them needs the -shm file,
		// which cannot be made here.
		return nil, errUnreadWAL(path)
	default:
		q.Set("immutable", "1")
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, catalog: catalog.Builtin(), readOnly: true}
	var version, app int
	err = db.QueryRow("PRAGMA user_version").Scan(&version)
	if err == nil {
		err = db.QueryRow("PRAGMA application_id").Scan(&app)
	}
	if err == nil && (version < schemaVersion() || app != applicationID) {
		err = errReadOnlyOutdated(path, version)
	}
	if err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

// openError is Open's error for err: a tenant refusal as it is, anything
// else naming the file.
func openError(path string, err error) error {
	err = sqlError(path, err, "")
	var te *Error
	if errors.As(err, &te) {
		return err
	}
	return fmt.Errorf("open tenant %s: %w", path, err)
}

// pageSize is the page size of new tenant files. Larger pages than
// SQLite's 4 KB make the B-trees of a 100,000-user tenant shallower, which
// a batch touching every user feels most (measured: about 8% faster).
const pageSize = 16384

// prepareNew gives a tenant file that does not exist yet (or is empty) its
// page size before anything is written to it: once the file is in WAL mode
// the page size can no longer change, and the connection settings Open
// uses switch to WAL first. A new file is made readable by its owner only,
// as it holds the tenant's users and the Graph server's secrets; SQLite
// gives its -wal and -shm files the same mode. Another licsh may be making
// the same file at the same moment: the switch to WAL then waits for it.
func prepareNew(path string) error {
	if info, err := os.Stat(path); err == nil && info.Size() > 0 {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
	return err
}

// uriPath escapes the characters that would end the path part of an SQLite
// URI filename, so that any file name opens that file.
func uriPath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// SetWaitNotice sets what a write that finds the tenant locked by another
// program tells, once, while it waits: a user whose command seems to hang
// learns why, seconds before the write gives up.
func (s *Store) SetWaitNotice(fn func(waited time.Duration)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onWait = fn
}

func (s *Store) waitNotice() func(time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onWait
}

// Close closes the tenant file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store was opened on.
func (s *Store) Path() string { return s.path }

// DB exposes the database for read-only reporting queries and benchmarks;
// changes must go through Write so that rules and audit apply.
func (s *Store) DB() *sql.DB { return s.db }

// SetCatalog replaces the product catalog used to add subscriptions for
// products the tenant does not know yet (after Import-SkuCatalog).
func (s *Store) SetCatalog(c *catalog.Catalog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catalog = c
}

// Catalog is the product catalog in use.
func (s *Store) Catalog() *catalog.Catalog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.catalog
}

// schemaVersion is the version of the newest migration: the user_version
// of a tenant this licsh made or brought up to date.
func schemaVersion() int {
	names := migrationNames()
	n, _ := strconv.Atoi(strings.SplitN(names[len(names)-1], "_", 2)[0])
	return n
}

// migrationNames are the embedded migrations in order.
func migrationNames() []string {
	entries, _ := migrations.ReadDir("migrations") // embedded: cannot fail
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// identify refuses a file licsh must not write to: one that is not SQLite,
// an SQLite database of another program, or a tenant whose schema is
// newer than this licsh knows. A file that does not exist or is empty is a
// new tenant. It reads the file's header and opens no database connection
// that could change it.
func identify(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open tenant %s: %w", path, err)
	}
	defer f.Close()
	// The SQLite header: a magic string, then (big-endian) the schema
	// version SQLite keeps at 40, user_version at 60, application_id at 68.
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n == 0:
		return nil
	case err != nil || string(h[:16]) != "SQLite format 3\x00":
		return fmt.Errorf("The file %s is not a licsh tenant file: it is not an SQLite database.", path)
	}
	be := func(off int) int { return int(binary.BigEndian.Uint32(h[off : off+4])) }
	app, version, objects := be(68), be(60), be(40)
	switch {
	case app != applicationID && app != 0, app == 0 && version == 0 && objects != 0:
		return fmt.Errorf("The file %s is not a licsh tenant file: it is the database of another program, which licsh does not change.", path)
	case app == 0 && version > 0 && !hasTenantTable(path):
		return fmt.Errorf("The file %s is not a licsh tenant file: it is the database of another program, which licsh does not change.", path)
	case version > schemaVersion():
		return fmt.Errorf("The tenant file %s was made by a newer licsh (schema version %d; this licsh knows up to %d). Use that licsh, or a copy of the file made before.", path, version, schemaVersion())
	}
	return nil
}

// hasTenantTable reports whether an SQLite file without licsh's
// application id has licsh's tenant table, as tenant files made before the
// id was written do. It opens the file read-only.
func hasTenantTable(path string) bool {
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tenant', 'users', 'license_assignments')`).Scan(&n)
	return err == nil && n == 3
}

// migrate brings the schema up to date and marks the file as licsh's. It
// reads the version first, so that opening an up-to-date tenant takes no
// write lock and never waits for a writer.
func (s *Store) migrate() error {
	var version, app int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if err := s.db.QueryRow("PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if version >= schemaVersion() && app == applicationID {
		return nil
	}
	names := migrationNames()
	return s.write(context.Background(), nil, func(conn sqlRunner) error {
		var version int
		if err := conn.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		for _, name := range names {
			n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
			if err != nil {
				return fmt.Errorf("migration %s: name must start with its number", name)
			}
			if n <= version {
				continue
			}
			text, err := migrations.ReadFile(path.Join("migrations", name))
			if err != nil {
				return err
			}
			if _, err := conn.ExecContext(context.Background(), string(text)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			// PRAGMA takes no bound parameters; n is a number we parsed.
			if _, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
				return err
			}
			version = n
		}
		// PRAGMA takes no bound parameters; the id is a constant.
		_, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA application_id = %d", applicationID))
		return err
	})
}

// sqlRunner runs statements: a transaction, or the connection a batch
// keeps, on which it begins and ends its transactions itself.
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs fn in a BEGIN IMMEDIATE transaction, on conn when it is not
// nil, retrying the whole transaction while another connection or process
// holds the write lock.
func (s *Store) write(ctx context.Context, conn *sql.Conn, fn func(sqlRunner) error) error {
	if s.readOnly {
		return errReadOnly(s.path)
	}
	start := time.Now()
	deadline := start.Add(writeDeadline)
	if s.writeWait > 0 {
		deadline = start.Add(s.writeWait)
	}
	told := false
	for attempt := 0; ; attempt++ {
		err := s.writeOnce(ctx, conn, fn)
		if err == nil || !isBusy(err) {
			return s.dbError(err, "")
		}
		if time.Now().After(deadline) {
			return newError(CodeTenantBusy, "The tenant file %s has been locked by another program for %d seconds, and nothing was changed. Try again when it has finished.",
				s.path, int(time.Since(start).Seconds()))
		}
		if !told {
			told = true
			if notice := s.waitNotice(); notice != nil {
				notice(time.Since(start))
			}
		}
		wait := time.Duration(attempt+1) * 5 * time.Millisecond
		if wait > 100*time.Millisecond {
			wait = 100 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func (s *Store) writeOnce(ctx context.Context, conn *sql.Conn, fn func(sqlRunner) error) error {
	if conn != nil {
		return inTransaction(ctx, conn, "BEGIN IMMEDIATE", fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// inTransaction runs fn between begin and COMMIT on conn, or rolls back
// when fn fails. The rollback runs even after ctx is done, so that the
// connection is left outside any transaction; so does the commit of work
// fn finished, since a commit that ctx interrupted may have committed all
// the same, and the caller would then not know its work was done.
func inTransaction(ctx context.Context, conn *sql.Conn, begin string, fn func(sqlRunner) error) error {
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return err
	}
	err := fn(conn)
	if err == nil {
		_, err = conn.ExecContext(context.WithoutCancel(ctx), "COMMIT")
	}
	if err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	}
	return err
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}
