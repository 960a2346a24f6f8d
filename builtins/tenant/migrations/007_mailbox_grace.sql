-- A mailbox whose user's last license with Exchange went is disconnected
-- until its purge date: that is a row here, not a change of the mailbox's
-- own row, which a batch would rewrite (and grow) for every user it
-- changes. A mailbox is read through data.go's mailboxState and
-- mailboxPurge, which apply this row to what the mailbox's row holds, and
-- any change of the mailbox's state first settles the row into it
-- (settleMailbox), as does the tenant clock at the purge date.
CREATE TABLE mailbox_grace (
    user_id    TEXT PRIMARY KEY,
    purge_date INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mailbox_grace_purge ON mailbox_grace (purge_date);
