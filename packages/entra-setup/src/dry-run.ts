/**
 * `--dry-run`: prints every `az` call instead of making it, and answers with stand-in
 * output shaped like az's, as if the tenant held none of Pixy's registrations yet (apart
 * from client IDs already in .env, which it assumes exist). Nothing is read or changed.
 */
import type { Az, AzArg } from './az-cli.js';
import { formatCommand } from './az-cli.js';

export class DryRunAz implements Az {
  readonly calls: AzArg[][] = [];

  constructor(private readonly print: (line: string) => void) {}

  run(args: readonly AzArg[]): Promise<unknown> {
    this.calls.push([...args]);
    this.print(`  ${formatCommand(args)}`);
    for (const arg of args) {
      if (typeof arg !== 'string') {
        const json = JSON.stringify(arg.json, null, 2).replace(/\n/g, '\n      ');
        this.print(`    ${arg.file}: ${json}`);
      }
    }
    return Promise.resolve(answer(args.filter((arg): arg is string => typeof arg === 'string')));
  }
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function answer(args: readonly string[]): unknown {
  const command = args.slice(0, 3).join(' ');
  if (command.startsWith('account show')) {
    return { tenantId: '<tenant-id>', user: { name: '<you>', type: 'user' } };
  }
  if (command.startsWith('ad signed-in-user show')) return { id: '<your-user-object-id>' };
  if (command === 'ad app list') {
    const appId = /appId eq '([^']+)'/.exec(option(args, '--filter') ?? '')?.[1];
    return appId ? [{ id: `<object id of ${appId}>`, appId, displayName: '' }] : [];
  }
  if (command === 'ad app create') {
    const name = option(args, '--display-name') ?? 'app';
    return { id: `<${name} object id>`, appId: `<${name} client id>`, displayName: name };
  }
  if (command === 'ad sp list') return [];
  if (command === 'ad sp create') {
    const appId = option(args, '--id') ?? '';
    return { id: `<service principal of ${appId}>`, appId };
  }
  if (command === 'ad app credential') {
    return { appId: option(args, '--id') ?? '', password: '<a new secret>', tenant: '<tenant-id>' };
  }
  if (args[0] === 'rest' && option(args, '--method') === 'GET') return { value: [] };
  return null;
}
