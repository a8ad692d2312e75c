# A settlement the host does not agree with, and the batch upload that follows.
#
# The disagreement is made real: two card sales reach the host, then the terminal's
# batch loses one of them — its row is deleted from table app_batch with the sqlite3
# shell, as a terminal whose storage lost a record would be. The host's totals then
# count one sale more than the terminal's: possumd answers "not balanced", possum-pos
# uploads its batch (0320 lines, then the end), prints the slip marked "batch
# uploaded", signs off, and the next sale opens the next batch. The journal is not
# touched, so it still verifies.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"

start_possumd
activate_demo

expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_pos 0 ok sale --ean $WATER --tender card --card-file "$work/debit.json"
lost_stan=$(j .stan)
expect_pos 0 ok sale --ean $WATER --tender cash:2
expect_pos 0 ok status
expect_j .detail.batch_count 2

sqlite3 "$POSSUM_POS_HOME/terminal.db" "DELETE FROM app_batch WHERE stan = $lost_stan"
expect_pos 0 ok status
expect_j .detail.batch_count 1

expect_pos 0 ok settle --supervisor-password 246810
expect_j .detail.result "not balanced"
expect_j .detail.domestic.balanced false
expect_j .detail.uploaded true
expect_j .detail.lines 1
expect_j '[.steps[].kind] | join(",")' settlement,batch_upload,batch_upload_end,sign_off
expect_j '[.steps[].response_code] | unique | join(",")' 00
expect_j '.receipt | contains("NOT BALANCED")' true
expect_j '.receipt | contains("BATCH UPLOADED")' true

expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .batch 2
expect_pos 0 ok journal verify

finish
