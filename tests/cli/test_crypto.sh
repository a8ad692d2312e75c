# possumctl mac / pinblock / kcv: known vectors (sources in tests/unit/core/crypto/),
# the output formats docs/possumctl-crypto.md promises, and every error path's status.
. "$CLI_LIB"
P=$POSSUMCTL

k1=0123456789ABCDEF
k2="0123456789ABCDEF FEDCBA9876543210"
now_all=4E6F77206973207468652074696D6520666F7220616C6C20 # "Now is the time for all "
now_it=4E6F77206973207468652074696D6520666F72206974      # "Now is the time for it"
pan=43219876543210987

# --- mac ---------------------------------------------------------------------------
# cup: field 64 holds 8 ASCII hex characters ("68BAFD1F"); printed as their bytes
expect_out 0 3638424146443146 $P mac --alg cup --key $k1 --data $now_it
expect_out 0 3041383734463334 $P mac --alg cup --key "$k2" --data $now_it
expect_out 0 3041383734463334 sh -c "echo '$now_it' | $P mac --alg cup --key '$k2' --data -"
# ISO/IEC 9797-1 Annex B.4 (MAC algorithm 3 = X9.19)
expect_out 0 A1C72E74EA3FA9B6 $P mac --alg x919 --key "$k2" --data $now_all
expect_out 0 2E2B1428CC78254F $P mac --alg x919 --key "$k2" --data "$now_it"
# algorithm 1, one block: NIST SP 800-67 3-key example; GB/T 32907 example 1
expect_out 0 A826FD8CE53B855F $P mac --alg alg1-3des \
    --key 0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123 --data 5468652071756663
expect_out 0 681EDF34D206965E86B3E94F536E4246 $P mac --alg alg1-sm4 \
    --key 0123456789ABCDEFFEDCBA9876543210 --data 0123456789ABCDEFFEDCBA9876543210
expect_out 0 "" sh -c "$P mac --help | grep -q 'usage: possumctl mac'"

expect_err 2 "--alg: 'md5' is not cup" $P mac --alg md5 --key $k1 --data 00
expect_err 2 "--alg is required" $P mac --key $k1 --data 00
expect_err 2 "--key is required" $P mac --alg cup --data 00
expect_err 2 "--data is required" $P mac --alg cup --key $k1
expect_err 2 "--data needs a value" $P mac --alg cup --key $k1 --data
expect_err 2 "unknown option '--iv'" $P mac --alg cup --key $k1 --data 00 --iv 00
expect_err 2 "unexpected argument 'extra'" $P mac --alg cup --key $k1 --data 00 extra
expect_err 1 "--key: cup MAC key: 24 bytes; 8 (DES) or 16 (3DES) expected" \
    $P mac --alg cup --key "$k2 $k1" --data 00
expect_err 1 "--key: X9.19 MAC key: 8 bytes; 16 (K1|K2) expected" \
    $P mac --alg x919 --key $k1 --data 00
expect_err 1 "--key: SM4 key: 8 bytes; 16 expected" $P mac --alg alg1-sm4 --key $k1 --data 00
expect_err 1 "--data: hex: 'Z' at offset 2" $P mac --alg cup --key $k1 --data 00ZZ
expect_err 1 "--key: hex: odd number of digits" $P mac --alg cup --key 012 --data 00

# --- pinblock ----------------------------------------------------------------------
# the published ISO 9564 format 0 example, and the same block under a 3DES PIN key
expect_out 0 0412AC89ABCDEF67 $P pinblock build --format 0 --pin 1234 --pan $pan
expect_out 0 "0412AC89ABCDEF67
encrypted: C967C8198151A458" $P pinblock build --format 0 --pin 1234 --pan $pan --key "$k2"
expect_out 0 1234 $P pinblock parse --format 0 --block 0412AC89ABCDEF67 --pan $pan
expect_out 0 1234 $P pinblock parse --format 0 --block C967C8198151A458 --pan $pan --key "$k2"
expect_out 0 141234ABCDEF0123 $P pinblock build --format 1 --pin 1234 --fill ABCDEF0123
expect_out 0 1234 $P pinblock parse --format 1 --block 141234ABCDEF0123
expect_out 0 3412ACDD99DDBB55 $P pinblock build --format 3 --pin 1234 --pan $pan --fill ABCDEFABCD
expect_out 0 1234 $P pinblock parse --format 3 --block "3412 ACDD 99DD BB55" --pan $pan
# a random format 3 fill parses back
expect_out 0 98765 sh -c "b=\$($P pinblock build --format 3 --pin 98765 --pan $pan) &&
    $P pinblock parse --format 3 --block \$b --pan $pan"
