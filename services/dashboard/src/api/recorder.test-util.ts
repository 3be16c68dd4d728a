import { createApiClient } from './client';

// An API client over a fake fetch that records every call (shared by the client tests).
export function recorder(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const client = createApiClient(async (url, init) => {
    calls.push({ url, init });
    return respond(url, init);
  });
  return { client, calls };
}
