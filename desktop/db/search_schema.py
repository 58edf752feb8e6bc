"""The full-text search index (SQLite FTS5, trigram tokenizer) and the triggers that keep
it in step with every write to the searchable tables, whoever makes the write.

Index rows are numbered in list order. ``reorder_statements`` gives every record of a
kind a row number (``search_doc.rowid``, the FTS rowid) in the order of its list
(``sort_name``, then id) and keeps each kind's range in ``search_block``. A search then
reads its matches in list order straight from the index (``ORDER BY rowid``) and stops
after one page, however many records match: a million people searched for ``ประ`` (95,000
matches) cost as little as ``กนกวรรณ``. Rows added or renamed later are numbered after
every range (the "tail": the insert and rename triggers give them the next number past
all of it), found there by the same index and sorted among the page; a new reorder (a
migration, a bulk load) folds the tail back into order."""

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

# The next row number: past every row and every ordered range (a number freed at the top
# of a range must not be taken again by a record that does not sort there).
_NEXT_ROW = ("max((SELECT coalesce(max(rowid), 0) FROM search_doc), "
             "(SELECT coalesce(max(high), 0) FROM search_block)) + 1")

BLOCK_TABLE = ("CREATE TABLE IF NOT EXISTS search_block (kind VARCHAR(16) NOT NULL PRIMARY KEY, "
               "low INTEGER NOT NULL, high INTEGER NOT NULL)")
TRIGGER_OPS = ("insert", "update", "rename", "delete")


def table_statements() -> list[str]:
    return [
        "CREATE TABLE search_doc (rowid INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
        "record_id CHAR(32) NOT NULL UNIQUE)",
        "CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize='trigram')",
        BLOCK_TABLE,
    ]


def trigger_statements() -> list[str]:
    statements = []
    for kind, (table, body) in SEARCHABLE.items():
        add = (f"INSERT INTO search_doc(rowid, kind, record_id) VALUES ({_NEXT_ROW}, '{kind}', NEW.id); "
               f"INSERT INTO search_text(rowid, body) VALUES (last_insert_rowid(), {body}); ")
        remove = ("DELETE FROM search_text WHERE rowid = (SELECT rowid FROM search_doc WHERE record_id = OLD.id); "
                  "DELETE FROM search_doc WHERE record_id = OLD.id; ")
        statements += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {add}END",
            # The same place in the list: the text changes where it is.
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} "
            f"WHEN OLD.sort_name IS NEW.sort_name BEGIN "
            f"UPDATE search_text SET body = {body} WHERE rowid = "
            f"(SELECT rowid FROM search_doc WHERE record_id = NEW.id); END",
            # A new place in the list: the row moves to the tail, out of the ordered range.
            f"CREATE TRIGGER search_{table}_rename AFTER UPDATE ON {table} "
            f"WHEN OLD.sort_name IS NOT NEW.sort_name BEGIN {remove}{add}END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {remove}END",
        ]
    return statements


def create_statements() -> list[str]:
    return table_statements() + trigger_statements()


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


def drop_trigger_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS search_{table}_{op}" for table, _ in SEARCHABLE.values() for op in TRIGGER_OPS]


def drop_statements() -> list[str]:
    return drop_trigger_statements() + ["DROP TABLE IF EXISTS search_text", "DROP TABLE IF EXISTS search_doc",
                                        "DROP TABLE IF EXISTS search_block"]


_LOAD_HASHSIZE, _HASHSIZE = 64 * 1024 * 1024, 1024 * 1024   # FTS5's in-memory batch: for the load; its default


def reorder_statements() -> list[str]:
    """Number every index row in its kind's list order (``sort_name``, id), each kind in
    one range recorded in ``search_block``, and index the text again under the new
    numbers (the FTS table is made anew: a million people in one to two minutes).
    Runs inside the caller's transaction; rows the triggers add later go to the tail."""
    statements = [
        BLOCK_TABLE,
        # room for the index pages the rows are written into (in a random order of ids)
        "PRAGMA cache_size = -262144",
        "DROP TABLE IF EXISTS temp.search_renumber",
        "DROP TABLE IF EXISTS temp.search_moved",
        "CREATE TEMP TABLE search_renumber (new INTEGER PRIMARY KEY, old INTEGER NOT NULL UNIQUE, "
        "kind VARCHAR(16) NOT NULL)",
    ]
    for kind, (table, _body) in SEARCHABLE.items():
        statements.append(
            f"INSERT INTO temp.search_renumber(old, kind) SELECT d.rowid, '{kind}' FROM {table} AS x "
            f"JOIN search_doc AS d ON d.record_id = x.id ORDER BY x.sort_name, x.id")
    statements += [
        # rows of no known record, if any: kept, after every range
        "INSERT INTO temp.search_renumber(old, kind) SELECT rowid, '' FROM search_doc "
        "WHERE rowid NOT IN (SELECT old FROM temp.search_renumber) ORDER BY rowid",
        "CREATE TEMP TABLE search_moved AS SELECT r.new AS new, d.kind AS kind, d.record_id AS record_id, "
        "t.body AS body FROM search_text AS t JOIN search_doc AS d ON d.rowid = t.rowid "
        "JOIN temp.search_renumber AS r ON r.old = t.rowid",
        "DELETE FROM search_block",
        "INSERT INTO search_block(kind, low, high) SELECT kind, min(new), max(new) FROM temp.search_renumber "
        "WHERE kind <> '' GROUP BY kind",
        "DELETE FROM search_doc",
        "DROP TABLE search_text",
        "CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize='trigram')",
        "INSERT INTO search_doc(rowid, kind, record_id) SELECT new, kind, record_id FROM temp.search_moved "
        "ORDER BY new",
        f"INSERT INTO search_text(search_text, rank) VALUES ('hashsize', {_LOAD_HASHSIZE})",
        "INSERT INTO search_text(rowid, body) SELECT new, body FROM temp.search_moved ORDER BY new",
        f"INSERT INTO search_text(search_text, rank) VALUES ('hashsize', {_HASHSIZE})",
        "DROP TABLE temp.search_moved",
        "DROP TABLE temp.search_renumber",
        "PRAGMA cache_size = -2000",   # SQLite's default again: the pages go back
    ]
    return statements
