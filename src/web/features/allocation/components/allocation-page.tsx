import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { PLACEMENTS_PAGE, useDecidePlacements, useProgramPlacements, useRunAllocation, type PlacementStatus } from '../api/allocation.ts';
import { CriteriaEditor } from './criteria-editor.tsx';
import { ReasonBadges } from './reason-badges.tsx';

const STATUSES: PlacementStatus[] = ['proposed', 'approved', 'rejected', 'enrolled', 'declined', 'lapsed'];

/**
 * The admin's allocation desk: run the allocation for every open pledge, then review each proposal
 * with the reasons it was chosen, approving or rejecting (with a reason) in bulk.
 */
export function AllocationPage({ regionCode }: { regionCode: string }) {
  const { t, num } = useT();
  useDocumentTitle(t('allocation.title'));
  const [status, setStatus] = useState<PlacementStatus>('proposed');
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [note, setNote] = useState('');
  const run = useRunAllocation(regionCode);
  const decide = useDecidePlacements(regionCode);
  const list = useProgramPlacements(regionCode, status, page);
  const ids = { status: useId(), note: useId() };
  const items = list.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((p) => selected.has(p.id));

  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const act = (decision: 'approve' | 'reject') =>
    decide.mutate({ ids: [...selected], decision, ...(decision === 'reject' ? { note } : {}) }, { onSuccess: () => (setSelected(new Set()), setNote('')) });

  return (
    <>
      <header className="page-header">
        <h1>{t('allocation.title')}</h1>
        <p className="page-sub">{t('allocation.intro')}</p>
      </header>
      <CriteriaEditor regionCode={regionCode} />
      <section className="card" aria-labelledby="run-title">
        <h2 id="run-title">{t('allocation.run')}</h2>
        <p>{t('allocation.runHint')}</p>
        <button type="button" className="button" disabled={run.isPending} onClick={() => run.mutate()}>
          {run.isPending ? t('allocation.running') : t('allocation.runButton')}
        </button>
        {run.isError && <ErrorNotice error={run.error} />}
        {run.data && (
          <div className="notice notice-info" role="status">
            <p className="notice-title">
              {t('allocation.result', { proposed: num(run.data.run.proposed), candidates: num(run.data.run.candidates), pledges: num(run.data.run.pledges.length) })}
            </p>
            <ul>
              {run.data.run.pledges.map((p) => (
                <li key={p.pledgeId}>{t('allocation.resultPledge', { id: p.pledgeId, proposed: num(p.proposed), slots: num(p.slots) })}</li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="review-title">
        <h2 id="review-title">{t('allocation.review')}</h2>
        <div className="field filters">
          <label htmlFor={ids.status}>{t('placement.status')}</label>
          <select
            id={ids.status}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as PlacementStatus);
              setPage(0);
              setSelected(new Set());
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`placement.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {list.isPending && <Loading label={t('allocation.loading')} />}
        {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && (
          <>
            <p aria-live="polite">{t('allocation.count', { n: num(list.data.total) })}</p>
            {status === 'proposed' && items.length > 0 && (
              <div className="card form decision-bar" aria-label={t('allocation.decide')}>
                <p>{t('allocation.selected', { n: num(selected.size) })}</p>
                <button type="button" className="button" disabled={selected.size === 0 || decide.isPending} onClick={() => act('approve')}>
                  {t('allocation.approve')}
                </button>
                <div className="field">
                  <label htmlFor={ids.note}>{t('allocation.rejectReason')}</label>
                  <input id={ids.note} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
                </div>
                <button type="button" className="button button-secondary" disabled={selected.size === 0 || note.trim() === '' || decide.isPending} onClick={() => act('reject')}>
                  {t('allocation.reject')}
                </button>
              </div>
            )}
            {decide.isError && <ErrorNotice error={decide.error} />}
            {decide.data && (
              <p className="notice notice-success" role="status">
                {t('allocation.decided', { n: num(decide.data.decided) })}
              </p>
            )}
            {items.length > 0 && (
              <div className="table-scroll" role="group" tabIndex={0} aria-label={t('allocation.review')}>
                <table className="table">
                  <caption className="visually-hidden">{t('allocation.review')}</caption>
                  <thead>
                    <tr>
                      {status === 'proposed' && (
                        <th scope="col">
                          <input
                            type="checkbox"
                            aria-label={t('allocation.selectAll')}
                            checked={allOnPage}
                            onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((p) => p.id)))}
                          />
                        </th>
                      )}
                      <th scope="col">{t('placement.sponsor')}</th>
                      <th scope="col">{t('placement.worker')}</th>
                      <th scope="col">{t('placement.kelurahan')}</th>
                      <th scope="col">{t('placement.reason')}</th>
                      <th scope="col">{t('placement.period')}</th>
                      {status !== 'proposed' && <th scope="col">{t('placement.decision')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((p) => (
                      <tr key={p.id}>
                        {status === 'proposed' && (
                          <td>
                            <input type="checkbox" aria-label={t('allocation.select', { name: p.workerName })} checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
                          </td>
                        )}
                        <td>
                          {p.sponsorName}
                          <div className="muted">{t('placement.pledge', { id: p.pledgeId })}</div>
                        </td>
                        <td>
                          <Link to={paths.worker(regionCode, p.workerId)}>{p.workerName}</Link>
                          {p.nik && <div className="muted nik">{p.nik}</div>}
                        </td>
                        <td>{p.kelurahanName ?? p.kelurahanCode ?? '—'}</td>
                        <td>
                          <ReasonBadges reason={p.reason} />
                        </td>
                        <td>{t('placement.periodValue', { start: p.start, months: p.months })}</td>
                        {status !== 'proposed' && <td>{p.decisionNote ?? p.decidedBy ?? '—'}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {list.data.total > PLACEMENTS_PAGE && (
              <nav className="pager" aria-label={t('allocation.pages')}>
                <button type="button" className="button button-ghost" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  {t('registry.prev')}
                </button>
                <span>{t('allocation.page', { page: page + 1, pages: Math.ceil(list.data.total / PLACEMENTS_PAGE) })}</span>
                <button type="button" className="button button-ghost" disabled={(page + 1) * PLACEMENTS_PAGE >= list.data.total} onClick={() => setPage(page + 1)}>
                  {t('registry.next')}
                </button>
              </nav>
            )}
          </>
        )}
      </section>
    </>
  );
}
