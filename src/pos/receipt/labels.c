#include "pos/receipt/labels.h"

/* Chinese wording follows what counter staff in China read on UnionPay slips
 * (商户存根, 参考号, 批次号 ...); English mirrors it. The reprint marker is in both
 * languages on every receipt, so a copy is recognised whoever reads it. */
static const struct {
    const char *zh;
    const char *en;
} labels[RCPT_LABEL_COUNT] = {
    [RCPT_L_TITLE_SALE] = {"销售单", "SALES RECEIPT"},
    [RCPT_L_TITLE_VOID] = {"撤销单", "VOID RECEIPT"},
    [RCPT_L_TITLE_REFUND] = {"退货单", "REFUND RECEIPT"},
    [RCPT_L_TITLE_PREAUTH] = {"预授权单", "PRE-AUTHORIZATION"},
    [RCPT_L_TITLE_SETTLEMENT] = {"结算单", "SETTLEMENT"},
    [RCPT_L_TITLE_XREPORT] = {"X报表", "X REPORT"},
    [RCPT_L_NOT_SETTLEMENT] = {"非结算单 仅供核对", "NOT A SETTLEMENT"},
    [RCPT_L_COPY_MERCHANT] = {"商户存根", "MERCHANT COPY"},
    [RCPT_L_COPY_CUSTOMER] = {"顾客存根", "CUSTOMER COPY"},
    [RCPT_L_REPRINT] = {"REPRINT 重打印", "REPRINT 重打印"},
    [RCPT_L_MID] = {"商户编号", "MERCHANT NO."},
    [RCPT_L_TID] = {"终端编号", "TERMINAL NO."},
    [RCPT_L_OPERATOR] = {"操作员", "OPERATOR"},
    [RCPT_L_BATCH] = {"批次号", "BATCH NO."},
    [RCPT_L_TRACE] = {"凭证号", "TRACE NO."},
    [RCPT_L_DATETIME] = {"日期时间", "DATE/TIME"},
    [RCPT_L_SINCE] = {"起始时间", "FROM"},
    [RCPT_L_UNTIL] = {"截止时间", "TO"},
    [RCPT_L_ITEMS] = {"商品/数量x单价", "ITEM/QTY x PRICE"},
    [RCPT_L_AMOUNT] = {"金额", "AMOUNT"},
    [RCPT_L_ITEM_DISCOUNT] = {"优惠", "DISCOUNT"},
    [RCPT_L_GROSS] = {"商品合计", "SUBTOTAL"},
    [RCPT_L_DISCOUNT] = {"优惠合计", "DISCOUNTS"},
    [RCPT_L_TOTAL] = {"总计", "TOTAL"},
    [RCPT_L_TAX] = {"其中税额", "INCL. TAX"},
    [RCPT_L_CASH] = {"现金", "CASH"},
    [RCPT_L_GIVEN] = {"实收", "TENDERED"},
    [RCPT_L_CHANGE] = {"找零", "CHANGE"},
    [RCPT_L_CARD] = {"银行卡", "CARD"},
    [RCPT_L_PAN] = {"卡号", "CARD NO."},
    [RCPT_L_CARD_KIND] = {"卡类别", "CARD TYPE"},
    [RCPT_L_DEBIT] = {"借记卡", "DEBIT"},
    [RCPT_L_CREDIT] = {"贷记卡", "CREDIT"},
    [RCPT_L_QUASI_CREDIT] = {"准贷记卡", "QUASI-CREDIT"},
    [RCPT_L_PREPAID] = {"预付卡", "PREPAID"},
    [RCPT_L_TXN_TYPE] = {"交易类型", "TXN TYPE"},
    [RCPT_L_PURCHASE] = {"消费", "SALE"},
    [RCPT_L_VOID] = {"消费撤销", "VOID"},
    [RCPT_L_REFUND] = {"退货", "REFUND"},
    [RCPT_L_COMPLETION] = {"预授权完成", "AUTH COMPLETE"},
    [RCPT_L_PREAUTH] = {"预授权", "PRE-AUTH"},
    [RCPT_L_HELD] = {"预授权金额", "AMOUNT HELD"},
    [RCPT_L_RRN] = {"参考号", "REF NO."},
    [RCPT_L_AUTH_CODE] = {"授权码", "AUTH NO."},
    [RCPT_L_QR] = {"扫码支付", "QR PAYMENT"},
    [RCPT_L_WECHAT] = {"微信支付", "WECHAT PAY"},
    [RCPT_L_ALIPAY] = {"支付宝", "ALIPAY"},
    [RCPT_L_UNIONPAY_QR] = {"云闪付", "UNIONPAY QR"},
    [RCPT_L_QR_REFERENCE] = {"支付单号", "PAYMENT REF."},
    [RCPT_L_QR_CODE] = {"付款码", "PAYMENT CODE"},
    [RCPT_L_ORIG_TRACE] = {"原凭证号", "ORIG. TRACE NO."},
    [RCPT_L_ORIG_RRN] = {"原参考号", "ORIG. REF NO."},
    [RCPT_L_SIGNATURE] = {"持卡人签名:", "CARDHOLDER SIGNATURE:"},
    [RCPT_L_AGREEMENT] = {"本人确认以上交易，同意将其记入本卡账户",
                          "I AGREE TO PAY THE ABOVE TOTAL WITH THIS CARD"},
    [RCPT_L_DOMESTIC] = {"内卡", "DOMESTIC CARDS"},
    [RCPT_L_FOREIGN] = {"外卡", "FOREIGN CARDS"},
    [RCPT_L_BALANCED] = {"对账平", "BALANCED"},
    [RCPT_L_UNBALANCED] = {"对账不平", "NOT BALANCED"},
    [RCPT_L_TYPE] = {"类型", "TYPE"},
    [RCPT_L_COUNT] = {"笔数", "COUNT"},
    [RCPT_L_UPLOADED] = {"批上送完成", "BATCH UPLOADED"},
    [RCPT_L_SALES] = {"销售", "SALES"},
    [RCPT_L_VOIDS] = {"撤销", "VOIDS"},
    [RCPT_L_REFUNDS] = {"退货", "REFUNDS"},
    [RCPT_L_NET] = {"净额", "NET"},
    [RCPT_L_TOTAL_NET] = {"合计净额", "TOTAL NET"},
};

const char *rcpt_label(enum rcpt_lang lang, enum rcpt_label label)
{
    if ((unsigned)label >= RCPT_LABEL_COUNT)
        return "";
    const char *text = lang == RCPT_LANG_EN ? labels[label].en : labels[label].zh;
    return text != NULL ? text : "";
}
