import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useMatch, useNavigate } from 'react-router-dom';
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

/** Header with program selector and language switch, main navigation, the page, footer. */
export function Shell() {
  const { t } = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch('/p/:regionCode/*');
  const programs = usePrograms();
  const items = programs.data?.items ?? [];
  const regionCode = match?.params.regionCode ?? null;
  const navCode = regionCode ?? (items.some((p) => p.regionCode === rememberedProgram()) ? rememberedProgram() : items[0]?.regionCode) ?? null;

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
        </div>
        {navCode && (
          <nav className="main-nav" aria-label={t('nav.label')}>
            <NavLink to={paths.registry(navCode)}>{t('nav.registry')}</NavLink>
            <NavLink to={paths.imports(navCode)}>{t('nav.imports')}</NavLink>
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
