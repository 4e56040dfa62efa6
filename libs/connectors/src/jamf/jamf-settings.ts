import { z } from 'zod';

/** What a Jamf Pro source's `settings` may hold; the secret is the API client secret. */
export const jamfSettingsSchema = z
  .object({
    /** Jamf Cloud (`https://<instance>.jamfcloud.com`) or on-prem, with port and context path as needed. */
    baseUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
    clientId: z.string().trim().min(1).max(256),
    caCertPem: z.string().max(65_536).optional(),
    /**
     * The server clamps at 2000, and large pages with APPLICATIONS risk 504s. Each page (a computer with its apps is
     * a large record) is parsed whole, and a big page's object graph outlives V8's young generation: 50 a page took
     * less walk CPU and peak memory than 100, and 25 was slower again (more requests). The connectors section of
     * docs/benchmarks.md runs at this default.
     */
    pageSize: z.number().int().min(1).max(2000).default(50),
    includeMobileDevices: z.boolean().default(true),
    /** Jamf asks integrations to stay at or below 5 concurrent connections. */
    concurrency: z.number().int().min(1).max(5).default(2),
    timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
    maxRetries: z.number().int().min(0).max(20).default(5),
    retryBaseDelayMs: z.number().int().min(1).max(60_000).default(1000),
  })
  .strict();

export type JamfSettings = z.infer<typeof jamfSettingsSchema>;
