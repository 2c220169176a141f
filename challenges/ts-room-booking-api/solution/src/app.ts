import { BookingStore, type NewBooking } from './bookings.js';
import { error, json, type ApiRequest, type ApiResponse } from './http-types.js';
import { DEFAULT_ROOMS, type Room } from './rooms.js';

export interface App {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A full date-time with an explicit zone, so "09:00" can never mean the server's local time.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TITLE = 100;
const MAX_PAGE_SIZE = 100;

function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || !isCalendarDay(value.slice(0, 10)) ? null : date;
}

// Date() rolls 2024-02-30 over into March instead of refusing it.
function isCalendarDay(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

/** The room-booking API: routes → store. */
export function createApp(rooms: readonly Room[] = DEFAULT_ROOMS): App {
  const store = new BookingStore();

  function parseNewBooking(body: unknown): NewBooking | string {
    if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
    const { roomId, title, start, end } = body as Record<string, unknown>;
    if (typeof roomId !== 'string') return 'roomId is required';
    if (typeof title !== 'string' || title.trim() === '') return 'title is required';
    if (title.trim().length > MAX_TITLE) return `title must be at most ${MAX_TITLE} characters`;
    const startAt = parseInstant(start);
    const endAt = parseInstant(end);
    if (startAt === null || endAt === null) return 'start and end must be ISO 8601 date-times with a zone';
    if (endAt.getTime() <= startAt.getTime()) return 'end must be after start';
    return { roomId, title: title.trim(), start: startAt, end: endAt };
  }

  function createBooking(body: unknown): ApiResponse {
    const input = parseNewBooking(body);
    if (typeof input === 'string') return error(400, input);
    if (!rooms.some((r) => r.id === input.roomId)) return error(404, `no room ${input.roomId}`);
    const clashes = store.conflicts(input.roomId, input.start, input.end);
    if (clashes.length > 0) return error(409, `overlaps ${clashes.map((b) => b.id).join(', ')}`);
    return json(201, store.add(input));
  }

  function listBookings(query: Record<string, string>): ApiResponse {
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 20);
    if (!Number.isInteger(page) || page < 1) return error(400, 'page must be a positive integer');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      return error(400, `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    const all = store.active();
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    return json(200, { items, total: all.length, page, pageSize });
  }

  async function route(request: ApiRequest): Promise<ApiResponse> {
    const parts = request.path.split('/').filter(Boolean);
    const query = request.query ?? {};
    switch (`${request.method} /${parts.map((p, i) => (i % 2 === 1 ? ':id' : p)).join('/')}`) {
      case 'GET /rooms':
        return json(200, rooms);
      case 'GET /rooms/:id/bookings': {
        const roomId = parts[1] ?? '';
        if (!rooms.some((r) => r.id === roomId)) return error(404, `no room ${roomId}`);
        const day = query.date ?? '';
        if (!DAY.test(day)) return error(400, 'date must be YYYY-MM-DD');
        return json(200, store.forRoomOnDay(roomId, day));
      }
      case 'POST /bookings':
        return createBooking(request.body);
      case 'GET /bookings':
        return listBookings(query);
      case 'GET /bookings/:id': {
        const booking = store.find(parts[1] ?? '');
        return booking ? json(200, booking) : error(404, 'no such booking');
      }
      case 'DELETE /bookings/:id':
        return store.cancel(parts[1] ?? '') ? json(204) : error(404, 'no such booking');
      default:
        return error(404, 'not found');
    }
  }

  return {
    async handle(request) {
      try {
        return await route(request);
      } catch (cause) {
        return error(500, cause instanceof Error ? cause.message : 'internal error');
      }
    },
  };
}
