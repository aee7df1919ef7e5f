import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useOccupations } from '../../../lib/occupations.ts';
import { useRegions } from '../api/get-regions.ts';
import { useWorkers, type CoverageStatus, type WorkerFilters as Filters } from '../api/get-workers.ts';
import { WorkerFilters } from './worker-filters.tsx';
import { WorkerTable } from './worker-table.tsx';

const FILTER_KEYS = ['q', 'kecamatan', 'kelurahan', 'desil', 'occupation', 'coverage', 'consent'] as const;
/** URL parameter holding the cursors of the pages before this one, so Back and reload keep the page. */
const CURSORS = 'c';
const CURSOR_SEPARATOR = '.';

function readFilters(params: URLSearchParams): Filters {
  const coverage = params.get('coverage');
  const consent = params.get('consent');
  return {
    q: params.get('q') ?? '',
    kecamatan: params.get('kecamatan') ?? '',
    kelurahan: params.get('kelurahan') ?? '',
    desil: params.get('desil') ?? '',
    occupation: params.get('occupation') ?? '',
    coverage: coverage === 'none' || coverage === 'active' || coverage === 'inactive' ? (coverage as CoverageStatus) : '',
    consent: consent === 'given' || consent === 'missing' ? consent : '',
  };
}

/** The worker registry of one program: search, filters, a page of workers, next/previous. */
export function RegistryList({ regionCode }: { regionCode: string }) {
  const { t, lang } = useT();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const cursorStack = useMemo(() => (params.get(CURSORS) ?? '').split(CURSOR_SEPARATOR).filter(Boolean), [params]);
  const cursor = cursorStack[cursorStack.length - 1] ?? null;

  const regions = useRegions(regionCode);
  const occupations = useOccupations();
  const workers = useWorkers(regionCode, filters, cursor);

  const occupationName = useCallback(
    (code: string) => {
      const o = occupations.data?.items.find((x) => x.code === code);
      if (!o) return code;
      return lang === 'en' ? o.nameEn : o.nameId;
    },
    [occupations.data, lang],
  );

  const changeFilters = useCallback(
    (patch: Partial<Filters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          next.delete(CURSORS);
          return next;
        },
        // Typing in the search box should not fill the Back button's history, nor jump the page.
        { replace: 'q' in patch, preventScrollReset: true },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const key of FILTER_KEYS) next.delete(key);
      next.delete(CURSORS);
      return next;
    }, { preventScrollReset: true });
  }, [setParams]);

  const goToCursors = (stack: string[]) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (stack.length > 0) next.set(CURSORS, stack.join(CURSOR_SEPARATOR));
      else next.delete(CURSORS);
      return next;
    });
    window.scrollTo({ top: 0 });
  };

  const data = workers.data;
  const hasFilters = FILTER_KEYS.some((k) => Boolean(filters[k]));
  const totalText = data
    ? data.totalCapped
      ? t('registry.totalCapped', { n: data.total })
      : data.total === 1
        ? t('registry.total.one')
        : t('registry.total', { n: data.total })
    : '';

  return (
    <div className="registry">
      <WorkerFilters
        filters={filters}
        onChange={changeFilters}
        onReset={reset}
        kecamatan={regions.data?.kecamatan ?? []}
        occupations={occupations.data?.items ?? []}
      />

      <div className="list-status" aria-live="polite">
        {data && <p className="total">{totalText}</p>}
        {workers.isFetching && data && <span className="updating">{t('registry.updating')}</span>}
      </div>

      {workers.isPending && <Loading />}
      {workers.isError && <ErrorNotice error={workers.error} onRetry={() => void workers.refetch()} />}

      {data && data.items.length === 0 && (
        <div className="notice notice-info">
          {hasFilters || cursor ? (
            <p>{t('registry.empty')}</p>
          ) : (
            <p>
              {t('registry.emptyAll')} <Link to={paths.imports(regionCode)}>{t('registry.goImport')}</Link>
            </p>
          )}
        </div>
      )}

      {data && data.items.length > 0 && (
        <>
          <WorkerTable
            regionCode={regionCode}
            workers={data.items}
            occupationName={occupationName}
            busy={workers.isFetching}
          />
          <nav className="pagination" aria-label={t('registry.pagination')}>
            <button
              type="button"
              className="button button-secondary"
              disabled={cursorStack.length === 0}
              onClick={() => goToCursors(cursorStack.slice(0, -1))}
            >
              <span aria-hidden="true">← </span>
              {t('registry.prev')}
            </button>
            <span className="page-number">{t('registry.page', { n: cursorStack.length + 1 })}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={!data.nextCursor || workers.isPlaceholderData}
              onClick={() => data.nextCursor && goToCursors([...cursorStack, data.nextCursor])}
            >
              {t('registry.next')}
              <span aria-hidden="true"> →</span>
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
