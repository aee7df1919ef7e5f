// Indicators: what the government, the insurer and the sponsors look at.
//
// - indicator_cells: running totals per programme, metric, month and kelurahan, kept by
//   statement-level triggers on the tables they count (placements, pledges, contribution lines,
//   payments, claims, workers). Each trigger adds the counts of the rows a statement wrote and
//   subtracts those of the rows it replaced or deleted, in one grouped upsert, so a billing run of
//   500,000 lines costs one aggregate, not 500,000 updates. Whoever writes (a service, the CLI, a
//   bulk import, a hand-typed UPDATE) keeps them right. Dashboards read these cells and never scan
//   the registry. A change notifies channel 'sekitar_indicators' with the programme id at commit.
// - region_figures: the denominators and the insurer's aggregates, entered or imported: workforce
//   per year (BPS) and BPJS TK participants per month (total, formal, informal/BPU), per kab/kota,
//   kecamatan or kelurahan.
// - program_targets: per year, a percentage and/or an absolute number of participants, for the
//   kab/kota (UCJ, BPU) or for kelurahan (Kampung Sadar Jamsostek).
// - region_boundaries: an uploaded GeoJSON keyed by Kemendagri code, for the map.
// - placements.kelurahan_code: where the worker lived when enrolled; a placement's months are
//   counted there even if the worker moves later (and the subtraction of a later change finds them).
import { sql, type Kysely } from 'kysely';

/**
 * What one table contributes to indicator_cells: a SELECT of (program_id, metric, month,
 * kelurahan_code, v) over the rows %1$s, each counted with sign %2$s. The same text serves the
 * triggers (over their transition tables) and the backfill (over the table itself).
 */
const CELLS: Record<string, string> = {
  // Enrolled months, from the TMT BPJS TK gave, up to the month a lapse began; and the lapses.
  placements: `
    SELECT r.program_id, 'covered' AS metric, sekitar_month_text(mi) AS month, coalesce(r.kelurahan_code, '') AS kelurahan_code, %2$s::bigint AS v
    FROM %1$s r
    CROSS JOIN LATERAL (SELECT sekitar_cover_months(r.period, r.enrolled_from, r.status, r.lapsed_from) AS c) AS cover
    CROSS JOIN LATERAL generate_series(lower(cover.c), upper(cover.c) - 1) AS mi
    UNION ALL
    SELECT r.program_id, 'lapsed', r.lapsed_from, coalesce(r.kelurahan_code, ''), %2$s::bigint FROM %1$s r WHERE r.status = 'lapsed'`,
  // Committed pledges: rupiah and places per month of their quote, renewals in their first month.
  pledges: `
    SELECT r.program_id, 'pledged' AS metric, q->>'month' AS month, '' AS kelurahan_code, %2$s::bigint * (q->>'total')::bigint AS v
    FROM %1$s r CROSS JOIN LATERAL jsonb_array_elements(r.quote) AS q
    WHERE r.status = 'committed'
    UNION ALL
    SELECT r.program_id, 'places', sekitar_month_text(mi), '', %2$s::bigint * r.workers
    FROM %1$s r CROSS JOIN LATERAL generate_series(sekitar_month_index(r.start_month), sekitar_month_index(r.start_month) + r.months - 1) AS mi
    WHERE r.status = 'committed'
    UNION ALL
    SELECT r.program_id, 'renewals', r.start_month, '', %2$s::bigint FROM %1$s r WHERE r.status = 'committed' AND r.renews_pledge_id IS NOT NULL`,
  contribution_lines: `
    SELECT r.program_id, 'invoiced' AS metric, r.month, '' AS kelurahan_code, %2$s::bigint * r.amount AS v FROM %1$s r`,
  payments: `
    SELECT r.program_id, 'paid' AS metric, to_char(r.paid_on, 'YYYY-MM') AS month, '' AS kelurahan_code, %2$s::bigint * r.amount AS v FROM %1$s r`,
  claims: `
    SELECT r.program_id, m.metric, to_char(r.event_date, 'YYYY-MM') AS month, coalesce(p.kelurahan_code, '') AS kelurahan_code, %2$s::bigint * m.n AS v
    FROM %1$s r
    JOIN placements p ON p.id = r.placement_id
    CROSS JOIN LATERAL (VALUES ('claims', 1::bigint), ('benefits', r.amount_paid)) AS m (metric, n)`,
  // The registry as it is now (month ''): living workers still in the kab/kota, not anonymised.
  workers: `
    SELECT r.program_id, 'registered' AS metric, '' AS month, coalesce(r.kelurahan_code, '') AS kelurahan_code, %2$s::bigint AS v
    FROM %1$s r WHERE r.life_status = 'active' AND r.anonymised_at IS NULL`,
};

