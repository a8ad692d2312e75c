/* After-sales' training records (schema version 10) and their statements: who at a
 * merchant was trained, when, and by whom. A file of its own like the other
 * back-office schemas; the statement table in schema.c points here. docs/store.md
 * describes the table. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v10[] =
    "CREATE TABLE training_records ("
    " id {ID},"
    " merchant_id BIGINT NOT NULL,"
    " trainee_name TEXT NOT NULL,"
    " trainee_role TEXT NOT NULL,"
    " topics TEXT NOT NULL,"
    " trained_on TEXT NOT NULL,"
    " trainer_id BIGINT NOT NULL,"
    " trainer TEXT NOT NULL,"
    " created_us BIGINT NOT NULL);"
    /* a merchant's own list, the only way the records are read */
    "CREATE INDEX training_records_merchant ON training_records (merchant_id, id);";

static const struct store__column training_cols[] = {
    COLUMN(training_row, id, STORE__COL_I64),
    COLUMN(training_row, merchant_id, STORE__COL_I64),
    COLUMN(training_row, trainee_name, STORE__COL_TEXT),
    COLUMN(training_row, trainee_role, STORE__COL_TEXT),
    COLUMN(training_row, topics, STORE__COL_TEXT),
    COLUMN(training_row, trained_on, STORE__COL_TEXT),
    COLUMN(training_row, trainer_id, STORE__COL_I64),
    COLUMN(training_row, trainer, STORE__COL_TEXT),
    COLUMN(training_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__training_map =
    MAP("training_records", training_row, training_cols);

#define TRAINING_COLUMNS                                                                           \
    "id, merchant_id, trainee_name, trainee_role, topics, trained_on, trainer_id, trainer,"        \
    " created_us"

/* A plain insert: a record is never replaced, so a second put of one id is a bug the
 * primary key refuses. */
const char store__sql_training_put[] =
    "INSERT INTO training_records (" TRAINING_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* A page of one merchant's records in id order (the order they were recorded). */
const char store__sql_each_training[] = "SELECT " TRAINING_COLUMNS " FROM training_records"
                                        " WHERE merchant_id = ? AND id > ? ORDER BY id LIMIT ?";
