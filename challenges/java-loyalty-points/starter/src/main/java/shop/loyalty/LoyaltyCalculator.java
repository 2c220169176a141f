package shop.loyalty;

import java.math.BigDecimal;
import java.util.Set;

/** The rules of the loyalty programme (see README.md). */
public final class LoyaltyCalculator {
    private final Set<String> doublePointCategories;

    /** @param doublePointCategories categories in this month's double-points campaign */
    public LoyaltyCalculator(Set<String> doublePointCategories) {
        this.doublePointCategories = Set.copyOf(doublePointCategories);
    }

    /** The points {@code order} earns for {@code member}. */
    public PointsAward award(Order order, Member member) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The tier for the points earned in the last 12 months. */
    public static Tier tierFor(int pointsLast12Months) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The euro value of the voucher for redeeming {@code points} out of {@code balance}. */
    public static BigDecimal redeem(int balance, int points) {
        throw new UnsupportedOperationException("TODO");
    }
}
