# possumctl check: every kind valid and invalid, --explain, --today, standard input,
# and usage mistakes. Sources of the example values are named in
# tests/unit/core/checks/.
. "$CLI_LIB"
ctl=$POSSUMCTL

# luhn (ISO/IEC 7812-1 Annex B)
expect_out 0 "valid" "$ctl" check luhn 6222020000000000018
expect_out 0 "valid" "$ctl" check luhn 79927398713
expect_out 1 "invalid: check digit should be 3, not 0" "$ctl" check luhn 79927398710
expect_out 1 "invalid: character ' ' at position 5 is not a digit" \
    "$ctl" check luhn "6222 0200 0000 0000 018"
expect_out 1 "invalid: a Luhn number needs at least 2 digits (a body and a check digit), this one has 0" \
    "$ctl" check luhn ""
expect_out 0 "valid
check digit: 8" "$ctl" check --explain luhn 6222020000000000018

# ean (GS1 General Specifications §7.9.1)
expect_out 0 "valid" "$ctl" check ean 6291041500213
expect_out 0 "valid
kind: EAN-13" "$ctl" check --explain ean 4006381333931
expect_out 0 "valid
kind: EAN-8" "$ctl" check --explain ean 96385074
expect_out 0 "valid
kind: UPC-A" "$ctl" check --explain ean 036000291452
expect_out 1 "invalid: check digit should be 3, not 4" "$ctl" check ean 6291041500214
expect_out 1 "invalid: a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits, not 10" \
    "$ctl" check ean 9780306406

# idcard (GB 11643-1999); --today keeps the results independent of the clock
expect_out 0 "valid" "$ctl" check idcard 11010519491231002X
expect_out 0 "valid" "$ctl" check idcard 11010519491231002x
expect_out 0 "valid
birth date: 1949-12-31, sex: female" "$ctl" check --explain idcard 11010519491231002X
expect_out 0 "valid
birth date: 2000-02-29, sex: male" "$ctl" check --explain idcard 440305200002290192
expect_out 1 "invalid: birth date 19000229 is not a real date" \
    "$ctl" check idcard 110105190002290025
expect_out 1 "invalid: birth date 19490231 is not a real date" \
    "$ctl" check idcard 11010519490231002X
expect_out 1 "invalid: check character should be X, not 1" \
    "$ctl" check idcard 110105194912310021
expect_out 1 "invalid: birth year 1880 is before 1900" "$ctl" check idcard 440524188001010014
expect_out 1 "invalid: address code 990105 starts with 99, which is not a province-level code" \
    "$ctl" check idcard 99010519491231002X
expect_out 1 "invalid: an identity number has 18 characters, not 15 (15-digit first-generation numbers are not accepted)" \
    "$ctl" check idcard 110105491231002
expect_out 1 "invalid: birth date 20991231 is in the future (today is 20240615)" \
    "$ctl" check --today 20240615 idcard 110105209912310029
expect_out 0 "valid" "$ctl" check --today 20991231 idcard 110105209912310029

# Without --today the local date is used: a 2099 birth date is in the future.
checks=$((checks + 1))
got=$("$ctl" check idcard 110105209912310029)
status=$?
case "$status:$got" in
"1:invalid: birth date 20991231 is in the future (today is "*")") ;;
*)
    failures=$((failures + 1))
    echo "FAIL: check idcard without --today: status $status, stdout: $got"
    ;;
esac

# uscc (GB 32100-2015, with the GB 11714-1997 organisation code inside)
expect_out 0 "valid" "$ctl" check uscc 91350100M000100Y43
expect_out 0 "valid
organisation code: M000100Y-4, authority: industry and commerce, category: enterprise, division: 350100" \
    "$ctl" check --explain uscc 91350100M000100Y43
expect_out 1 "invalid: check character should be 3, not 4" "$ctl" check uscc 91350100M000100Y44
expect_out 1 "invalid: organisation code M000100Y-5 (positions 9-17): check character should be 4, not 5" \
    "$ctl" check uscc 91350100M000100Y53
