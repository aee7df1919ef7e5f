// Contribution rates as data (domain.md §2): which rule applies to which month, sector and funding,
// and the month-by-month price of a sponsorship. Pure: the rules come from the database
// (rate_rules) and each priced line names the rules it used. Integer rupiah throughout.
//
// A rule is one of:
// - 'percent': a programme's contribution as basis points of declared income (JKK 100 = 1%, JHT 200),
//   optionally through a bracket table (declared income -> contribution) and with a cap;
// - 'flat': a fixed monthly amount (JKM Rp6,800);
// - 'discount': basis points off the listed programmes (PP 50/2025: 5000 = 50% off JKK and JKM),
//   for some sectors and not for some funding sources.

import { DomainError } from '../../domain-error.ts';

export const PROGRAMS = ['JKK', 'JKM', 'JHT'] as const;
export type Program = (typeof PROGRAMS)[number];

export const FUNDINGS = ['csr', 'foundation', 'individual', 'apbd', 'apbdes', 'apbn'] as const;
/** Who pays: PP 50/2025's discount is not for contributions paid from APBN/APBD. */
export type Funding = (typeof FUNDINGS)[number];

export type Package = 'JKK_JKM' | 'JKK_JKM_JHT';
export const PACKAGE_PROGRAMS: Record<Package, Program[]> = { JKK_JKM: ['JKK', 'JKM'], JKK_JKM_JHT: ['JKK', 'JKM', 'JHT'] };

/** The lowest declared income BPJS TK accepts for BPU (domain.md §2). */
export const MIN_DECLARED_INCOME = 1_000_000;

export interface RateRule {
  id: number;
  code: string;
  kind: 'percent' | 'flat' | 'discount';
  /** The programme a percent or flat rule prices; the programmes a discount applies to. */
  programs: Program[];
  /** percent/discount: basis points; flat: rupiah. */
  value: number;
  /** percent: [minimum declared income, contribution] pairs, ascending; empty means exactly value bp. */
  brackets: [number, number][];
  /** percent: the highest contribution. */
  cap: number | null;
  /** Only for these sectors (occupation sectors, e.g. 'transport'); empty: every sector. */
  sectors: string[];
  /** Never for these funding sources. */
  excludedFunding: Funding[];
  /** 'YYYY-MM' months, inclusive; `to` null: open-ended. */
  from: string;
  to: string | null;
  legalBasis: string;
}

export interface PriceInput {
  /** 'YYYY-MM' */
  month: string;
  declaredIncome: number;
  pkg: Package;
  /** The worker's occupation sector ('transport', 'other', ...). */
  sector: string;
  funding: Funding;
}

export interface PriceLine {
  program: Program;
  /** Before any discount. */
  base: number;
  discount: number;
  amount: number;
  /** The rules that made this line: its rate and any discount. */
  ruleIds: number[];
}

export interface MonthPrice {
  month: string;
  lines: PriceLine[];
  total: number;
  discounted: boolean;
}

export class RateError extends DomainError {
  constructor(code: 'RATE_MISSING' | 'INCOME_BELOW_MINIMUM' | 'MONTH_INVALID', details: Record<string, string | number>) {
    super(code, details);
    this.name = 'RateError';
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' -> months since year 0 (the database's sekitar_month_index), and back. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export const monthText = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export function addMonths(month: string, n: number): string {
  if (!MONTH.test(month)) throw new RateError('MONTH_INVALID', { month });
  return monthText(monthIndex(month) + n);
}

const inForce = (r: RateRule, month: string) => r.from <= month && (r.to === null || month <= r.to);
const applies = (r: RateRule, p: PriceInput) => (r.sectors.length === 0 || r.sectors.includes(p.sector)) && !r.excludedFunding.includes(p.funding);

/** The newest rule in force wins (a later regulation replaces an earlier one from its start). */
function newest(rules: RateRule[]): RateRule | undefined {
  return [...rules].sort((a, b) => (a.from === b.from ? b.id - a.id : a.from < b.from ? 1 : -1))[0];
}

function percentOf(rule: RateRule, income: number): number {
  let amount: number;
  if (rule.brackets.length > 0) {
    const bracket = [...rule.brackets].reverse().find(([min]) => income >= min);
    amount = bracket ? bracket[1] : rule.brackets[0]![1];
  } else {
    amount = Math.round((income * rule.value) / 10_000);
  }
  return rule.cap === null ? amount : Math.min(amount, rule.cap);
}

/** Half-up rounding of a basis-point share of an integer amount. */
const share = (amount: number, bp: number) => Math.floor((amount * bp + 5_000) / 10_000);

export function priceMonth(rules: RateRule[], p: PriceInput): MonthPrice {
  if (!MONTH.test(p.month)) throw new RateError('MONTH_INVALID', { month: p.month });
  if (!Number.isInteger(p.declaredIncome) || p.declaredIncome < MIN_DECLARED_INCOME) {
    throw new RateError('INCOME_BELOW_MINIMUM', { income: p.declaredIncome, minimum: MIN_DECLARED_INCOME });
  }
  const live = rules.filter((r) => inForce(r, p.month) && applies(r, p));
  const discount = newest(live.filter((r) => r.kind === 'discount'));
  const lines = PACKAGE_PROGRAMS[p.pkg].map((program): PriceLine => {
    const rate = newest(live.filter((r) => r.kind !== 'discount' && r.programs.includes(program)));
    if (!rate) throw new RateError('RATE_MISSING', { program, month: p.month });
    const base = rate.kind === 'flat' ? rate.value : percentOf(rate, p.declaredIncome);
    const off = discount?.programs.includes(program) ? share(base, discount.value) : 0;
    return { program, base, discount: off, amount: base - off, ruleIds: off > 0 ? [rate.id, discount!.id] : [rate.id] };
  });
  return { month: p.month, lines, total: lines.reduce((s, l) => s + l.amount, 0), discounted: lines.some((l) => l.discount > 0) };
}

export interface Quote {
  months: MonthPrice[];
  total: number;
  /** Per worker; a pledge of N workers costs N times each month. */
  perWorker: true;
}

/** The price of `months` consecutive months from `start`, month by month, for one worker. */
export function quote(rules: RateRule[], q: Omit<PriceInput, 'month'> & { start: string; months: number }): Quote {
  const months = Array.from({ length: q.months }, (_, i) => priceMonth(rules, { ...q, month: addMonths(q.start, i) }));
  return { months, total: months.reduce((s, m) => s + m.total, 0), perWorker: true };
}
