package shop.loyalty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoyaltyCalculatorTest {
    private final LoyaltyCalculator calculator = new LoyaltyCalculator(Set.of());
    private final Member bronze =
            new Member("m1", LocalDate.of(2023, 1, 1), MonthDay.of(12, 24), Tier.BRONZE, 0);

    @Test
    void earnsOnePointPerWholeEuro() {
        Order order = new Order("o1", LocalDate.of(2024, 5, 2), Order.Status.PLACED,
                List.of(new OrderLine("book", "books", new BigDecimal("24.90"), 2, 0, false)));
        assertEquals(new PointsAward(49, 0, 0), calculator.award(order, bronze));
    }

    @Test
    void tiersStartAtOneAndFiveThousand() {
        assertEquals(Tier.BRONZE, LoyaltyCalculator.tierFor(999));
        assertEquals(Tier.SILVER, LoyaltyCalculator.tierFor(1000));
    }

    @Test
    void fiveHundredPointsAreFiveEuros() {
        assertEquals(new BigDecimal("5.00"), LoyaltyCalculator.redeem(800, 500));
    }
}
