-- A build is a rig file kept with every version; the row in builds points at its newest version, and its version
-- number is the ETag that a save must name (If-Match). Written to run unchanged on SQLite and PostgreSQL.
CREATE TABLE builds (
    id VARCHAR(32) NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64) NOT NULL,
    version INTEGER NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    updated_at VARCHAR(40) NOT NULL
);

CREATE TABLE build_versions (
    build_id VARCHAR(32) NOT NULL REFERENCES builds (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    yaml TEXT NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (build_id, version)
);
