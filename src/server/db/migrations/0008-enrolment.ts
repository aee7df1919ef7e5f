// Enrolment with BPJS Ketenagakerjaan: approved placements go out in batches (a file for collective
// registration); the insurer's results come back per worker: the KPJ number and the date cover
// starts (TMT) for those accepted, the reason for those declined.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE TABLE enrolment_batches (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     placements integer NOT NULL CHECK (placements > 0),
     -- the column layout the file was written with, so a later download is the same file
     layout jsonb NOT NULL,
     accepted integer NOT NULL DEFAULT 0,
     declined integer NOT NULL DEFAULT 0,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     results_at timestamptz
   )`,
  `CREATE INDEX enrolment_batches_program ON enrolment_batches (program_id, id)`,
  `ALTER TABLE placements
     ADD COLUMN batch_id bigint REFERENCES enrolment_batches (id),
     ADD COLUMN kpj_number text,
     ADD COLUMN enrolled_from date,
     ADD COLUMN bpjs_note text,
     ADD CONSTRAINT placements_enrolled_has_kpj CHECK (status <> 'enrolled' OR (kpj_number IS NOT NULL AND enrolled_from IS NOT NULL AND batch_id IS NOT NULL))`,
  `CREATE INDEX placements_batch ON placements (batch_id) WHERE batch_id IS NOT NULL`,
];

const down_statements = [
  'DROP INDEX placements_batch',
  `ALTER TABLE placements DROP CONSTRAINT placements_enrolled_has_kpj, DROP COLUMN bpjs_note, DROP COLUMN enrolled_from, DROP COLUMN kpj_number, DROP COLUMN batch_id`,
  'DROP TABLE enrolment_batches',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