const UPSERT = (source: string) => `
  WITH changed AS (
    INSERT INTO indicator_cells AS c (program_id, metric, month, kelurahan_code, value)
    SELECT program_id, metric, month, kelurahan_code, sum(v) FROM (${source}) d
    GROUP BY 1, 2, 3, 4 HAVING sum(v) <> 0
    -- one lock order for every writer, so two statements never wait on each other's cells
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (program_id, metric, month, kelurahan_code) DO UPDATE SET value = c.value + excluded.value
    RETURNING program_id)
  SELECT pg_notify('sekitar_indicators', program_id::text) FROM (SELECT DISTINCT program_id FROM changed) p`;

/** %1$s and %2$s as format() would fill them, for the backfill. */
const fill = (template: string, rows: string, sign: string) => template.replaceAll('%1$s', rows).replaceAll('%2$s', sign);

function cellTriggers(table: string): string[] {
  const template = CELLS[table]!;
  if (template.includes('$q$') || /%(?![12]\$s)/.test(template)) throw new Error(`cell template of ${table} cannot be quoted`);
  const fn = `sekitar_cells_${table}`;
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
     DECLARE
       q constant text := $q$${template}$q$;
       source text;
     BEGIN
       source := CASE TG_OP
         WHEN 'INSERT' THEN format(q, 'new_rows', '1')
         WHEN 'DELETE' THEN format(q, 'old_rows', '-1')
         ELSE format(q, 'new_rows', '1') || ' UNION ALL ' || format(q, 'old_rows', '-1') END;
       EXECUTE $u$${UPSERT('$u$ || source || $u$')}$u$;
       RETURN NULL;
     END $fn$`,
    `CREATE TRIGGER ${table}_cells_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${table}_cells_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${table}_cells_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    // What was there before the triggers: counted once, here.
    UPSERT(fill(template, table, '1')),
  ];
}

