# possum-pos with a card reader, against a real possumd: a swipe typed by a reader
# that acts as a keyboard (--swipe) and one delivered on a reader device (a FIFO
# standing in for /dev/ttyACM0) are sent as track 2 and approved; possumd journals
# the masked card and entry mode 021 (PIN) / 022 (none); bad swipes are named; and
# nothing the terminal keeps holds the track.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
P=$POSSUM_POS
DEBIT=';6222020000000000018=30121010000000000?'
CREDIT='%B6258070000000000011^WANG/WU^3012101000000000000?;6258070000000000011=30121010000000000?'

start_possumd
activate_demo

# host_row RRN: possumd's journal row of that RRN: kind|amount|code|card|entry mode.
host_row() {
    sqlite3 "$work/data/possum.db" "SELECT kind, amount, response_code, card_masked,
        entry_mode FROM txns WHERE rrn = '$1'"
}

expect_host_row() {
    checks=$((checks + 1))
    got=$(host_row "$1")
    if [ -z "$1" ] || [ "$got" != "$2" ]; then
        failures=$((failures + 1))
        echo "FAIL: possumd's journal for RRN '$1': '$got', wanted '$2'"
    fi
}

# --- a keyboard-wedge swipe, with the PIN --------------------------------------------
expect_pos 0 ok sale --ean $TEA --tender card --swipe "$DEBIT" --pin 123456
expect_j .response_code 00
expect_j '.receipt | contains("622202*********0018")' true
expect_j '.receipt | contains("6222020000000000018")' false
expect_host_row "$(j .rrn)" "purchase|1250|00|622202*********0018|021"
swiped_receipt=$(j .receipt_no)

# --- track 1 and 2 from a reader device (a FIFO), no PIN: a credit card ---------------
mkfifo "$work/reader"
(printf '%s\r\n' "$CREDIT" >"$work/reader") &
writer=$!
expect_pos 0 ok sale --ean $WATER --tender card --card-reader "$work/reader"
kill "$writer" 2>/dev/null # still waiting to open the FIFO only if possum-pos never read it
wait "$writer"
expect_j .response_code 00
expect_j '.receipt | contains("625807*********0011")' true
expect_host_row "$(j .rrn)" "purchase|200|00|625807*********0011|022"

# a balance inquiry swiped too, and a void of the swiped sale (the batch's card)
expect_pos 0 ok balance --swipe "$DEBIT" --pin 123456
expect_pos 0 ok void --receipt "$swiped_receipt" --supervisor-password 246810

# --- what is refused, and why ---------------------------------------------------------
expect_err 2 "track 2: PAN has 12 digits; 13 to 19" \
    $P sale --ean $TEA --tender card --swipe ';622202000000=3012101?'
expect_err 2 "track 2: no '=' separator" \
    $P sale --ean $TEA --tender card --swipe ';6222020000000000018?'
expect_err 2 "track 2: expiry month 13" \
    $P sale --ean $TEA --tender card --swipe ';6222020000000000018=3013101?'
expect_err 2 "track 2: the PAN fails the Luhn check" \
    $P sale --ean $TEA --tender card --swipe ';6222020000000000019=3012101?'
expect_err 2 "track 2: 40 characters; at most 37" \
    $P sale --ean $TEA --tender card --swipe ';6222020000000000018=30121010000000000000?'
expect_err 2 "exclude each other" \
    $P sale --ean $TEA --tender card --swipe "$DEBIT" --card-file "$work/debit.json"
: >"$work/empty-reader"
expect_err 1 "ended without a swipe" \
    $P sale --ean $TEA --tender card --card-reader "$work/empty-reader"
expect_err 1 "No such file or directory" \
    $P balance --card-reader "$work/no-such-reader"

# --- the reader as a setting ----------------------------------------------------------
expect_pos 0 ok config set card-reader /dev/ttyACM0 --supervisor-password 246810
expect_j '.detail["card-reader"]' /dev/ttyACM0
expect_err 6 "not an absolute path" $P config set card-reader ttyACM0 --supervisor-password 246810

# --- nothing the terminal keeps holds the track ---------------------------------------
expect_pos 0 ok journal verify
checks=$((checks + 1))
if sqlite3 "$POSSUM_POS_HOME/terminal.db" .dump | grep -q -e '=3012' -e '30121010000'; then
    failures=$((failures + 1))
    echo "FAIL: the terminal's database holds track data:"
    sqlite3 "$POSSUM_POS_HOME/terminal.db" .dump | grep -e '=3012' -e '30121010000' | head -n 3
fi
checks=$((checks + 1))
if grep -a -q -e '=3012' -e '30121010000' "$POSSUM_POS_HOME"/*; then
    failures=$((failures + 1))
    echo "FAIL: a file of the terminal's home holds track data"
fi
checks=$((checks + 1))
if sqlite3 "$work/data/possum.db" .dump | grep -q '30121010000'; then
    failures=$((failures + 1))
    echo "FAIL: possumd's database holds track data"
fi

finish
