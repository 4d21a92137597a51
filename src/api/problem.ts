// Owns error responses: every API error is an RFC 9457 application/problem+json document in French.
import type { FastifyReply } from 'fastify';

export type Problem = { type?: string; title: string; status: number; detail?: string; errors?: { parameter: string; reason: string }[] };

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: problem.type ?? 'about:blank', ...problem });
}
