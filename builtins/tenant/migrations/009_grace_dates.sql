-- The purge dates of grace rows, each once. The tenant clock settles the
-- grace rows of a date once it has passed (lifecycle.go's expire), which
-- an index on every row's date did at the cost of an entry for each user
-- a batch leaves without a mailbox license. A date may outlive its rows
-- (a license given back settles a row); expire drops it once passed.
CREATE TABLE grace_dates (purge_date INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO grace_dates (purge_date) SELECT DISTINCT purge_date FROM mailbox_grace;
DROP INDEX mailbox_grace_purge;
