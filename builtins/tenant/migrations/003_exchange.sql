-- Exchange Online. A mailbox is its user's (Regular) or shared: a shared
-- mailbox needs no license and stays when its user's license goes. It may
-- forward mail and be hidden from the address lists, and other users may
-- hold permissions on it.
ALTER TABLE mailboxes ADD COLUMN type TEXT NOT NULL DEFAULT 'Regular' CHECK (type IN ('Regular', 'Shared'));
ALTER TABLE mailboxes ADD COLUMN forwarding TEXT NOT NULL DEFAULT '';
ALTER TABLE mailboxes ADD COLUMN deliver_and_forward INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

-- Permissions outlive neither the mailbox nor the user they are given to.
CREATE TABLE mailbox_permissions (
    mailbox_id TEXT NOT NULL REFERENCES mailboxes (user_id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rights     TEXT NOT NULL,
    PRIMARY KEY (mailbox_id, user_id, rights)
) WITHOUT ROWID;
CREATE INDEX mailbox_permissions_user ON mailbox_permissions (user_id);

-- A group is a security group (the groups made before this kind existed),
-- a distribution group, a mail-enabled security group or a Microsoft 365
-- group; the mail-enabled kinds have an alias and a primary SMTP address.
ALTER TABLE groups ADD COLUMN kind TEXT NOT NULL DEFAULT 'Security'
    CHECK (kind IN ('Security', 'Distribution', 'MailEnabledSecurity', 'Microsoft365'));
ALTER TABLE groups ADD COLUMN alias TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE groups ADD COLUMN mail TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
CREATE UNIQUE INDEX groups_mail ON groups (mail) WHERE mail <> '';

CREATE TABLE group_owners (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_owners_user ON group_owners (user_id);
