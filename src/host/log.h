/* log.h — possumd's log: one line per event on standard error, with a UTC timestamp
 * and a level, so an operator (or journald) can follow what happens. Never pass card
 * numbers, PINs or key material: the callers log masked PANs and TIDs only. */
#ifndef POSSUM_HOST_LOG_H
#define POSSUM_HOST_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below level are dropped (default LOG_INFO). Set once at start-up. */
void log_set_level(enum log_level level);

void log_line(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_line(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_line(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_line(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_line(LOG_ERROR, __VA_ARGS__)

#endif
