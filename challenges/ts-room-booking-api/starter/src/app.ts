import { BookingStore, type NewBooking } from './bookings.js';
import { error, json, type ApiRequest, type ApiResponse } from './http-types.js';
import { DEFAULT_ROOMS, type Room } from './rooms.js';

export interface App {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The room-booking API: routes → store. */
export function createApp(rooms: readonly Room[] = DEFAULT_ROOMS): App {
  const store = new BookingStore();

  function parseNewBooking(body: unknown): NewBooking | string {
    if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
    const { roomId, title, start, end } = body as Record<string, unknown>;
    if (typeof roomId !== 'string') return 'roomId is required';
    if (typeof title !== 'string' || title.trim() === '') return 'title is required';
    if (typeof start !== 'string' || typeof end !== 'string') return 'start and end are required';
    return { roomId, title: title.trim(), start: new Date(start), end: new Date(end) };
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
    const all = store.active();
    const items = all.slice((page - 1) * pageSize, page * pageSize + 1);
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
