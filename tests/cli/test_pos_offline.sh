# possum-pos when the host goes away.
#
# 1. possumd is frozen (SIGSTOP) while a card sale is in flight: the purchase left
#    the terminal and no answer came. The cashier is told the sale did not go
#    through; the terminal owes a reversal, kept in its database and its outbox.
# 2. Cash sales go on while the host is away; card and QR sales are refused as
#    offline (a QR payment is the host's: there is no offline one); a settlement
#    waits in the outbox (exit 7).
# 3. possumd is killed (SIGKILL) and started again on the same data and port.
#    possum-pos forward sends the reversal first, then the settlement: balanced, since
#    the purchase was reversed at the host and was never in the terminal's batch.
# 4. The journal tells the story: the sale pending, its outcome, the reversal referring
#    to the sale, and it still verifies.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"

start_possumd
activate_demo
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"

# --- 1. no answer --------------------------------------------------------------------
kill -STOP "$pid"
expect_pos 3 offline sale --ean $WATER --tender card --card-file "$work/debit.json"
expect_j .reversal_owed true
expect_j '.steps[0].kind' purchase
expect_j '.steps[0].response_code' none
expect_true "the cashier is told the reversal goes automatically" \
    sh -c "printf '%s' \"\$1\" | grep -q 'will reverse the purchase automatically'" x "$err"
expect_pos 0 ok status
expect_j .detail.reversal_owed true
expect_j .detail.outbox_waiting 1

# --- 2. the host away ----------------------------------------------------------------
expect_pos 0 ok sale --ean $WATER --qty 2 --tender cash:5
expect_j .change 1.00
expect_pos 3 offline sale --ean $WATER --tender card --card-file "$work/debit.json"
expect_pos 3 offline sale --ean $WATER --tender qr:134567890123456789
expect_true "a QR payment needs the host, and the cashier is told so" \
    sh -c "printf '%s' \"\$1\" | grep -q 'card and QR payments need the host'" x "$err"
expect_pos 7 queued settle --supervisor-password 246810
expect_pos 0 ok status
expect_j .detail.outbox_waiting 2
expect_j .detail.batch_settled false

# --- 3. killed, restarted, forwarded ---------------------------------------------------
kill_possumd
expect_pos 3 offline forward
start_possumd "$iso"
expect_pos 0 ok forward
expect_j '[.steps[].kind] | join(",")' reversal,settlement,sign_off
expect_j '.steps[0].response_code' 00
expect_j .detail.settlement.result balanced
expect_j .reversal_owed false
expect_j .detail.waiting 0
expect_pos 0 ok forward # once each: nothing left to send
expect_j '.steps' null

# --- 4. the journal --------------------------------------------------------------------
expect_pos 0 ok list --kind reversal
expect_j '.detail | length' 1
reversed=$(j '.detail[0].refers_to')
expect_j '.detail[0].result' approved
expect_pos 0 ok list --kind sale
expect_j "[.detail[] | select(.seq == $reversed) | .result] | join(\",\")" pending
expect_pos 0 ok journal verify
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .batch 2

finish
