// Kysely's view of the tables (see migrations/). Keep in step with the migrations.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RegionsTable {
  code: string;
  level: number;
  parent_code: string | null;
  name: string;
}

export interface ProgramsTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  legal_basis: Generated<string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface OccupationsTable {
  code: string;
  name_id: string;
  name_en: string;
  sector: Generated<string>;
  aliases: Generated<string[]>;
  created_at: Timestamp;
}

export interface ImportsTable {
  id: Generated<number>;
  program_id: number;
  source: string;
  file_name: string;
  file_path: string;
  file_size: Generated<number>;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  status: Generated<string>;
  mapping: JSONColumnType<Record<string, string>> | null;
  valid_only: Generated<boolean>;
  rows_total: Generated<number>;
  rows_done: Generated<number>;
  phase: string | null;
  counts: JSONColumnType<Record<string, number>> | null;
  error: string | null;
  actor: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ImportMappingsTable {
  program_id: number;
  source: string;
  mapping: JSONColumnType<Record<string, string>>;
  updated_at: Timestamp;
}

export interface ChangesetsTable {
  id: Generated<number>;
  program_id: number;
  kind: string;
  source: string;
  import_id: number | null;
  actor: string;
  created_at: Timestamp;
}

export interface WorkersTable {
  id: Generated<number>;
  program_id: number;
  /** Keyed hash of the NIK (src/server/crypto/field-crypto.ts): exact lookup and uniqueness. */
  nik_hash: string;
  /** The NIK encrypted: '<key id>:<base64>'. */
  nik_enc: string;
  name: string;
  birth_date: string | null;
  sex: 'L' | 'P' | null;
  kelurahan_code: string | null;
  rt: string | null;
  rw: string | null;
  street: string | null;
  occupation_code: string | null;
  occupation_text: string | null;
  phone_hash: string | null;
  phone_enc: string | null;
  /** '0812••••5678': what lists, history and exports show. */
  phone_mask: string | null;
  desil: number | null;
  kk_number: string | null;
  kpj_number: string | null;
  bpjs_status: string | null;
  coverage_status: Generated<string>;
  warnings: Generated<string[]>;
  provenance: ColumnType<Record<string, number>, string | undefined, string>;
  sources: ColumnType<Record<string, string>, string | undefined, string>;
  created_changeset_id: number;
  created_source: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  life_status: Generated<'active' | 'deceased' | 'moved_away'>;
  life_status_date: string | null;
  life_status_note: string | null;
  anonymised_at: NullableTimestamp;
}

export interface WorkerHistoryTable {
  id: Generated<number>;
  worker_id: number;
  changeset_id: number;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

/** The data key the registry's hashes and ciphertexts are made with (one row). */
export interface PersonalDataKeyTable {
  singleton: Generated<boolean>;
  key_id: string;
  key_check: string;
  changed_at: Timestamp;
}

export interface ConsentsTable {
  id: Generated<number>;
  worker_id: number;
  purpose: string;
  legal_basis: string;
  collected_by: string;
  collected_at: Timestamp;
  method: string;
  withdrawn_at: NullableTimestamp;
  collected_by_user_id: number | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  password_changed_at: Timestamp;
  disabled_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SponsorsTable {
  id: Generated<number>;
  program_id: number;
  kind: 'company' | 'foundation' | 'individual' | 'government';
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  funding: Generated<'csr' | 'foundation' | 'individual' | 'apbd' | 'apbdes' | 'apbn'>;
  participation_code: Generated<string>;
  nib: string | null;
  sector: string | null;
  address: string | null;
  address_kelurahan: string | null;
  contact_name: string | null;
  contact_email: string | null;
  ring1: Generated<string[]>;
  ring2: Generated<string[]>;
  named_publicly: Generated<boolean>;
}

export interface PledgesTable {
  id: Generated<number>;
  program_id: number;
  sponsor_id: number;
  kind: 'workers' | 'budget';
  workers: number;
  months: number;
  budget: number | null;
  start_month: string;
  package: 'JKK_JKM' | 'JKK_JKM_JHT';
  declared_income: number;
  preferences: ColumnType<unknown, string | undefined, string>;
  schedule: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
  status: Generated<'draft' | 'committed' | 'cancelled'>;
  quote: ColumnType<unknown, string, string>;
  quoted_total: number;
  created_by: string;
  created_at: Timestamp;
  committed_at: NullableTimestamp;
  renews_pledge_id: number | null;
}

export interface SponsorApplicationsTable {
  id: Generated<number>;
  program_id: number;
  kind: 'company' | 'foundation' | 'individual' | 'government';
  name: string;
  nib: string | null;
  sector: string | null;
  address: string | null;
  address_kelurahan: string | null;
  contact_name: string;
  contact_email: string;
  password_hash: string | null;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  sponsor_id: number | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface ClaimsTable {
  id: Generated<number>;
  program_id: number;
  worker_id: number;
  placement_id: number;
  sponsor_id: number;
  type: 'JKK' | 'JKM';
  event_date: string;
  paid_on: string | null;
  amount_paid: number;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: 'admin' | 'insurer' | 'sponsor' | 'agent';
  program_id: number;
  sponsor_id: number | null;
  kelurahan: Generated<string[]>;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: NullableTimestamp;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string, never>;
  program_id: number | null;
  actor: string;
  actor_user_id: number | null;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  key_id: string;
  prev_hash: string;
  hash: string;
}

export interface RateRulesTable {
  id: Generated<number>;
  code: string;
  kind: 'percent' | 'flat' | 'discount';
  programs: string[];
  value: number;
  brackets: ColumnType<unknown, string | undefined, string>;
  cap: number | null;
  sectors: Generated<string[]>;
  excluded_funding: Generated<string[]>;
  effective_from: string;
  effective_to: string | null;
  legal_basis: string;
  created_by: Generated<string>;
  created_at: Timestamp;
}

export interface AllocationRunsTable {
  id: Generated<number>;
  program_id: number;
  criteria: string[];
  pledges: number;
  proposed: number;
  summary: ColumnType<unknown, string | undefined, string>;
  created_by: string;
  created_at: Timestamp;
}

export type PlacementStatus = 'proposed' | 'approved' | 'rejected' | 'enrolled' | 'declined' | 'lapsed';

export interface PlacementsTable {
  id: Generated<number>;
  program_id: number;
  pledge_id: number;
  sponsor_id: number;
  worker_id: number;
  run_id: number | null;
  start_month: string;
  months: number;
  period: ColumnType<string, never, never>;
  status: Generated<PlacementStatus>;
  rank: number;
  reason: ColumnType<unknown, string, string>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  created_at: Timestamp;
  batch_id: number | null;
  kpj_number: string | null;
  enrolled_from: string | null;
  bpjs_note: string | null;
  lapsed_from: string | null;
  /** Where the worker lived when enrolled (set by a trigger); '' when unknown. */
  kelurahan_code: string | null;
}

export interface BillingRunsTable {
  id: Generated<number>;
  program_id: number;
  month: string;
  lines: Generated<number>;
  invoices: Generated<number>;
  created_by: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string;
  program_id: number;
  sponsor_id: number;
  period: string;
  billing_run_id: number;
  total: number;
  paid: Generated<number>;
  due_date: string;
  created_at: Timestamp;
}

export interface ContributionLinesTable {
  id: Generated<number>;
  program_id: number;
  placement_id: number;
  sponsor_id: number;
  worker_id: number;
  month: string;
  program: 'JKK' | 'JKM' | 'JHT';
  base: number;
  discount: number;
  amount: number;
  rule_ids: number[];
  invoice_id: number;
  billing_run_id: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  program_id: number;
  sponsor_id: number;
  amount: number;
  paid_on: string;
  method: string;
  reference: string | null;
  idempotency_key: string;
  created_by: string;
  created_at: Timestamp;
}

export interface PaymentAllocationsTable {
  payment_id: number;
  invoice_id: number;
  amount: number;
}

export interface EnrolmentBatchesTable {
  id: Generated<number>;
  program_id: number;
  placements: number;
  layout: ColumnType<unknown, string, string>;
  accepted: Generated<number>;
  declined: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  results_at: NullableTimestamp;
}

export interface WorkerCoversTable {
  id: Generated<number>;
  worker_id: number;
  source: 'self' | 'apbd' | 'apbdes' | 'other';
  start_month: string;
  end_month: string | null;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface IndicatorCellsTable {
  program_id: number;
  metric: string;
  month: string;
  kelurahan_code: string;
  value: number;
}

export interface RegionFiguresTable {
  program_id: number;
  kind: 'workforce' | 'participants';
  period: string;
  region_code: string;
  total: number;
  formal: number | null;
  informal: number | null;
  source: string;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface ProgramTargetsTable {
  id: Generated<number>;
  program_id: number;
  year: number;
  indicator: 'ucj' | 'bpu' | 'kampung';
  region_code: Generated<string>;
  /** numeric: a string such as '55.00' */
  percent: string | null;
  participants: number | null;
  basis: string | null;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface RegionBoundariesTable {
  program_id: number;
  geojson: ColumnType<unknown, string, string>;
  features: number;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}

export interface ReportsTable {
  id: string;
  kind: 'csr' | 'program' | 'certificate';
  program_id: number;
  sponsor_id: number | null;
  period_from: string;
  period_to: string;
  content: ColumnType<unknown, string, string>;
  digest: string;
  mac_key: string;
  mac: string;
  scheduled: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface DB {
  regions: RegionsTable;
  programs: ProgramsTable;
  occupations: OccupationsTable;
  imports: ImportsTable;
  import_mappings: ImportMappingsTable;
  changesets: ChangesetsTable;
  workers: WorkersTable;
  personal_data_key: PersonalDataKeyTable;
  worker_history: WorkerHistoryTable;
  consents: ConsentsTable;
  users: UsersTable;
  sponsors: SponsorsTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  rate_rules: RateRulesTable;
  pledges: PledgesTable;
  allocation_runs: AllocationRunsTable;
  placements: PlacementsTable;
  worker_covers: WorkerCoversTable;
  enrolment_batches: EnrolmentBatchesTable;
  billing_runs: BillingRunsTable;
  invoices: InvoicesTable;
  contribution_lines: ContributionLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  claims: ClaimsTable;
  sponsor_applications: SponsorApplicationsTable;
  indicator_cells: IndicatorCellsTable;
  region_figures: RegionFiguresTable;
  program_targets: ProgramTargetsTable;
  region_boundaries: RegionBoundariesTable;
  reports: ReportsTable;
}
