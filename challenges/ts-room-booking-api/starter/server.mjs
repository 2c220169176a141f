// Serves the API over HTTP for manual testing: `npm start`, then e.g.
//   curl -X POST localhost:8080/bookings -d '{"roomId":"atlas","title":"Standup","start":"2024-05-06T09:00:00Z","end":"2024-05-06T09:15:00Z"}'
// The HTTP layer is deliberately thin; the API logic lives in src/ and is tested through handle().
import { createServer } from 'node:http';
import { createApp } from './dist/app.js';

const app = createApp();
const port = Number(process.env.PORT ?? 8080);

createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  let body;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid JSON"}');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const response = await app.handle({
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
  });
  res.writeHead(response.status, { 'content-type': 'application/json' });
  res.end(response.body === undefined ? '' : JSON.stringify(response.body));
}).listen(port, () => console.log(`listening on http://localhost:${port}`));
