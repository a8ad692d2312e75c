# possum-pos without a host: activation with the host away (the terminal is
# activated; parameters and sign-in wait), cash sales, usage errors, and the journal's
# defence against tampering: an amount edited with the sqlite3 shell, and the last
# record deleted, are both found by `possum-pos journal verify` (exit 1).
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
P=$POSSUM_POS

# --- usage ------------------------------------------------------------------------------
expect_err 2 "usage: possum-pos" $P
expect_out 0 "" sh -c "$P --help | grep -q 'settle     settle the batch'"
expect_out 0 "" sh -c "$P sale --help | grep -q -- '--tender qr:CODE'"
expect_err 2 "unknown command 'pay'" $P pay
expect_err 2 "sale: --tid is not an option of this command" $P sale --tid 1
expect_err 2 "sale: scan something" $P sale --tender cash:1
expect_err 2 "sale: say how it is paid" $P sale --ean $TEA
expect_err 2 "--tender: 'cheque' is not cash:AMOUNT" $P sale --ean $TEA --tender cheque
expect_err 2 "--qty goes after the --ean" $P sale --qty 2 --ean $TEA --tender cash:1
expect_err 2 "a card tender needs the card" $P sale --ean $TEA --tender card
expect_err 2 "card number: the check digit is wrong" \
    $P sale --ean $TEA --tender card --pan 6222020000000000019
expect_err 2 "--discount: '1x' is not a percent" $P sale --ean $TEA --tender cash:1 --discount 1x
expect_err 2 "activate: --host, --tid" $P activate --host 127.0.0.1:1
expect_err 2 "--tmk-file" $P activate --host 127.0.0.1:1 --tid 10000001 \
    --mid 898100012340001 --tmk-file /nonexistent --supervisor-name W --supervisor-password 246810

# --- before activation ------------------------------------------------------------------
expect_pos 0 ok status
expect_j .message "not activated"
expect_pos 6 refused login --operator 00 --password 246810

# --- activated with the host away ---------------------------------------------------------
expect_pos 3 offline activate --host 127.0.0.1:1 --tid 10000001 --mid 898100012340001 \
    --tmk-file "$work/tmk.hex" --supervisor-name Wang --supervisor-password 246810
expect_err 2 "activated already" $P activate --host 127.0.0.1:1 --tid 10000001 \
    --mid 898100012340001 --tmk-file "$work/tmk.hex" --supervisor-name W \
    --supervisor-password 246810
expect_true "the device key is 0600" sh -c "stat -c %a '$POSSUM_POS_HOME/device.key' | grep -qx 600"
expect_true "the master key is not in the database in clear" \
    sh -c "! grep -qi '0123456789ABCDEF' '$POSSUM_POS_HOME/terminal.db'"
expect_pos 5 denied sale --ean $TEA --tender cash:20
expect_pos 5 denied sale --ean $TEA --tender cash:20 --operator 00 --password 000000
expect_pos 0 ok login --operator 00 --password 246810
expect_pos 0 ok catalog import "$work/catalog.csv"
expect_pos 0 ok config set lang en
expect_pos 6 refused sale --ean 6901234567891 --tender cash:20
expect_pos 0 ok sale --ean $TEA --tender cash:20
expect_j .change 7.50
expect_pos 0 ok sale --ean $WATER --qty 3 --discount 10% --tender cash:10
expect_j .amount 5.40
expect_pos 3 offline sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_pos 0 ok catalog list --search tea
expect_j '.detail[0].stock' 39
expect_pos 0 ok void --receipt 1 # cash: back from the drawer, no host needed
expect_j '.receipt | contains("VOID RECEIPT")' true
expect_j '.receipt | contains("CASH                      -12.50")' true
expect_pos 0 ok catalog list --search tea
expect_j '.detail[0].stock' 40
expect_pos 0 ok xreport
expect_j .detail.cash.net 540
expect_pos 0 ok journal verify
records=$(j .detail.checked)

# --- tampering ----------------------------------------------------------------------------
# Someone with the sqlite3 shell: the journal's triggers refuse edits, so they go first.
db=$POSSUM_POS_HOME/terminal.db
cp "$db" "$work/clean.db" # possum-pos closed the database: no write-ahead log is left
tamper() {
    sqlite3 "$db" "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; $1"
}
tamper "UPDATE journal SET amount = 1 WHERE seq = 2"
expect_pos 1 error journal verify
expect_j .detail.fault edited
expect_j .detail.seq 2
cp "$work/clean.db" "$db"
expect_pos 0 ok journal verify
tamper "DELETE FROM journal WHERE seq = $records"
expect_pos 1 error journal verify
expect_j .detail.fault "tail deleted"
expect_j .detail.anchor_head "$records"
# the anchor no longer agrees: nothing more is written over the evidence
expect_pos 1 error sale --ean $TEA --tender cash:20
expect_true "the cashier is sent to journal verify" \
    sh -c "printf '%s' \"\$1\" | grep -q 'run possum-pos journal verify'" x "$err"
cp "$work/clean.db" "$db"
expect_pos 0 ok journal backup "$work/backup.db"
expect_true "the backup has its anchor" test -s "$work/backup.db.anchor"
expect_pos 0 ok journal export "$work/journal.jsonl"
expect_true "one line per record" sh -c "test \$(wc -l <'$work/journal.jsonl') -eq $((records + 0))"

# --- a session file written by hand is not a login ----------------------------------------
printf 'v1 00 1 99999999999 %064d\n' 0 >"$POSSUM_POS_HOME/session"
expect_pos 5 denied xreport
expect_pos 0 ok logout

finish
