/* Looking words up: the language's table, the names of response codes and journal
 * kinds as the screen says them. */
#include <string.h>

#include "pos/ui/internal.h"

const char *ui__t(const struct ui *ui, enum ui_text id)
{
    const char *s = (int)id > 0 && id < UT_COUNT ? ui->text[id] : NULL;
    return s != NULL ? s : "";
}

int ui__text_check(struct ps_reason *why)
{
    static const struct {
        const char *lang;
        const char *const *table;
    } tables[] = {{"zh", ui__text_zh}, {"en", ui__text_en}};

    for (size_t t = 0; t < PS_ARRAY_LEN(tables); t++) {
        for (int id = 1; id < UT_COUNT; id++) {
            if (tables[t].table[id] == NULL)
                return ps_fail(why, PS_EUNDEFINED, "text_%s.c has no text for id %d",
                               tables[t].lang, id);
        }
    }
    return 0;
}

/* docs/protocol.md's response codes (hostlink/responses.c names them in English). */
static const struct {
    const char *code;
    enum ui_text text;
} responses[] = {
    {"00", UT_RC_00}, {"03", UT_RC_03}, {"12", UT_RC_12}, {"13", UT_RC_13}, {"14", UT_RC_14},
    {"25", UT_RC_25}, {"30", UT_RC_30}, {"41", UT_RC_41}, {"43", UT_RC_43}, {"51", UT_RC_51},
    {"54", UT_RC_54}, {"55", UT_RC_55}, {"61", UT_RC_61}, {"75", UT_RC_75}, {"77", UT_RC_77},
    {"94", UT_RC_94}, {"96", UT_RC_96}, {"97", UT_RC_97}, {"A0", UT_RC_A0},
};

const char *ui__response_meaning(const struct ui *ui, const char *code)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(responses); i++) {
        if (strcmp(responses[i].code, code) == 0)
            return ui__t(ui, responses[i].text);
    }
    return ui__t(ui, UT_RC_UNKNOWN);
}

/* pos_journal_kind_name's and pos_journal_result_name's words. */
static const struct {
    const char *name;
    enum ui_text text;
} kinds[] = {
    {"sign_in", UT_K_SIGN_IN},
    {"sign_off", UT_K_SIGN_OFF},
    {"sale", UT_K_SALE},
    {"cash_sale", UT_K_CASH_SALE},
    {"void", UT_K_VOID},
    {"refund", UT_K_REFUND},
    {"balance_inquiry", UT_K_BALANCE},
    {"preauth", UT_K_PREAUTH},
    {"preauth_void", UT_K_PREAUTH_VOID},
    {"preauth_completion", UT_K_COMPLETION},
    {"preauth_completion_void", UT_K_COMPLETION_VOID},
    {"reversal", UT_K_REVERSAL},
    {"settlement", UT_K_SETTLEMENT},
    {"approved", UT_R_APPROVED},
    {"declined", UT_R_DECLINED},
    {"pending", UT_R_PENDING},
    {"reversed", UT_R_REVERSED},
};

const char *ui__journal_word(const struct ui *ui, const char *kind)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++) {
        if (strcmp(kinds[i].name, kind) == 0)
            return ui__t(ui, kinds[i].text);
    }
    return kind; /* a kind newer than this table: its own name */
}
