// Why a user cannot change tasks: they lack the Tasks.ReadWrite permission (they
// declined it, or may not consent to it). Asking again is the user's choice, never automatic.
import { Scopes } from '@pixy/auth-contract';

export function ReadOnlyNotice({ onAskAgain }: { onAskAgain: () => void }) {
  return (
    <div className="notice warning" role="status">
      <p>
        <strong>You lack permission {Scopes.TasksReadWrite}</strong>, so you can read your tasks but
        not add, change or delete them.
      </p>
      <p>
        Pixy asked the identity provider for it when you first tried to write, and it was not
        granted: you declined, or your account may not consent to it (an administrator can grant it
        for you). The API would refuse the change anyway.
      </p>
      <button type="button" className="button" onClick={onAskAgain}>
        Ask for permission again
      </button>
    </div>
  );
}
