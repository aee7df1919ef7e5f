import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { ApplicationsSection } from './applications-section.tsx';
import { PledgeOverviewSection } from './pledge-overview.tsx';
import { PledgesSection, type PlacementsSlot } from './pledges-section.tsx';
import { SPONSOR_KINDS, useCreateSponsor, useSponsor, useSponsors, type SponsorKind } from '../api/sponsors.ts';

function NewSponsorForm({ regionCode }: { regionCode: string }) {
  const { t, tDynamic } = useT();
  const create = useCreateSponsor(regionCode);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SponsorKind>('company');
  const ids = { name: useId(), kind: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ kind, name }, { onSuccess: () => setName('') });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-sponsor-title">
      <h2 id="new-sponsor-title">{t('sponsors.new')}</h2>
      <div className="field">
        <label htmlFor={ids.name}>{t('sponsors.name')}</label>
        <input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.kind}>{t('sponsors.kind')}</label>
        <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as SponsorKind)}>
          {SPONSOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {tDynamic(`sponsorKind.${k}`, k)}
            </option>
          ))}
        </select>
      </div>
      {create.isError && <ErrorNotice error={create.error} />}
      <button type="submit" className="button" disabled={create.isPending}>
        {t('sponsors.create')}
      </button>
    </form>
  );
}

export function SponsorsPage({ regionCode, canManage }: { regionCode: string; canManage: boolean }) {
  const { t, tDynamic } = useT();
  const sponsors = useSponsors(regionCode);
  useDocumentTitle(t('sponsors.title'));
  return (
    <>
      <header className="page-header">
        <h1>{t('sponsors.title')}</h1>
      </header>
      {canManage && <ApplicationsSection regionCode={regionCode} />}
      {canManage && <NewSponsorForm regionCode={regionCode} />}
      {sponsors.isPending && <Loading />}
      {sponsors.isError && <ErrorNotice error={sponsors.error} onRetry={() => void sponsors.refetch()} />}
      {sponsors.data && (
        <ul className="card sponsor-list">
          {sponsors.data.items.map((s) => (
            <li key={s.id}>
              <Link to={paths.sponsor(regionCode, s.id)}>{s.name}</Link> <span className="muted">{tDynamic(`sponsorKind.${s.kind}`, s.kind)}</span>
            </li>
          ))}
          {sponsors.data.items.length === 0 && <li>{t('sponsors.empty')}</li>}
        </ul>
      )}
      <PledgeOverviewSection regionCode={regionCode} />
    </>
  );
}

/** The sponsor's page: its pledges (with the workers each funds, `placements`) and what the app adds below (`children`: the account). */
export function SponsorPage({ sponsorId, canPledge, placements, children }: { sponsorId: string; canPledge: boolean; placements?: PlacementsSlot; children?: ReactNode }) {
  const { t, tDynamic, date } = useT();
  const sponsor = useSponsor(sponsorId);
  useDocumentTitle(sponsor.data?.sponsor.name ?? t('sponsors.title'));
  if (sponsor.isPending) return <Loading />;
  if (sponsor.isError) return <ErrorNotice error={sponsor.error} />;
  const s = sponsor.data.sponsor;
  return (
    <>
      <header className="page-header">
        <h1>{s.name}</h1>
        <p>
          {tDynamic(`sponsorKind.${s.kind}`, s.kind)} · {t('sponsors.since', { date: date(s.createdAt) })}
        </p>
      </header>
      <PledgesSection sponsorId={sponsorId} canPledge={canPledge} {...(placements ? { placements } : {})} />
      {children}
    </>
  );
}
