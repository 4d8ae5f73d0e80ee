// The header's "Admin" link, shown only when /api/me reports the Tasks.Admin app role
// (roles of the API are in the API's access token, not in the ID token). Hiding it is
// a courtesy: the API enforces the role. Never redirects: it is a background call.
import { AppRoles } from '@pixy/auth-contract';
import { NavLink } from 'react-router';
import { ServerState } from '../../../lib/server-state';
import { useMe } from '../../../lib/auth/use-me';

export default function AdminLink() {
  return (
    <ServerState>
      <AdminLinkForRole />
    </ServerState>
  );
}

function AdminLinkForRole() {
  const me = useMe({ interactive: false });
  if (!me.data?.roles.includes(AppRoles.TasksAdmin)) return null;
  return (
    <li>
      <NavLink to="/admin">Admin</NavLink>
    </li>
  );
}
