import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { auditCsvUrl, useAudit, type AuditEntry, type AuditFilter } from '../api/audit.ts';

const ENTITIES = ['user', 'worker', 'sponsor', 'program', 'import'];

function Change({ e }: { e: AuditEntry }) {
  const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  return (
    <>
      {e.before !== null && <div className="audit-before">− {show(e.before)}</div>}
      {e.after !== null && <div className="audit-after">+ {show(e.after)}</div>}
    </>
  );
}

export function AuditPage({ regionCode }: { regionCode: string }) {
  const { t, tDynamic, dateTime } = useT();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [pages, setPages] = useState<(number | null)[]>([null]);
  const beforeId = pages[pages.length - 1] ?? null;
  const audit = useAudit(regionCode, filter, beforeId);
  const ids = { action: useId(), entity: useId(), from: useId(), to: useId() };
  useDocumentTitle(t('audit.title'));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as AuditFilter;
    setFilter(clean);
    setPages([null]);
  };

  return (
    <>
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <p>{t('audit.intro')}</p>
      </header>
      <form className="card form filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <div className="field">
          <label htmlFor={ids.action}>{t('audit.action')}</label>
          <input id={ids.action} value={draft.action ?? ''} placeholder="user." onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.entity}>{t('audit.entity')}</label>
          <select id={ids.entity} value={draft.entity ?? ''} onChange={(e) => setDraft({ ...draft, entity: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {ENTITIES.map((x) => (
              <option key={x} value={x}>
                {tDynamic(`entity.${x}`, x)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>{t('audit.from')}</label>
          <input id={ids.from} type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('audit.to')}</label>
          <input id={ids.to} type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('audit.apply')}
          </button>
          <a className="button button-secondary" href={auditCsvUrl(regionCode, filter)} download>
            {t('audit.csv')}
          </a>
        </div>
      </form>
      {audit.isPending && <Loading />}
      {audit.isError && <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && (
        <>
          <div className="table-scroll" role="group" aria-labelledby="audit-caption" tabIndex={0}>
            <table className="table audit-table">
              <caption id="audit-caption" className="visually-hidden">
                {t('audit.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>{dateTime(e.at)}</td>
                    <td>
                      {e.actorEmail ?? e.actor}
                      {e.ip && <div className="muted">{e.ip}</div>}
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {tDynamic(`entity.${e.entity}`, e.entity)} {e.entityId ?? ''}
                    </td>
                    <td className="audit-change">
                      <Change e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {audit.data.items.length === 0 && <p>{t('audit.empty')}</p>}
          <div className="pager">
            <button type="button" className="button button-secondary" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
              {t('audit.newer')}
            </button>
            <button type="button" className="button button-secondary" disabled={!audit.data.nextBeforeId} onClick={() => setPages([...pages, audit.data.nextBeforeId])}>
              {t('audit.older')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
