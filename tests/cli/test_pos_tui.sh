# possum-pos tui driven as a cashier drives it, in a real terminal: tmux, 80x24, C.UTF-8,
# keys typed with send-keys and the screen read with capture-pane. The cashier logs in,
# scans two products (their codes and Enter, as a barcode scanner types them), pays by
# card with the PIN typed, and sees the receipt preview; possumd's journal and the
# terminal's have the purchase. The English interface starts and quits too.
#
# Every wait polls the screen for what should appear, with a time limit.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
. "$(dirname "$CLI_LIB")/tui_lib.sh"
trap 'tui_stop; stop_possumd; rm -rf "$work"' EXIT

# --- the terminal, set up from the command line (receipts in Chinese, the default) ----
start_possumd
expect_pos 0 ok activate --host "127.0.0.1:$iso" --tid 10000001 --mid 898100012340001 \
    --tmk-file "$work/tmk.hex" --supervisor-name Wang --supervisor-password 246810
expect_pos 0 ok login --operator 00 --password 246810
expect_pos 0 ok operators add 01 --name 李 --new-password 111111
expect_pos 0 ok catalog import "$work/catalog.csv"
mkfifo "$work/reader" # a card reader device: the card dialog waits on it beside the keys
expect_pos 0 ok config set card-reader "$work/reader"
expect_pos 0 ok logout

# --- a card sale at the counter, in Chinese -------------------------------------------
start_tui
wait_for "操作员登录"
keys 01 Enter 111111 Enter
wait_for "欢迎，操作员 01 李"
expect_screen "操作员 01 李"
keys "$TEA" Enter
wait_for "Tea, green 250g"
keys "$WATER" Enter
wait_for "Spring water 550ml"
expect_screen "应付 14.50"
keys Enter # nothing typed: pay
wait_for "还需支付"
keys 2
wait_for "卡号"
keys Enter 6222020000000000018 Enter 3012 Enter Enter # the amount proposed, card, expiry
wait_for "请持卡人输入密码"
keys 123456
wait_for "******"
keys Enter
wait_for "交易成功" 20

# the receipt preview: merchant, both items, the total, the masked card, the RRN
expect_screen "销售单 000001"
expect_screen "Demo Shop 001"
expect_screen "Tea, green 250g"
expect_screen "Spring water 550ml"
expect_screen "总计                       14.50"
expect_screen "卡号       622202*********0018"
checks=$((checks + 1))
if screen | grep -qF 6222020000000000018; then
    failures=$((failures + 1))
    echo "FAIL: the full card number is on the screen"
fi
rrn=$(screen | sed -n 's/.*参考号 \([0-9]\{12\}\).*/\1/p' | head -n 1)
expect_screen "参考号            $rrn"

# possumd journaled the approved purchase, with that RRN and the masked card only
checks=$((checks + 1))
host=$(sqlite3 "$work/data/possum.db" "SELECT kind, amount, response_code, card_masked
    FROM txns WHERE rrn = '$rrn'")
if [ -z "$rrn" ] || [ "$host" != "purchase|1450|00|622202*********0018" ]; then
    failures=$((failures + 1))
    echo "FAIL: possumd's journal for RRN '$rrn': '$host'"
fi

# a second sale paid by a swipe, as a reader that acts as a keyboard types it: the
# track and Enter arrive while the amount is in focus; the swipe takes the card number
# field and its Enter submits; no PIN (a credit card), so the host sees 022
keys Enter
wait_for "条码 >"
keys "$WATER" Enter
wait_for "应付 2.00"
keys Enter
wait_for "还需支付"
keys 2
wait_for "卡号"
keys -l ';6258070000000000011=30121010000000000?'
keys Enter
wait_for "请持卡人输入密码"
keys Enter
wait_for "销售单 000002" 20
expect_screen "卡号       625807*********0011"
checks=$((checks + 1))
swiped=$(sqlite3 "$work/data/possum.db" "SELECT amount, card_masked, entry_mode FROM txns
    WHERE card_masked LIKE '625807%'")
if [ "$swiped" != "200|625807*********0011|022" ]; then
    failures=$((failures + 1))
    echo "FAIL: possumd's journal of the swiped sale: '$swiped'"
fi

# a third, swiped on the reader device while the dialog waits (track 1 and 2, CR LF)
keys Enter
wait_for "条码 >"
keys "$WATER" Enter
wait_for "应付 2.00"
keys Enter
wait_for "还需支付"
keys 2
wait_for "卡号"
(printf '%%B6222020000000000018^LI/SI^3012101000?;6222020000000000018=30121010000000000?\r\n' \
    >"$work/reader") &
reader_writer=$!
wait_for "请持卡人输入密码"
kill "$reader_writer" 2>/dev/null # still blocked only if the dialog never opened the reader
wait "$reader_writer"
keys 123456 Enter
wait_for "销售单 000003" 20
checks=$((checks + 1))
swiped=$(sqlite3 "$work/data/possum.db" "SELECT count(*) FROM txns
    WHERE card_masked = '622202*********0018' AND entry_mode = '021'")
if [ "$swiped" != 1 ]; then
    failures=$((failures + 1))
    echo "FAIL: possumd journaled $swiped purchases swiped on the reader device"
fi

# back to the cart, log out, quit: nobody stays logged in, the terminal is let go
keys Enter
wait_for "条码 >"
keys Escape
wait_for "功能菜单"
keys 0
wait_for "操作员登录"
keys Escape
wait_for "退出收银程序？"
keys Enter
expect_tui_exit

# the terminal's own journal has the sale, approved, paid by that card
expect_pos 0 ok list --kind sale --operator 01 --password 111111
expect_j '[.detail[] | select(.result == "approved" and .reference == "000001") |
    .body.tenders[0].rrn] | join(",")' "$rrn"

# --- the English interface ---------------------------------------------------------------
start_tui --lang en
wait_for "Operator login"
keys Escape
wait_for "Quit the cashier program?"
keys Enter
expect_tui_exit

finish