const up_statements = [
  `CREATE FUNCTION sekitar_month_text(i integer) RETURNS text
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT lpad((i / 12)::text, 4, '0') || '-' || lpad((i % 12 + 1)::text, 2, '0') $$`,
  // The months a placement covers: from the TMT BPJS TK gave (never before its first month) up to
  // the month a lapse began; empty unless enrolled or lapsed. The indicator cells, the billing run,
  // a sponsor's impact and its reports all count cover by it.
  `CREATE FUNCTION sekitar_cover_months(period int4range, enrolled_from date, status text, lapsed_from text) RETURNS int4range
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     -- one expression, no FROM: PostgreSQL inlines it into the queries that call it
     AS $$ SELECT CASE WHEN status IN ('enrolled', 'lapsed') AND enrolled_from IS NOT NULL THEN
             int4range(greatest(lower(period), (extract(year FROM enrolled_from) * 12 + extract(month FROM enrolled_from) - 1)::integer),
                       greatest(lower(period), (extract(year FROM enrolled_from) * 12 + extract(month FROM enrolled_from) - 1)::integer,
                                CASE WHEN status = 'lapsed' THEN sekitar_month_index(lapsed_from) ELSE upper(period) END))
           ELSE 'empty'::int4range END $$`,
  `CREATE TABLE indicator_cells (
     program_id bigint NOT NULL,
     metric text NOT NULL,
     -- 'YYYY-MM', or '' for a count of now (the registry)
     month text NOT NULL,
     -- '' for money (not regional) and for workers whose kelurahan is not known
     kelurahan_code text NOT NULL,
     value bigint NOT NULL,
     PRIMARY KEY (program_id, metric, month, kelurahan_code)
   )`,
  `ALTER TABLE placements ADD COLUMN kelurahan_code text`,
  // a sponsor's dashboard reads its own placements
  `CREATE INDEX placements_sponsor ON placements (sponsor_id, status)`,
  `UPDATE placements p SET kelurahan_code = coalesce(w.kelurahan_code, '') FROM workers w WHERE w.id = p.worker_id AND p.status IN ('enrolled', 'lapsed')`,
  `CREATE FUNCTION sekitar_placement_kelurahan() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     SELECT coalesce(w.kelurahan_code, '') INTO NEW.kelurahan_code FROM workers w WHERE w.id = NEW.worker_id;
     NEW.kelurahan_code := coalesce(NEW.kelurahan_code, '');
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER placements_kelurahan BEFORE INSERT OR UPDATE OF status ON placements
     FOR EACH ROW WHEN (NEW.status IN ('enrolled', 'lapsed') AND NEW.kelurahan_code IS NULL)
     EXECUTE FUNCTION sekitar_placement_kelurahan()`,
  ...Object.keys(CELLS).flatMap(cellTriggers),

  `CREATE TABLE region_figures (
     program_id bigint NOT NULL REFERENCES programs (id),
     -- workforce: the denominator, per year ('YYYY'); participants: BPJS TK members, per month ('YYYY-MM')
     kind text NOT NULL CHECK (kind IN ('workforce', 'participants')),
     period text NOT NULL,
     region_code text NOT NULL,
     total bigint NOT NULL CHECK (total >= 0),
     formal bigint CHECK (formal >= 0),
     -- informal workers; for participants, the BPU (bukan penerima upah) members
     informal bigint CHECK (informal >= 0),
     source text NOT NULL,
     updated_by text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (program_id, kind, period, region_code),
     CHECK ((kind = 'workforce' AND period ~ '^[0-9]{4}$') OR (kind = 'participants' AND period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')),
     CHECK (coalesce(formal, 0) + coalesce(informal, 0) <= total)
   )`,
  `CREATE TABLE program_targets (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
     -- ucj: all participants / workforce; bpu: BPU participants / informal workforce;
     -- kampung: informal cover of a kelurahan (Kampung Sadar Jamsostek)
     indicator text NOT NULL CHECK (indicator IN ('ucj', 'bpu', 'kampung')),
     -- '' for the whole kab/kota (and, for kampung, every kelurahan); else one region
     region_code text NOT NULL DEFAULT '',
     percent numeric(5, 2) CHECK (percent > 0 AND percent <= 100),
     participants bigint CHECK (participants > 0),
     basis text,
     updated_by text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     CHECK (percent IS NOT NULL OR participants IS NOT NULL),
     UNIQUE (program_id, year, indicator, region_code)
   )`,
  `CREATE TABLE region_boundaries (
     program_id bigint PRIMARY KEY REFERENCES programs (id),
     geojson jsonb NOT NULL,
     features integer NOT NULL,
     uploaded_by text NOT NULL,
     uploaded_at timestamptz NOT NULL DEFAULT now()
   )`,
  // Sponsors choose whether the public page names them.
  `ALTER TABLE sponsors ADD COLUMN named_publicly boolean NOT NULL DEFAULT false`,
];

const down_statements = [
  'ALTER TABLE sponsors DROP COLUMN named_publicly',
  'DROP TABLE region_boundaries',
  'DROP TABLE program_targets',
  'DROP TABLE region_figures',
  ...Object.keys(CELLS).flatMap((t) => [
    `DROP TRIGGER ${t}_cells_insert ON ${t}`,
    `DROP TRIGGER ${t}_cells_update ON ${t}`,
    `DROP TRIGGER ${t}_cells_delete ON ${t}`,
    `DROP FUNCTION sekitar_cells_${t}()`,
  ]),
  'DROP TRIGGER placements_kelurahan ON placements',
  'DROP FUNCTION sekitar_placement_kelurahan()',
  'DROP INDEX placements_sponsor',
  'ALTER TABLE placements DROP COLUMN kelurahan_code',
  'DROP TABLE indicator_cells',
  'DROP FUNCTION sekitar_cover_months(int4range, date, text, text)',
  'DROP FUNCTION sekitar_month_text(integer)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
