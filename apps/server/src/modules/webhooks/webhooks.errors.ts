import { defineErrors } from '../../platform/errors/index.js';

/** Webhook error codes. */
export const WebhookErrors = defineErrors({
  'webhooks.invalid_url': {
    status: 400,
    when: 'an endpoint URL is not http(s), has credentials, or points to a private/loopback/reserved address',
  },
  'webhooks.not_retryable': { status: 409, when: 'retrying a delivery that is delivered or still pending' },
});
