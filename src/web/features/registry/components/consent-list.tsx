import { useT } from '../../../lib/i18n.tsx';
import type { Consent } from '../api/get-worker.ts';

/** Consent records under UU 27/2022 (PDP); an empty list is said out loud, not left blank. */
export function ConsentList({ consents }: { consents: Consent[] }) {
  const { t, dateTime } = useT();
  return (
    <section className="section" aria-labelledby="consents-title">
      <h2 id="consents-title">{t('worker.consents')}</h2>
      {consents.length === 0 ? (
        <div className="notice notice-warning">
          <p className="notice-title">{t('worker.consents.empty')}</p>
          <p>{t('worker.consents.emptyHint')}</p>
        </div>
      ) : (
        <div className="table-scroll" role="group" aria-labelledby="consents-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('worker.consent.purpose')}</th>
                <th scope="col">{t('worker.consent.legalBasis')}</th>
                <th scope="col">{t('worker.consent.collectedBy')}</th>
                <th scope="col">{t('worker.consent.collectedAt')}</th>
                <th scope="col">{t('worker.consent.method')}</th>
                <th scope="col">{t('worker.consent.status')}</th>
              </tr>
            </thead>
            <tbody>
              {consents.map((c) => (
                <tr key={c.id}>
                  <td>{c.purpose}</td>
                  <td>{c.legalBasis}</td>
                  <td>{c.collectedBy}</td>
                  <td className="when">{dateTime(c.collectedAt)}</td>
                  <td>{c.method}</td>
                  <td>
                    {c.withdrawnAt ? (
                      <span className="badge badge-inactive">{t('worker.consent.withdrawn', { date: dateTime(c.withdrawnAt) })}</span>
                    ) : (
                      <span className="badge badge-active">{t('worker.consent.active')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
