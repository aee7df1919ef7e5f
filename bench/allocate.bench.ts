// npm run bench:allocate — an allocation run against one SELECT of the same eligible workers in
// priority order, in one run, on PostgreSQL.
// Registry: 1,000,000 workers in Kota Cilegon (BENCH_WORKERS); 2,000 committed pledges of 500
// sponsors for 200,000 workers in total (BENCH_PLEDGES, BENCH_SLOTS), with rings, some preferred
// occupations and kelurahan, starts spread over six months.
// (a) SELECT ... ORDER BY <priority> over the eligible set, every row fetched by the client;
// (b) runAllocation: read pledges and eligible workers, choose, write the placements with reasons.
// Target: b/a <= 3.
import { sql } from 'kysely';
import pg from 'pg';
import { systemActor } from '../src/server/modules/access/actor.ts';
import { runAllocation } from '../src/server/modules/allocation/allocation.service.ts';
import { fmt, secs, withBenchProgram } from './support.ts';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 1_000_000);
const PLEDGES = Number(process.env.BENCH_PLEDGES ?? 2_000);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 200_000);
const SPONSORS = Math.max(1, Math.round(PLEDGES / 4));

await withBenchProgram(async ({ url, ctx, programId }) => {
  const bench = systemActor('bench');
  const db = ctx.database.db;

  // The registry, generated in SQL: the values allocation reads are realistic; the sealed NIK
  // and name are placeholders (allocation never opens them).
  const g0 = performance.now();
  await sql`
    INSERT INTO changesets (program_id, kind, source, actor) VALUES (${programId}, 'import', 'DTSEN', 'bench')`.execute(db);
  await sql`
    WITH kel AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 4 AND code LIKE '36.72.%'),
         occ AS (SELECT array_agg(code ORDER BY code) AS codes FROM occupations)
    INSERT INTO workers (program_id, nik_hash, nik_enc, name, birth_date, sex, kelurahan_code, occupation_code, desil, created_changeset_id, created_source, created_at)
    SELECT ${programId}, 'h' || i, 'k:' || i, 'Pekerja ' || i,
           date '1958-01-01' + ((i * 7919) % 17000)::integer,
           CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
           kel.codes[(1 + (i * 31) % array_length(kel.codes, 1))::integer],
           occ.codes[(1 + (i * 17) % array_length(occ.codes, 1))::integer],
           CASE WHEN i % 23 = 0 THEN NULL ELSE 1 + (i * 13) % 10 END,
           (SELECT max(id) FROM changesets), 'DTSEN',
           timestamptz '2025-01-01' + make_interval(mins => ((i * 37) % 800000)::integer)
    FROM generate_series(1::bigint, ${WORKERS}::bigint) AS i, kel, occ`.execute(db);
  await sql`ANALYZE workers`.execute(db);

  // Sponsors with rings, and their committed pledges.
  const kel = (await db.selectFrom('regions').select('code').where('level', '=', 4).where('code', 'like', '36.72.%').orderBy('code').execute()).map((r) => r.code);
  const occ = (await db.selectFrom('occupations').select('code').orderBy('code').execute()).map((r) => r.code);
  const sponsorIds: number[] = [];
  for (let s = 0; s < SPONSORS; s++) {
    const home = kel[(s * 7) % kel.length]!;
    const r = await db
      .insertInto('sponsors')
      .values({ program_id: programId, kind: 'company', name: `PT Sponsor ${s}`, address_kelurahan: home, ring1: [home], ring2: [kel[(s * 7 + 1) % kel.length]!, kel[(s * 7 + 2) % kel.length]!] })
      .returning('id')
      .executeTakeFirstOrThrow();
    sponsorIds.push(Number(r.id));
  }
  const perPledge = Math.floor(SLOTS / PLEDGES);
  const pledgeRows = Array.from({ length: PLEDGES }, (_, p) => {
    const prefs = {
      ring1First: p % 10 !== 0,
      kelurahan: p % 7 === 0 ? [kel[(p * 3) % kel.length]!] : [],
      occupations: p % 9 === 0 ? [occ[p % occ.length]!] : [],
      workerIds: [],
    };
    return {
      program_id: programId,
      sponsor_id: sponsorIds[p % SPONSORS]!,
      kind: 'workers' as const,
      workers: perPledge + (p < SLOTS - perPledge * PLEDGES ? 1 : 0),
      months: p % 3 === 0 ? 12 : 6,
      start_month: `2027-0${1 + (p % 6)}`,
      package: 'JKK_JKM' as const,
      declared_income: 1_000_000,
      preferences: JSON.stringify(prefs),
      schedule: 'monthly' as const,
      status: 'committed' as const,
      quote: '[]',
      quoted_total: 0,
      created_by: 'bench',
      committed_at: new Date(Date.UTC(2026, 10, 1) + p * 60_000),
    };
  });
  for (let i = 0; i < pledgeRows.length; i += 500) await db.insertInto('pledges').values(pledgeRows.slice(i, i + 500)).execute();
  await sql`ANALYZE`.execute(db);
  console.log(`registry: ${fmt(WORKERS)} workers, ${fmt(SPONSORS)} sponsors, ${fmt(PLEDGES)} pledges for ${fmt(SLOTS)} workers; generated in ${secs(performance.now() - g0)}`);

  // (a) One SELECT of the eligible set in priority order (continuity, desil, wait, id), fetched.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const baseline = `
    SELECT w.id, w.desil, w.kelurahan_code, w.occupation_code, w.created_at, w.birth_date,
           EXISTS (SELECT 1 FROM placements x WHERE x.worker_id = w.id AND x.status IN ('approved', 'enrolled')) AS continuity
    FROM workers w
    WHERE w.program_id = $1 AND w.life_status = 'active' AND w.anonymised_at IS NULL
      AND w.kelurahan_code LIKE '36.72.%' AND w.birth_date > date '1962-01-01'
      AND coalesce(lower(trim(w.bpjs_status)), '') NOT IN ('aktif', 'active')
      AND NOT (EXISTS (SELECT 1 FROM consents c WHERE c.worker_id = w.id AND c.withdrawn_at IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.worker_id = w.id AND c.withdrawn_at IS NULL))
    ORDER BY continuity DESC, w.desil NULLS LAST, w.created_at, w.id`;
  await client.query(baseline, [programId]); // warm the cache, as the run will find it
  const a0 = performance.now();
  const eligible = await client.query(baseline, [programId]);
  const aMs = performance.now() - a0;
  await client.end();

  // (b) The allocation run.
  const b0 = performance.now();
  const run = await runAllocation(ctx, bench, programId, { asOf: '2026-12' });
  const bMs = performance.now() - b0;
  const placed = await db.selectFrom('placements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(placed.n) !== run.proposed) throw new Error(`expected ${run.proposed} placements, found ${placed.n}`);

  console.log('');
  console.log(`(a) SELECT ... ORDER BY priority over the eligible set (${fmt(eligible.rowCount ?? 0)} rows fetched): ${secs(aMs)}`);
  console.log(`(b) allocation run: ${fmt(run.candidates)} candidates, ${fmt(run.proposed)} placements proposed for ${fmt(run.pledges.length)} pledges: ${secs(bMs)}`);
  console.log(`ratio b/a: ${fmt(bMs / aMs, 2)}  (target <= 3)`);
});
