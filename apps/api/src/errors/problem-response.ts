// The one place that turns any failure into an HTTP answer: application/problem+json,
// never a stack trace, and a 4xx for anything the client got wrong. Used by the Nest
// exception filter and by Fastify's error handler (body parsing fails before Nest runs).
import { HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemCodes, problemDetailsMediaType, type ProblemCode } from '@pixy/api-contract';
import { ProblemException, problemBody, type ProblemBody } from './problem.js';

export interface ProblemResponse {
  readonly body: ProblemBody;
  readonly headers: Readonly<Record<string, string>>;
}

/** Stable codes for the 4xx answers Fastify and Nest give before our code runs. */
const codesByStatus: Readonly<Record<number, ProblemCode>> = {
  400: ProblemCodes.InvalidRequest,
  404: ProblemCodes.NotFound,
  413: ProblemCodes.BodyTooLarge,
  415: ProblemCodes.UnsupportedMediaType,
  429: ProblemCodes.RateLimited,
};

export function problemFor(
  error: unknown,
  request: { method: string; url: string },
): ProblemResponse {
  if (error instanceof ProblemException) return { body: error.body, headers: error.headers };

  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) {
      const path = request.url.split('?')[0] ?? '';
      return plain(404, 'not_found', `There is no route ${request.method} ${path}.`);
    }
    if (status >= 500) return plain(500, 'internal_error', internalDetail);
    return plain(
      status,
      codesByStatus[status] ?? 'invalid_request',
      messageOf(error.getResponse()),
    );
  }

  // Fastify's own errors (body parsing) carry a 4xx statusCode and a safe message.
  const { statusCode, message } = (error ?? {}) as { statusCode?: unknown; message?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const detail = typeof message === 'string' ? message : 'The request could not be read.';
    return plain(statusCode, codesByStatus[statusCode] ?? 'invalid_request', detail);
  }

  return plain(500, 'internal_error', internalDetail);
}

const internalDetail = 'Something went wrong on our side; the error was logged.';

function plain(status: number, code: ProblemCode, detail: string): ProblemResponse {
  return { body: problemBody(status, code, detail), headers: {} };
}

function messageOf(response: string | object): string {
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ');
  return 'The request could not be processed.';
}

/** Writes a problem; logs 5xx with the error (server side only). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { body, headers } = problemFor(error, request);
  if (body.status >= 500 && body.code === 'internal_error') {
    request.log.error({ err: error }, 'unhandled error');
  }
  void reply
    .status(body.status)
    .headers(headers)
    .type(`${problemDetailsMediaType}; charset=utf-8`)
    .send(JSON.stringify(body));
}
