/* iso8583_json.h — an ISO 8583 message as the JSON object possumctl prints and reads:
 *
 *   {"tpdu":"6000030000","header":"603100000000","mti":"0200",
 *    "fields":{"2":"6222020000000000018","4":"000000000100","52":"1122334455667788"},
 *    "sub":{"60":{"type_code":"22","batch":"000001","network_code":"000"}}}
 *
 * Numeric and track fields are digit strings (track separator '='), binary fields
 * uppercase hex, text fields text; text that is not valid UTF-8 (GBK, say) becomes
 * {"hex":"..."}. "sub" splits CUP fields 60, 61 and, in settlement messages, 48; it
 * is output only. docs/possumctl.md documents the format.
 */
#ifndef POSSUM_CTL_ISO8583_JSON_H
#define POSSUM_CTL_ISO8583_JSON_H

#include <jansson.h>

#include "core/error.h"
#include "core/iso8583/iso8583.h"

/* A new JSON object describing m (the caller owns it: json_decref). with_envelope adds
 * "tpdu" and "header" when the dialect has them. NULL only when out of memory. */
json_t *iso8583_to_json(const struct ps_iso_msg *m, int with_envelope);

/* Fills m (initialised for dialect d) from a JSON object of the form above. "tpdu"
 * and "header" are required when with_envelope and the dialect has them, and refused
 * otherwise. Returns 0, or a PS_E* code with why naming the key or field at fault. */
int iso8583_from_json(struct ps_iso_msg *m, const struct ps_iso_dialect *d, json_t *obj,
                      int with_envelope, struct ps_reason *why);

#endif
