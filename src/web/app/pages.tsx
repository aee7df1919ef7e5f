import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback } from 'react';
import { Link, useParams, useRouteError } from 'react-router-dom';
import { ImportWizard } from '../features/imports/components/import-wizard.tsx';
import { workersQueryRoot } from '../features/registry/api/get-workers.ts';
import { RegistryList } from '../features/registry/components/registry-list.tsx';
import { WorkerDetail } from '../features/registry/components/worker-detail.tsx';
import { rolesIn, useSession } from '../features/access/api/session.ts';
import { UsersPage as UsersView } from '../features/access/components/users-page.tsx';
import { AuditPage as AuditView } from '../features/audit/components/audit-page.tsx';
import { SponsorPage as SponsorView, SponsorsPage as SponsorsView } from '../features/sponsors/components/sponsor-pages.tsx';
import { WorkerActions } from '../features/fieldwork/components/worker-actions.tsx';
import { RegisterWorkerPage as RegisterView } from '../features/fieldwork/components/register-worker-page.tsx';
import { SubjectRequestsPage as SubjectRequestsView } from '../features/fieldwork/components/subject-requests-page.tsx';
import { AllocationPage as AllocationView } from '../features/allocation/components/allocation-page.tsx';
import { PledgePlacements } from '../features/allocation/components/pledge-placements.tsx';
import { EnrolmentPage as EnrolmentView } from '../features/enrolment/components/enrolment-page.tsx';
import { AccountSection } from '../features/billing/components/account-section.tsx';
import { CoverSection } from '../features/billing/components/cover-section.tsx';
import { ClaimsPage as ClaimsView } from '../features/claims/components/claims-page.tsx';
import { BillingPage as BillingView } from '../features/billing/components/billing-page.tsx';
import { Loading } from '../components/loading.tsx';
import { useT } from '../lib/i18n.tsx';
import { paths } from '../lib/paths.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';

