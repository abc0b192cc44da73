"""The DuckDB file: small row groups on every connection, and readers that see what writers loaded."""

from __future__ import annotations

from warehouse import store


def test_every_load_keeps_row_groups_small_so_a_checkpoint_does_not_grow_with_the_warehouse(tmp_path):
    with store.opened(tmp_path) as con:
        store.ensure_schema(con)
    for k in range(3):  # one connection per load, as the flow does
        with store.opened(tmp_path) as con:
            con.execute("INSERT INTO sentences SELECT 'd' || i, 0, 0, 1, 'x' FROM range(?, ?) t(i)",
                        [k * 3000, (k + 1) * 3000])
    with store.opened(tmp_path, read_only=True) as con:
        sizes = [n for n, in con.execute(
            "SELECT max(count) FROM pragma_storage_info('sentences') WHERE column_name = 'doc_id' GROUP BY row_group_id"
        ).fetchall()]
        assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] == 9000
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == 0  # views resolve in a reader too
    with store.opened(tmp_path) as con:  # spills go beside the database, not into the working directory
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == f"{store.db_path(tmp_path)}.tmp"
    # DuckDB's default (122,880 rows) would merge these loads into row groups of 6,000 rows and more
    assert max(sizes) <= store.ROW_GROUP_SIZE < 3000
