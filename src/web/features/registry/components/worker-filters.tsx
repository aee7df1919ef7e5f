import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useT } from '../../../lib/i18n.tsx';
import type { Kecamatan } from '../api/get-regions.ts';
import type { Occupation } from '../../../lib/occupations.ts';
import type { WorkerFilters as Filters } from '../api/get-workers.ts';

const DESIL_SINGLE = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
/** Social aid usually targets desil 1-4 (domain.md section 4): offer those ranges in one step. */
const DESIL_RANGES = [2, 3, 4, 5].map((to) => ({ to, value: Array.from({ length: to }, (_, i) => i + 1).join(',') }));

const SEARCH_DELAY_MS = 350;

export function WorkerFilters({
  filters,
  onChange,
  onReset,
  kecamatan,
  occupations,
}: {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onReset: () => void;
  kecamatan: Kecamatan[];
  occupations: Occupation[];
}) {
  const { t, lang } = useT();
  const ids = {
    q: useId(),
    qHint: useId(),
    kec: useId(),
    kel: useId(),
    desil: useId(),
    occ: useId(),
    cov: useId(),
    consent: useId(),
  };

  // The search box types freely; the list follows after a short pause (or at once on Enter).
  const urlQ = filters.q ?? '';
  const [draft, setDraft] = useState(urlQ);
  const pushed = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== pushed.current) {
      pushed.current = urlQ;
      setDraft(urlQ);
    }
  }, [urlQ]);
  useEffect(() => {
    if (draft === pushed.current) return;
    const timer = setTimeout(() => {
      pushed.current = draft;
      onChange({ q: draft });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, onChange]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    pushed.current = draft;
    onChange({ q: draft });
  };

  const selectedKecamatan = kecamatan.find((k) => k.code === filters.kecamatan);
  const sortedOccupations = [...occupations].sort((a, b) =>
    (lang === 'en' ? a.nameEn : a.nameId).localeCompare(lang === 'en' ? b.nameEn : b.nameId, lang),
  );
  const hasFilters = Boolean(filters.q || filters.kecamatan || filters.kelurahan || filters.desil || filters.occupation || filters.coverage || filters.consent);

  return (
    <div className="filters">
      <form role="search" className="search-form" onSubmit={submit}>
        <label htmlFor={ids.q}>{t('registry.searchLabel')}</label>
        <div className="search-row">
          <input
            id={ids.q}
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby={ids.qHint}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
          />
          <button type="submit" className="button">
            {t('registry.searchButton')}
          </button>
        </div>
        <p id={ids.qHint} className="hint">
          {t('registry.searchHint')}
        </p>
      </form>

      <fieldset className="filter-grid">
        <legend>{t('registry.filters')}</legend>
        <div className="field">
          <label htmlFor={ids.kec}>{t('registry.kecamatan')}</label>
          <select
            id={ids.kec}
            value={filters.kecamatan ?? ''}
            onChange={(e) => onChange({ kecamatan: e.target.value, kelurahan: '' })}
          >
            <option value="">{t('common.all')}</option>
            {kecamatan.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.kel}>{t('registry.kelurahan')}</label>
          <select
            id={ids.kel}
            value={filters.kelurahan ?? ''}
            disabled={!selectedKecamatan}
            onChange={(e) => onChange({ kelurahan: e.target.value })}
          >
            <option value="">{selectedKecamatan ? t('common.all') : t('registry.kelurahan.first')}</option>
            {selectedKecamatan?.kelurahan.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-narrow">
          <label htmlFor={ids.desil}>{t('registry.desil')}</label>
          <select id={ids.desil} value={filters.desil ?? ''} onChange={(e) => onChange({ desil: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {DESIL_SINGLE.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
            {DESIL_RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {t('registry.desil.range', { from: '1', to: String(r.to) })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.occ}>{t('registry.occupation')}</label>
          <select id={ids.occ} value={filters.occupation ?? ''} onChange={(e) => onChange({ occupation: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {sortedOccupations.map((o) => (
              <option key={o.code} value={o.code}>
                {lang === 'en' ? o.nameEn : o.nameId}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.cov}>{t('registry.coverage')}</label>
          <select
            id={ids.cov}
            value={filters.coverage ?? ''}
            onChange={(e) => onChange({ coverage: e.target.value as Filters['coverage'] })}
          >
            <option value="">{t('common.all')}</option>
            <option value="none">{t('coverage.none')}</option>
            <option value="active">{t('coverage.active')}</option>
            <option value="inactive">{t('coverage.inactive')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.consent}>{t('registry.consent')}</label>
          <select id={ids.consent} value={filters.consent ?? ''} onChange={(e) => onChange({ consent: e.target.value as Filters['consent'] })}>
            <option value="">{t('common.all')}</option>
            <option value="given">{t('registry.consent.given')}</option>
            <option value="missing">{t('registry.consent.missing')}</option>
          </select>
        </div>
        <div className="field field-action">
          <button type="button" className="button button-secondary" onClick={onReset} disabled={!hasFilters}>
            {t('registry.reset')}
          </button>
        </div>
      </fieldset>
    </div>
  );
}
