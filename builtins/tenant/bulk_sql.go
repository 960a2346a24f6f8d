package tenant

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// bulkSQL runs the statements of a batch or an import on the connection
// it keeps for the whole run, on which its transactions begin and end
// (Store.writeOn) and its working tables live. Statement texts never
// depend on a chunk's contents (lists of keys travel as one JSON array
// parameter read with json_each, rows to insert go in groups of fixed
// sizes), so each is prepared once for the run rather than once per chunk,
// which cost a batch more than running them.
type bulkSQL struct {
	store *Store
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	ckpt  *checkpointer // from the run's first commit
}

// openBulkSQL takes a connection of the pool for a run, with the run's
// settings after bulkCache.
func (s *Store) openBulkSQL(ctx context.Context, settings ...string) (*bulkSQL, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	b := &bulkSQL{store: s, conn: conn, stmts: map[string]*sql.Stmt{}}
	for _, q := range append([]string{bulkCache, walOff}, settings...) {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			b.close()
			return nil, err
		}
	}
	return b, nil
}

// bulkCache is the page cache of a run's connection: a chunk's pages stay
// in it until the chunk commits, and a batch's working tables up to it
// (spilling to a file beyond, so memory stays flat in the rows). Measured
// on 100,000 rows: a batch (wall, peak RSS) with the pool's 2 MB 1.30 s and
// 76 MB, 16 MB 1.26 s and 88 MB, 64 MB 1.25 s and 135 MB; an import with
// 2 MB spilled each 3,000-user chunk's pages to the WAL before its commit
// (2.09 s against 2.04 s). Mapping the file (mmap_size) gained nothing
// more, and its pages count in the process's memory.
const bulkCache = `PRAGMA cache_size = -16384`

// bulkReset puts a run's connection back as the pool hands it out.
var bulkReset = []string{`PRAGMA cache_size = -2000`, `PRAGMA temp_store = DEFAULT`, walOn}

// maxGroup is the most rows one INSERT statement carries; a chunk's rows
// go in groups of maxGroup and then of the powers of two below it, so at
// most eight statements exist per kind of row.
const maxGroup = 128

// writeOn runs fn in a transaction on the run's connection, as
// Store.writeOn does, and has what it committed checkpointed.
func (b *bulkSQL) writeOn(ctx context.Context, fn func(*Tx) error) error {
	if err := b.store.writeOn(ctx, b.conn, fn); err != nil {
		return err
	}
	b.committed(ctx)
	return nil
}

// committed has the log checkpointed after the run committed a
// transaction on its connection (bulk_checkpoint.go). Without a
// connection for that, the run's own checkpoints it, as SQLite would
// have: what the run committed stays committed either way.
func (b *bulkSQL) committed(ctx context.Context) {
	if b.ckpt == nil {
		c, err := b.store.startCheckpointer(context.WithoutCancel(ctx))
		if err != nil {
			b.conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(PASSIVE)`)
			return
		}
		b.ckpt = c
	}
	b.ckpt.committed(context.WithoutCancel(ctx))
}

// stmt is query prepared on the run's connection.
func (b *bulkSQL) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st := b.stmts[query]
	if st == nil {
		var err error
		if st, err = b.conn.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		b.stmts[query] = st
	}
	return st, nil
}

// exec runs a statement in tx, which runs on the run's connection.
func (b *bulkSQL) exec(tx *Tx, query string, args ...any) error {
	_, err := b.result(tx, query, args...)
	return err
}

// result runs a statement in tx and says what it did.
func (b *bulkSQL) result(tx *Tx, query string, args ...any) (sql.Result, error) {
	st, err := b.stmt(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	if traceStatement != nil {
		defer traced(query, time.Now())
	}
	return st.ExecContext(tx.ctx, args...)
}

// query runs a query in tx.
func (b *bulkSQL) query(tx *Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := b.stmt(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	if traceStatement != nil {
		defer traced(query, time.Now())
	}
	return st.QueryContext(tx.ctx, args...)
}

// traceStatement, when a benchmark sets it, is told how long each
// statement of a run took (a query's, to its first row), to show where a
// batch's time goes.
var traceStatement func(query string, took time.Duration)

func traced(query string, start time.Time) { traceStatement(query, time.Since(start)) }

// execRows runs query, which ends in VALUES, then suffix, for every row
// of arguments, many rows per statement. The arguments lead, the same for
// every row, are bound first, as ?1 and on, which query names before its
// VALUES.
func (b *bulkSQL) execRows(tx *Tx, query, suffix string, rows [][]any, lead ...any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	args := make([]any, 0, len(lead)+maxGroup*width)
	for group := maxGroup; len(rows) > 0; group /= 2 {
		for len(rows) >= group {
			args = append(args[:0], lead...)
			for _, r := range rows[:group] {
				args = append(args, r...)
			}
			if err := b.exec(tx, query+tuples(group, width)+suffix, args...); err != nil {
				return err
			}
			rows = rows[group:]
		}
	}
	return nil
}

// close releases the statements and gives the connection back.
func (b *bulkSQL) close() {
	if b.ckpt != nil {
		b.ckpt.stop()
	}
	for _, st := range b.stmts {
		st.Close()
	}
	b.stmts = nil
	for _, q := range bulkReset {
		b.conn.ExecContext(context.Background(), q)
	}
	b.conn.Close()
}

// tuples is "(?, ?), (?, ?)" for n rows of width parameters each.
func tuples(n, width int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var sb strings.Builder
	sb.Grow(n * (len(one) + 2))
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(one)
	}
	return sb.String()
}

// inJSON is the parameter of a `IN (SELECT value FROM json_each(?))` list.
func inJSON(keys []string) (string, error) {
	if keys == nil {
		keys = []string{}
	}
	b, err := json.Marshal(keys)
	return string(b), err
}

// jsonList is the IN list that reads its keys from one JSON array
// parameter.
const jsonList = `(SELECT value FROM json_each(?))`

// jsonMemo marshals the values a chunk's rows repeat (the same products
// removed from thousands of users) once each.
type jsonMemo struct {
	done map[string]string
	key  strings.Builder
}

func (m *jsonMemo) marshal(key string, v any) (string, error) {
	if j, ok := m.done[key]; ok {
		return j, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if m.done == nil {
		m.done = map[string]string{}
	}
	m.done[key] = string(b)
	return string(b), nil
}

// strings is list as JSON.
func (m *jsonMemo) strings(list []string) (string, error) {
	if list == nil {
		return m.marshal("\x00nil", list)
	}
	return m.marshal(strconv.Itoa(len(list))+"\x00"+strings.Join(list, "\x00"), list)
}

// refs is a row's removed licenses as JSON.
func (m *jsonMemo) refs(refs []LicenseRef) (string, error) {
	m.key.Reset()
	m.key.WriteString("\x01")
	if refs == nil {
		m.key.WriteString("nil")
	}
	for _, r := range refs {
		m.key.WriteString(r.SkuID)
		m.key.WriteString(r.PartNumber)
		m.key.WriteString("\x00")
		m.key.WriteString(r.ProductName)
		m.key.WriteString("\x00")
		if r.DisabledPlans == nil {
			m.key.WriteString("\x02")
		}
		for _, p := range r.DisabledPlans {
			m.key.WriteString(p)
			m.key.WriteString("\x00")
		}
		m.key.WriteString("\x01")
	}
	return m.marshal(m.key.String(), refs)
}
