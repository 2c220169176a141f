// `npm run openapi:write`: regenerate apps/server/openapi.json from the route schemas.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMITTED_OPENAPI_PATH, generateOpenApiDocument } from './openapi-document.js';

writeFileSync(COMMITTED_OPENAPI_PATH, await generateOpenApiDocument());
process.stdout.write(`Wrote ${fileURLToPath(COMMITTED_OPENAPI_PATH)}\n`);
