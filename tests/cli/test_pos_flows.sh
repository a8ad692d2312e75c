# possum-pos against a real possumd, as a cashier's day goes: activation (parameters
# and sign-in), a cash sale with change, card sales, a decline, QR payments the host
# takes (a code pays once; void and refund repeat it), void, refund, balance,
# pre-authorization and completion, reprint, X report, a balanced settlement, and
# the next batch. Permissions are checked on the way: a cashier
# cannot void or settle without the supervisor's password.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
P=$POSSUM_POS

start_possumd
activate_demo

# --- cash --------------------------------------------------------------------------------
expect_pos 0 ok sale --ean $TEA --qty 2 --ean $WATER --tender cash:50
expect_j .receipt_no 1
expect_j .amount 27.00
expect_j .change 23.00
expect_j '.receipt | contains("  CHANGE                   23.00")' true
expect_j '.steps' null # cash never goes to the host
expect_pos 0 ok catalog list --search tea
expect_j '.detail[0].stock' 38

# --- card --------------------------------------------------------------------------------
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json" --printer "$work/lp0"
expect_j .receipt_no 2
expect_j .response_code 00
expect_j '.receipt | contains("MERCHANT COPY")' true
expect_j '.receipt | contains("CUSTOMER COPY")' true
expect_j '.receipt | contains("622202*********0018")' true
expect_j '.receipt | contains("6222020000000000018")' false
expect_true "the printer got ESC/POS bytes (ESC @ first)" \
    sh -c "head -c 2 '$work/lp0' | od -An -tx1 | grep -q '1b 40'"
expect_pos 4 declined sale --ean $WATER --tender card --card-file "$work/lost.json"
expect_j .response_code 41
expect_true "a decline says why on stderr" sh -c "printf '%s' '$err' | grep -q 'lost card'"

# --- QR: the payment code goes to the host as a purchase -------------------------------
WECHAT=134567890123456789
ALIPAY=281234567890123456
hostdb=$work/data/possum.db
# host_rows WHERE: how many of possumd's journaled transactions match
host_rows() {
    sqlite3 "$hostdb" "SELECT COUNT(*) FROM txns WHERE $1"
}
expect_pos 0 ok sale --ean $TEA --ean $WATER --qty 3 --tender cash:10 \
    --tender qr:$WECHAT:5.00 --tender card --card-file "$work/debit.json"
expect_j '.receipt | contains("WECHAT PAY")' true
expect_j '.receipt | contains("PAYMENT CODE") and contains("1345**********6789")' true
expect_j ".receipt | contains(\"$WECHAT\")" false
split_rrn=$(j .rrn) # the card's: it paid last
split_date=$(j .host_date)
expect_j '[.steps[].kind] | join(",")' purchase,purchase
expect_true "possumd approved the QR purchase: entry mode 032, the code masked" \
    test "$(host_rows "entry_mode = '032' AND card_masked = '1345**********6789'
        AND amount = 500 AND response_code = '00'")" = 1
expect_pos 4 declined sale --ean $WATER --tender qr:$WECHAT
expect_j .response_code 54
expect_true "a code pays once: possumd answered 54" \
    test "$(host_rows "entry_mode = '032' AND response_code = '54'")" = 1
expect_pos 6 refused sale --ean $WATER --tender qr:99123
expect_pos 4 declined sale --ean $TEA --tender qr:114567890123456789:2.00 \
    --tender card --card-file "$work/lost.json"
expect_j .response_code 41
expect_true "the failed sale's QR payment was reversed at the host" \
    test "$(host_rows "kind = 'reversal' AND entry_mode = '032' AND amount = 200
        AND response_code = '00'")" = 1
expect_pos 0 ok sale --ean $WATER --qty 2 --tender qr:$ALIPAY
expect_j '.receipt | contains("ALIPAY")' true
qr_rrn=$(j .rrn)
qr_date=$(j .host_date)
expect_pos 0 ok refund --rrn "$qr_rrn" --date "$qr_date" --amount 1.00 \
    --supervisor-password 246810
expect_j '.receipt | contains("REFUND RECEIPT") and contains("ALIPAY")' true
expect_true "the QR refund repeated the code kept" \
    test "$(host_rows "entry_mode = '032' AND card_masked = '2812**********3456'
        AND amount = 100 AND response_code = '00' AND rrn <> '$qr_rrn'")" = 1
