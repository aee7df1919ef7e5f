import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useProgramPledges } from '../api/pledges.ts';

/** Every pledge of the programme and how far it is filled: places held, workers enrolled. */
export function PledgeOverviewSection({ regionCode }: { regionCode: string }) {
  const { t, num } = useT();
  const pledges = useProgramPledges(regionCode);
  if (pledges.isError) return <ErrorNotice error={pledges.error} />;
  const items = pledges.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="overview-title">
      <h2 id="overview-title">{t('overview.title')}</h2>
      <div className="table-scroll" role="group" tabIndex={0} aria-label={t('overview.title')}>
        <table className="table">
          <caption className="visually-hidden">{t('overview.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('placement.sponsor')}</th>
              <th scope="col">{t('overview.pledge')}</th>
              <th scope="col">{t('placement.status')}</th>
              <th scope="col" className="num">
                {t('overview.placed')}
              </th>
              <th scope="col" className="num">
                {t('overview.enrolled')}
              </th>
              <th scope="col" className="num">
                {t('billing.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={paths.sponsor(regionCode, p.sponsorId)}>{p.sponsorName}</Link>
                </td>
                <td>
                  {t('pledge.summary', { workers: p.workers, months: p.months, start: p.start })}
                  {p.renewsPledgeId !== null && <div className="muted">{t('overview.renews', { id: p.renewsPledgeId })}</div>}
                </td>
                <td>{t(`pledge.status.${p.status}`)}</td>
                <td className="num">
                  {num(p.placed)} / {num(p.workers)}
                </td>
                <td className="num">{num(p.enrolled)}</td>
                <td className="num">Rp{num(p.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
