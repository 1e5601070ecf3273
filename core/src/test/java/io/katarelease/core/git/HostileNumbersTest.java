package io.katarelease.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RefNames#VERSION_ORDER} with numeric parts of any size or shape. */
class HostileNumbersTest {
    private static final String BIG = "9".repeat(10_000);

    private static final List<String> HOSTILE = List.of("4", "4.0", "4.1", "4.1.0", "4.1.", "4..1", "4.x", "4-rc0",
            "4.1.0-rc0", "4.1.0-rc1", "4.1.0-digitalocean-0", "4.1.0-digitalocean-007", "4.1.0-digitalocean-7",
            "3.9.0", "3.10.0", "007.1.0", "7.1.0", "99999999999999999999.0.0", "99999999999999999998.0.0",
            "100000000000000000000.0.0", "0", "00", "", ".", "-", "-1", "+3", "1e9", "NaN", "０.1.0", "٣.0.0",
            "3.0.0", "v3.0.0", BIG + ".0", BIG + "8.0", "0" + BIG + ".0", "1." + BIG, "1." + BIG + ".1", "a.1", "a.b");

    private static int sign(int c) {
        return Integer.signum(c);
    }

    @Test
    @Timeout(60)
    void theOrderIsATotalOrderOnHostileNames() {
        var order = RefNames.VERSION_ORDER;
        for (String a : HOSTILE) {
            assertThat(order.compare(a, a)).as(a).isZero();
            for (String b : HOSTILE) {
                int ab = sign(order.compare(a, b));
                assertThat(ab).as("%s vs %s", a, b).isEqualTo(-sign(order.compare(b, a)));
                if (ab == 0) {
                    assertThat(a).isEqualTo(b);
                }
                for (String c : HOSTILE) {
                    if (ab <= 0 && sign(order.compare(b, c)) <= 0) {
                        assertThat(sign(order.compare(a, c))).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void sortingManyHostileNamesKeepsTheContract() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                names.add(HOSTILE.get(random.nextInt(HOSTILE.size())));
            }
            Collections.shuffle(names, random);
            names.sort(RefNames.VERSION_ORDER);
            for (int i = 1; i < names.size(); i++) {
                assertThat(RefNames.VERSION_ORDER.compare(names.get(i - 1), names.get(i))).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void numericPartsCompareAsNumbersOfAnySize() {
        List<String> sorted = new ArrayList<>(List.of("100000000000000000000.0.0", "3.10.0", BIG + "8.0",
                "99999999999999999999.0.0", "3.9.0", BIG + ".0", "3.9.0-rc0", "7.1.0", "007.1.0", "4.1.0",
                "99999999999999999998.0.0"));
        sorted.sort(RefNames.VERSION_ORDER);
        assertThat(sorted).containsExactly("3.9.0-rc0", "3.9.0", "3.10.0", "4.1.0", "007.1.0", "7.1.0",
                "99999999999999999998.0.0", "99999999999999999999.0.0", "100000000000000000000.0.0", BIG + ".0",
                BIG + "8.0");
        assertThat(RefNames.VERSION_ORDER.compare("0" + BIG + ".0", BIG + ".0")).isNegative();
        assertThat(RefNames.VERSION_ORDER.compare("1." + BIG, "1." + BIG + ".1")).isNegative();
    }

    @Test
    void onlyAsciiDigitsAreNumbers() {
        // full-width and Arabic-Indic digits are text: they sort before every number, never equal to one
        assertThat(RefNames.VERSION_ORDER.compare("٣.0.0", "1.0.0")).isNegative();
        assertThat(RefNames.VERSION_ORDER.compare("０.1.0", "0.1.0")).isNegative();
        assertThat(RefNames.VERSION_ORDER.compare("+3", "1")).isNegative();
        assertThat(RefNames.VERSION_ORDER.compare("1e9", "2")).isNegative();
    }

    @Test
    @Timeout(120) // a guard against quadratic blow-up, not a speed target (that belongs in a benchmark)
    void tenThousandDigitPartsCompareQuickly() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            names.add(BIG.substring(0, 9_990) + String.format("%010d", i) + ".0");
        }
        Collections.shuffle(names, new Random(1));
        names.sort(RefNames.VERSION_ORDER);
        assertThat(names.get(0)).endsWith("0000000000.0");
        assertThat(names.get(names.size() - 1)).endsWith("0000001999.0");
    }

    @Test
    void releaseNumbersAreReadExactly() throws Exception {
        assertThat(RefNames.releaseNumber("refs/tags/4.1.0-digitalocean-0", "4.1.0", "digitalocean"))
                .isEqualTo(OptionalInt.of(0));
        assertThat(RefNames.releaseNumber("4.1.0-digitalocean-999999999", "4.1.0", "digitalocean"))
                .isEqualTo(OptionalInt.of(RefNames.MAX_RELEASE_NUMBER));
        for (String other : new String[] {"4.1.0-digitalocean-NaN", "4.1.0-digitalocean-1-hotfix", "4.1.0-acme-007",
            "4.1.00-digitalocean-1", "4.1.0-digitalocean-", "4.1.0"}) {
            assertThat(RefNames.releaseNumber(other, "4.1.0", "digitalocean")).as(other).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "1000000000", "2147483648", "007", "00", "+3", "-1", "1e9", "1E+9",
        "０", "٣", "٠٠٧"})
    void otherNumberLikeReleaseNumbersAreRefusedByName(String n) {
        assertThatThrownBy(() -> RefNames.releaseNumber("refs/tags/4.1.0-digitalocean-" + n, "4.1.0", "digitalocean"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'4.1.0-digitalocean-" + n + "'")
                .hasMessageContaining("'" + n + "'");
    }

    @Test
    void theNextReleaseNumberNeverWraps() throws Exception {
        assertThat(RefNames.nextReleaseNumber("x-digitalocean-0", 0)).isEqualTo(1);
        assertThat(RefNames.nextReleaseNumber("x-digitalocean-999999998", 999_999_998)).isEqualTo(999_999_999);
        assertThatThrownBy(() -> RefNames.nextReleaseNumber("x-digitalocean-999999999", 999_999_999))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'x-digitalocean-999999999'");
        assertThatThrownBy(() -> RefNames.nextReleaseNumber("x", Integer.MAX_VALUE))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void numbersCompareWithoutParsing() {
        assertThat(RefNames.compareNumbers("007", "7")).isZero();
        assertThat(RefNames.compareNumbers("10", "9")).isPositive();
        assertThat(RefNames.compareNumbers(BIG, "1" + "0".repeat(10_000))).isNegative();
        assertThat(RefNames.compareNumbers("000", "0")).isZero();
        assertThat(RefNames.stripLeadingZeros("000")).isEqualTo("0");
        assertThat(RefNames.stripLeadingZeros("0070")).isEqualTo("70");
        assertThat(RefNames.isNumber("")).isFalse();
        assertThat(RefNames.isNumber("٣")).isFalse();
        assertThat(RefNames.isNumber("+3")).isFalse();
    }
}
