import { useMemo } from 'react';
import { formatPercent } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import type { GeoJson, RegionRow } from '../api/indicators.ts';
import { coverageClass } from './chart-block.tsx';

export type MapMeasure = 'ucj' | 'informal';

const measureOf = (r: RegionRow, m: MapMeasure) => (m === 'ucj' ? r.ucjPercent : r.informalPercent);

function Legend() {
  const { t } = useT();
  return (
    <ul className="map-legend" aria-label={t('map.legend')}>
      {['0–20%', '20–40%', '40–60%', '60–80%', '≥ 80%'].map((label, i) => (
        <li key={label}>
          <span className={`swatch cov-${i}`} aria-hidden="true" />
          {label}
        </li>
      ))}
      <li>
        <span className="swatch cov-none" aria-hidden="true" />
        {t('map.noData')}
      </li>
    </ul>
  );
}

/**
 * Without boundaries: one tile per kelurahan, grouped by kecamatan, coloured by coverage. A star
 * marks a Kampung Sadar Jamsostek.
 */
export function TileMap({ regions, measure }: { regions: RegionRow[]; measure: MapMeasure }) {
  const { t } = useT();
  const kecamatan = regions.filter((r) => r.level === 3);
  return (
    <div className="tile-map">
      {kecamatan.map((k) => (
        <figure key={k.code} className="tile-group">
          <figcaption>
            {k.name} <span className="tile-value">{formatPercent(measureOf(k, measure))}</span>
          </figcaption>
          <ul>
            {regions
              .filter((r) => r.level === 4 && r.parentCode === k.code)
              .map((r) => (
                <li key={r.code} className={`tile ${coverageClass(measureOf(r, measure))}`} title={`${r.name}: ${formatPercent(measureOf(r, measure))}`} data-code={r.code}>
                  <span className="tile-name">{r.name}</span>
                  <span className="tile-value">{formatPercent(measureOf(r, measure), 0)}</span>
                  {r.kampung === 'reached' && (
                    <span className="tile-star" aria-label={t('map.kampung')}>
                      ★
                    </span>
                  )}
                </li>
              ))}
          </ul>
        </figure>
      ))}
      <Legend />
    </div>
  );
}

type Ring = number[][];

/** Boundaries uploaded as GeoJSON, drawn as SVG paths (an equirectangular projection is enough for one city). */
export function GeoMap({ geojson, regions, measure }: { geojson: GeoJson; regions: RegionRow[]; measure: MapMeasure }) {
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);
  const shapes = useMemo(() => {
    const polygons = geojson.features.map((f) => ({
      code: f.properties.kode,
      rings: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Ring[]] : (f.geometry.coordinates as Ring[][])).flat(),
    }));
    const points = polygons.flatMap((p) => p.rings.flat());
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const width = 600;
    const scale = width / Math.max((maxX - minX) * k, 1e-9);
    const height = Math.max(1, (maxY - minY) * scale);
    const path = (rings: Ring[]) =>
      rings.map((ring) => ring.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${(((x! - minX) * k) * scale).toFixed(1)},${((maxY - y!) * scale).toFixed(1)}`).join('') + 'Z').join('');
    return { width, height, items: polygons.map((p) => ({ code: p.code, d: path(p.rings) })) };
  }, [geojson]);
  return (
    <div className="geo-map">
      <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} role="img">
        {shapes.items.map((s) => {
          const r = byCode.get(s.code);
          return (
            <path key={s.code} d={s.d} className={`geo-region ${coverageClass(r ? measureOf(r, measure) : null)}`}>
              <title>{r ? `${r.name}: ${formatPercent(measureOf(r, measure))}` : s.code}</title>
            </path>
          );
        })}
      </svg>
      <Legend />
    </div>
  );
}
