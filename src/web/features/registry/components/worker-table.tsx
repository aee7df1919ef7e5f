import { Link } from 'react-router-dom';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import type { WorkerListItem } from '../api/get-workers.ts';
import { CoverageBadge } from './coverage-badge.tsx';

export function WorkerTable({
  regionCode,
  workers,
  occupationName,
  busy,
}: {
  regionCode: string;
  workers: WorkerListItem[];
  occupationName: (code: string) => string;
  busy: boolean;
}) {
  const { t, num } = useT();
  return (
    <div className="table-scroll" role="group" aria-labelledby="worker-table-caption" tabIndex={0}>
      <table className="table worker-table" aria-busy={busy}>
        <caption id="worker-table-caption" className="visually-hidden">
          {t('registry.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.col.nik')}</th>
            <th scope="col">{t('registry.col.name')}</th>
            <th scope="col">{t('registry.col.kelurahan')}</th>
            <th scope="col">{t('registry.col.occupation')}</th>
            <th scope="col" className="num">
              {t('registry.col.desil')}
            </th>
            <th scope="col">{t('registry.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {workers.map((w) => (
            <tr key={w.id}>
              <td className="nik">{w.nik}</td>
              <td>
                <Link to={paths.worker(regionCode, w.id)}>{w.name}</Link>
                {w.warnings.length > 0 && (
                  <span className="warning-mark" title={t('registry.hasWarnings')}>
                    <span aria-hidden="true"> ⚠</span>
                    <span className="visually-hidden"> ({t('registry.hasWarnings')})</span>
                  </span>
                )}
              </td>
              <td>
                {w.kelurahanName ?? t('common.empty')}
                {w.kecamatanName && <span className="cell-sub">{w.kecamatanName}</span>}
              </td>
              <td>{w.occupationCode ? occupationName(w.occupationCode) : t('common.empty')}</td>
              <td className="num">{w.desil === null ? t('common.empty') : num(w.desil)}</td>
              <td>
                <CoverageBadge status={w.coverageStatus} />
                {!w.hasConsent && <span className="badge badge-inactive consent-missing">{t('registry.consent.missingShort')}</span>}
                {w.lifeStatus !== 'active' && <span className="badge badge-inactive">{t(`life.${w.lifeStatus}`)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
