package shop.loyalty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/** The rules of the loyalty programme (see README.md). */
public final class LoyaltyCalculator {
    static final int ORDER_CAP = 5_000;
    static final int BIRTHDAY_BONUS = 100;
    static final int REDEMPTION_BLOCK = 500;
    static final int SILVER_FROM = 1_000;
    static final int GOLD_FROM = 5_000;

    private final Set<String> doublePointCategories;

    /** @param doublePointCategories categories in this month's double-points campaign */
    public LoyaltyCalculator(Set<String> doublePointCategories) {
        this.doublePointCategories = Set.copyOf(doublePointCategories);
    }

    /** The points {@code order} earns for {@code member}. */
    public PointsAward award(Order order, Member member) {
        order.lines().forEach(LoyaltyCalculator::validate);
        if (order.status() == Order.Status.CANCELLED || order.placedOn().isBefore(member.joinedOn())) {
            return PointsAward.NONE;
        }
        int base = Math.min(ORDER_CAP, order.lines().stream().mapToInt(this::linePoints).sum());
        int tierBonus = Math.min(ORDER_CAP - base, tierBonus(base, member.tier()));
        return new PointsAward(base, tierBonus, birthdayBonus(order, member));
    }

    private static void validate(OrderLine line) {
        if (line.quantity() < 0 || line.returnedQuantity() < 0 || line.returnedQuantity() > line.quantity()) {
            throw new IllegalArgumentException("invalid quantities on line " + line.sku());
        }
        if (line.unitPrice().signum() < 0) {
            throw new IllegalArgumentException("negative price on line " + line.sku());
        }
    }

    private int linePoints(OrderLine line) {
        if (line.giftCard()) {
            return 0;
        }
        BigDecimal kept = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity() - line.returnedQuantity()));
        int euros = kept.setScale(0, RoundingMode.DOWN).intValueExact();
        return doublePointCategories.contains(line.category()) ? 2 * euros : euros;
    }

    private static int tierBonus(int base, Tier tier) {
        return switch (tier) {
            case BRONZE -> 0;
            case SILVER -> base / 4;
            case GOLD -> base / 2;
        };
    }

    private static int birthdayBonus(Order order, Member member) {
        boolean birthdayMonth = order.placedOn().getMonth() == member.birthday().getMonth();
        boolean notYetThisYear = member.lastBirthdayBonusYear() < order.placedOn().getYear();
        return birthdayMonth && notYetThisYear ? BIRTHDAY_BONUS : 0;
    }

    /** The tier for the points earned in the last 12 months. */
    public static Tier tierFor(int pointsLast12Months) {
        if (pointsLast12Months < 0) {
            throw new IllegalArgumentException("points cannot be negative");
        }
        if (pointsLast12Months >= GOLD_FROM) {
            return Tier.GOLD;
        }
        return pointsLast12Months >= SILVER_FROM ? Tier.SILVER : Tier.BRONZE;
    }

    /** The euro value of the voucher for redeeming {@code points} out of {@code balance}. */
    public static BigDecimal redeem(int balance, int points) {
        if (points <= 0 || points % REDEMPTION_BLOCK != 0) {
            throw new IllegalArgumentException("redeem a positive multiple of " + REDEMPTION_BLOCK + " points");
        }
        if (points > balance) {
            throw new IllegalArgumentException("not enough points");
        }
        return BigDecimal.valueOf(points).movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
