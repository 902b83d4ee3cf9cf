/**
 * Triggers that make audit_event append-only in the database itself, as defence in depth: the
 * code has no path that updates or deletes audit rows, and with these neither has anyone who
 * reaches the database with the application's account. Tests that simulate a tampering DBA
 * drop them first, exactly as such a person would have to.
 */
export const AUDIT_GUARD_SQL = {
  sqlite: {
    create: [
      "create trigger audit_event_no_update before update on audit_event begin select raise(abort, 'audit_event is append-only'); end",
      "create trigger audit_event_no_delete before delete on audit_event begin select raise(abort, 'audit_event is append-only'); end",
    ],
    drop: [
      'drop trigger if exists audit_event_no_update',
      'drop trigger if exists audit_event_no_delete',
    ],
  },
  postgres: {
    create: [
      "create or replace function audit_event_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_event is append-only'; end; $$",
      'create trigger audit_event_append_only before update or delete on audit_event for each row execute function audit_event_append_only()',
    ],
    drop: [
      'drop trigger if exists audit_event_append_only on audit_event',
      'drop function if exists audit_event_append_only()',
    ],
  },
};
