import {
  INTEGRATION_LABELS,
  type IntegrationDeliveryStatus,
  type IntegrationProvider,
  type IntegrationState,
} from '@assay/contracts';

/** The card's state badge: "Not connected", "Waiting for Greenhouse", "Connected"… */
export function stateBadge(
  provider: IntegrationProvider,
  state: IntegrationState,
): { label: string; color: string } {
  switch (state) {
    case 'not_connected':
      return { label: 'Not connected', color: 'gray' };
    case 'waiting':
      return { label: `Waiting for ${INTEGRATION_LABELS[provider]}`, color: 'yellow' };
    case 'activating':
      return { label: 'Activating…', color: 'blue' };
    case 'connected':
      return { label: 'Connected', color: 'green' };
    case 'error':
      return { label: 'Error', color: 'red' };
  }
}

export const DELIVERY_STATUS: Record<IntegrationDeliveryStatus, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  delivered: { label: 'Delivered', color: 'green' },
  retry_scheduled: { label: 'Retry scheduled', color: 'orange' },
  needs_credentials: { label: 'Needs credential', color: 'yellow' },
  dead: { label: 'Dead', color: 'red' },
  superseded: { label: 'Superseded', color: 'gray' },
};

/** Deliveries a person can send again (same message id). */
export function canRetry(status: IntegrationDeliveryStatus): boolean {
  return status === 'dead' || status === 'needs_credentials';
}
