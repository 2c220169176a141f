export interface Booking {
  id: string;
  roomId: string;
  title: string;
  /** ISO 8601 instants (UTC); a booking occupies [start, end). */
  start: string;
  end: string;
  cancelled: boolean;
}

export interface NewBooking {
  roomId: string;
  title: string;
  start: Date;
  end: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** In-memory bookings. Cancelled bookings are kept for the audit trail. */
export class BookingStore {
  private readonly bookings: Booking[] = [];
  private nextId = 1;

  add(input: NewBooking): Booking {
    const booking: Booking = {
      id: `b${this.nextId++}`,
      roomId: input.roomId,
      title: input.title,
      start: input.start.toISOString(),
      end: input.end.toISOString(),
      cancelled: false,
    };
    this.bookings.push(booking);
    return booking;
  }

  find(id: string): Booking | undefined {
    return this.bookings.find((b) => b.id === id);
  }

  /** Cancels a booking; false when there is no such booking. */
  cancel(id: string): boolean {
    const booking = this.find(id);
    if (booking) booking.cancelled = true;
    return true;
  }

  /** Bookings of the room that overlap [start, end). */
  conflicts(roomId: string, start: Date, end: Date): Booking[] {
    return this.bookings.filter((b) => {
      if (b.roomId !== roomId) return false;
      const bStart = Date.parse(b.start);
      const bEnd = Date.parse(b.end);
      const startsInside = start.getTime() >= bStart && start.getTime() <= bEnd;
      const endsInside = end.getTime() >= bStart && end.getTime() <= bEnd;
      return startsInside || endsInside;
    });
  }

  /** Active bookings of a room that overlap the given UTC day (YYYY-MM-DD), by start time. */
  forRoomOnDay(roomId: string, day: string): Booking[] {
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const dayEnd = dayStart + DAY_MS;
    return this.bookings.filter(
      (b) => b.roomId === roomId && !b.cancelled && Date.parse(b.start) < dayEnd && Date.parse(b.end) > dayStart,
    );
  }

  /** Every active booking, by start time. */
  active(): Booking[] {
    return this.bookings.filter((b) => !b.cancelled).sort((a, b) => a.start.localeCompare(b.start));
  }
}
