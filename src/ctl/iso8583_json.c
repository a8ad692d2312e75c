#include "ctl/iso8583_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"
#include "core/iso8583/cup_fields.h"

/* Sets key to a new string of bytes[0..len) as hex; returns -1 when out of memory. */
static int set_hex(json_t *obj, const char *key, const uint8_t *bytes, size_t len)
{
    char *hex = malloc(2 * len + 1);
    if (hex == NULL)
        return -1;
    ps_hex_encode(bytes, len, hex);
    int rc = json_object_set_new(obj, key, json_string(hex));
    free(hex);
    return rc;
}

static json_t *field_to_json(const struct ps_iso_field *f, const struct ps_iso_value *v)
{
    if (f->kind != PS_ISO_B) {
        json_t *text = json_stringn((const char *)v->ptr, v->len);
        if (text != NULL)
            return text;
        /* not valid UTF-8: keep every byte, as hex */
    }
    json_t *wrapper = f->kind == PS_ISO_B ? NULL : json_object();
    char *hex = malloc(2 * (size_t)v->len + 1);
    json_t *out = NULL;
    if (hex != NULL) {
        ps_hex_encode(v->ptr, v->len, hex);
        out = json_string(hex);
        free(hex);
    }
    if (wrapper == NULL)
        return out;
    json_object_set_new(wrapper, "hex", out);
    return wrapper;
}

/* Adds name: digits[0..len) to obj. */
static void add_digits(json_t *obj, const char *name, const char *digits, size_t len)
{
    json_object_set_new(obj, name, json_stringn(digits, len));
}

static json_t *f60_json(const struct ps_iso_value *v)
{
    struct ps_cup_f60 f;
    if (ps_cup_f60_parse(v, &f, NULL) != 0)
        return NULL;
    const char *d = (const char *)v->ptr;
    json_t *o = json_object();
    add_digits(o, "type_code", d, 2);
    add_digits(o, "batch", d + 2, 6);
    if (f.has_network_code)
        add_digits(o, "network_code", d + 8, 3);
    if (f.extra[0] != '\0')
        add_digits(o, "extra", f.extra, strlen(f.extra));
    return o;
}

static json_t *f61_json(const struct ps_iso_value *v)
{
    struct ps_cup_f61 f;
    if (ps_cup_f61_parse(v, &f, NULL) != 0)
        return NULL;
    const char *d = (const char *)v->ptr;
    json_t *o = json_object();
    add_digits(o, "original_batch", d, 6);
    add_digits(o, "original_stan", d + 6, 6);
    if (f.has_date)
        add_digits(o, "original_date", f.date, 4);
    if (f.extra[0] != '\0')
        add_digits(o, "extra", f.extra, strlen(f.extra));
    return o;
}

static json_t *totals_side_json(const char *d)
{
    json_t *o = json_object();
    add_digits(o, "debit_amount", d, 12);
    add_digits(o, "debit_count", d + 12, 3);
    add_digits(o, "credit_amount", d + 15, 12);
    add_digits(o, "credit_count", d + 27, 3);
    add_digits(o, "result", d + 30, 1);
    return o;
}

static json_t *f48_json(const struct ps_iso_msg *m, const struct ps_iso_value *v)
{
    struct ps_cup_totals t;
    if (strncmp(m->mti, "05", 2) != 0 || ps_cup_totals_parse(v, &t, NULL) != 0)
        return NULL; /* only settlement messages carry totals in 48 */
    json_t *o = json_object();
    json_object_set_new(o, "domestic", totals_side_json((const char *)v->ptr));
    if (t.has_foreign)
        json_object_set_new(o, "foreign", totals_side_json((const char *)v->ptr + 31));
    return o;
}

static json_t *sub_json(const struct ps_iso_msg *m)
{
    json_t *sub = json_object();
    if (m->dialect != &ps_iso_cup)
        return sub;
    const struct ps_iso_value *v;
    json_t *part;
    if ((v = ps_iso_get(m, 48)) != NULL && (part = f48_json(m, v)) != NULL)
        json_object_set_new(sub, "48", part);
    if ((v = ps_iso_get(m, 60)) != NULL && (part = f60_json(v)) != NULL)
        json_object_set_new(sub, "60", part);
    if ((v = ps_iso_get(m, 61)) != NULL && (part = f61_json(v)) != NULL)
        json_object_set_new(sub, "61", part);
    return sub;
}

json_t *iso8583_to_json(const struct ps_iso_msg *m, int with_envelope)
{
    const struct ps_iso_dialect *d = m->dialect;
    json_t *obj = json_object();
    json_t *fields = json_object();
    if (obj == NULL || fields == NULL)
        goto fail;
    if (with_envelope && d->tpdu_len > 0 && set_hex(obj, "tpdu", m->tpdu, d->tpdu_len) != 0)
        goto fail;
    if (with_envelope && d->header_len > 0 &&
        set_hex(obj, "header", m->header, d->header_len) != 0)
        goto fail;
    json_object_set_new(obj, "mti", json_string(m->mti));
    for (int n = ps_iso_next_field(m, 0); n != 0; n = ps_iso_next_field(m, n)) {
        char key[4];
        snprintf(key, sizeof(key), "%d", n);
        json_t *value = field_to_json(&d->field[n], ps_iso_get(m, n));
        if (value == NULL || json_object_set_new(fields, key, value) != 0)
            goto fail;
    }
    json_object_set_new(obj, "fields", fields);
    fields = NULL;
    json_t *sub = sub_json(m);
    if (json_object_size(sub) > 0)
        json_object_set_new(obj, "sub", sub);
    else
        json_decref(sub);
    return obj;
fail:
    json_decref(fields);
    json_decref(obj);
    return NULL;
}

