package shop.loyalty;

import java.time.LocalDate;
import java.util.List;

/** An order as the shop reports it to the loyalty programme. */
public record Order(String id, LocalDate placedOn, Status status, List<OrderLine> lines) {
    public enum Status {
        PLACED,
        CANCELLED
    }
}
