// Turns failed calls (SDK errors, node problem+json answers, network failures) into sentences for the page.
import { FetchError, ResponseError } from '@zonecam/sdk';

/** Problem is the part of an RFC 9457 body the viewer shows. */
export interface Problem {
  status: number;
  type?: string;
  title?: string;
  detail?: string;
}

/** Reads a problem+json (or any) error body without failing. */
export async function problemOf(response: Response): Promise<Problem> {
  let body: { type?: unknown; title?: unknown; detail?: unknown } = {};
  try {
    body = await response.clone().json();
  } catch {
    // not JSON: keep the status only
  }
  return {
    status: response.status,
    type: typeof body.type === 'string' ? body.type : undefined,
    title: typeof body.title === 'string' ? body.title : undefined,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
  };
}

/** ApiFailure is a failed call with the sentence to show and the HTTP status (0 for network failures). */
export class ApiFailure extends Error {
  constructor(message: string, readonly status: number, readonly problem?: Problem) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** Describes a problem in one sentence, with the server's detail when it gave one. */
export function describeProblem(what: string, p: Problem): string {
  const reason = p.detail || p.title || statusText(p.status);
  return `${what} failed: ${reason} (HTTP ${p.status}).`;
}

function statusText(status: number): string {
  switch (status) {
    case 400: return 'the request was not valid';
    case 401: return 'not signed in or the credential is not valid';
    case 403: return 'not allowed for this credential';
    case 404: return 'not found';
    case 409: return 'conflict';
    case 429: return 'too many requests';
    case 503: return 'the service is unavailable, try again shortly';
    default: return 'unexpected answer';
  }
}

/** Converts anything a call threw into an ApiFailure with a readable message. */
export async function toFailure(what: string, error: unknown): Promise<ApiFailure> {
  if (error instanceof ApiFailure) return error;
  if (error instanceof ResponseError) {
    const p = await problemOf(error.response);
    return new ApiFailure(describeProblem(what, p), p.status, p);
  }
  if (error instanceof FetchError || error instanceof TypeError) {
    return new ApiFailure(`${what} failed: the server could not be reached.`, 0);
  }
  return new ApiFailure(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, 0);
}

/** Fetches a node URL and throws an ApiFailure carrying the problem when the answer is not 2xx. */
export async function nodeFetch(what: string, url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw await toFailure(what, e);
  }
  if (!response.ok) {
    const p = await problemOf(response);
    throw new ApiFailure(describeProblem(what, p), p.status, p);
  }
  return response;
}

/** True when a node refused a token because it expired (401 whose detail says so). */
export function isExpired(f: ApiFailure): boolean {
  return f.status === 401 && /expired/i.test(f.problem?.detail ?? f.problem?.title ?? '');
}
