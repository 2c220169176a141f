export {
  recordAuditEvent,
  listAuditEvents,
  type AuditEvent,
  type AuditEventInput,
  type AuditEventQuery,
} from './audit.service.js';
