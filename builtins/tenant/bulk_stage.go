package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"hash/fnv"
	"strings"

	"licsh/builtins/tenant/catalog"
)

// stage is a batch's working tables in SQLite's temporary database, on the
// connection the batch keeps: the rows of the chunk at hand (bl), the
// first row that reached each user or named each unknown identity (seen),
// and the kinds of change worked out so far (see bulk_kinds.go). Deciding
// thousands of rows is then a few joins, and what a batch remembers of
// earlier chunks is on SQLite's pages, not in Go's memory, however long
// the list.
type stage struct {
	sql *bulkSQL
}

// stageTables are created when a batch starts and dropped when it ends,
// as the connection goes back to the pool.
var stageTables = []string{
	`CREATE TEMP TABLE bl (
		n        INTEGER PRIMARY KEY,
		identity TEXT NOT NULL,
		given    INTEGER,
		guid     TEXT,
		spec     INTEGER NOT NULL,
		status   TEXT,
		detail   TEXT,
		user_id  TEXT,
		upn      TEXT,
		kind     INTEGER,
		removed  TEXT,
		origin   INTEGER,
		resumed  INTEGER NOT NULL DEFAULT 0
	)`,
	`CREATE TEMP TABLE bseenuser (user_id TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID`,
	`CREATE TEMP TABLE bseentext (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID`,
	`CREATE TEMP TABLE bkind (spec INTEGER NOT NULL, sig TEXT NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY (spec, sig)) WITHOUT ROWID`,
	`CREATE TEMP TABLE bkinfo (kind INTEGER PRIMARY KEY, status TEXT NOT NULL, detail TEXT NOT NULL, removed TEXT NOT NULL,
		changed INTEGER NOT NULL, mailbox INTEGER, drive INTEGER)`,
	`CREATE TEMP TABLE bdel (kind INTEGER NOT NULL, sku_id TEXT NOT NULL, PRIMARY KEY (kind, sku_id)) WITHOUT ROWID`,
	`CREATE TEMP TABLE badd (kind INTEGER NOT NULL, sku_id TEXT NOT NULL, disabled TEXT NOT NULL, PRIMARY KEY (kind, sku_id)) WITHOUT ROWID`,
	`CREATE TEMP TABLE blater (upn TEXT PRIMARY KEY COLLATE NOCASE, id INTEGER NOT NULL) WITHOUT ROWID`,
}

// stageStore keeps a batch's working tables in a file beyond the cache
// (bulkCache), so that memory stays flat in the rows.
const stageStore = `PRAGMA temp_store = FILE`

// stageReset drops the working tables.
var stageReset = []string{`DROP TABLE IF EXISTS temp.bl`, `DROP TABLE IF EXISTS temp.bseenuser`, `DROP TABLE IF EXISTS temp.bseentext`,
	`DROP TABLE IF EXISTS temp.bkind`, `DROP TABLE IF EXISTS temp.bkinfo`, `DROP TABLE IF EXISTS temp.bdel`,
	`DROP TABLE IF EXISTS temp.badd`, `DROP TABLE IF EXISTS temp.blater`}

// openStage takes a connection for a batch and makes its tables.
func (s *Store) openStage(ctx context.Context) (*stage, error) {
	sq, err := s.openBulkSQL(ctx, stageStore)
	if err != nil {
		return nil, err
	}
	st := &stage{sql: sq}
	for _, q := range append(append([]string{}, stageReset...), stageTables...) {
		if _, err := sq.conn.ExecContext(ctx, q); err != nil {
			st.close()
			return nil, err
		}
	}
	return st, nil
}

// close drops the tables and gives the connection back.
func (st *stage) close() {
	ctx := context.Background()
	for _, q := range stageReset {
		st.sql.conn.ExecContext(ctx, q)
	}
	st.sql.close()
}

// readOn runs fn in a read transaction on conn: the tenant is only read,
// no write lock is taken, and what fn writes to temporary tables is kept.
func (s *Store) readOn(ctx context.Context, conn *sql.Conn, fn func(*Tx) error) error {
	return s.dbError(inTransaction(ctx, conn, "BEGIN", func(run sqlRunner) error {
		tx, err := s.begin(ctx, run)
		if err != nil {
			return err
		}
		return fn(tx)
	}), "")
}

