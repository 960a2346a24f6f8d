-- The next audit id reads the largest of the batches' last ids on every
-- audit entry (nextAuditID): an index makes that one step, not a read of
-- every batch a tenant ever ran.
CREATE INDEX batches_last_change ON batches (last_change);
