// Dates and numbers the Indonesian way: "15 Januari 1980", "20.000". Written out rather than left
// to Intl so the output is the same in every browser and test runner. Times are shown in
// Asia/Jakarta (WIB), where the programs run.
import type { Lang } from './i18n.tsx';

const MONTHS: Record<Lang, readonly string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** 20000 -> "20.000", 1234.5 -> "1.234,5" (Indonesian separators in both languages). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const negative = n < 0;
  const [whole = '0', fraction] = Math.abs(n).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

/** 459933600 -> "Rp 459.933.600" */
export function formatRupiah(n: number): string {
  return `Rp ${formatNumber(Math.round(n))}`;
}

/** 43.4895 -> "43,5%" (one decimal, Indonesian comma); null -> "–" */
export function formatPercent(n: number | null | undefined, decimals = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return `${n.toFixed(decimals).replace('.', ',')}%`;
}

/** '2025-07' -> 'Juli 2025' / 'July 2025' */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? MONTHS[lang][Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : month;
}

/** '2025-07' -> 'Jul 25' (chart axes) */
export function formatMonthShort(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? MONTHS[lang][Number(m[2]) - 1] : undefined;
  return m && name ? `${name.slice(0, 3)} ${m[1]!.slice(2)}` : month;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** '1980-01-15' -> '15 Januari 1980' / '15 January 1980'; anything unreadable is shown as given. */
export function formatDate(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const m = ISO_DATE.exec(value);
  if (m) {
    const month = MONTHS[lang][Number(m[2]) - 1];
    if (month) return `${Number(m[3])} ${month} ${m[1]}`;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return value;
  return formatDate(jakartaParts(new Date(parsed)).date, lang);
}

function jakartaParts(d: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}.${get('minute')}` };
}

/** An ISO timestamp -> '15 Januari 2025 14.05 WIB'. */
export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return value;
  const { date, time } = jakartaParts(new Date(parsed));
  return `${formatDate(date, lang)} ${time} WIB`;
}