// dryRun runs fn in a write transaction on conn that is always rolled
// back, so that what fn changes is seen inside it and nowhere else.
func (s *Store) dryRun(ctx context.Context, conn *sql.Conn, fn func(*Tx) error) error {
	err := s.writeOn(ctx, conn, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// stageRows puts a chunk's rows in bl and decides those that need no
// license change: the reader's complaints, blank rows, rows asking for
// nothing, rows an interrupted run of batch resume already did, unknown
// users and duplicates. A duplicate is a row that reaches a user an
// earlier row reached, or names an unknown identity an earlier row named.
// With kinds (rows that only remove licenses, once the run knows a kind),
// the rows get the kinds known so far with their users.
func (st *stage) stageRows(tx *Tx, rows []BulkRow, specOf func(BulkRow) int, resume int64, force, kinds bool) error {
	// Most rows name a user by UPN and ask what the rows around them ask:
	// they go in with their number and UPN, their request bound once per
	// statement (binding cost a 100,000-row batch a tenth of staging); the
	// others with their id, outcome or complaint. A UPN is its own record
	// of what the row gave, which a resumed run compares (sameRows), so it
	// is hashed only for such a run.
	plain := map[int][][]any{}
	var specs []int
	var other [][]any
	guids := false
	// The rows to find a first row for (resolve), but for those an
	// interrupted run did, which only the batch's records tell.
	firsts := 0
	for _, row := range rows {
		identity := strings.TrimSpace(row.Identity)
		var guid, status, detail any
		if id, ok := catalog.NormalizeGUID(identity); ok {
			guid = id
		}
		switch {
		case row.Problem != "":
			status, detail = StatusFailed, row.Problem
		case identity == "":
			status, detail = StatusSkipped, msgNoUser
		case row.Skip != "":
			status, detail = StatusSkipped, row.Skip
		}
		guids = guids || guid != nil && status == nil
		if status == nil {
			firsts++
		}
		if guid == nil && status == nil {
			spec := specOf(row)
			if _, ok := plain[spec]; !ok {
				specs = append(specs, spec)
			}
			values := []any{row.Number, identity}
			if resume != 0 {
				values = append(values, identityHash(identity))
			}
			plain[spec] = append(plain[spec], values)
			continue
		}
		other = append(other, []any{row.Number, identity, identityHash(identity), guid, specOf(row), status, detail})
	}
	// The plain rows find their users (and, with kinds, the kinds known so
	// far) as they go in: writing each row once, whole, costs half of
	// writing it and then growing it.
	q := st.sql
	cols, given, kind := `n, identity, given, spec, user_id, upn`, `NULL`, ``
	if resume != 0 {
		given = `v.column3`
	}
	if kinds {
		cols += `, kind`
		kind = `, CASE WHEN u.id IS NOT NULL THEN (SELECT k.kind FROM bkind k WHERE k.spec = ?1 AND k.sig = ` + userSignature + `) END`
	}
	for _, spec := range specs {
		if err := q.execRows(tx, `INSERT INTO bl (`+cols+`) SELECT v.column1, v.column2, `+given+`, ?1, u.id, u.upn`+kind+` FROM (VALUES `,
			`) v LEFT JOIN users u ON u.upn = v.column2 AND u.deleted_at IS NULL`, plain[spec], spec); err != nil {
			return err
		}
	}
	if err := q.execRows(tx, `INSERT INTO bl (n, identity, given, guid, spec, status, detail) VALUES `, "", other); err != nil {
		return err
	}
	if resume != 0 {
		// A row the interrupted run did is found by the UPN it recorded.
		if err := q.exec(tx, `UPDATE bl SET resumed = 1, status = k.status, upn = c.upn, detail = replace(k.detail, char(31), c.upn), removed = k.removed,
			user_id = NULL, kind = NULL
			FROM batch_changes c JOIN batch_kinds k ON k.batch_id = c.batch_id AND k.kind = c.kind
			WHERE c.batch_id = ?1 AND c.row_number = bl.n`, resume); err != nil {
			return err
		}
		if err := q.exec(tx, `UPDATE bl SET resumed = 1, status = r.status, upn = r.identity, detail = r.detail, removed = r.removed_skus,
			user_id = NULL, kind = NULL FROM batch_rows r WHERE r.batch_id = ?1 AND r.row_number = bl.n`, resume); err != nil {
			return err
		}
		if !force {
			if err := st.sameRows(tx, resume); err != nil {
				return err
			}
		}
	}
	sig := ""
	if kinds {
		sig = userSignature
	}
	// The plain rows were looked up as they went in.
	if resume != 0 {
		firsts = -1
	}
	return st.resolve(tx, sig, lookups{upn: guids, resumed: resume != 0, guid: guids, firsts: firsts})
}

// sameRows refuses to resume batch id with a list whose rows the batch
// did now name other users: the rows it did are skipped by number, so with
// another list those numbers would skip other users. The rows a batch did
// come first in the list, so the refusal comes before anything is done.
func (st *stage) sameRows(tx *Tx, id int64) error {
	rows, err := st.sql.query(tx, `SELECT bl.n, coalesce(c.upn, r.identity), bl.identity FROM bl
		LEFT JOIN batch_changes c ON c.batch_id = ?1 AND c.row_number = bl.n
		LEFT JOIN batch_rows r ON r.batch_id = ?1 AND r.row_number = bl.n
		WHERE bl.resumed = 1 AND CASE WHEN coalesce(c.given, r.given) IS NULL THEN coalesce(c.upn, r.identity) <> bl.identity COLLATE NOCASE
			ELSE coalesce(c.given, r.given) <> bl.given END ORDER BY bl.n LIMIT 1`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		return rows.Err()
	}
	var n int
	var was, now string
	if err := rows.Scan(&n, &was, &now); err != nil {
		return err
	}
	return newError(CodeListChanged, "Row %d named '%s' then and names '%s' now.", n, was, now)
}

// identityHash is what a batch keeps of the identity a row gave when the
// UPN it records does not say it (an object id, a row it did not look
// up): enough to know another identity, in a fixed eight bytes. Case and
// spaces do not count, as they do not in finding the user.
func identityHash(identity string) int64 {
	h := fnv.New64a()
	h.Write([]byte(asciiLower(strings.TrimSpace(identity))))
	return int64(h.Sum64())
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE and lower() do,
// so that Go and SQL agree on which identities are the same.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// lookups says which of resolve's lookups a chunk's staged rows may
// need; each reads every row of the chunk, so one no row needs is left
// out.
type lookups struct {
	upn     bool // rows not decided and not yet looked up by their identity
	resumed bool // rows an interrupted run of the batch did
	guid    bool // rows that name their user by object id
	// firsts is the number of rows to find a first row for, when the
	// caller knows it, or -1.
	firsts int
}

// resolve finds the users of the staged rows not yet decided (and of the
// rows an interrupted run did, to know them as reached), then decides
// the rows that reach no user and the duplicates. With sig, the signature
// of the user u as an SQL expression, it also gives the rows the kinds
// known so far, which spares writing each row twice; assignKinds works
// out the rest.
func (st *stage) resolve(tx *Tx, sig string, need lookups) error {
	q := st.sql
	kind := ""
	if sig != "" {
		kind = `, kind = (SELECT k.kind FROM bkind k WHERE k.spec = bl.spec AND k.sig = ` + sig + `)`
	}
	var stmts []string
	if need.upn {
		stmts = append(stmts, `UPDATE bl SET user_id = u.id, upn = u.upn`+kind+`
		FROM users u WHERE bl.status IS NULL AND bl.user_id IS NULL AND u.upn = bl.identity AND u.deleted_at IS NULL`)
	}
	if need.resumed {
		// A row the interrupted run did keeps the words it was reported with.
		stmts = append(stmts, `UPDATE bl SET user_id = u.id FROM users u WHERE bl.resumed = 1 AND u.upn = bl.upn AND u.deleted_at IS NULL`)
	}
	if need.guid {
		stmts = append(stmts, `UPDATE bl SET user_id = u.id, upn = u.upn FROM users u
			WHERE bl.user_id IS NULL AND bl.status IS NULL AND bl.guid IS NOT NULL AND u.id = bl.guid AND u.deleted_at IS NULL`)
	}
	for _, stmt := range stmts {
		if err := q.exec(tx, stmt); err != nil {
			return err
		}
	}
	// The first row to reach each user, or to name each unknown identity:
	// bl is read in row order, so the first insert of a key wins. When
	// each of the rows reached a user of its own, as in most chunks, there
	// is nothing more to do; otherwise the rows to find a first row for,
	// and those of them that reach no user, are counted, and the steps
	// for duplicates and unknown users run as they need.
	seen, err := st.firsts(tx, `INSERT OR IGNORE INTO bseenuser (user_id, n) SELECT user_id, n FROM bl
		WHERE user_id IS NOT NULL AND (status IS NULL OR resumed = 1) ORDER BY n`)
	if err != nil || seen == need.firsts {
		return err
	}
	var rows, unknown int
	if err := tx.queryRow(`SELECT count(*) FILTER (WHERE status IS NULL OR resumed = 1),
		count(*) FILTER (WHERE user_id IS NULL AND (status IS NULL OR resumed = 1)) FROM bl`).Scan(&rows, &unknown); err != nil {
		return err
	}
	if unknown > 0 {
		n, err := st.firsts(tx, `INSERT OR IGNORE INTO bseentext (key, n) SELECT lower(identity), n FROM bl
			WHERE user_id IS NULL AND (status IS NULL OR resumed = 1) ORDER BY n`)
		if err != nil {
			return err
		}
		seen += n
	}
	if seen < rows {
		// A duplicate is shown as the row gives it.
		for _, stmt := range []string{
			`UPDATE bl SET status = 'Skipped', detail = printf(?1, s.n), upn = NULL, kind = NULL FROM bseenuser s
				WHERE bl.status IS NULL AND s.user_id = bl.user_id AND s.n <> bl.n`,
			`UPDATE bl SET status = 'Skipped', detail = printf(?1, s.n) FROM bseentext s
				WHERE bl.status IS NULL AND bl.user_id IS NULL AND s.key = lower(bl.identity) AND s.n <> bl.n`,
		} {
			if err := q.exec(tx, stmt, msgDuplicateRow); err != nil {
				return err
			}
		}
	}
	if unknown == 0 {
		return nil
	}
	return q.exec(tx, `UPDATE bl SET status = 'Failed', detail = replace(?1, char(31), identity) WHERE status IS NULL AND user_id IS NULL`,
		ErrUserNotFound(userMark).Message)
}

// firsts runs stmt, which records first rows, and says how many it did.
func (st *stage) firsts(tx *Tx, stmt string) (int, error) {
	res, err := st.sql.result(tx, stmt)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// pendingRow is a staged row still to be decided, with its user.
type pendingRow struct {
	n, spec     int
	userID, upn string
}

// pending lists the rows still to be decided, in row order.
func (st *stage) pending(tx *Tx) ([]pendingRow, error) {
	rows, err := st.sql.query(tx, `SELECT n, spec, user_id, upn FROM bl WHERE status IS NULL ORDER BY n`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pendingRow
	for rows.Next() {
		var p pendingRow
		if err := rows.Scan(&p.n, &p.spec, &p.userID, &p.upn); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// decide records a row's outcome worked out user by user.
func (st *stage) decide(tx *Tx, res BulkResult) error {
	removed, err := json.Marshal(res.Removed)
	if err != nil {
		return err
	}
	return st.sql.exec(tx, `UPDATE bl SET status = ?, detail = ?, removed = ? WHERE n = ?`, res.Status, res.Detail, string(removed), res.Number)
}

// clear empties bl for the next chunk.
func (st *stage) clear(tx *Tx) error { return st.sql.exec(tx, `DELETE FROM bl`) }
