// npm run bench:billing — the monthly billing run against a raw INSERT ... SELECT of the same
// lines, in one run, on PostgreSQL.
// 500,000 enrolled placements (BENCH_PLACEMENTS) of 1,000 sponsors, JKK+JKM, monthly.
// (a) INSERT INTO a copy of contribution_lines (same columns, constraints and indexes) SELECT the
//     same 1,000,000 lines, the price written in as constants;
// (b) runBilling for the month: find the months, price them with the rate rules, write the lines,
//     one invoice per sponsor checked against its lines, credit, lapses.
// (a) and (b) alternate BENCH_REPEAT times (default 3) and their medians are compared.
// Target: b/a <= 2.
import { sql } from 'kysely';
import { systemActor } from '../src/server/modules/access/actor.ts';
import { invoiceMismatches, runBilling } from '../src/server/modules/billing/billing.service.ts';
import { fmt, insertPlaceholderWorkers, secs, withBenchProgram } from './support.ts';

const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 500_000);
const SPONSORS = Number(process.env.BENCH_SPONSORS ?? 1_000);
const MONTH = '2027-01';
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

await withBenchProgram(async ({ ctx, programId }) => {
  const bench = systemActor('bench');
  const db = ctx.database.db;

  const g0 = performance.now();
  await insertPlaceholderWorkers(db, programId, PLACEMENTS);
  await sql`
    INSERT INTO sponsors (program_id, kind, name)
    SELECT ${programId}, 'company', 'PT Sponsor ' || s FROM generate_series(1, ${SPONSORS}) AS s`.execute(db);
  const perSponsor = Math.ceil(PLACEMENTS / SPONSORS);
  await sql`
    INSERT INTO pledges (program_id, sponsor_id, kind, workers, months, start_month, package, declared_income, schedule, status, quote, quoted_total, created_by, committed_at)
    SELECT ${programId}, s.id, 'workers', ${perSponsor}, 6, ${MONTH}, 'JKK_JKM', 1000000, 'monthly', 'committed', '[]', 0, 'bench', now()
    FROM sponsors s WHERE s.program_id = ${programId}`.execute(db);
  const batch = await db.insertInto('enrolment_batches').values({ program_id: programId, placements: PLACEMENTS, layout: '{}', created_by: 'bench' }).returning('id').executeTakeFirstOrThrow();
  await sql`
    WITH pl AS (SELECT id, sponsor_id, row_number() OVER (ORDER BY id) - 1 AS n FROM pledges WHERE program_id = ${programId})
    INSERT INTO placements (program_id, pledge_id, sponsor_id, worker_id, start_month, months, status, rank, reason, batch_id, kpj_number, enrolled_from)
    SELECT ${programId}, pl.id, pl.sponsor_id, w.id, ${MONTH}, 6, 'enrolled', 1, '{}', ${batch.id}, '1' || lpad(w.id::text, 10, '0'), date '2027-01-01'
    FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM workers WHERE program_id = ${programId}) w
    JOIN pl ON pl.n = w.n / ${perSponsor}`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`${fmt(PLACEMENTS)} enrolled placements of ${fmt(SPONSORS)} sponsors; generated in ${secs(performance.now() - g0)}`);

  // (a) and (b) alternate REPEAT times on the same data (both emptied before each turn); the
  // medians are compared, so one noisy moment of this machine does not decide the ratio.
  await sql`CREATE TABLE raw_lines (LIKE contribution_lines INCLUDING ALL)`.execute(db);
  const rules = await db.selectFrom('rate_rules').select(['id', 'code']).execute();
  const ruleOf = (prefix: string) => Number(rules.find((r) => r.code.startsWith(prefix))!.id);
  const a: number[] = [];
  const b: number[] = [];
  let rawRows = 0;
  let run: Awaited<ReturnType<typeof runBilling>> | undefined;
  for (let turn = 0; turn < REPEAT; turn++) {
    // (a) The same lines, raw: a copy of the table with its constraints and indexes.
    await sql`TRUNCATE raw_lines`.execute(db);
    const a0 = performance.now();
    const raw = await sql`
      INSERT INTO raw_lines (program_id, placement_id, sponsor_id, worker_id, month, program, base, discount, amount, rule_ids, invoice_id, billing_run_id)
      SELECT p.program_id, p.id, p.sponsor_id, p.worker_id, ${MONTH}, v.program, v.amount, 0, v.amount, v.rule_ids, p.sponsor_id, 0
      FROM placements p
      CROSS JOIN (VALUES ('JKK', 10000, ARRAY[${ruleOf('JKK')}]::integer[]), ('JKM', 6800, ARRAY[${ruleOf('JKM')}]::integer[])) AS v (program, amount, rule_ids)
      WHERE p.program_id = ${programId} AND p.status = 'enrolled'`.execute(db);
    a.push(performance.now() - a0);
    rawRows = Number(raw.numAffectedRows);

    // (b) The billing run, on a programme never billed.
    await sql`TRUNCATE contribution_lines, payment_allocations, invoices, billing_runs`.execute(db);
    const b0 = performance.now();
    run = await runBilling(ctx, bench, programId, MONTH, { today: '2027-01-01' });
    b.push(performance.now() - b0);
    if (run.lines !== rawRows) throw new Error(`the run wrote ${run.lines} lines, the raw insert ${rawRows}`);
    if ((await invoiceMismatches(db)).length > 0) throw new Error('an invoice does not equal its lines');
    console.log(`turn ${turn + 1}: (a) ${secs(a.at(-1)!)}  (b) ${secs(b.at(-1)!)}`);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const aMs = median(a);
  const bMs = median(b);

  console.log('');
  console.log(`(a) raw INSERT ... SELECT of the same lines (${fmt(rawRows)} rows), median of ${REPEAT}: ${secs(aMs)}`);
  console.log(`(b) billing run ${MONTH}: ${fmt(run!.lines)} lines, ${fmt(run!.invoices)} invoices, Rp${fmt(run!.total)}, median of ${REPEAT}: ${secs(bMs)}`);
  console.log(`ratio b/a: ${fmt(bMs / aMs, 2)}  (target <= 2)`);
});
