package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// baseline removes SPE_E3 from the listed users the plainest way: read the
// file, and per 1,000 rows issue the statements Invoke-LicenseBatch issues
// (find the users, read their licenses, delete, count seats, disconnect
// mailboxes, write audit and batch rows), with none of its rules, checks
// or reporting.
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
	chunk := make([]string, 0, 1000)
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
			if err := baselineChunk(db, e3, batch, n, chunk); err != nil {
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

func args(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func marks(n, width int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

func baselineChunk(db *sql.DB, e3 string, batch int64, first int, upns []string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	in := strings.TrimSuffix(strings.Repeat("?, ", len(upns)), ", ")
	q, err := tx.Query(`SELECT id, upn FROM users WHERE deleted_at IS NULL AND upn IN (`+in+`)`, args(upns)...)
	if err != nil {
		return err
	}
	var ids []string
	upnOf := map[string]string{}
	for q.Next() {
		var id, upn string
		if err := q.Scan(&id, &upn); err != nil {
			return err
		}
		ids = append(ids, id)
		upnOf[id] = upn
	}
	q.Close()
	if len(ids) == 0 {
		return tx.Commit()
	}
	idIn := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	q, err = tx.Query(`SELECT user_id, sku_id, source, disabled_plans, state FROM license_assignments WHERE user_id IN (`+idIn+`)`, args(ids)...)
	if err != nil {
		return err
	}
	var holders []string
	for q.Next() {
		var user, sku, source, plans, state string
		if err := q.Scan(&user, &sku, &source, &plans, &state); err != nil {
			return err
		}
		if sku == e3 && source == "" {
			holders = append(holders, user)
		}
	}
	q.Close()
	if len(holders) > 0 {
		hIn := strings.TrimSuffix(strings.Repeat("?, ", len(holders)), ", ")
		if _, err := tx.Exec(`DELETE FROM license_assignments WHERE source = '' AND sku_id = ? AND user_id IN (`+hIn+`)`, append([]any{e3}, args(holders)...)...); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE skus SET consumed = consumed - ? WHERE sku_id = ?`, len(holders), e3); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE mailboxes SET state = 'Disconnected', purge_date = ? WHERE state IN ('Active', 'Inactive') AND user_id IN (`+hIn+`)`,
			append([]any{time.Now().Unix()}, args(holders)...)...); err != nil {
			return err
		}
		var audit []any
		for _, h := range holders {
			before, _ := json.Marshal([]string{"SPE_E3"})
			audit = append(audit, time.Now().Unix(), "admin@contoso.com", "Set user license", upnOf[h], "Removed SPE_E3", string(before), "null", batch)
		}
		if _, err := tx.Exec(`INSERT INTO audit_log (time, actor, operation, target, detail, before, after, batch_id) VALUES `+marks(len(holders), 8), audit...); err != nil {
			return err
		}
	}
	var recs []any
	for i, upn := range upns {
		removed, _ := json.Marshal([]map[string]string{{"SkuID": e3}})
		recs = append(recs, batch, first+i+1, upn, "Changed", fmt.Sprintf("Removed %s.", "SPE_E3"), string(removed))
	}
	if _, err := tx.Exec(`INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus) VALUES `+marks(len(upns), 6), recs...); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE batches SET rows_total = rows_total + ? WHERE id = ?`, len(upns), batch); err != nil {
		return err
	}
	return tx.Commit()
}
