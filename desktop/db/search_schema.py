"""The full-text search index (SQLite FTS5, trigram tokenizer) and the triggers that keep
it in step with every write to the searchable tables, whoever makes the write."""

from __future__ import annotations

# kind -> (table, SQL expression over NEW that gives the searchable text)
SEARCHABLE: dict[str, tuple[str, str]] = {
    "person": ("person", "coalesce(NEW.prefix_th,'') || coalesce(NEW.first_name_th,'') || ' ' || "
               "coalesce(NEW.last_name_th,'') || ' ' || coalesce(NEW.first_name_en,'') || ' ' || "
               "coalesce(NEW.last_name_en,'') || ' ' || coalesce(NEW.position,'') || ' ' || "
               "coalesce(NEW.email,'') || ' ' || coalesce(NEW.phone,'')"),
    "project": ("project", "coalesce(NEW.code,'') || ' ' || NEW.title_th || ' ' || "
                "coalesce(NEW.title_en,'') || ' ' || coalesce(NEW.topic,'') || ' ' || "
                "coalesce(NEW.problem,'') || ' ' || coalesce(NEW.target_group,'')"),
    "activity": ("activity", "NEW.title_th || ' ' || coalesce(NEW.title_en,'') || ' ' || "
                 "coalesce(NEW.venue,'') || ' ' || coalesce(NEW.chair_text,'')"),
    "agency": ("agency", "NEW.name_th || ' ' || coalesce(NEW.name_en,'') || ' ' || "
               "coalesce(NEW.abbr_th,'')"),
}


def create_statements() -> list[str]:
    statements = [
        "CREATE TABLE search_doc (rowid INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
        "record_id CHAR(32) NOT NULL UNIQUE)",
        "CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize='trigram')",
    ]
    for kind, (table, body) in SEARCHABLE.items():
        statements += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_doc(kind, record_id) VALUES ('{kind}', NEW.id); "
            f"INSERT INTO search_text(rowid, body) VALUES (last_insert_rowid(), {body}); END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN "
            f"UPDATE search_text SET body = {body} WHERE rowid = "
            f"(SELECT rowid FROM search_doc WHERE record_id = NEW.id); END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_text WHERE rowid = (SELECT rowid FROM search_doc WHERE record_id = OLD.id); "
            f"DELETE FROM search_doc WHERE record_id = OLD.id; END",
        ]
    return statements


def backfill_statements() -> list[str]:
    statements = []
    for kind, (table, body) in SEARCHABLE.items():
        row_body = body.replace("NEW.", f"{table}.")
        statements += [
            f"INSERT INTO search_doc(kind, record_id) SELECT '{kind}', id FROM {table}",
            f"INSERT INTO search_text(rowid, body) SELECT search_doc.rowid, {row_body} "
            f"FROM {table} JOIN search_doc ON search_doc.record_id = {table}.id",
        ]
    return statements


def drop_statements() -> list[str]:
    statements = []
    for table, _ in SEARCHABLE.values():
        statements += [f"DROP TRIGGER IF EXISTS search_{table}_{op}" for op in ("insert", "update", "delete")]
    return statements + ["DROP TABLE IF EXISTS search_text", "DROP TABLE IF EXISTS search_doc"]
