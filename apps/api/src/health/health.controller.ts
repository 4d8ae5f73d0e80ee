// Health for load balancers, orchestrators and the e2e suite, without a token:
//   GET /health        alive: the process answers (no database, no authority)
//   GET /health/ready  ready: the database answers and the authority's signing keys are held
//                      (or can be fetched now); 503 with what is failing otherwise
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthorityConfigurationManager } from '../auth/authority-configuration.js';
import { Public } from '../auth/authorization.decorators.js';
import type { TasksStore } from '../tasks/tasks-store.js';
import { TASKS_STORE } from '../tasks/tasks-store.provider.js';

type CheckResult = 'ok' | 'unavailable';

export interface Readiness {
  status: 'ready' | 'unavailable';
  checks: { database: CheckResult; signingKeys: CheckResult };
}

/** A check that takes longer than this counts as failing: probes have short timeouts. */
const checkTimeoutMs = 3000;

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(TASKS_STORE) private readonly store: TasksStore,
    @Inject(AuthorityConfigurationManager)
    private readonly authority: AuthorityConfigurationManager,
  ) {}

  @Get()
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    schema: { example: { status: 'ready', checks: { database: 'ok', signingKeys: 'ok' } } },
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready: `checks` says what is failing.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const [database, signingKeys] = await Promise.all([
      check(this.store.ping()),
      check(this.authority.ready()),
    ]);
    const ready = database === 'ok' && signingKeys === 'ok';
    if (!ready) void reply.status(503);
    return { status: ready ? 'ready' : 'unavailable', checks: { database, signingKeys } };
  }
}

async function check(work: Promise<void>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'unavailable'>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), checkTimeoutMs);
  });
  try {
    return await Promise.race([work.then((): CheckResult => 'ok'), timeout]);
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
