/* After-sales' tables (schema version 8) and their statements: tickets and their
 * comments. Apart from schema.c like the other back-office schemas, so each file stays
 * about one thing; the statement table in schema.c points here. docs/store.md describes
 * the tables. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v8[] =
    "CREATE TABLE tickets ("
    " id {ID},"
    " number TEXT NOT NULL,"
    " category TEXT NOT NULL,"
    " priority TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " stock_id BIGINT NOT NULL,"
    " title TEXT NOT NULL,"
    " description TEXT NOT NULL,"
    " assignee_id BIGINT NOT NULL,"
    " opened_by BIGINT NOT NULL,"
    " opened_us BIGINT NOT NULL,"
    " updated_us BIGINT NOT NULL,"
    " due_us BIGINT NOT NULL,"
    " resolved_us BIGINT NOT NULL,"
    " closed_us BIGINT NOT NULL,"
    " warranty_free INTEGER NOT NULL,"
    " warranty_end TEXT NOT NULL,"
    " last_reason TEXT NOT NULL);"
    /* a number names one ticket; the day's count reads its prefix through this index */
    "CREATE UNIQUE INDEX tickets_number ON tickets (number);"
    /* a merchant's own list */
    "CREATE INDEX tickets_merchant ON tickets (merchant_id, id);"
    /* the overdue list: only tickets someone still has to act on are in this index, so
     * the list costs what is pending, not every ticket ever opened */
    "CREATE INDEX tickets_due ON tickets (due_us) WHERE status IN ('open', 'in_progress');"

    "CREATE TABLE ticket_comments ("
    " id {ID},"
    " ticket_id BIGINT NOT NULL,"
    " author_id BIGINT NOT NULL,"
    " author TEXT NOT NULL,"
    " at_us BIGINT NOT NULL,"
    " text TEXT NOT NULL);"
    "CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, id);";

static const struct store__column ticket_cols[] = {
    COLUMN(ticket_row, id, STORE__COL_I64),
    COLUMN(ticket_row, number, STORE__COL_TEXT),
    COLUMN(ticket_row, category, STORE__COL_TEXT),
    COLUMN(ticket_row, priority, STORE__COL_TEXT),
    COLUMN(ticket_row, status, STORE__COL_TEXT),
    COLUMN(ticket_row, merchant_id, STORE__COL_I64),
    COLUMN(ticket_row, stock_id, STORE__COL_I64),
    COLUMN(ticket_row, title, STORE__COL_TEXT),
    COLUMN(ticket_row, description, STORE__COL_TEXT),
    COLUMN(ticket_row, assignee_id, STORE__COL_I64),
    COLUMN(ticket_row, opened_by, STORE__COL_I64),
    COLUMN(ticket_row, opened_us, STORE__COL_I64),
    COLUMN(ticket_row, updated_us, STORE__COL_I64),
    COLUMN(ticket_row, due_us, STORE__COL_I64),
    COLUMN(ticket_row, resolved_us, STORE__COL_I64),
    COLUMN(ticket_row, closed_us, STORE__COL_I64),
    COLUMN(ticket_row, warranty_free, STORE__COL_INT),
    COLUMN(ticket_row, warranty_end, STORE__COL_TEXT),
    COLUMN(ticket_row, last_reason, STORE__COL_TEXT),
};
const struct store__row_map store__ticket_map = MAP("tickets", ticket_row, ticket_cols);

static const struct store__column ticket_comment_cols[] = {
    COLUMN(ticket_comment_row, id, STORE__COL_I64),
    COLUMN(ticket_comment_row, ticket_id, STORE__COL_I64),
    COLUMN(ticket_comment_row, author_id, STORE__COL_I64),
    COLUMN(ticket_comment_row, author, STORE__COL_TEXT),
    COLUMN(ticket_comment_row, at_us, STORE__COL_I64),
    COLUMN(ticket_comment_row, text, STORE__COL_TEXT),
};
const struct store__row_map store__ticket_comment_map =
    MAP("ticket_comments", ticket_comment_row, ticket_comment_cols);

#define TICKET_COLUMNS                                                                             \
    "id, number, category, priority, status, merchant_id, stock_id, title, description,"           \
    " assignee_id, opened_by, opened_us, updated_us, due_us, resolved_us, closed_us,"              \
    " warranty_free, warranty_end, last_reason"
#define TICKET_COMMENT_COLUMNS "id, ticket_id, author_id, author, at_us, text"

const char store__sql_ticket_put[] =
    "INSERT INTO tickets (" TICKET_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET number = excluded.number, category = excluded.category,"
    " priority = excluded.priority, status = excluded.status,"
    " merchant_id = excluded.merchant_id, stock_id = excluded.stock_id,"
    " title = excluded.title, description = excluded.description,"
    " assignee_id = excluded.assignee_id, updated_us = excluded.updated_us,"
    " due_us = excluded.due_us, resolved_us = excluded.resolved_us,"
    " closed_us = excluded.closed_us, warranty_free = excluded.warranty_free,"
    " warranty_end = excluded.warranty_end, last_reason = excluded.last_reason";
/* Changes nothing; matches one row only while the ticket is as it was read, and the
 * batch is refused otherwise (a guarded operation, store_tickets.c). */
const char store__sql_ticket_guard[] =
    "UPDATE tickets SET updated_us = updated_us WHERE id = ? AND status = ? AND updated_us = ?";
const char store__sql_ticket_comment_put[] =
    "INSERT INTO ticket_comments (" TICKET_COMMENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)";

const char store__sql_ticket_by_id[] = "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?";
/* A page of tickets in id order, each filter off when its parameter is '' or 0. */
const char store__sql_each_ticket[] = "SELECT " TICKET_COLUMNS " FROM tickets WHERE id > ?"
                                      " AND (? = '' OR status = ?) AND (? = 0 OR merchant_id = ?)"
                                      " ORDER BY id LIMIT ?";
/* Tickets past their due time that someone still has to act on (a page, in id order,
 * with the same filters), through the partial index tickets_due, whose predicate it
 * repeats. */
const char store__sql_each_overdue_ticket[] =
    "SELECT " TICKET_COLUMNS " FROM tickets"
    " WHERE status IN ('open', 'in_progress') AND due_us < ? AND id > ?"
    " AND (? = '' OR status = ?) AND (? = 0 OR merchant_id = ?)"
    " ORDER BY id LIMIT ?";
const char store__sql_each_ticket_comment[] =
    "SELECT " TICKET_COMMENT_COLUMNS " FROM ticket_comments WHERE ticket_id = ? AND id > ?"
    " ORDER BY id LIMIT ?";
/* prefix <= number < prefix + ':' (':' sorts right after '9'): the day's tickets, counted
 * on tickets_number. Numbers are never deleted, so the count + 1 is the next one. */
const char store__sql_count_ticket_numbers[] =
    "SELECT COUNT(*) AS n FROM tickets WHERE number >= ? AND number < ?";
