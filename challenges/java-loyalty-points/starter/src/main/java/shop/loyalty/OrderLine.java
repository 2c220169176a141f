package shop.loyalty;

import java.math.BigDecimal;

/** One line of an order; {@code returnedQuantity} of its items were sent back. */
public record OrderLine(
        String sku, String category, BigDecimal unitPrice, int quantity, int returnedQuantity, boolean giftCard) {}
