package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// baseline removes SPE_E3 from the listed users the plainest way: read the
// file, and per 5,000 rows issue the statements Invoke-LicenseBatch issues
// (find the users with their licenses, delete, count seats, disconnect
// mailboxes, write audit and batch rows with the same contents, count the
// batch's outcomes), prepared once as it prepares them, with none of its
// rules, checks or reporting.
func baseline(dbPath, list string) error {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	var e3 string
	if err := db.QueryRow(`SELECT sku_id FROM skus WHERE part_number = 'SPE_E3'`).Scan(&e3); err != nil {
		return err
	}
	partOf := map[string]string{}
	skus, err := db.Query(`SELECT sku_id, part_number FROM skus`)
	if err != nil {
		return err
	}
	for skus.Next() {
		var id, part string
		if err := skus.Scan(&id, &part); err != nil {
			return err
		}
		partOf[id] = part
	}
	skus.Close()
	res, err := db.Exec(`INSERT INTO batches (source_file, options, actor, started) VALUES (?, '{}', 'admin@contoso.com', ?)`, list, time.Now().Unix())
	if err != nil {
		return err
	}
	batch, _ := res.LastInsertId()
	rows, closeList, err := openList(list)
	if err != nil {
		return err
	}
	defer closeList()
	st := stmts{}
	defer func() {
		for _, s := range st {
			s.Close()
		}
	}()
	chunk := make([]string, 0, 5000)
	n := 1
	for {
		upn, err := rows()
		if err != nil && err != io.EOF {
			return err
		}
		if err == nil {
			chunk = append(chunk, upn)
		}
		if len(chunk) == cap(chunk) || err == io.EOF && len(chunk) > 0 {
			if err := baselineChunk(db, st, e3, partOf, batch, n, chunk); err != nil {
				return err
			}
			n += len(chunk)
			chunk = chunk[:0]
		}
		if err == io.EOF {
			return nil
		}
	}
}

func openList(path string) (func() (string, error), func(), error) {
	if filepath.Ext(path) == ".xlsx" {
		f, err := excelize.OpenFile(path)
		if err != nil {
			return nil, nil, err
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			return nil, nil, err
		}
		rows.Next()
		return func() (string, error) {
			if !rows.Next() {
				return "", io.EOF
			}
			cols, err := rows.Columns()
			if err != nil || len(cols) == 0 {
				return "", err
			}
			return cols[0], nil
		}, func() { rows.Close(); f.Close() }, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return nil, nil, err
	}
	return func() (string, error) {
		rec, err := r.Read()
		if err != nil {
			return "", err
		}
		return rec[0], nil
	}, func() { f.Close() }, nil
}

// stmts prepares each statement once for the whole run, as
// Invoke-LicenseBatch does.
type stmts map[string]*sql.Stmt

func (m stmts) get(db *sql.DB, tx *sql.Tx, query string) (*sql.Stmt, error) {
	st := m[query]
	if st == nil {
		var err error
		if st, err = db.Prepare(query); err != nil {
			return nil, err
		}
		m[query] = st
	}
	return tx.Stmt(st), nil
}

func (m stmts) exec(db *sql.DB, tx *sql.Tx, query string, args ...any) error {
	st, err := m.get(db, tx, query)
	if err != nil {
		return err
	}
	_, err = st.Exec(args...)
	return err
}

// insert runs query (ending in VALUES) for rows, in groups of 128 and then
// of the powers of two below, as Invoke-LicenseBatch does.
func (m stmts) insert(db *sql.DB, tx *sql.Tx, query string, rows [][]any) error {
	for group := 128; len(rows) > 0; group /= 2 {
		for len(rows) >= group {
			var args []any
			for _, r := range rows[:group] {
				args = append(args, r...)
			}
			if err := m.exec(db, tx, query+marks(group, len(rows[0])), args...); err != nil {
				return err
			}
			rows = rows[group:]
		}
	}
	return nil
}

