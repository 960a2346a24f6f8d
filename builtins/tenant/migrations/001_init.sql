-- The tenant: one row, created by Initialize.
CREATE TABLE tenant (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    tenant_id      TEXT NOT NULL,
    name           TEXT NOT NULL,
    default_domain TEXT NOT NULL,
    -- The tenant clock: a fixed instant (unix seconds) or an offset from real time.
    clock_fixed    INTEGER,
    clock_offset   INTEGER NOT NULL DEFAULT 0,
    acting_admin   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    upn                 TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name        TEXT NOT NULL DEFAULT '',
    given_name          TEXT NOT NULL DEFAULT '',
    surname             TEXT NOT NULL DEFAULT '',
    mail                TEXT NOT NULL DEFAULT '',
    department          TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    job_title           TEXT NOT NULL DEFAULT '',
    usage_location      TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    user_type           TEXT NOT NULL DEFAULT 'Member',
    account_enabled     INTEGER NOT NULL DEFAULT 1,
    on_prem_sync        INTEGER NOT NULL DEFAULT 0,
    created             INTEGER NOT NULL,
    deleted_at          INTEGER
);
CREATE INDEX users_department ON users (department);
CREATE INDEX users_usage_location ON users (usage_location);
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;

-- skus are the products the tenant knows, copied from the catalog when a
-- subscription is added so the file stands on its own. consumed is kept up
-- to date by every write: the number of live users holding the SKU.
CREATE TABLE skus (
    sku_id      TEXT PRIMARY KEY,
    part_number TEXT NOT NULL COLLATE NOCASE,
    name        TEXT NOT NULL,
    plans       TEXT NOT NULL DEFAULT '[]',
    consumed    INTEGER NOT NULL DEFAULT 0 CHECK (consumed >= 0)
);
CREATE INDEX skus_part_number ON skus (part_number);

CREATE TABLE subscriptions (
    id           TEXT PRIMARY KEY,
    sku_id       TEXT NOT NULL REFERENCES skus (sku_id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 0),
    status       TEXT NOT NULL CHECK (status IN ('Enabled', 'Warning', 'Suspended', 'LockedOut')),
    self_service INTEGER NOT NULL DEFAULT 0,
    purchased_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created      INTEGER NOT NULL,
    taken_over   INTEGER
);
CREATE INDEX subscriptions_sku ON subscriptions (sku_id);

CREATE TABLE groups (
    id           TEXT PRIMARY KEY,
    display_name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    created      INTEGER NOT NULL
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE group_licenses (
    group_id       TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    sku_id         TEXT NOT NULL REFERENCES skus (sku_id),
    disabled_plans TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (group_id, sku_id)
);

-- source is '' for a direct assignment or the id of the group it comes from;
-- '' rather than NULL so the unique key holds for direct assignments too.
CREATE TABLE license_assignments (
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sku_id         TEXT NOT NULL REFERENCES skus (sku_id),
    source         TEXT NOT NULL DEFAULT '',
    disabled_plans TEXT NOT NULL DEFAULT '[]',
    assigned_at    INTEGER NOT NULL,
    state          TEXT NOT NULL DEFAULT 'Active',
    error          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, sku_id, source)
) WITHOUT ROWID;
CREATE INDEX license_assignments_sku ON license_assignments (sku_id, user_id);

CREATE TABLE role_assignments (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (user_id, role)
);

-- Mailboxes and OneDrives outlive their user (an inactive mailbox keeps its
-- data after the user is gone), so they copy the UPN and have no foreign key.
CREATE TABLE mailboxes (
    user_id           TEXT PRIMARY KEY,
    upn               TEXT NOT NULL COLLATE NOCASE,
    state             TEXT NOT NULL CHECK (state IN ('Active', 'Disconnected', 'Purged', 'Inactive')),
    purge_date        INTEGER,
    purged_at         INTEGER,
    litigation_hold   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mailboxes_purge ON mailboxes (purge_date) WHERE state = 'Disconnected';

CREATE TABLE onedrive (
    user_id     TEXT PRIMARY KEY,
    upn         TEXT NOT NULL COLLATE NOCASE,
    state       TEXT NOT NULL CHECK (state IN ('Active', 'Retained', 'Deleted')),
    delete_date INTEGER
);
CREATE INDEX onedrive_delete ON onedrive (delete_date) WHERE state = 'Retained';

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    source_file TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '{}',
    actor       TEXT NOT NULL DEFAULT '',
    started     INTEGER NOT NULL,
    finished    INTEGER,
    rows_total  INTEGER NOT NULL DEFAULT 0,
    changed     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE batch_rows (
    batch_id       INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    row_number     INTEGER NOT NULL,
    identity       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    removed_skus   TEXT NOT NULL DEFAULT '[]',
    disabled_plans TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (batch_id, row_number)
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    operation TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    batch_id  INTEGER
);
CREATE INDEX audit_log_target ON audit_log (target COLLATE NOCASE);
CREATE INDEX audit_log_batch ON audit_log (batch_id) WHERE batch_id IS NOT NULL;
