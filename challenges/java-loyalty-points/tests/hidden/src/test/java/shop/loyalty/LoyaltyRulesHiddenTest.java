package shop.loyalty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoyaltyRulesHiddenTest {
    static final LocalDate MAY_2 = LocalDate.of(2024, 5, 2);

    static Member member(Tier tier) {
        return new Member("m", LocalDate.of(2023, 1, 1), MonthDay.of(12, 24), tier, 0);
    }

    static OrderLine line(String category, String price, int quantity) {
        return new OrderLine(category + "-sku", category, new BigDecimal(price), quantity, 0, false);
    }

    static Order order(LocalDate on, OrderLine... lines) {
        return new Order("o", on, Order.Status.PLACED, List.of(lines));
    }

    @Nested
    class BasePoints {
        final LoyaltyCalculator calculator = new LoyaltyCalculator(Set.of("garden"));

        @Test
        void roundsDownPerLine() {
            Order o = order(MAY_2, line("books", "9.99", 1), line("toys", "9.99", 1));
            assertEquals(18, calculator.award(o, member(Tier.BRONZE)).basePoints());
        }

        @Test
        void exactDecimalArithmetic() {
            // 0.10 * 30 is exactly 3 euros; binary floating point would give 2.9999…
            Order o = order(MAY_2, line("toys", "0.10", 30), line("toys", "1.15", 100));
            assertEquals(118, calculator.award(o, member(Tier.BRONZE)).basePoints());
        }

        @Test
        void returnedItemsAndGiftCardsEarnNothing() {
            OrderLine returned = new OrderLine("mug", "kitchen", new BigDecimal("12.00"), 3, 2, false);
            OrderLine giftCard = new OrderLine("gift", "gifts", new BigDecimal("50.00"), 1, 0, true);
            assertEquals(12, calculator.award(order(MAY_2, returned, giftCard), member(Tier.BRONZE)).basePoints());
        }

        @Test
        void promotedCategoriesEarnDouble() {
            Order o = order(MAY_2, line("garden", "10.50", 1), line("books", "10.50", 1));
            assertEquals(30, calculator.award(o, member(Tier.BRONZE)).basePoints());
        }

        @Test
        void rejectsImpossibleQuantities() {
            OrderLine overReturned = new OrderLine("mug", "kitchen", BigDecimal.ONE, 1, 2, false);
            assertThrows(IllegalArgumentException.class,
                    () -> calculator.award(order(MAY_2, overReturned), member(Tier.BRONZE)));
            assertThrows(IllegalArgumentException.class,
                    () -> calculator.award(order(MAY_2, line("toys", "1.00", -1)), member(Tier.BRONZE)));
        }
    }

    @Nested
    class TierBonusAndCap {
        final LoyaltyCalculator calculator = new LoyaltyCalculator(Set.of());

        @ParameterizedTest
        @CsvSource({"BRONZE, 0", "SILVER, 25", "GOLD, 51"})
        void bonusOnTopOfBase(Tier tier, int bonus) {
            Order o = order(MAY_2, line("toys", "103.00", 1));
            assertEquals(new PointsAward(103, bonus, 0), calculator.award(o, member(tier)));
        }

        @Test
        void capsBaseAndBonusAtFiveThousand() {
            Order big = order(MAY_2, line("tv", "4000.00", 1));
            assertEquals(new PointsAward(4000, 1000, 0), calculator.award(big, member(Tier.GOLD)));
            Order huge = order(MAY_2, line("tv", "7000.00", 1));
            assertEquals(new PointsAward(5000, 0, 0), calculator.award(huge, member(Tier.SILVER)));
        }
    }

    @Nested
    class Eligibility {
        final LoyaltyCalculator calculator = new LoyaltyCalculator(Set.of());

        @Test
        void cancelledOrdersEarnNothing() {
            Order cancelled = new Order("o", MAY_2, Order.Status.CANCELLED, List.of(line("toys", "80.00", 1)));
            assertEquals(PointsAward.NONE, calculator.award(cancelled, member(Tier.GOLD)));
        }

        @Test
        void ordersBeforeJoiningEarnNothing() {
            Member late = new Member("m", LocalDate.of(2024, 5, 3), MonthDay.of(5, 1), Tier.BRONZE, 0);
            assertEquals(PointsAward.NONE, calculator.award(order(MAY_2, line("toys", "80.00", 1)), late));
            assertEquals(80, calculator.award(order(LocalDate.of(2024, 5, 3), line("toys", "80.00", 1)), late)
                    .basePoints());
        }

        @Test
        void birthdayBonusOncePerYearInTheBirthdayMonth() {
            Member may = new Member("m", LocalDate.of(2020, 1, 1), MonthDay.of(5, 30), Tier.BRONZE, 2023);
            assertEquals(100, calculator.award(order(MAY_2, line("toys", "1.00", 1)), may).birthdayBonus());
            Member alreadyGiven = new Member("m", LocalDate.of(2020, 1, 1), MonthDay.of(5, 30), Tier.BRONZE, 2024);
            assertEquals(0, calculator.award(order(MAY_2, line("toys", "1.00", 1)), alreadyGiven).birthdayBonus());
            Member leap = new Member("m", LocalDate.of(2020, 1, 1), MonthDay.of(2, 29), Tier.BRONZE, 0);
            Order february = order(LocalDate.of(2023, 2, 28), line("toys", "1.00", 1));
            assertEquals(100, calculator.award(february, leap).birthdayBonus());
            assertEquals(0, calculator.award(order(MAY_2, line("toys", "1.00", 1)), leap).birthdayBonus());
        }

        @Test
        void birthdayBonusIsNotCapped() {
            Member may = new Member("m", LocalDate.of(2020, 1, 1), MonthDay.of(5, 1), Tier.GOLD, 0);
            assertEquals(5100, calculator.award(order(MAY_2, line("tv", "9000.00", 1)), may).total());
        }
    }

    @Nested
    class TiersAndRedemption {
        @ParameterizedTest
        @CsvSource({"0, BRONZE", "999, BRONZE", "1000, SILVER", "4999, SILVER", "5000, GOLD", "2000000, GOLD"})
        void tierThresholds(int points, Tier tier) {
            assertEquals(tier, LoyaltyCalculator.tierFor(points));
        }

        @Test
        void negativePointsAreAnError() {
            assertThrows(IllegalArgumentException.class, () -> LoyaltyCalculator.tierFor(-1));
        }

        @Test
        void redeemsBlocksOfFiveHundred() {
            assertEquals(new BigDecimal("25.00"), LoyaltyCalculator.redeem(2500, 2500));
        }

        @Test
        void refusesPartialBlocksAndOverdrafts() {
            assertThrows(IllegalArgumentException.class, () -> LoyaltyCalculator.redeem(1000, 750));
            assertThrows(IllegalArgumentException.class, () -> LoyaltyCalculator.redeem(1000, 0));
            assertThrows(IllegalArgumentException.class, () -> LoyaltyCalculator.redeem(400, 500));
        }
    }
}
