# possum-pos against a real possumd, as a cashier's day goes: activation (parameters
# and sign-in), a cash sale with change, card sales, a decline, void, refund,
# balance, pre-authorization and completion, reprint, X report, a balanced
# settlement, and the next batch. Permissions are checked on the way: a cashier
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
expect_pos 0 ok sale --ean $TEA --ean $WATER --qty 3 --tender cash:10 \
    --tender card:5.00 --card-file "$work/debit.json" --tender qr:134567890123456789
expect_j '.receipt | contains("WECHAT PAY")' true
split_rrn=$(j .rrn)
split_date=$(j .host_date)

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
