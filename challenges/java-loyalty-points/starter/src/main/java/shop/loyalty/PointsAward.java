package shop.loyalty;

/** The points an order earns, by source. */
public record PointsAward(int basePoints, int tierBonus, int birthdayBonus) {
    public static final PointsAward NONE = new PointsAward(0, 0, 0);

    public int total() {
        return basePoints + tierBonus + birthdayBonus;
    }
}
