export {
  createHttpClient,
  classifyStatus,
  parseRetryAfter,
  type HttpClient,
  type HttpClientOptions,
  type OutboundRequest,
  type OutboundResult,
  type FailureKind,
  type Resolver,
} from './http-client.js';
export {
  checkUrl,
  isForbiddenAddress,
  URL_REFUSAL_MESSAGES,
  type UrlPolicy,
  type UrlRefusal,
} from './address-policy.js';