/* ---- from JSON ------------------------------------------------------------------ */

static int envelope_part(json_t *obj, const char *key, uint8_t *out, size_t want,
                         int with_envelope, struct ps_reason *why)
{
    json_t *v = json_object_get(obj, key);
    size_t got = 0;
    if (want == 0 || !with_envelope) {
        if (v != NULL)
            return ps_fail(why, PS_EFORMAT, "%s: only with --frame in a dialect that has one",
                           key);
        return PS_OK;
    }
    if (!json_is_string(v))
        return ps_fail(why, PS_EFORMAT, "%s: required with --frame, as %zu bytes of hex", key,
                       want);
    uint8_t buf[PS_ISO_HEADER_MAX];
    struct ps_reason inner;
    if (ps_hex_decode(json_string_value(v), json_string_length(v), buf, sizeof(buf), &got,
                      &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "%s: %s", key, inner.text);
    if (got != want)
        return ps_fail(why, PS_EFORMAT, "%s: %zu bytes, %zu needed", key, got, want);
    memcpy(out, buf, want);
    return PS_OK;
}

/* The field number a "fields" key names: decimal 2..128, no sign or leading zero. */
static int field_number(const char *key)
{
    int n = 0;
    if (key[0] < '1' || key[0] > '9' || strlen(key) > 3)
        return -1;
    for (const char *p = key; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
    }
    return n;
}

static int field_from_json(struct ps_iso_msg *m, int n, json_t *v, struct ps_reason *why)
{
    const struct ps_iso_field *f = ps_iso_field_def(m->dialect, n);
    uint8_t bytes[PS_ISO_MAX_MESSAGE];
    size_t len = 0;
    json_t *hex = json_is_object(v) ? json_object_get(v, "hex") : NULL;
    struct ps_reason inner;

    if (f == NULL)
        return ps_fail(why, PS_EUNDEFINED, "field %d: not defined in dialect %s", n,
                       m->dialect->name);
    if (json_is_object(v) && (!json_is_string(hex) || json_object_size(v) != 1))
        return ps_fail(why, PS_EFORMAT, "field %d: an object value must be {\"hex\": \"...\"}", n);
    if (!json_is_string(v) && hex == NULL)
        return ps_fail(why, PS_EFORMAT, "field %d: the value must be a string", n);
    if (hex == NULL && f->kind != PS_ISO_B)
        return ps_iso_set(m, n, json_string_value(v), json_string_length(v), why);
    json_t *text = hex != NULL ? hex : v;
    if (ps_hex_decode(json_string_value(text), json_string_length(text), bytes, sizeof(bytes),
                      &len, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "field %d: %s", n, inner.text);
    return ps_iso_set(m, n, bytes, len, why);
}

static int check_keys(json_t *obj, struct ps_reason *why)
{
    static const char *const known[] = {"tpdu", "header", "mti", "fields", "sub"};
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        int found = 0;
        for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            found |= strcmp(key, known[i]) == 0;
        if (!found)
            return ps_fail(why, PS_EFORMAT, "unknown key \"%s\"", key);
    }
    return PS_OK;
}

int iso8583_from_json(struct ps_iso_msg *m, const struct ps_iso_dialect *d, json_t *obj,
                      int with_envelope, struct ps_reason *why)
{
    int rc;
    ps_iso_init(m, d);
    if (!json_is_object(obj))
        return ps_fail(why, PS_EFORMAT, "the message must be a JSON object");
    if ((rc = check_keys(obj, why)) != 0 ||
        (rc = envelope_part(obj, "tpdu", m->tpdu, d->tpdu_len, with_envelope, why)) != 0 ||
        (rc = envelope_part(obj, "header", m->header, d->header_len, with_envelope, why)) != 0)
        return rc;
    json_t *mti = json_object_get(obj, "mti");
    if (!json_is_string(mti))
        return ps_fail(why, PS_EFORMAT, "mti: required, as a string of four digits");
    if ((rc = ps_iso_set_mti(m, json_string_value(mti), why)) != 0)
        return rc;
    json_t *fields = json_object_get(obj, "fields");
    if (fields == NULL)
        return PS_OK;
    if (!json_is_object(fields))
        return ps_fail(why, PS_EFORMAT, "fields: must be an object");
    const char *key;
    json_t *value;
    json_object_foreach(fields, key, value) {
        int n = field_number(key);
        if (n < 2 || n > PS_ISO_MAX_FIELD)
            return ps_fail(why, PS_EFORMAT, "fields: \"%s\" is not a field number 2-128", key);
        if ((rc = field_from_json(m, n, value, why)) != 0)
            return rc;
    }
    return PS_OK;
}
