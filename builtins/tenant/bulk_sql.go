package tenant

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
)

// bulkSQL runs a batch's statements. Their text never depends on a
// chunk's contents: lists of keys travel as one JSON array parameter read
// with json_each, and rows to insert in groups of fixed sizes. So each
// statement is prepared once for the whole batch rather than once per
// chunk, which cost a batch more than running them.
type bulkSQL struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

// maxGroup is the most rows one INSERT statement carries; a chunk's rows
// go in groups of maxGroup and then of the powers of two below it, so at
// most eight statements exist per kind of row.
const maxGroup = 128

// stmt is query prepared for tx's connection.
func (b *bulkSQL) stmt(tx *Tx, query string) (*sql.Stmt, error) {
	st := b.stmts[query]
	if st == nil {
		var err error
		if st, err = b.db.PrepareContext(tx.ctx, query); err != nil {
			return nil, err
		}
		if b.stmts == nil {
			b.stmts = map[string]*sql.Stmt{}
		}
		b.stmts[query] = st
	}
	return tx.tx.StmtContext(tx.ctx, st), nil
}

// exec runs a statement of the batch in tx.
func (b *bulkSQL) exec(tx *Tx, query string, args ...any) error {
	st, err := b.stmt(tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(tx.ctx, args...)
	return err
}

// query runs a query of the batch in tx.
func (b *bulkSQL) query(tx *Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := b.stmt(tx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.ctx, args...)
}

// execRows runs query, which ends in VALUES, then suffix, for every row
// of arguments, many rows per statement.
func (b *bulkSQL) execRows(tx *Tx, query, suffix string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	args := make([]any, 0, maxGroup*width)
	for group := maxGroup; len(rows) > 0; group /= 2 {
		for len(rows) >= group {
			args = args[:0]
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

// close releases the statements at the end of the batch.
func (b *bulkSQL) close() {
	for _, st := range b.stmts {
		st.Close()
	}
	b.stmts = nil
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
