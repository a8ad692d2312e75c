/* application.h — a merchant's application (办理): what the merchant is, who stands
 * behind it, where its money goes and what it asks for; and the check that names
 * every problem in it, field by field, before it may be submitted.
 *
 * An application is one fixed-size struct (a few kilobytes, no pointers), filled by
 * the API from JSON or the store from a row, field by field with
 * office_application_set() or directly. Text is UTF-8. Each text field has a limit in
 * characters, which is what a person sees and what forms print, and its buffer a limit
 * in bytes (4 per character, enough for the rare characters outside the Basic
 * Multilingual Plane that many names use). Identifier fields (USCC, ID number, MCC,
 * phone, account number) keep up to OFFICE_CODE_MAX bytes as typed, so that the check,
 * not the setter, says what is wrong with a mistyped one.
 *
 * Field names are the API's (office_application_field_check knows them all):
 *
 *   legal_name                legal name on the business licence        text, 100 chars
 *   uscc                      Unified Social Credit Code, GB 32100      18 characters
 *   legal_person.name         legal person's (法定代表人/经营者) name   text, 50 chars
 *   legal_person.id_number    resident ID number, GB 11643              18 characters
 *   contact_phone             mobile or landline (phone.h)
 *   business_address          where the shop is                         text, 200 chars
 *   mcc                       merchant category code, ISO 18245         4 digits
 *   business_type             individual_business / enterprise / other
 *   settlement.account_kind   corporate (对公) / personal (对私, a bank card)
 *   settlement.account_name   holder's name as the bank has it          text, 100 chars
 *   settlement.bank_name      bank and branch                           text, 100 chars
 *   settlement.account_number digits: a card 16-19 with Luhn, or a corporate account
 *   products                  card, qr (at least one)
 *   fee_plan                  the fee plan asked for, by its id         text, 32 chars
 *   agent_id                  the agent who brought it; 0 for none
 *   channel                   paper (keyed in by staff) / online (by the merchant)
 *
 * Nothing allocates.
 */
#ifndef POSSUM_HOST_OFFICE_APPLICATION_H
#define POSSUM_HOST_OFFICE_APPLICATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/office/onboarding/problems.h"

#define OFFICE_LEGAL_NAME_CHARS   100
#define OFFICE_PERSON_NAME_CHARS  50
#define OFFICE_ADDRESS_CHARS      200
#define OFFICE_ACCOUNT_NAME_CHARS 100
#define OFFICE_BANK_NAME_CHARS    100
#define OFFICE_FEE_PLAN_CHARS     32
#define OFFICE_CODE_MAX           32 /* bytes kept of an identifier as typed */

/* Bytes of a text field of n characters, before its NUL. */
#define OFFICE_TEXT_BYTES(chars) (4 * (chars))

/* Corporate account numbers follow each bank's own numbering; these bound them. */
#define OFFICE_CORPORATE_ACCOUNT_MIN 6
#define OFFICE_CORPORATE_ACCOUNT_MAX 32
/* A bank card number (PAN) as UnionPay issues them in China. */
#define OFFICE_CARD_NUMBER_MIN 16
#define OFFICE_CARD_NUMBER_MAX 19

/* What the merchant is in law; a zeroed field is "not given". The USCC says the same
 * (GB 32100 category 91 enterprise, 92 individual business); the check warns when the
 * two disagree. */
enum office_business_type {
    OFFICE_BUSINESS_INDIVIDUAL = 1, /* "individual_business": 个体工商户 */
    OFFICE_BUSINESS_ENTERPRISE = 2, /* "enterprise": 企业 */
    OFFICE_BUSINESS_OTHER = 3       /* "other": public institutions, associations ... */
};

/* Where settlement goes. Told, not guessed from the number's length: a corporate
 * account of 19 digits and a card of 19 digits look alike, and only a card carries a
 * Luhn check digit. */
enum office_account_kind {
    OFFICE_ACCOUNT_CORPORATE = 1, /* "corporate": 对公账户, the business's own account */
    OFFICE_ACCOUNT_PERSONAL = 2   /* "personal": 对私, a person's debit card */
};

/* How the application came in. */
enum office_channel {
    OFFICE_CHANNEL_PAPER = 1, /* "paper": keyed in by staff from a paper form */
    OFFICE_CHANNEL_ONLINE = 2 /* "online": submitted by the merchant */
};

/* Flags of what the merchant asks for. */
#define OFFICE_PRODUCT_CARD 1u /* "card": bank cards at a POS terminal */
#define OFFICE_PRODUCT_QR   2u /* "qr": QR and payment-code payments */
#define OFFICE_PRODUCTS_ALL (OFFICE_PRODUCT_CARD | OFFICE_PRODUCT_QR)

struct office_person {
    char name[OFFICE_TEXT_BYTES(OFFICE_PERSON_NAME_CHARS) + 1];
    char id_number[OFFICE_CODE_MAX + 1];
};

