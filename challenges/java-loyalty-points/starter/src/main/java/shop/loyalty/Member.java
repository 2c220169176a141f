package shop.loyalty;

import java.time.LocalDate;
import java.time.MonthDay;

/**
 * A loyalty member.
 *
 * @param lastBirthdayBonusYear the year the birthday bonus was last granted, 0 if never
 */
public record Member(String id, LocalDate joinedOn, MonthDay birthday, Tier tier, int lastBirthdayBonusYear) {}
