// What the daemon prints: every user's open tasks, one line per owner (tenant and object
// ID: an app-only caller gets no names), the most open first.
import type { OwnedTask } from '@pixy/api-contract';

export function openTasksReport(tasks: readonly OwnedTask[]): string[] {
  if (tasks.length === 0) return ['No tasks yet: no user has added one.'];
  const byOwner = new Map<string, { open: number; all: number }>();
  for (const task of tasks) {
    const key = `${task.owner.tenantId}/${task.owner.objectId}`;
    const counts = byOwner.get(key) ?? { open: 0, all: 0 };
    counts.all += 1;
    if (!task.done) counts.open += 1;
    byOwner.set(key, counts);
  }
  const owners = [...byOwner].sort(([a, x], [b, y]) => y.open - x.open || a.localeCompare(b));
  const open = owners.reduce((sum, [, counts]) => sum + counts.open, 0);
  return [
    `${open} open task${open === 1 ? '' : 's'} of ${tasks.length}, ${owners.length} user${owners.length === 1 ? '' : 's'}:`,
    ...owners.map(([owner, counts]) => `  ${owner}  ${counts.open} open of ${counts.all}`),
  ];
}
