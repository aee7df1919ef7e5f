import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useMatch, useNavigate } from 'react-router-dom';
import { rolesIn, useLogout, useSession } from '../features/access/api/session.ts';
import { usePrograms } from '../features/programs/api/get-programs.ts';
import { ProgramSelector } from '../features/programs/components/program-selector.tsx';
import { useT } from '../lib/i18n.tsx';
import { paths } from '../lib/paths.ts';
import { rememberedProgram, rememberProgram } from './program-memory.ts';

function LanguageSwitch() {
  const { t, lang, setLang } = useT();
  const other = lang === 'id' ? 'en' : 'id';
  return (
    <button type="button" className="button button-ghost lang-switch" lang={other} onClick={() => setLang(other)}>
      {t('lang.switch')}
    </button>
  );
}

function UserMenu() {
  const { t } = useT();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const user = session.data?.user;
  if (!user) return null;
  return (
    <div className="user-menu">
      <Link to={paths.account()} className="user-name" title={user.email}>
        {user.name}
      </Link>
      <button type="button" className="button button-ghost" disabled={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: () => navigate(paths.login(), { replace: true }) })}>
        {t('nav.logout')}
      </button>
    </div>
  );
}

/** Header with program selector, language switch and the user, main navigation by role, the page, footer. */
export function Shell() {
  const { t } = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch('/p/:regionCode/*');
  const programs = usePrograms();
  const session = useSession();
  const items = programs.data?.items ?? [];
  const regionCode = match?.params.regionCode ?? null;
  const navCode = regionCode ?? (items.some((p) => p.regionCode === rememberedProgram()) ? rememberedProgram() : items[0]?.regionCode) ?? null;

  const roles = new Set(rolesIn(session.data?.user, navCode).map((g) => g.role));
  const ownSponsor = rolesIn(session.data?.user, navCode).find((g) => g.role === 'sponsor')?.sponsorId ?? null;
  const staff = roles.has('admin') || roles.has('insurer') || roles.has('agent');

  const changeProgram = (code: string) => {
    rememberProgram(code);
    navigate(location.pathname.includes('/impor') ? paths.imports(code) : paths.registry(code));
  };

  // After moving to another page, start reading (and tabbing) at the page, not at the old focus.
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="header-bar">
          <Link to={paths.home()} className="brand">
            {t('app.name')}
          </Link>
          {items.length > 0 && <ProgramSelector programs={items} value={regionCode} onChange={changeProgram} />}
          <LanguageSwitch />
          <UserMenu />
        </div>
        {navCode && (
          <nav className="main-nav" aria-label={t('nav.label')}>
            {(roles.has('admin') || roles.has('insurer')) && <NavLink to={paths.dashboard(navCode)}>{t('nav.dashboard')}</NavLink>}
            {staff && <NavLink to={paths.registry(navCode)}>{t('nav.registry')}</NavLink>}
            {(roles.has('admin') || roles.has('agent')) && <NavLink to={paths.register(navCode)}>{t('nav.register')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.imports(navCode)}>{t('nav.imports')}</NavLink>}
            {(roles.has('admin') || roles.has('insurer')) && <NavLink to={paths.sponsors(navCode)}>{t('nav.sponsors')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.allocation(navCode)}>{t('nav.allocation')}</NavLink>}
            {(roles.has('admin') || roles.has('insurer')) && <NavLink to={paths.enrolment(navCode)}>{t('nav.enrolment')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.billing(navCode)}>{t('nav.billing')}</NavLink>}
            {(roles.has('admin') || roles.has('insurer')) && <NavLink to={paths.claims(navCode)}>{t('nav.claims')}</NavLink>}
            {!roles.has('admin') && !roles.has('insurer') && ownSponsor !== null && <NavLink to={paths.sponsor(navCode, ownSponsor)}>{t('nav.mySponsor')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.users(navCode)}>{t('nav.users')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.subjectRequests(navCode)}>{t('nav.subjectRequests')}</NavLink>}
            {roles.has('admin') && <NavLink to={paths.audit(navCode)}>{t('nav.audit')}</NavLink>}
          </nav>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>{t('app.tagline')}</p>
        <p>
          <a href={paths.apiDocs()}>{t('footer.docs')}</a>
          <span aria-hidden="true"> · </span>
          <span>{t('footer.note')}</span>
        </p>
      </footer>
      <ScrollRestoration />
    </div>
  );
}