expect_out 1 "invalid: character 'I' at position 9 is not allowed in a credit code (I, O, S, V and Z are never used)" \
    "$ctl" check uscc 91350100I000100Y43
expect_out 1 "invalid: character 'm' at position 9 is not allowed in a credit code (letters are upper case)" \
    "$ctl" check uscc 91350100m000100Y43
expect_out 1 "invalid: registration authority 9 (industry and commerce) has no organisation category 4 (position 2); GB 32100 defines 1, 2, 3" \
    "$ctl" check uscc 94350100M000100Y43
expect_out 1 "invalid: a credit code has 18 characters, not 17" "$ctl" check uscc 91350100M000100Y4

# paycode
expect_out 0 "valid
scheme: WeChat Pay" "$ctl" check --explain paycode 120061098828009406
expect_out 0 "valid
scheme: Alipay" "$ctl" check --explain paycode 28763443825664394
expect_out 0 "valid
scheme: UnionPay QR" "$ctl" check --explain paycode 6288000000000000001
expect_out 1 "invalid: WeChat Pay codes have 18 digits, not 17" \
    "$ctl" check paycode 12006109882800940
expect_out 1 "invalid: a payment code starting 99 is not WeChat Pay (10-15), Alipay (25-30) or UnionPay QR (62)" \
    "$ctl" check paycode 990000000000000000
expect_out 1 "invalid: the payment code is empty" "$ctl" check paycode ""

# mcc (ISO 18245)
expect_out 0 "valid" "$ctl" check mcc 5411
expect_out 0 "valid
merchant category code: 5411" "$ctl" check --explain mcc 5411
expect_out 1 "invalid: 0000 is not a merchant category code" "$ctl" check mcc 0000
expect_out 1 "invalid: a merchant category code has 4 digits, not 5" "$ctl" check mcc 54111
expect_out 1 "invalid: character 'A' at position 3 is not a digit" "$ctl" check mcc 54A1

# VALUE "-" reads one line from standard input, as a scanner in keyboard mode types it.
expect_out 0 "valid
scheme: WeChat Pay" sh -c 'printf "120061098828009406\r\n" | "$0" check --explain paycode -' "$ctl"
expect_out 1 "invalid: check digit should be 3, not 4" \
    sh -c 'printf "6291041500214\n" | "$0" check ean -' "$ctl"

# --help, and mistakes on the command line
expect_out 0 "$("$ctl" check --help)" "$ctl" check -h
checks=$((checks + 1))
case "$("$ctl" check --help)" in
"usage: possumctl check [--explain] [--today YYYYMMDD] KIND VALUE"*) ;;
*)
    failures=$((failures + 1))
    echo "FAIL: check --help does not start with the usage line"
    ;;
esac
expect_err 2 "check: missing KIND (luhn, ean, idcard, uscc, paycode or mcc)" "$ctl" check
expect_err 2 "check: unknown kind 'iban'" "$ctl" check iban DE89370400440532013000
expect_err 2 "check: missing the VALUE to check as luhn" "$ctl" check luhn
expect_err 2 "check: unexpected 'extra' after VALUE (options go before KIND)" \
    "$ctl" check luhn 79927398713 extra
expect_err 2 "check: unexpected '--explain' after VALUE (options go before KIND)" \
    "$ctl" check ean 6291041500213 --explain
expect_err 2 "check: unknown option '--verbose'" "$ctl" check --verbose luhn 79927398713
expect_err 2 "check: --today needs a date as YYYYMMDD" "$ctl" check --today
expect_err 2 "check: --today wants a date as YYYYMMDD, not '2024-06-15'" \
    "$ctl" check --today 2024-06-15 idcard 11010519491231002X
expect_err 2 "check: --today: reference date 20240230 is not a real date from 19000101 to 99991231" \
    "$ctl" check --today 20240230 idcard 11010519491231002X
expect_err 2 "check: --today applies to idcard only" "$ctl" check --today 20240615 luhn 00

finish