func marks(n, width int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

func jsonList(keys []string) string {
	b, _ := json.Marshal(keys)
	return string(b)
}

func baselineChunk(db *sql.DB, st stmts, e3 string, partOf map[string]string, batch int64, first int, upns []string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	find, err := st.get(db, tx, `SELECT u.id, u.upn, coalesce(la.sku_id, ''), coalesce(la.source, ''),
		CASE WHEN la.source <> '' THEN coalesce((SELECT g.display_name FROM groups g WHERE g.id = la.source), '') ELSE '' END,
		coalesce(la.disabled_plans, '[]'), coalesce(la.state = 'Active', 0)
		FROM users u LEFT JOIN license_assignments la ON la.user_id = u.id
		WHERE u.deleted_at IS NULL AND u.upn IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return err
	}
	q, err := find.Query(jsonList(upns))
	if err != nil {
		return err
	}
	var holders []string
	upnOf := map[string]string{}
	held := map[string][]string{} // user id -> part numbers held, in order
	for q.Next() {
		var id, upn, sku, source, group, plans string
		var active bool
		if err := q.Scan(&id, &upn, &sku, &source, &group, &plans, &active); err != nil {
			return err
		}
		upnOf[id] = upn
		if sku != "" {
			held[id] = append(held[id], partOf[sku])
		}
		if sku == e3 && source == "" {
			holders = append(holders, id)
		}
	}
	q.Close()
	now := time.Now().Unix()
	removed := map[string]bool{}
	if len(holders) > 0 {
		list := jsonList(holders)
		if err := st.exec(db, tx, `DELETE FROM license_assignments WHERE source = '' AND sku_id = ? AND user_id IN (SELECT value FROM json_each(?))`, e3, list); err != nil {
			return err
		}
		if err := st.exec(db, tx, `UPDATE skus SET consumed = consumed - ? WHERE sku_id = ?`, len(holders), e3); err != nil {
			return err
		}
		if err := st.exec(db, tx, `UPDATE mailboxes SET state = 'Disconnected', purge_date = ? WHERE state IN ('Active', 'Inactive') AND user_id IN (SELECT value FROM json_each(?))`,
			now, list); err != nil {
			return err
		}
		// Invoke-LicenseBatch asks whether any OneDrive is retained before
		// reactivating the changed users' ones; this tenant has none.
		probe, err := st.get(db, tx, `SELECT 1 FROM onedrive WHERE state = 'Retained' LIMIT 1`)
		if err != nil {
			return err
		}
		r, err := probe.Query()
		if err != nil {
			return err
		}
		r.Close()
		var audit [][]any
		for _, h := range holders {
			removed[upnOf[h]] = true
			before := held[h]
			sort.Strings(before)
			var after []string
			for _, p := range before {
				if p != "SPE_E3" {
					after = append(after, p)
				}
			}
			b, _ := json.Marshal(before)
			a, _ := json.Marshal(after)
			audit = append(audit, []any{now, "admin@contoso.com", "Set user license", upnOf[h], "Removed SPE_E3", string(b), string(a), batch})
		}
		if err := st.insert(db, tx, `INSERT INTO audit_log (time, actor, operation, target, detail, before, after, batch_id) VALUES `, audit); err != nil {
			return err
		}
	}
	var recs [][]any
	type licenseRef struct {
		SkuID, PartNumber, ProductName string
		DisabledPlans                  []string
	}
	ref, _ := json.Marshal([]licenseRef{{SkuID: e3, PartNumber: "SPE_E3", ProductName: "Microsoft 365 E3"}})
	changed := 0
	for i, upn := range upns {
		status, detail, refs := "Changed", "Removed SPE_E3.", string(ref)
		if removed[upn] {
			changed++
		} else {
			status, detail, refs = "Skipped", fmt.Sprintf("User '%s' does not have license SPE_E3 (%s); nothing to remove.", upn, e3), "null"
		}
		recs = append(recs, []any{batch, first + i + 1, upn, status, detail, refs})
	}
	if err := st.insert(db, tx, `INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus) VALUES `, recs); err != nil {
		return err
	}
	if err := st.exec(db, tx, `UPDATE batches SET rows_total = rows_total + ?, changed = changed + ?, skipped = skipped + ?, failed = failed + ? WHERE id = ?`,
		len(upns), changed, len(upns)-changed, 0, batch); err != nil {
		return err
	}
	return tx.Commit()
}
