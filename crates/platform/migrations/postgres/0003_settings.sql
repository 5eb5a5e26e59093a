-- Site-wide settings kept in the database so that every process shares them (the signing secret).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
