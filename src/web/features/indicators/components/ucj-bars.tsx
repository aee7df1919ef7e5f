import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';

/** UCJ coverage of each region as a horizontal bar, 0-100%, in the order given. */
export function UcjBars({ regions }: { regions: { name: string; ucjPercent: number | null }[] }) {
  const { t } = useT();
  const data = regions.map((r) => ({ name: r.name, ucj: r.ucjPercent === null ? 0 : Number(r.ucjPercent.toFixed(1)) }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 28)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" domain={[0, 100]} tickFormatter={(n: number) => `${n}%`} />
        <YAxis type="category" dataKey="name" width={104} interval={0} />
        <Tooltip formatter={(v) => formatPercent(Number(v))} />
        <Bar dataKey="ucj" name={t('dashboard.col.ucj')} className="series-covered" fill="currentColor" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
