import { z } from 'zod';

/** National clouds: setting `cloud` alone derives the login host and the Graph root (docs/mdm-apis.md §2). */
export const INTUNE_CLOUDS = {
  public: { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  'gcc-high': { login: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  dod: { login: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us' },
  china: { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
} as const;

const url = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** What an Intune source's `settings` may hold. The secret (client secret or private key PEM) is separate. */
export const intuneSettingsSchema = z
  .object({
    tenantId: z.string().trim().min(1).max(256),
    clientId: z.string().trim().min(1).max(256),
    cloud: z.enum(['public', 'gcc-high', 'dod', 'china']).default('public'),
    /** `secret`: the source secret is the client secret; `certificate`: it is the PEM private key of certificatePem. */
    auth: z.enum(['secret', 'certificate']).default('secret'),
    certificatePem: z.string().max(16_384).optional(),
    signingAlgorithm: z.enum(['PS256', 'RS256']).default('PS256'),
    /** `export`: reports export job (bulk, preferred); `perDevice`: beta detectedApps per device (fallback). */
    strategy: z.enum(['export', 'perDevice']).default('export'),
    /** Overrides for the cloud's hosts (a proxy, or the MDM simulator). */
    loginBaseUrl: url.optional(),
    graphBaseUrl: url.optional(),
    caCertPem: z.string().max(65_536).optional(),
    pageSize: z.number().int().min(1).max(1000).default(1000),
    concurrency: z.number().int().min(1).max(16).default(4),
    timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
    maxRetries: z.number().int().min(0).max(20).default(6),
    retryBaseDelayMs: z.number().int().min(1).max(60_000).default(1000),
    exportPollIntervalMs: z.number().int().min(10).max(120_000).default(5000),
    exportTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(6 * 3600_000)
      .default(3600_000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.auth === 'certificate' && !s.certificatePem)
      ctx.addIssue({
        code: 'custom',
        path: ['certificatePem'],
        message: 'is required when auth is certificate',
      });
  });

export type IntuneSettings = z.infer<typeof intuneSettingsSchema>;

/** The token URL, scope and Graph root for these settings. */
export function intuneEndpoints(s: IntuneSettings): {
  tokenUrl: string;
  scope: string;
  graphBaseUrl: string;
} {
  const cloud = INTUNE_CLOUDS[s.cloud];
  const login = (s.loginBaseUrl ?? cloud.login).replace(/\/+$/, '');
  return {
    tokenUrl: `${login}/${encodeURIComponent(s.tenantId)}/oauth2/v2.0/token`,
    // The scope always names the cloud's real Graph host, even when requests go through an override.
    scope: `${cloud.graph}/.default`,
    graphBaseUrl: (s.graphBaseUrl ?? cloud.graph).replace(/\/+$/, ''),
  };
}