// The indicator screens carry the charting library: loaded when first opened.
const DashboardView = lazy(() => import('../features/indicators/components/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));
const FiguresAdmin = lazy(() => import('../features/indicators/components/figures-admin.tsx').then((m) => ({ default: m.FiguresAdmin })));
const PublicCoverageView = lazy(() => import('../features/indicators/components/public-page.tsx').then((m) => ({ default: m.PublicCoveragePage })));
const PublicIndexView = lazy(() => import('../features/indicators/components/public-page.tsx').then((m) => ({ default: m.PublicIndexPage })));
const ProgramReports = lazy(() => import('../features/reports/components/reports-sections.tsx').then((m) => ({ default: m.ProgramReports })));
const SponsorReports = lazy(() => import('../features/reports/components/reports-sections.tsx').then((m) => ({ default: m.SponsorReports })));
const VerifyView = lazy(() => import('../features/reports/components/reports-sections.tsx').then((m) => ({ default: m.VerifyPage })));
const SponsorImpactSection = lazy(() => import('../features/indicators/components/sponsor-impact.tsx').then((m) => ({ default: m.SponsorImpactSection })));

function useRegionCode(): string {
  return useParams().regionCode ?? '';
}

export function RegistryPage() {
  const { t } = useT();
  const regionCode = useRegionCode();
  useDocumentTitle(t('registry.title'));
  return (
    <>
      <header className="page-header">
        <h1>{t('registry.title')}</h1>
      </header>
      <RegistryList regionCode={regionCode} />
    </>
  );
}

export function WorkerPage() {
  const regionCode = useRegionCode();
  const { workerId = '' } = useParams();
  const session = useSession();
  const roles = rolesIn(session.data?.user, regionCode);
  return (
    <WorkerDetail
      key={workerId}
      regionCode={regionCode}
      workerId={workerId}
      actions={(data) => {
        // Admins reach every record; a field agent the kelurahan assigned (the server checks again).
        const reach = roles.some((g) => g.role === 'admin' || (g.role === 'agent' && g.kelurahan.includes(data.worker.kelurahanCode ?? '')));
        const staff = roles.some((g) => g.role === 'admin' || g.role === 'insurer');
        return (
          <>
            <WorkerActions regionCode={regionCode} worker={data.worker} consents={data.consents} lifeStatus={data.worker.lifeStatus} canWrite={reach} canReveal={reach} />
            {staff && <CoverSection workerId={workerId} />}
          </>
        );
      }}
    />
  );
}

export function ImportsPage() {
  const { t } = useT();
  const regionCode = useRegionCode();
  const queryClient = useQueryClient();
  useDocumentTitle(t('imports.title'));
  // The import feature does not know the registry's caches: the app tells the registry to refresh.
  const onCommitted = useCallback(() => void queryClient.invalidateQueries({ queryKey: workersQueryRoot }), [queryClient]);
  return (
    <>
      <header className="page-header">
        <h1>{t('imports.title')}</h1>
        <p className="page-sub">{t('imports.intro')}</p>
      </header>
      <ImportWizard regionCode={regionCode} onCommitted={onCommitted} />
    </>
  );
}

export function NotFoundPage() {
  const { t } = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="notice notice-info">
      <h1 className="notice-title">{t('notFound.title')}</h1>
      <p>
        <Link to={paths.home()}>{t('notFound.back')}</Link>
      </p>
    </div>
  );
}

/** A render error anywhere below the shell: say so, in the current language, instead of a blank page. */
export function RouteError() {
  const { t } = useT();
  const error = useRouteError();
  return (
    <div className="app-main">
      <div className="notice notice-error" role="alert">
        <h1 className="notice-title">{t('error.title')}</h1>
        <p>{error instanceof Error ? error.message : t('error.unknown')}</p>
        <p>
          <a href={paths.home()}>{t('notFound.back')}</a>
        </p>
      </div>
    </div>
  );
}

export function SponsorsPage() {
  const regionCode = useRegionCode();
  const session = useSession();
  const canManage = rolesIn(session.data?.user, regionCode).some((g) => g.role === 'admin');
  return <SponsorsView regionCode={regionCode} canManage={canManage} />;
}

export function SponsorPage() {
  const { sponsorId = '' } = useParams();
  const regionCode = useRegionCode();
  const session = useSession();
  // Admins, and the sponsor's own users, may pledge (the server checks again).
  const canPledge = rolesIn(session.data?.user, regionCode).some((g) => g.role === 'admin' || (g.role === 'sponsor' && String(g.sponsorId) === sponsorId));
  const roles = rolesIn(session.data?.user, regionCode);
  return (
    <SponsorView key={sponsorId} sponsorId={sponsorId} canPledge={canPledge} placements={(pledgeId) => <PledgePlacements pledgeId={pledgeId} />}>
      <Suspense fallback={<Loading />}>
        <SponsorImpactSection sponsorId={sponsorId} canChangePublicity={canPledge} />
        <SponsorReports sponsorId={sponsorId} canIssue={canPledge} />
      </Suspense>
      <AccountSection sponsorId={sponsorId} canRecord={roles.some((g) => g.role === 'admin')} />
    </SponsorView>
  );
}

export function UsersPage() {
  return <UsersView regionCode={useRegionCode()} />;
}

export function AuditPage() {
  return <AuditView regionCode={useRegionCode()} />;
}

export function RegisterWorkerPage() {
  const regionCode = useRegionCode();
  const session = useSession();
  const roles = rolesIn(session.data?.user, regionCode);
  // A field agent chooses among the kelurahan assigned; an admin among all.
  const kelurahan = roles.some((g) => g.role === 'admin') ? undefined : roles.flatMap((g) => g.kelurahan);
  return <RegisterView regionCode={regionCode} kelurahanChoices={kelurahan} />;
}

export function SubjectRequestsPage() {
  return <SubjectRequestsView regionCode={useRegionCode()} />;
}

export function AllocationPage() {
  return <AllocationView regionCode={useRegionCode()} />;
}

export function EnrolmentPage() {
  const regionCode = useRegionCode();
  const session = useSession();
  const canCreate = rolesIn(session.data?.user, regionCode).some((g) => g.role === 'admin');
  return <EnrolmentView regionCode={regionCode} canCreate={canCreate} />;
}

export function BillingPage() {
  return <BillingView regionCode={useRegionCode()} />;
}

export function ClaimsPage() {
  return <ClaimsView regionCode={useRegionCode()} />;
}

export function DashboardPage() {
  const regionCode = useRegionCode();
  const session = useSession();
  const roles = rolesIn(session.data?.user, regionCode);
  const canManage = roles.some((g) => g.role === 'admin');
  const canImportParticipants = roles.some((g) => g.role === 'admin' || g.role === 'insurer');
  return (
    <Suspense fallback={<Loading />}>
      <DashboardView
        regionCode={regionCode}
        admin={
          <>
            <ProgramReports regionCode={regionCode} canIssue={canManage} />
            <FiguresAdmin regionCode={regionCode} canManage={canManage} canImportParticipants={canImportParticipants} />
          </>
        }
      />
    </Suspense>
  );
}

export function PublicCoveragePage() {
  const regionCode = useRegionCode();
  return <Suspense fallback={<Loading />}>{regionCode ? <PublicCoverageView regionCode={regionCode} /> : <PublicIndexView />}</Suspense>;
}

export function VerifyReportPage() {
  return (
    <Suspense fallback={<Loading />}>
      <VerifyView />
    </Suspense>
  );
}