expect_out 0 "" sh -c "$P pinblock --help | grep -q 'usage: possumctl pinblock build'"
expect_out 0 "" sh -c "$P pinblock parse --help | grep -q 'possumctl pinblock parse'"

expect_err 2 "usage: possumctl pinblock" $P pinblock
expect_err 2 "unknown subcommand 'verify'" $P pinblock verify
expect_err 2 "--format is required" $P pinblock build --pin 1234 --pan $pan
expect_err 2 "--format: '2' is not 0, 1 or 3" $P pinblock build --format 2 --pin 1234 --pan $pan
expect_err 2 "--pan is required for format 0" $P pinblock build --format 0 --pin 1234
expect_err 2 "--pan: format 1 does not use a PAN" \
    $P pinblock build --format 1 --pin 1234 --pan $pan
expect_err 2 "--pin is required" $P pinblock build --format 0 --pan $pan
expect_err 2 "--block is required" $P pinblock parse --format 0 --pan $pan
expect_err 2 "parse does not take --pin" \
    $P pinblock parse --format 0 --block 0412AC89ABCDEF67 --pan $pan --pin 1234
expect_err 2 "--fill: format 0 takes none" \
    $P pinblock build --format 0 --pin 1234 --pan $pan --fill FFFFFFFFFF
expect_err 1 "--pin: 3 digits; 4 to 12 expected" $P pinblock build --format 0 --pin 123 --pan $pan
expect_err 1 "--pin: character at offset 1 is not a digit" $P pinblock build --format 0 --pin 1x34 --pan $pan
expect_err 1 "--pan: 12 digits; at least 13 expected" \
    $P pinblock build --format 0 --pin 1234 --pan 622202123456
expect_err 1 "--fill: 8 hex digits; 10 expected" \
    $P pinblock build --format 1 --pin 1234 --fill ABCDEF01
expect_err 1 "--fill: '0' at offset 6; format 3 fill is A-F" \
    $P pinblock build --format 3 --pin 1234 --pan $pan --fill ABCDEF0123
expect_err 1 "--block: control nibble 1; format 0 expected" \
    $P pinblock parse --format 0 --block 141234ABCDEF0123 --pan $pan
# PIN field 041234FFFF0FFFFF: a 0 among format 0's F fill
expect_err 1 "--block: fill nibble at offset 10 is 0; format 0 fill is F" \
    $P pinblock parse --format 0 --block 0412AC89AB3DEF67 --pan $pan
expect_err 1 "--block: 7 bytes; 8 expected" \
    $P pinblock parse --format 0 --block 0412AC89ABCDEF --pan $pan
expect_err 1 "--block: hex: 'X' at offset 0" $P pinblock parse --format 1 --block XX
expect_err 1 "--key: 3DES key: 4 bytes; 8, 16 or 24 expected" \
    $P pinblock build --format 0 --pin 1234 --pan $pan --key 01234567

# --- kcv ---------------------------------------------------------------------------
# NIST SP 800-20 variable-key test (DES of zeros); the double-length test key's 08D7B4
expect_out 0 95A8D7 $P kcv --key 8001010101010101
expect_out 0 95A8D72813DAA94D $P kcv --key 8001010101010101 --len 8
expect_out 0 08D7B4 $P kcv --key "$k2"
expect_out 0 08D7B4FB $P kcv --key "$k2" --alg 3des --len 4
expect_out 0 2677F46B09C122CC975533105BD4A22A $P kcv --key "$k2" --alg sm4 --len 16
expect_out 0 "" sh -c "$P kcv --help | grep -q 'usage: possumctl kcv'"

expect_err 2 "--key is required" $P kcv --alg sm4
expect_err 2 "--alg: 'aes' is not 3des or sm4" $P kcv --key "$k2" --alg aes
expect_err 2 "--len: 9 is outside 1..8" $P kcv --key "$k2" --len 9
expect_err 2 "--len: 17 is outside 1..16" $P kcv --key "$k2" --alg sm4 --len 17
expect_err 2 "--len: 'three' is not a number" $P kcv --key "$k2" --len three
expect_err 2 "--len: '-1' is not a number" $P kcv --key "$k2" --len -1
expect_err 2 "--key needs a value" $P kcv --key
expect_err 1 "--key: 3DES key: 7 bytes; 8, 16 or 24 expected" $P kcv --key 01234567890123
expect_err 1 "--key: SM4 key: 8 bytes; 16 expected" $P kcv --key $k1 --alg sm4
expect_err 1 "--key: hex: 'Q'" $P kcv --key Q123

finish
