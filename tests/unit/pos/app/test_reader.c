/* app/reader: a card reader device stood in for by a FIFO and by a file — a swipe per
 * line whatever the writes look like, a timeout that says so, a FIFO whose writer
 * comes and goes, a line too long, a bad swipe, a file with no swipe. */
#include "testing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fixture.h"
#include "pos/app/reader.h"

#define SWIPE  ";6222020000000000018=30121010000000000?"
#define TRACK2 "6222020000000000018=30121010000000000"

struct place {
    char dir[64];
    char path[128];
};

static void make_fifo(struct place *p)
{
    fixture_home(p->dir);
    snprintf(p->path, sizeof(p->path), "%s/reader", p->dir);
    assert_int_equal(mkfifo(p->path, 0600), 0);
}

/* A writer end for the FIFO (the reader is open already, so this does not block). */
static int writer(const struct place *p)
{
    int fd = open(p->path, O_WRONLY | O_NONBLOCK);
    assert_true(fd >= 0);
    return fd;
}

static void put(int fd, const char *text)
{
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

static void reads_swipes_from_a_fifo(void **state)
{
    struct place p;
    struct pos_card_reader r;
    struct pos_card c;
    struct ps_reason why;
    int w;

    (void)state;
    make_fifo(&p);
    assert_int_equal(pos_card_reader_open(&r, p.path, &why), 0);
    assert_true(pos_card_reader_fd(&r) >= 0);
    /* nobody has written: nothing within the time */
    assert_int_equal(pos_card_reader_read(&r, 50, &c, &why), POS_READER_NO_SWIPE);
    w = writer(&p);
    /* a swipe in pieces, CR LF at the end, then two swipes in one write */
    put(w, ";62220200000");
    assert_int_equal(pos_card_reader_read(&r, 0, &c, &why), POS_READER_NO_SWIPE);
    put(w, "00000018=30121010000000000?\r\n");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    assert_string_equal(c.track2, TRACK2);
    put(w, "\n" SWIPE "\n%B4111111111111111^A/B^2912101?;4111111111111111=2912101?\n");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    assert_string_equal(c.pan, "6222020000000000018");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    assert_string_equal(c.pan, "4111111111111111");
    assert_string_equal(c.expiry, "2912");
    /* a bad swipe is named and the next one reads */
    put(w, ";6222020000000000018=3013101?\n" SWIPE "\n");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), PS_EINVAL);
    assert_string_equal(why.text, "track 2: expiry month 13; 01 to 12");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    /* the writer goes (its last line unended) and another comes */
    put(w, SWIPE);
    close(w);
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    assert_string_equal(c.track2, TRACK2);
    assert_int_equal(pos_card_reader_read(&r, 50, &c, &why), POS_READER_NO_SWIPE);
    w = writer(&p);
    put(w, SWIPE "\n");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    close(w);
    pos_card_reader_close(&r);
    pos_card_wipe(&c);
    fixture_remove(p.dir);
}

static void a_line_too_long_is_dropped(void **state)
{
    char noise[POS_READER_LINE_MAX + 20];
    struct place p;
    struct pos_card_reader r;
    struct pos_card c;
    struct ps_reason why;
    int w;

    (void)state;
    make_fifo(&p);
    assert_int_equal(pos_card_reader_open(&r, p.path, &why), 0);
    w = writer(&p);
    memset(noise, '7', sizeof(noise) - 1);
    noise[sizeof(noise) - 1] = '\0';
    put(w, noise);
    put(w, "\n" SWIPE "\n");
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), PS_ETOOLONG);
    assert_non_null(strstr(why.text, "without a line end"));
    assert_int_equal(pos_card_reader_read(&r, 1000, &c, &why), 0);
    assert_string_equal(c.track2, TRACK2);
    close(w);
    pos_card_reader_close(&r);
    fixture_remove(p.dir);
}

static void from_reader_times_out_and_names_the_reader(void **state)
{
    struct place p;
    struct pos_card c;
    struct ps_reason why;
    char want[256];

    (void)state;
    make_fifo(&p);
    assert_int_equal(pos_card_from_reader(p.path, 200, &c, &why), PS_ETIMEDOUT);
    snprintf(want, sizeof(want), "card reader %s: no card swiped within 0.2 s", p.path);
    assert_string_equal(why.text, want);
    fixture_remove(p.dir);

    assert_int_equal(pos_card_from_reader("/nonexistent/ttyACM9", 100, &c, &why), PS_EIO);
    assert_string_equal(why.text, "card reader /nonexistent/ttyACM9: No such file or directory");
}

static void from_reader_reads_a_file(void **state)
{
    struct place p;
    struct pos_card c;
    struct ps_reason why;
    FILE *f;

    (void)state;
    fixture_home(p.dir);
    snprintf(p.path, sizeof(p.path), "%s/swipe.txt", p.dir);
    f = fopen(p.path, "w");
    assert_non_null(f);
    fputs(SWIPE, f); /* no line end: the end of the file ends it */
    fclose(f);
    assert_int_equal(pos_card_from_reader(p.path, 1000, &c, &why), 0);
    assert_string_equal(c.track2, TRACK2);
    f = fopen(p.path, "w");
    assert_non_null(f);
    fputs("\r\n\n", f);
    fclose(f);
    assert_int_equal(pos_card_from_reader(p.path, 1000, &c, &why), PS_EIO);
    assert_non_null(strstr(why.text, "ended without a swipe"));
    assert_int_equal(c.pan[0], '\0');
    fixture_remove(p.dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_swipes_from_a_fifo),
        cmocka_unit_test(a_line_too_long_is_dropped),
        cmocka_unit_test(from_reader_times_out_and_names_the_reader),
        cmocka_unit_test(from_reader_reads_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
