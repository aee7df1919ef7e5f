import { useState } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useApplications, useDecideApplication } from '../api/sponsors.ts';

/** Sponsors who registered themselves and wait for the admin's decision. */
export function ApplicationsSection({ regionCode }: { regionCode: string }) {
  const { t, tDynamic, dateTime } = useT();
  const applications = useApplications(regionCode);
  const decide = useDecideApplication(regionCode);
  const [notes, setNotes] = useState<Record<number, string>>({});
  if (applications.isError) return <ErrorNotice error={applications.error} />;
  const items = applications.data?.items ?? [];
  if (items.length === 0 && !decide.data) return null;
  return (
    <section className="section" aria-labelledby="applications-title">
      {items.length > 0 && <h2 id="applications-title">{t('applications.title')}</h2>}
      <ul className="batch-list">
        {items.map((a) => (
          <li key={a.id} className="card">
            <p className="notice-title">
              {a.name} <span className="muted">{tDynamic(`sponsorKind.${a.kind}`, a.kind)}</span>
            </p>
            <p>
              {t('applications.contact', { name: a.contactName, email: a.contactEmail, at: dateTime(a.createdAt) })}
              {a.nib && ` · NIB ${a.nib}`}
              {a.address && ` · ${a.address}`}
            </p>
            <div className="decision-bar">
              <button type="button" className="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'approve' })}>
                {t('applications.approve')}
              </button>
              <div className="field">
                <label htmlFor={`note-${a.id}`}>{t('allocation.rejectReason')}</label>
                <input id={`note-${a.id}`} value={notes[a.id] ?? ''} maxLength={500} onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })} />
              </div>
              <button
                type="button"
                className="button button-secondary"
                disabled={decide.isPending || !(notes[a.id] ?? '').trim()}
                onClick={() => decide.mutate({ id: a.id, decision: 'reject', note: notes[a.id]! })}
              >
                {t('applications.reject')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {decide.isError && <ErrorNotice error={decide.error} />}
      {decide.data && (
        <p className="notice notice-success" role="status">
          {decide.data.application.status === 'approved' ? t('applications.approved', { name: decide.data.application.name }) : t('applications.rejected', { name: decide.data.application.name })}
        </p>
      )}
    </section>
  );
}
