-- What Exchange Online scripts change beyond a mailbox's type: its archive
-- (with auto-expanding archiving) and its automatic replies, kept as
-- Exchange's configuration in JSON; and of a mail-enabled group, whether it
-- is hidden from the address lists, whether only senders inside the
-- organization may mail it, and, for a Microsoft 365 group, its privacy.
ALTER TABLE mailboxes ADD COLUMN archive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN auto_expanding_archive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN auto_reply TEXT NOT NULL DEFAULT '{}';
ALTER TABLE groups ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN require_sender_auth INTEGER NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN access_type TEXT NOT NULL DEFAULT 'Public' CHECK (access_type IN ('Public', 'Private'));
