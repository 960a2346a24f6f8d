-- A batch records each user it changed in one row of batch_changes, rather
-- than in an audit row and a batch row apiece: what a change did is shared
-- by every user the batch changed alike, in batch_kinds. The audit log
-- shows one entry per changed user from the two (audit.go), and a change's
-- id is its place among the audit log's ids, so the entries of batches and
-- of single changes keep one order.
CREATE TABLE batch_kinds (
    batch_id INTEGER NOT NULL,
    kind     INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    -- The row's Detail, with char(31) where the user's UPN goes, and the
    -- audit entry's.
    detail   TEXT NOT NULL,
    audit    TEXT NOT NULL,
    before   TEXT NOT NULL,
    after    TEXT NOT NULL,
    -- The removed licenses ([]LicenseRef as JSON), for undo.
    removed  TEXT NOT NULL,
    PRIMARY KEY (batch_id, kind)
) WITHOUT ROWID;

CREATE TABLE batch_changes (
    id         INTEGER PRIMARY KEY,
    batch_id   INTEGER NOT NULL,
    row_number INTEGER NOT NULL,
    upn        TEXT NOT NULL,
    kind       INTEGER NOT NULL,
    time       INTEGER NOT NULL,
    given      INTEGER
);
CREATE UNIQUE INDEX batch_changes_row ON batch_changes (batch_id, row_number);

-- given is a hash of the identity a row gave, by which a resumed batch
-- knows its list is still the one it read (bulk_stage.go).
ALTER TABLE batch_rows ADD COLUMN given INTEGER;
