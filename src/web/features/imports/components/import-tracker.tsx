import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useCommitImport } from '../api/commit-import.ts';
import { useImport, type ImportResponse, type ImportView } from '../api/get-import.ts';
import { ImportCounts } from './import-counts.tsx';
import { ErrorReportLink, ImportErrors } from './import-errors.tsx';
import { ImportProgress } from './import-progress.tsx';
import { isWaiting, trackView, type Expectation, type TrackView } from './import-view.ts';

const DRY_RUN_COUNTS = ['rows', 'imported', 'updated', 'unchanged', 'rejected', 'duplicates'] as const;
const FINAL_COUNTS = ['imported', 'updated', 'unchanged', 'rejected'] as const;

export function stepOf(view: TrackView, expecting: Expectation | null, status: ImportView['status']): 3 | 4 {
  if (view === 'checking' || view === 'checked' || view === 'stale') return 3;
  if (view === 'failed') return expecting?.kind === 'commit' || status === 'committing' ? 4 : 3;
  return 4;
}

/** Steps 3 and 4: follows an import on the server, shows the check result, commits, shows the outcome. */
export function ImportTracker({
  regionCode,
  importId,
  expecting,
  estimate,
  onExpect,
  onStep,
  onSettled,
  onStatus,
  onStartOver,
}: {
  regionCode: string;
  importId: number;
  expecting: Expectation | null;
  estimate: number | null;
  onExpect: (e: Expectation, response: ImportResponse['import']) => void;
  onStep: (step: 3 | 4) => void;
  /** Called once each time the import reaches a final state (checked, committed, ...). */
  onSettled: (view: TrackView) => void;
  /** Called when the import's status changes, e.g. to refresh lists that show it. */
  onStatus: (status: ImportView['status']) => void;
  onStartOver: () => void;
}) {
  const { t } = useT();
  const validOnlyId = useId();
  const blockedId = useId();
  const [validOnly, setValidOnly] = useState(false);
  const commit = useCommitImport();
  const query = useImport(importId, (v) => !v || isWaiting(trackView(v, expecting)));
  const data = query.data;
  const view = data ? trackView(data.import, expecting) : null;

  const step = data && view ? stepOf(view, expecting, data.import.status) : 3;
  useEffect(() => onStep(step), [step, onStep]);

  const status = data?.import.status;
  useEffect(() => {
    if (status) onStatus(status);
  }, [status, onStatus]);

  const settledRef = useRef<TrackView | null>(null);
  useEffect(() => {
    if (!view || isWaiting(view) || settledRef.current === view) return;
    settledRef.current = view;
    onSettled(view);
  }, [view, onSettled]);

  // Move focus to the outcome's heading so keyboard and screen-reader users notice the change.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (view && !isWaiting(view)) headingRef.current?.focus();
  }, [view]);

  const startCommit = (asValidOnly: boolean) => {
    if (!data) return;
    const from = data.import.status;
    commit.mutate(
      { importId, validOnly: asValidOnly },
      { onSuccess: (res) => onExpect({ kind: 'commit', from }, res.import) },
    );
  };

  if (query.isPending) return <Loading />;
  if (query.isError && !data) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (!data || !view) return null;

  const imp = data.import;
  const counts = imp.counts;
  const rejected = counts?.rejected ?? 0;
  const startOver = (
    <button type="button" className="button button-secondary" onClick={onStartOver}>
      {view === 'committed' ? t('imports.another') : t('imports.startOver')}
    </button>
  );

  switch (view) {
    case 'checking':
    case 'committing':
      return (
        <section className="card" aria-labelledby="tracker-title">
          <h2 id="tracker-title">{view === 'committing' ? t('imports.committing') : t('imports.checking')}</h2>
          <p className="file-line">{imp.fileName}</p>
          <ImportProgress view={imp} estimate={estimate} committing={view === 'committing'} />
        </section>
      );

    case 'stale':
      return (
        <section className="card">
          <p className="notice notice-info">{t('imports.stale')}</p>
          <div className="actions">{startOver}</div>
        </section>
      );

    case 'checked': {
      const blocked = rejected > 0 && !validOnly;
      return (
        <section className="card" aria-labelledby="tracker-title">
          <h2 id="tracker-title" ref={headingRef} tabIndex={-1}>
            {t('imports.check.title')}
          </h2>
          <p className="file-line">
            {imp.fileName} · {t('imports.check.nothingSaved')}
          </p>
          {counts && <ImportCounts counts={counts} show={DRY_RUN_COUNTS} />}
          <ImportErrors importId={imp.id} errors={data.errors} rejected={rejected} />

          {rejected > 0 && (
            <div className="checkbox-field">
              <input
                id={validOnlyId}
                type="checkbox"
                checked={validOnly}
                onChange={(e) => setValidOnly(e.target.checked)}
                disabled={commit.isPending}
              />
              <label htmlFor={validOnlyId}>{t('imports.validOnly')}</label>
              {validOnly && <p className="hint">{t('imports.validOnly.hint', { n: rejected })}</p>}
            </div>
          )}
          {blocked && (
            <p id={blockedId} className="notice notice-warning">
              {t('imports.commit.blocked', { n: rejected })}
            </p>
          )}
          {commit.isError && <ErrorNotice error={commit.error} />}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={blocked || commit.isPending}
              aria-describedby={blocked ? blockedId : undefined}
              onClick={() => startCommit(validOnly)}
            >
              {t('imports.commit')}
            </button>
            {startOver}
          </div>
        </section>
      );
    }

    case 'committed':
      return (
        <section className="card" aria-labelledby="tracker-title">
          <div className="notice notice-success" role="status">
            <h2 id="tracker-title" ref={headingRef} tabIndex={-1} className="notice-title">
              {t('imports.committed.title')}
            </h2>
            {counts && (
              <p>
                {t('imports.committed.summary', {
                  imported: counts.imported,
                  updated: counts.updated,
                  unchanged: counts.unchanged,
                  rejected: counts.rejected,
                })}
              </p>
            )}
          </div>
          {counts && <ImportCounts counts={counts} show={FINAL_COUNTS} />}
          {rejected > 0 && (
            <p className="actions">
              <ErrorReportLink importId={imp.id} />
            </p>
          )}
          <div className="actions">
            <Link className="button" to={paths.registry(regionCode)}>
              {t('imports.toRegistry')}
            </Link>
            {startOver}
          </div>
        </section>
      );

    case 'not-committed':
      return (
        <section className="card" aria-labelledby="tracker-title">
          <div className="notice notice-warning" role="status">
            <h2 id="tracker-title" ref={headingRef} tabIndex={-1} className="notice-title">
              {t('imports.notCommitted.title')}
            </h2>
            <p>{t('imports.notCommitted.body', { n: rejected })}</p>
          </div>
          {counts && <ImportCounts counts={counts} show={DRY_RUN_COUNTS} />}
          <ImportErrors importId={imp.id} errors={data.errors} rejected={rejected} />
          {commit.isError && <ErrorNotice error={commit.error} />}
          <div className="actions">
            <button type="button" className="button" disabled={commit.isPending} onClick={() => startCommit(true)}>
              {t('imports.validOnly')}
            </button>
            {startOver}
          </div>
        </section>
      );

    case 'failed':
      return (
        <section className="card" aria-labelledby="tracker-title">
          <div className="notice notice-error" role="alert">
            <h2 id="tracker-title" ref={headingRef} tabIndex={-1} className="notice-title">
              {t('imports.failed.title')}
            </h2>
            <p>{imp.error ?? t('imports.failed.unknown')}</p>
          </div>
          <div className="actions">{startOver}</div>
        </section>
      );
  }
}
