# possumctl iso8583 decode / encode: the output format docs/possumctl.md promises,
# the round trip, and a clear message with exit 1 for every malformed input.
. "$CLI_LIB"
P=$POSSUMCTL

purchase="0063 6000030000 603100000000 0200 702404C020009811 19 62220200000000000180 000000 000000000100 000123 3012 0210 00 12 24 6222020000000000018D3012 313536 1122334455667788 2600000000000000 0013 22000001000500 A1A2A3A4A5A6A7A8"
purchase_json='{"tpdu":"6000030000","header":"603100000000","mti":"0200","fields":{"2":"6222020000000000018","3":"000000","4":"000000000100","11":"000123","14":"3012","22":"021","25":"00","26":"12","35":"6222020000000000018=3012","49":"156","52":"1122334455667788","53":"2600000000000000","60":"2200000100050","64":"A1A2A3A4A5A6A7A8"},"sub":{"60":{"type_code":"22","batch":"000001","network_code":"000","extra":"50"}}}'
purchase_hex=$(echo "$purchase" | tr -d ' ')

expect_out 0 "$purchase_json" $P iso8583 decode --frame "$purchase"
expect_out 0 "$purchase_json" sh -c "echo '$purchase' | $P iso8583 decode --frame -"
expect_out 0 "$purchase_hex" sh -c "echo '$purchase_json' | $P iso8583 encode --frame"
expect_out 0 "$purchase_hex" $P iso8583 encode --frame "$purchase_json"

# without --frame the message starts at the MTI
body=$(echo "$purchase_hex" | cut -c 27-)
expect_out 0 "$body" sh -c "$P iso8583 decode '$body' | $P iso8583 encode"

# field 61 and settlement totals in 48 are split under "sub"
settle='{"mti":"0500","fields":{"11":"000009","41":"10000001","42":"898100012340001","48":"0000000150000020000000000000000","60":"00000001201","61":"0000010000051123"}}'
settle_hex=$($P iso8583 encode "$settle")
expect_out 0 '{"mti":"0500","fields":{"11":"000009","41":"10000001","42":"898100012340001","48":"0000000150000020000000000000000","60":"00000001201","61":"0000010000051123"},"sub":{"48":{"domestic":{"debit_amount":"000000015000","debit_count":"002","credit_amount":"000000000000","credit_count":"000","result":"0"}},"60":{"type_code":"00","batch":"000001","network_code":"201"},"61":{"original_batch":"000001","original_stan":"000005","original_date":"1123"}}}' \
    $P iso8583 decode "$settle_hex"

# text that is not UTF-8 (GBK "中文" in field 63) travels as {"hex": ...} both ways
gbk='{"mti":"0210","fields":{"63":{"hex":"303031D6D0CEC4"}}}'
expect_out 0 "$gbk" sh -c "$P iso8583 encode '$gbk' | $P iso8583 decode -"

# ISO 8583:1987 ASCII with a secondary bitmap
iso87_hex=$(printf '%s' "080082200000000000000400000000000000112310153000000130 1" | tr -d ' ' | od -An -tx1 | tr -d ' \n')
expect_out 0 '{"mti":"0800","fields":{"7":"1123101530","11":"000001","70":"301"}}' \
    $P iso8583 decode --dialect iso87 "$iso87_hex"
expect_out 0 "$(echo "$iso87_hex" | tr a-f A-F)" \
    $P iso8583 encode --dialect iso87 '{"mti":"0800","fields":{"7":"1123101530","11":"000001","70":"301"}}'

# malformed messages: exit 1, the field and the reason on stderr
expect_err 1 "field 4: 5 bytes left, 6 needed" $P iso8583 decode "0200 3000000000000000 000000 0000000001"
expect_err 1 "field 2: length 20 exceeds the maximum 19" $P iso8583 decode "0200 4000000000000000 20 62220200000000000180"
expect_err 1 "field 4: nibble A at digit 3 is not a BCD digit" $P iso8583 decode "0200 1000000000000000 00A000000100"
expect_err 1 "bitmap names field 5, which dialect cup does not define" $P iso8583 decode "0200 0800000000000000 000000000000"
expect_err 1 "length prefix: announces 100 bytes, 27 follow" $P iso8583 decode --frame "0064 6000030000 603100000000 0200 1000000000000000 000000000100"
expect_err 1 "message: 2 bytes after the last field" $P iso8583 decode "0200 1000000000000000 000000000100 FFFF"
expect_err 1 "message: hex: 'Z' at offset 1 is not a hex digit" $P iso8583 decode "0Z00"

# malformed JSON for encode: exit 1 naming the key or field
expect_err 1 "JSON: line 1 column" $P iso8583 encode '{"mti":'
expect_err 1 'unknown key "fileds"' $P iso8583 encode '{"mti":"0200","fileds":{}}'
expect_err 1 "mti: required, as a string of four digits" $P iso8583 encode '{"fields":{}}'
expect_err 1 'MTI: "020" is not four digits' $P iso8583 encode '{"mti":"020"}'
expect_err 1 "field 4: 13 digits, at most 12" $P iso8583 encode '{"mti":"0200","fields":{"4":"1234567890123"}}'
expect_err 1 "field 5: not defined in dialect cup" $P iso8583 encode '{"mti":"0200","fields":{"5":"1"}}'
expect_err 1 'fields: "04" is not a field number 2-128' $P iso8583 encode '{"mti":"0200","fields":{"04":"1"}}'
expect_err 1 "field 4: the value must be a string" $P iso8583 encode '{"mti":"0200","fields":{"4":100}}'
expect_err 1 "field 64: hex: odd number of digits" $P iso8583 encode '{"mti":"0200","fields":{"64":"ABC"}}'
expect_err 1 "tpdu: required with --frame, as 5 bytes of hex" $P iso8583 encode --frame '{"mti":"0200"}'
expect_err 1 "tpdu: only with --frame in a dialect that has one" $P iso8583 encode '{"tpdu":"6000030000","mti":"0200"}'

# usage
expect_err 2 "--dialect: 'visa' is not cup or iso87" $P iso8583 decode --dialect visa 00
expect_err 2 "'frobnicate' is not decode, encode or fields" $P iso8583 frobnicate 00
expect_err 2 "give the message as HEX" $P iso8583 decode
expect_out 0 "$($P iso8583 --help)" $P iso8583 decode --help

# docs/protocol.md quotes the field tables as implemented: every row must be there
doc="$(dirname "$CLI_LIB")/../../docs/protocol.md"
for dialect in cup iso87; do
    checks=$((checks + 1))
    missing=$($P iso8583 fields --dialect $dialect | grep '^| [0-9]' | while IFS= read -r row; do
        grep -qxF "$row" "$doc" || echo "$row"
    done)
    if [ -n "$missing" ]; then
        failures=$((failures + 1))
        echo "FAIL: docs/protocol.md lacks these $dialect rows (regenerate with possumctl iso8583 fields):"
        echo "$missing"
    fi
done

finish
