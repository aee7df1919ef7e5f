import { useT } from '../../../lib/i18n.tsx';
import type { Role } from '../api/session.ts';

export function RoleList({ roles }: { roles: { role: Role; programName?: string; programCode?: string; sponsorName?: string | null; sponsorId: number | null; kelurahan: string[] }[] }) {
  const { t, tDynamic } = useT();
  return (
    <ul className="role-list">
      {roles.map((r, i) => (
        <li key={i}>
          <strong>{tDynamic(`role.${r.role}`, r.role)}</strong>
          {r.programName ? ` · ${r.programName} (${r.programCode})` : ''}
          {r.sponsorId !== null ? ` · ${t('users.sponsor')}: ${r.sponsorName ?? `#${r.sponsorId}`}` : ''}
          {r.kelurahan.length > 0 ? ` · ${t('users.kelurahanCount', { n: r.kelurahan.length })}` : ''}
        </li>
      ))}
    </ul>
  );
}
