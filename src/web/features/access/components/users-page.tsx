import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useRegions } from '../../registry/api/get-regions.ts';
import { useSponsors } from '../../sponsors/api/sponsors.ts';
import type { Role } from '../api/session.ts';
import { useCreateUser, useProgramUsers, useRemoveRole, useUserAction, type ProgramUser } from '../api/users.ts';
import { RoleList } from './role-list.tsx';

const ROLES: Role[] = ['admin', 'insurer', 'sponsor', 'agent'];

/** A password shown once: the server keeps only its hash. */
function OneTimePassword({ email, password }: { email: string; password: string }) {
  const { t } = useT();
  return (
    <div className="notice notice-success" role="status">
      <p className="notice-title">{t('users.tempPassword', { email })}</p>
      <p>
        <code className="one-time-password">{password}</code>
      </p>
      <p>{t('users.tempPasswordHint')}</p>
    </div>
  );
}

function NewUserForm({ regionCode, onCreated }: { regionCode: string; onCreated: (email: string, password?: string) => void }) {
  const { t, tDynamic } = useT();
  const create = useCreateUser(regionCode);
  const sponsors = useSponsors(regionCode);
  const regions = useRegions(regionCode);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('insurer');
  const [sponsorId, setSponsorId] = useState('');
  const [kelurahan, setKelurahan] = useState<string[]>([]);
  const ids = { email: useId(), name: useId(), role: useId(), sponsor: useId(), kelurahan: useId() };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { email, name, role, ...(role === 'sponsor' ? { sponsorId: Number(sponsorId) || null } : {}), ...(role === 'agent' ? { kelurahan } : {}) },
      {
        onSuccess: (r) => {
          onCreated(email, r.temporaryPassword);
          setEmail('');
          setName('');
          setKelurahan([]);
        },
      },
    );
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('users.new')}</h2>
      <div className="field">
        <label htmlFor={ids.email}>{t('login.email')}</label>
        <input id={ids.email} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.name}>{t('users.name')}</label>
        <input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.role}>{t('users.role')}</label>
        <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tDynamic(`role.${r}`, r)}
            </option>
          ))}
        </select>
      </div>
      {role === 'sponsor' && (
        <div className="field">
          <label htmlFor={ids.sponsor}>{t('users.sponsor')}</label>
          <select id={ids.sponsor} required value={sponsorId} onChange={(e) => setSponsorId(e.target.value)}>
            <option value="">{t('users.chooseSponsor')}</option>
            {(sponsors.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {role === 'agent' && (
        <div className="field">
          <label htmlFor={ids.kelurahan}>{t('users.kelurahan')}</label>
          <select
            id={ids.kelurahan}
            multiple
            size={8}
            value={kelurahan}
            onChange={(e) => setKelurahan([...e.target.selectedOptions].map((o) => o.value))}
          >
            {(regions.data?.kecamatan ?? []).map((k) => (
              <optgroup key={k.code} label={k.name}>
                {k.kelurahan.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p className="hint">{t('users.kelurahanHint')}</p>
        </div>
      )}
      {create.isError && <ErrorNotice error={create.error} />}
      <button type="submit" className="button" disabled={create.isPending}>
        {t('users.create')}
      </button>
    </form>
  );
}

function UserRow({ regionCode, user, onPassword }: { regionCode: string; user: ProgramUser; onPassword: (email: string, password: string) => void }) {
  const { t, dateTime } = useT();
  const action = useUserAction(regionCode);
  const removeRole = useRemoveRole(regionCode);
  return (
    <tr>
      <td>
        {user.name}
        <br />
        <span className="muted">{user.email}</span>
      </td>
      <td>
        <RoleList roles={user.roles} />
      </td>
      <td>{user.disabled ? t('users.disabled') : user.mustChangePassword ? t('users.mustChange') : t('users.active')}</td>
      <td>{user.lastLoginAt ? dateTime(user.lastLoginAt) : t('common.empty')}</td>
      <td className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={action.isPending}
          onClick={() => action.mutate({ userId: user.id, action: 'password-reset' }, { onSuccess: (r) => r?.temporaryPassword && onPassword(user.email, r.temporaryPassword) })}
        >
          {t('users.reset')}
        </button>
        <button type="button" className="button button-secondary" disabled={action.isPending} onClick={() => action.mutate({ userId: user.id, action: user.disabled ? 'enable' : 'disable' })}>
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
        {user.roles.map((r) => (
          <button key={r.id} type="button" className="button button-ghost" disabled={removeRole.isPending} onClick={() => removeRole.mutate(r.id)}>
            {t('users.removeRole', { role: r.role })}
          </button>
        ))}
        {(action.isError || removeRole.isError) && <ErrorNotice error={action.error ?? removeRole.error} />}
      </td>
    </tr>
  );
}

export function UsersPage({ regionCode }: { regionCode: string }) {
  const { t } = useT();
  const users = useProgramUsers(regionCode);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  useDocumentTitle(t('users.title'));
  return (
    <>
      <header className="page-header">
        <h1>{t('users.title')}</h1>
      </header>
      {shown && <OneTimePassword email={shown.email} password={shown.password} />}
      <NewUserForm regionCode={regionCode} onCreated={(email, password) => setShown(password ? { email, password } : null)} />
      {users.isPending && <Loading />}
      {users.isError && <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <div className="table-scroll" role="group" aria-labelledby="users-caption" tabIndex={0}>
          <table className="table">
            <caption id="users-caption">{t('users.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.lastLogin')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <UserRow key={u.id} regionCode={regionCode} user={u} onPassword={(email, password) => setShown({ email, password })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
