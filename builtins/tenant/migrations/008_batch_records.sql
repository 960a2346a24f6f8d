-- A batch records every row it decided by a kind of change in
-- batch_changes, the rows it left unchanged too (a kind of no change, with
-- a negative number, whose words batch_kinds keeps with their status), so
-- that such a row is a few numbers and its UPN rather than a batch_rows
-- row with its own words. Only changes (positive kinds) are audit entries.
ALTER TABLE batch_kinds ADD COLUMN status TEXT NOT NULL DEFAULT 'Changed';

-- A change is found by its batch and row, which is now its key: a second
-- index, on the audit id, cost a batch a B-tree entry per row. The next
-- audit id comes from each batch's last, kept with the batch.
ALTER TABLE batches ADD COLUMN last_change INTEGER;
UPDATE batches SET last_change = (SELECT max(c.id) FROM batch_changes c WHERE c.batch_id = batches.id);

CREATE TABLE batch_changes_008 (
    batch_id   INTEGER NOT NULL,
    row_number INTEGER NOT NULL,
    id         INTEGER NOT NULL,
    upn        TEXT NOT NULL,
    kind       INTEGER NOT NULL,
    time       INTEGER NOT NULL,
    given      INTEGER,
    PRIMARY KEY (batch_id, row_number)
) WITHOUT ROWID;
INSERT INTO batch_changes_008 (batch_id, row_number, id, upn, kind, time, given)
    SELECT batch_id, row_number, id, upn, kind, time, given FROM batch_changes;
DROP TABLE batch_changes;
ALTER TABLE batch_changes_008 RENAME TO batch_changes;
