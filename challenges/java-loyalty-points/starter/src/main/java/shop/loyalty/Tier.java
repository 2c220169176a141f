package shop.loyalty;

/** Membership tiers, from the points a member earned in the last 12 months. */
public enum Tier {
    BRONZE,
    SILVER,
    GOLD
}