struct office_settlement_account {
    enum office_account_kind kind;
    char account_name[OFFICE_TEXT_BYTES(OFFICE_ACCOUNT_NAME_CHARS) + 1];
    char bank_name[OFFICE_TEXT_BYTES(OFFICE_BANK_NAME_CHARS) + 1];
    char account_number[OFFICE_CODE_MAX + 1];
};

/* Every string NUL-terminated. Zero it (or office_application_init) before filling. */
struct office_application {
    char legal_name[OFFICE_TEXT_BYTES(OFFICE_LEGAL_NAME_CHARS) + 1];
    char uscc[OFFICE_CODE_MAX + 1];
    struct office_person legal_person;
    char contact_phone[OFFICE_CODE_MAX + 1];
    char business_address[OFFICE_TEXT_BYTES(OFFICE_ADDRESS_CHARS) + 1];
    char mcc[OFFICE_CODE_MAX + 1];
    enum office_business_type business_type;
    struct office_settlement_account settlement;
    unsigned products; /* OFFICE_PRODUCT_* flags */
    char fee_plan[OFFICE_TEXT_BYTES(OFFICE_FEE_PLAN_CHARS) + 1];
    int64_t agent_id; /* 0: none */
    enum office_channel channel;
};

/* Empties *app: every text "", every enum and flag 0 ("not given"). */
void office_application_init(struct office_application *app /* OUT */);

/* Sets field (an API name above, NUL-terminated) from value[0..len): copies a text or
 * identifier field; reads a name for business_type, settlement.account_kind and channel
 * ("enterprise"); for products, a comma-separated list of product names ("card,qr", ""
 * for none); for agent_id, decimal digits ("" for none). Nothing is trimmed or
 * changed. On failure the field is left as it was and a problem naming it is added to
 * problems (may be NULL). Returns 0, PS_EUNDEFINED (no such field, or an unknown name
 * for an enum field), PS_ETOOLONG (more bytes than the field holds) or PS_EFORMAT (a
 * NUL byte inside value, which the stored string could not keep; an agent_id that is
 * not a number). */
int office_application_set(struct office_application *app, const char *field, const char *value,
                           size_t len, struct office_problems *problems);

/* Checks every field of app and adds one problem per faulty field to errors, in the
 * order of the struct: required fields missing ("legal name is required"), text that
 * is not UTF-8, has control characters, blanks at either end or too many characters,
 * and the identifiers by the core checks, their reasons quoted ("USCC: check character
 * should be 3, not 4"). The ID number's birth date may not be after today (YYYYMMDD,
 * local). A personal account number must be a bank card: 16 to 19 digits with a good
 * Luhn check digit; a corporate one only digits, 6 to 32 of them.
 *
 * errors is appended to, not cleared, and a field that already has a problem there
 * (from office_application_set) is not checked again, so each field is named once.
 *
 * warnings (may be NULL; appended to) gets what a reviewer should look at but that
 * does not stop a submission, because real merchants have good reasons for each:
 *   settlement.account_name   an individual business's account in a name that is
 *                             neither the legal person's nor the legal name
 *   settlement.account_kind   an enterprise settling to a personal card (allowed with
 *                             the legal person's written authorisation)
 *   business_type             the USCC's category says otherwise (92 individual
 *                             business, 91 enterprise)
 *   legal_person.id_number    the legal person is under 18 on today
 *
 * Returns 0 when errors is empty, PS_EFORMAT when it holds a problem, PS_EINVAL when
 * today is not a real date from 19000101 (a problem named "today" says so, and
 * nothing else is checked). */
int office_application_check(const struct office_application *app, uint32_t today,
                             struct office_problems *errors /* OUT: appended */,
                             struct office_problems *warnings /* OUT: appended, may be NULL */);

/* 0 when name[0..len) is a field a reviewer may return an application to fix: a field
 * above, or one of its documents (documents.business_licence, documents.id_front,
 * documents.id_back, documents.shop_photos). Otherwise PS_EUNDEFINED ("\"lgeal_name\"
 * is not a field of an application"). */
int office_application_field_check(const char *name, size_t len, struct ps_reason *why);

/* The static API name of each value ("individual_business"), or NULL when undefined;
 * and the value of a name, or PS_EUNDEFINED naming the unknown one. */
const char *office_business_type_name(enum office_business_type type);
int office_business_type_from_name(const char *s, size_t len,
                                   enum office_business_type *type /* OUT */,
                                   struct ps_reason *why);
const char *office_account_kind_name(enum office_account_kind kind);
int office_account_kind_from_name(const char *s, size_t len,
                                  enum office_account_kind *kind /* OUT */, struct ps_reason *why);
const char *office_channel_name(enum office_channel channel);
int office_channel_from_name(const char *s, size_t len, enum office_channel *channel /* OUT */,
                             struct ps_reason *why);
/* For one flag: "card", "qr"; NULL for anything else. */
const char *office_product_name(unsigned product);
int office_product_from_name(const char *s, size_t len, unsigned *product /* OUT */,
                             struct ps_reason *why);

#endif
