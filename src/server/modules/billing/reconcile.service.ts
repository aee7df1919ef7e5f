// Reconciliation: a bank statement (or BPJS TK's billing file) read as payments. Each row needs a
// date, an amount and the bank's transaction reference (the payment's idempotency key, so the same
// statement imported twice records nothing new), and names the invoice it pays by its number
// (SKT-3672-202701-000012) in an invoice column or in the description. Every row is checked first;
// any problem and nothing is recorded.
import type { AppContext } from '../../context.ts';
import { RowsRejected, type RowProblem } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { cellText, readKeyedRows } from '../imports/keyed-rows.ts';
import { readDate, type Cell } from '../imports/values.ts';
import { maskDigitRuns } from '../registry/masks.ts';
import { storePayment } from './payments.service.ts';

const HEADERS = {
  date: ['Tanggal', 'Tgl', 'Tanggal Transaksi', 'Tgl Transaksi', 'Tanggal Bayar', 'Date', 'Transaction date', 'Value date'],
  amount: ['Jumlah', 'Nominal', 'Kredit', 'Jumlah Bayar', 'Amount', 'Credit'],
  reference: ['Referensi', 'No Referensi', 'Nomor Referensi', 'ID Transaksi', 'No Transaksi', 'Reference', 'Transaction ID'],
  invoice: ['No Tagihan', 'Nomor Tagihan', 'Tagihan', 'Invoice', 'Invoice number'],
  description: ['Keterangan', 'Berita', 'Uraian', 'Deskripsi', 'Description', 'Remarks'],
} as const;
type Column = keyof typeof HEADERS;

const INVOICE_NUMBER = /SKT-\d{4}-\d{6}-\d{6}/i;

/**
 * Rupiah as offices write it: 1500000, 1.500.000, 1.500.000,00, Rp 1.500.000, 1,500,000.00, or a
 * spreadsheet number. Whole rupiah only: a non-zero cents part is refused.
 */
export function readRupiah(cell: Cell): { ok: true; value: number } | { ok: false; id: string; en: string } {
  if (typeof cell === 'number') {
    return Number.isInteger(cell) && cell > 0 ? { ok: true, value: cell } : { ok: false, id: 'Jumlah harus rupiah bulat lebih dari 0', en: 'The amount must be whole rupiah above 0' };
  }
  const s = cellText(cell).replace(/^rp\.?\s*/i, '').replace(/\s/g, '');
  let whole: string | undefined;
  let cents = '';
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s))) [whole, cents] = [m[1]!.replace(/\./g, ''), m[2] ?? ''];
  else if ((m = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(s))) [whole, cents] = [m[1]!.replace(/,/g, ''), m[2] ?? ''];
  if (whole === undefined) return { ok: false, id: 'Jumlah tidak terbaca sebagai rupiah', en: 'The amount is not a rupiah amount' };
  if (/[1-9]/.test(cents)) return { ok: false, id: 'Jumlah bersen tidak diterima: rupiah bulat saja', en: 'Amounts with cents are not accepted: whole rupiah only' };
  const value = Number(whole);
  return value > 0 && Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, id: 'Jumlah harus lebih dari 0', en: 'The amount must be above 0' };
}

export interface ReconcileOutcome {
  recorded: number;
  unchanged: number;
  amount: number;
}

export async function reconcilePayments(ctx: AppContext, actor: Actor, programId: number, filePath: string): Promise<ReconcileOutcome> {
  authorize(actor, 'payment.record', { programId });
  const db = ctx.database.db;
  const problems: RowProblem[] = [];
  const rows: { row: number; sponsorId: number; amount: number; paidOn: string; reference: string }[] = [];
  const seen = new Set<string>();
  for await (const r of readKeyedRows(filePath, HEADERS, [['date'], ['amount'], ['reference']], 'RECONCILIATION_INVALID')) {
    const report = (k: Column, id: string, en: string) => problems.push({ row: r.row, column: r.column(k), value: maskDigitRuns(cellText(r.cell(k)), 8), id, en });
    const date = readDate(r.cell('date'));
    if (!date.ok || date.value === null) {
      if (date.ok) report('date', 'Tanggal kosong', 'The date is empty');
      else report('date', date.problem.id, date.problem.en);
      continue;
    }
    const amount = readRupiah(r.cell('amount'));
    if (!amount.ok) {
      report('amount', amount.id, amount.en);
      continue;
    }
    const reference = cellText(r.cell('reference'));
    if (reference === '') {
      report('reference', 'Referensi transaksi wajib diisi: itu yang mencegah pembayaran tercatat dua kali', 'The transaction reference is required: it keeps a payment from being recorded twice');
      continue;
    }
    if (seen.has(reference)) {
      report('reference', 'Referensi ini muncul lebih dari sekali di berkas', 'This reference appears more than once in the file');
      continue;
    }
    seen.add(reference);
    const number = (INVOICE_NUMBER.exec(cellText(r.cell('invoice'))) ?? INVOICE_NUMBER.exec(cellText(r.cell('description'))))?.[0]?.toUpperCase();
    const invoice = number ? await db.selectFrom('invoices').select(['sponsor_id']).where('number', '=', number).where('program_id', '=', programId).executeTakeFirst() : undefined;
    if (!invoice) {
      report(
        number ? 'invoice' : 'description',
        number ? `Tagihan ${number} tidak ada di program ini` : 'Tidak ada nomor tagihan (SKT-...) di kolom tagihan atau keterangan',
        number ? `Invoice ${number} is not in this programme` : 'No invoice number (SKT-...) in the invoice or description column',
      );
      continue;
    }
    const earlier = await db.selectFrom('payments').select(['sponsor_id', 'amount', 'paid_on']).where('program_id', '=', programId).where('idempotency_key', '=', `bank:${reference}`).executeTakeFirst();
    if (earlier && (Number(earlier.sponsor_id) !== Number(invoice.sponsor_id) || Number(earlier.amount) !== amount.value || earlier.paid_on !== date.value)) {
      report('reference', 'Referensi ini sudah tercatat untuk pembayaran lain (jumlah, tanggal atau sponsor berbeda)', 'This reference is already recorded for a different payment (amount, date or sponsor differ)');
      continue;
    }
    rows.push({ row: r.row, sponsorId: Number(invoice.sponsor_id), amount: amount.value, paidOn: date.value, reference });
  }
  if (problems.length > 0) throw new RowsRejected('RECONCILIATION_INVALID', problems);

  // Each payment is recorded (and settled) on its own, after every row passed: were the run cut
  // short, importing the statement again records the rest (the ones recorded are duplicates).
  let recorded = 0;
  let amount = 0;
  for (const r of rows) {
    const result = await storePayment(ctx, actor, r.sponsorId, { amount: r.amount, paidOn: r.paidOn, method: 'transfer', reference: r.reference, idempotencyKey: `bank:${r.reference}` });
    if (!result.duplicate) {
      recorded++;
      amount += r.amount;
    }
  }
  return { recorded, unchanged: rows.length - recorded, amount };
}
