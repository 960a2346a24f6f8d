package tenant

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"
)

// RestoreResult reports a restored user and which of their licenses came
// back: a license returns only where its product still has a seat.
type RestoreResult struct {
	User        User
	Restored    []SkuRef
	NotRestored []SkuRef
	Data        UserData
}

// RemoveUser soft-deletes a user.
func (s *Store) RemoveUser(ctx context.Context, identity string) (User, error) {
	return writeResult(ctx, s, func(tx *Tx) (User, error) {
		return tx.RemoveUser(identity)
	})
}

// RemoveUser soft-deletes a user (rule 6): their seats are free at once,
// they can be restored for GracePeriod, their OneDrive is retained that
// long, and their mailbox is disconnected, or becomes inactive and keeps its
// data when it is on litigation hold under an Enterprise SKU (rule 5).
func (tx *Tx) RemoveUser(identity string) (User, error) {
	if err := tx.requireRole(GlobalAdministrator, UserAdministrator); err != nil {
		return User{}, err
	}
	var u User
	err := tx.atomic(func() error {
		var err error
		if u, err = tx.ResolveUser(identity); err != nil {
			return err
		}
		if strings.EqualFold(u.UserPrincipalName, tx.actor) {
			return errDeleteSelf()
		}
		_, enterprise, _, err := tx.servicePlans(u.ID)
		if err != nil {
			return err
		}
		held, err := tx.held(u.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE users SET deleted_at = ? WHERE id = ?`, tx.now.Unix(), u.ID); err != nil {
			return err
		}
		if err := tx.countSeats(held, nil); err != nil {
			return err
		}
		if err := tx.retainData(u.ID, enterprise, tx.now); err != nil {
			return err
		}
		u.DeletedDateTime = tx.now
		return tx.audit("Delete user", u.UserPrincipalName, "", u.Licenses, nil)
	})
	return u, err
}

// retainData is what a user's deletion does to their data: their OneDrive
// is retained for GracePeriod from the deletion, their mailbox is
// disconnected as long, or becomes inactive and keeps its data when it is
// on litigation hold and enterprise (rule 5).
func (tx *Tx) retainData(userID string, enterprise bool, deleted time.Time) error {
	if err := tx.settleMailbox(userID); err != nil {
		return err
	}
	purge := deleted.Add(GracePeriod).Unix()
	if _, err := tx.exec(`UPDATE mailboxes SET
			state = CASE WHEN litigation_hold AND ? THEN 'Inactive' ELSE 'Disconnected' END,
			purge_date = CASE WHEN litigation_hold AND ? THEN NULL ELSE min(coalesce(purge_date, ?), ?) END
		WHERE user_id = ? AND state IN ('Active', 'Disconnected')`, enterprise, enterprise, purge, purge, userID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE onedrive SET state = 'Retained', delete_date = ? WHERE user_id = ? AND state = 'Active'`, purge, userID)
	return err
}

// RestoreUser brings back a soft-deleted user.
func (s *Store) RestoreUser(ctx context.Context, identity string) (RestoreResult, error) {
	return writeResult(ctx, s, func(tx *Tx) (RestoreResult, error) {
		return tx.RestoreUser(identity)
	})
}

// RestoreUser brings back a user deleted less than GracePeriod ago (rule 6).
// Each license comes back only if its product has a seat; a direct one that
// does not is dropped, a group one is kept in the error state.
func (tx *Tx) RestoreUser(identity string) (RestoreResult, error) {
	if err := tx.requireRole(GlobalAdministrator, UserAdministrator); err != nil {
		return RestoreResult{}, err
	}
	var r RestoreResult
	err := tx.atomic(func() error {
		upn, id := lookupKey(identity)
		var userID string
		err := tx.queryRow(`SELECT id FROM users WHERE (upn = ? OR id = ?) AND deleted_at IS NOT NULL`, upn, id).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrUserNotFound(identity)
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE users SET deleted_at = NULL WHERE id = ?`, userID); err != nil {
			return err
		}
		skus, err := tx.loadSkus()
		if err != nil {
			return err
		}
		held, err := tx.held(userID)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(held))
		for sku := range held {
			ids = append(ids, sku)
		}
		sort.Strings(ids)
		kept := map[string]bool{}
		for _, sku := range ids {
			k := skus[sku]
			if k.available() > 0 {
				kept[sku] = true
				r.Restored = append(r.Restored, k.ref())
				continue
			}
			r.NotRestored = append(r.NotRestored, k.ref())
			if _, err := tx.exec(`DELETE FROM license_assignments WHERE user_id = ? AND sku_id = ? AND source = ''`, userID, sku); err != nil {
				return err
			}
			if _, err := tx.exec(`UPDATE license_assignments SET state = 'Error', error = 'CountViolation'
				WHERE user_id = ? AND sku_id = ? AND source <> ''`, userID, sku); err != nil {
				return err
			}
		}
		if err := tx.countSeats(nil, kept); err != nil {
			return err
		}
		if r.User, err = tx.ResolveUser(userID); err != nil {
			return err
		}
		if err := tx.syncData(userID, r.User.UserPrincipalName); err != nil {
			return err
		}
		if r.Data, err = tx.userData(userID); err != nil {
			return err
		}
		return tx.audit("Restore user", r.User.UserPrincipalName, "", nil, r.User.Licenses)
	})
	return r, err
}

// DeletedUsers lists the users that can still be restored, most recently
// deleted first.
func (s *Store) DeletedUsers(ctx context.Context) ([]User, error) {
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	return s.queryUsers(ctx, `SELECT `+userColumns+` FROM users u WHERE u.deleted_at > ? ORDER BY u.deleted_at DESC, u.upn`,
		now.Add(-GracePeriod).Unix())
}

// expire records what the tenant clock says has run out: users deleted
// more than GracePeriod ago are gone for good, disconnected mailboxes past
// their purge date are purged, and retained OneDrives are deleted. Reads
// already show these states; this makes them permanent before a write.
func (tx *Tx) expire() error {
	now := tx.now.Unix()
	type gone struct {
		id, upn string
		at      int64
	}
	collect := func(query string, args ...any) ([]gone, error) {
		rows, err := tx.query(query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []gone
		for rows.Next() {
			var g gone
			if err := rows.Scan(&g.id, &g.upn, &g.at); err != nil {
				return nil, err
			}
			out = append(out, g)
		}
		return out, rows.Err()
	}
	users, err := collect(`SELECT id, upn, deleted_at FROM users WHERE deleted_at <= ?`, tx.now.Add(-GracePeriod).Unix())
	if err != nil {
		return err
	}
	for _, g := range users {
		if _, err := tx.exec(`DELETE FROM users WHERE id = ?`, g.id); err != nil {
			return err
		}
		if err := tx.auditAs(SystemActor, "Permanently delete user", g.upn, "", nil, nil); err != nil {
			return err
		}
	}
	// Grace rows past their purge date are settled first, so that their
	// mailboxes are purged with the others, in the same order. Their dates
	// say whether any is, without reading the rows.
	var due bool
	if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM grace_dates WHERE purge_date <= ?)`, now).Scan(&due); err != nil {
		return err
	}
	if due {
		for _, q := range []string{
			`UPDATE mailboxes AS m SET state = ` + mailboxState + `, purge_date = ` + mailboxPurge + `
			FROM mailbox_grace g WHERE g.user_id = m.user_id AND g.purge_date <= ?`,
			`DELETE FROM mailbox_grace WHERE purge_date <= ?`,
			`DELETE FROM grace_dates WHERE purge_date <= ?`,
		} {
			if _, err := tx.exec(q, now); err != nil {
				return err
			}
		}
	}
	mailboxes, err := collect(`SELECT user_id, upn, purge_date FROM mailboxes WHERE state = 'Disconnected' AND purge_date <= ?`, now)
	if err != nil {
		return err
	}
	for _, g := range mailboxes {
		if _, err := tx.exec(`UPDATE mailboxes SET state = 'Purged', purge_date = NULL, purged_at = ? WHERE user_id = ?`, g.at, g.id); err != nil {
			return err
		}
		if err := tx.auditAs(SystemActor, "Purge mailbox", g.upn, "", MailboxDisconnected, MailboxPurged); err != nil {
			return err
		}
	}
	drives, err := collect(`SELECT user_id, upn, delete_date FROM onedrive WHERE state = 'Retained' AND delete_date <= ?`, now)
	if err != nil {
		return err
	}
	for _, g := range drives {
		if _, err := tx.exec(`UPDATE onedrive SET state = 'Deleted', delete_date = NULL WHERE user_id = ?`, g.id); err != nil {
			return err
		}
		if err := tx.auditAs(SystemActor, "Delete OneDrive", g.upn, "", OneDriveRetained, OneDriveDeleted); err != nil {
			return err
		}
	}
	return nil
}
