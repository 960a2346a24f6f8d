-- Applications registered in the tenant, which sign in to its Graph API
-- with their own credentials (client credentials) or on behalf of a user
-- (device code). permissions lists the Graph application permissions the
-- tenant granted, as JSON.
CREATE TABLE IF NOT EXISTS app_registrations (
    app_id       TEXT PRIMARY KEY,
    object_id    TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    permissions  TEXT NOT NULL DEFAULT '[]',
    created      INTEGER NOT NULL
);

-- A secret is kept as its SHA-256 only; a certificate as its DER bytes,
-- whose SHA-1 thumbprint (hex) names it in a client assertion.
CREATE TABLE IF NOT EXISTS app_credentials (
    key_id      TEXT PRIMARY KEY,
    app_id      TEXT NOT NULL REFERENCES app_registrations (app_id) ON DELETE CASCADE,
    type        TEXT NOT NULL CHECK (type IN ('Password', 'AsymmetricX509Cert')),
    hint        TEXT NOT NULL DEFAULT '',
    secret_hash TEXT NOT NULL DEFAULT '',
    certificate BLOB,
    thumbprint  TEXT NOT NULL DEFAULT '',
    start       INTEGER NOT NULL,
    expires     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS app_credentials_app ON app_credentials (app_id);

-- A device code sign-in waiting for a user to approve it from another
-- process; device_hash is the SHA-256 of the code the client polls with.
CREATE TABLE IF NOT EXISTS device_codes (
    device_hash TEXT PRIMARY KEY,
    user_code   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    app_id      TEXT NOT NULL REFERENCES app_registrations (app_id) ON DELETE CASCADE,
    scope       TEXT NOT NULL DEFAULT '',
    created     INTEGER NOT NULL,
    expires     INTEGER NOT NULL,
    approved_by TEXT NOT NULL DEFAULT '',
    redeemed    INTEGER NOT NULL DEFAULT 0
);
