/**
 * SQLite only. Each public_listing row carries the rowid of its item's row in the FTS5 index
 * (`search_rowid`), and the listing's order index covers it. A search whose term matches many
 * items then walks the listing in list order and checks each row against the match's rowids,
 * which FTS5 gives from its index alone; reading the matches' `achievement_id` instead costs a
 * lookup in the index's content table per match. Removing an item from the index is a delete by
 * rowid, where `achievement_id` (an unindexed FTS5 column) meant a scan of every published item.
 *
 * The FTS5 rowid is stable (FTS5 keeps it as an INTEGER PRIMARY KEY); the listing's own rowid is
 * not (VACUUM may renumber a table without one), so the link is a column.
 */
export const SEARCH_ROWID_ORDER_INDEX_COLUMNS = ['created_at', 'achievement_id', 'search_rowid'];

/**
 * Sets every listing row's `search_rowid` from the FTS5 index: the migration runs it over the
 * items already published, and the bench after copying rows in bulk. One pass through a scratch
 * table keyed by item, not a lookup by the unindexed FTS5 column per row.
 */
export function linkSearchRowidsSql(): string[] {
  return [
    'drop table if exists `search_rowid_link`',
    'create table `search_rowid_link` (`achievement_id` text primary key, `fts_rowid` integer not null)',
    'insert or replace into `search_rowid_link` (`achievement_id`, `fts_rowid`) select `achievement_id`, `rowid` from `achievement_fts`',
    'update `public_listing` set `search_rowid` = (select l.`fts_rowid` from `search_rowid_link` l where l.`achievement_id` = `public_listing`.`achievement_id`)',
    'drop table `search_rowid_link`',
  ];
}
