-- An undo finds each row's change in its batch by target: one index seek
-- per row instead of a scan of the batch's audit rows.
CREATE INDEX audit_log_batch_target ON audit_log (batch_id, target COLLATE NOCASE, id) WHERE batch_id IS NOT NULL;
