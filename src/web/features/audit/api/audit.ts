import { useQuery } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actorUserId: number | null;
  actorEmail: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditFilter {
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

export const auditCsvUrl = (regionCode: string, f: AuditFilter) => withQuery(`/api/programs/${encodeURIComponent(regionCode)}/audit.csv`, { ...f });

export function useAudit(regionCode: string, f: AuditFilter, beforeId: number | null) {
  return useQuery({
    queryKey: ['audit', regionCode, f, beforeId],
    queryFn: ({ signal }) =>
      apiFetch<{ items: AuditEntry[]; nextBeforeId: number | null }>(withQuery(`/api/programs/${encodeURIComponent(regionCode)}/audit`, { ...f, beforeId, limit: 50 }), { signal }),
    placeholderData: (prev) => prev,
  });
}