expect_pos 0 ok sale --ean $TEA --tender qr:6212345678901234567
qr_void=$(j .receipt_no)
expect_pos 0 ok void --receipt "$qr_void" --supervisor-password 246810
expect_j '.receipt | contains("VOID RECEIPT") and contains("UNIONPAY QR")' true
expect_true "possumd voided the QR purchase with its code" \
    test "$(host_rows "entry_mode = '032' AND card_masked = '6212***********4567'
        AND processing_code = '200000' AND response_code = '00'")" = 1
expect_true "the terminal keeps payment codes only sealed" \
    sh -c "! sqlite3 '$POSSUM_POS_HOME/terminal.db' .dump | grep -q -e $WECHAT -e $ALIPAY"
expect_true "nor anywhere else in its home" \
    sh -c "! grep -r -q -a -e $WECHAT -e $ALIPAY '$POSSUM_POS_HOME'"

# --- void and refund need the supervisor ---------------------------------------------
expect_pos 5 denied void --receipt 2
expect_pos 5 denied void --receipt 2 --supervisor-password 999999
expect_pos 0 ok void --receipt 2 --supervisor-password 246810
expect_j '.receipt | contains("VOID RECEIPT")' true
expect_j '.receipt | contains("ORIG. TRACE NO.           000002")' true
expect_pos 6 refused void --receipt 2 --supervisor-password 246810
expect_pos 0 ok refund --rrn "$split_rrn" --date "$split_date" --amount 2.00 \
    --card-file "$work/debit.json" --supervisor-password 246810
expect_j '.receipt | contains("REFUND RECEIPT")' true

# --- balance, pre-authorization, completion --------------------------------------------
expect_pos 0 ok balance --card-file "$work/debit.json"
expect_j '.balance | test("^[0-9]+\\.[0-9][0-9]$")' true
expect_pos 0 ok preauth --amount 200 --card-file "$work/credit.json"
hold=$(j .receipt_no)
expect_j '.auth_code | length' 6
expect_j '.receipt | contains("PRE-AUTHORIZATION")' true
expect_j '.auth_code as $code | .receipt | contains("AUTH NO.") and contains($code)' true
expect_j '.receipt | contains("MERCHANT COPY") and contains("CARDHOLDER SIGNATURE")' true
expect_j '.receipt | contains("6258070000000000011")' false
expect_pos 0 ok reprint --receipt "$hold"
expect_j '.receipt | contains("PRE-AUTHORIZATION") and contains("REPRINT")' true
expect_pos 0 ok complete --receipt "$hold" --amount 180
expect_j .amount 180.00
expect_j '.receipt | contains("AUTH COMPLETE")' true

# --- looking back ------------------------------------------------------------------------
expect_pos 0 ok reprint --receipt 1
expect_j '.receipt | contains("REPRINT")' true
expect_j '.receipt | contains("Tea, green 250g")' true
expect_pos 0 ok show --receipt 2
expect_j '[.detail.records[].kind] | index("void") != null' true
expect_pos 0 ok list --kind sale
expect_pos 0 ok xreport
expect_j .detail.cash.sales.count 2
expect_j .detail.card.voids.amount 1250

# --- end of day ------------------------------------------------------------------------
expect_pos 5 denied settle
expect_pos 0 ok settle --supervisor-password 246810
expect_j .detail.result balanced
expect_j '.receipt | contains("SETTLEMENT")' true
expect_j '[.steps[].kind] | join(",")' settlement,sign_off
expect_pos 6 refused settle --supervisor-password 246810
expect_pos 6 refused void --receipt 4 --supervisor-password 246810 # another batch now
expect_pos 0 ok sale --ean $WATER --tender card --card-file "$work/debit.json"
expect_j .batch 2
expect_j '.steps[0].kind' sign_in
expect_pos 0 ok journal verify
expect_j .detail.intact true

# --- the parameters are enforced before anything is sent ----------------------------------
sqlite3 "$POSSUM_POS_HOME/terminal.db" "UPDATE app_params SET max_amount = 1000"
expect_pos 6 refused sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_true "a refusal names the limit" sh -c "printf '%s' '$err' | grep -q 'above the 10.00'"
expect_pos 0 ok sale --ean $WATER --tender card --card-file "$work/debit.json"

# --- another terminal, over TLS checked against the demo's certificate ------------------
POSSUM_POS_HOME=$work/home-tls
expect_pos 0 ok activate --host "127.0.0.1:$tls" --tls --ca "$work/data/tls/server.crt" \
    --tid 10000002 --mid 898100012340001 --tmk-file "$work/tmk.hex" \
    --supervisor-name Zhang --supervisor-password 135790
expect_pos 0 ok login --operator 00 --password 135790
expect_pos 0 ok catalog import "$work/catalog.csv"
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .response_code 00
expect_pos 0 ok status
expect_j .detail.tls true

finish
