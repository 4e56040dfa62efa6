// Generated from the API's OpenAPI document by scripts/openapi-types.mjs (`npm run openapi:types`). Do not edit.
export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never their secrets) */
        get: operations["ApiKeys_list"];
        put?: never;
        /** Create an API key; the key text is in this response only */
        post: operations["ApiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One API key */
        get: operations["ApiKeys_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key for good */
        post: operations["ApiKeys_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log of every change, newest first */
        get: operations["AuditLog_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller behind the presented credentials and its role */
        get: operations["WhoAmI_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The loaded catalog: version, counts, how many rules bind this organisation, files */
        get: operations["Catalog_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Why tester: which product a title is (the matcher that fires and why) or which exclusion stops it — the matcher production uses */
        post: operations["Catalog_match"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Banned and watched products with their matchers */
        get: operations["Catalog_products"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product */
        get: operations["Catalog_product"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rules (bans and advisories) with dates, citations, remediation windows, whom they bind and how they stand for this organisation */
        get: operations["Catalog_rules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule */
        get: operations["Catalog_rule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check candidate catalog files (YAML) as a whole catalog; nothing is stored */
        post: operations["Catalog_validate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/vendors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Vendors: legal names in every script and form, bundle namespaces, Apple Team IDs */
        get: operations["Catalog_vendors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices filtered by source, platform, user, serial, staleness or search; cursor-paged */
        get: operations["Devices_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device with its installed software and the exposures of its physical device */
        get: operations["Devices_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/download-links/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a download link at once */
        post: operations["ReportDelivery_revokeLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/email/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one test mail now with the configured SMTP settings (not through the outbox) and show the answer */
        post: operations["ReportDelivery_testEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/evidence/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Ed25519 public key evidence packs are signed with, and its id */
        get: operations["Evidence_publicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exceptions, newest first (active and past) */
        get: operations["Exceptions_list"];
        put?: never;
        /** Create an exception with an expiry; the exposures it covers become "excepted" at once (a rule exception lifts that rule only) */
        post: operations["Exceptions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exceptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One exception */
        get: operations["Exceptions_get"];
        put?: never;
        post?: never;
        /** Same as revoke: exceptions are never deleted, only revoked */
        delete: operations["Exceptions_remove"];
        options?: never;
        head?: never;
        /** Edit an active exception: reason, approver, expiry (a new expiry applies at once) */
        patch: operations["Exceptions_update"];
        trace?: never;
    };
    "/api/v1/exceptions/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an exception (kept as history); its exposures re-open at once */
        post: operations["Exceptions_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposure/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coverage gaps per source and platform: stale check-ins and devices that never reported apps */
        get: operations["Exposure_coverage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposure/coverage/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The coverage-gap devices themselves, with the reasons, cursor-paged */
        get: operations["Exposure_coverageDevices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposure/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exposure now: exposed devices, exposures (one per device and product) by product with their rules, the per-rule view, coverage, data age */
        get: operations["Exposure_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposure/trend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Daily exposure totals for the last N days (default 90), oldest first */
        get: operations["Exposure_trend"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exposures (one per physical device and product) filtered by status, overdue, standing, severity, product, rule, platform, source, device or search; sorted; cursor-paged */
        get: operations["Exposures_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exposures/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One exposure with every piece of evidence and every rule behind it */
        get: operations["Exposures_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deprecated: the exposure list under its former name (same query, same items)
         * @deprecated
         */
        get: operations["Exposures_findings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation profile in force (config policy:) and how every catalog rule stands under it */
        get: operations["Policy_policy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policy/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rule impact preview: what a changed profile (or enabling/disabling a rule) would add or remove — exposures, devices, overdue — without writing anything */
        post: operations["Policy_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/report-emails/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a given-up (dead) mail again, with the same Message-ID */
        post: operations["ReportDelivery_resend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/report-schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List report schedules with their next run */
        get: operations["ReportSchedules_list"];
        put?: never;
        /** Create a report schedule (cron in an IANA time zone) */
        post: operations["ReportSchedules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/report-schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report schedule */
        get: operations["ReportSchedules_get"];
        put?: never;
        post?: never;
        /** Delete a report schedule (its past reports stay) */
        delete: operations["ReportSchedules_remove"];
        options?: never;
        head?: never;
        /** Change a report schedule; fields not given keep their value */
        patch: operations["ReportSchedules_update"];
        trace?: never;
    };
    "/api/v1/report-schedules/{id}/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A schedule's latest 20 mails, newest first */
        get: operations["ReportDelivery_emailsOfSchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List reports, newest first */
        get: operations["Reports_list"];
        put?: never;
        /** Queue a report (the worker generates it from one consistent snapshot) */
        post: operations["Reports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report and its status */
        get: operations["Reports_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream the report file (xlsx or csv) with its name, type and length
         * @description With reports.s3.download = redirect, answers 302 to a short-lived presigned URL on the bucket instead, or, to a client that accepts application/json (the dashboard), that URL as JSON.
         */
        get: operations["Reports_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheduled report's mail: recipients, state and every send with the server's answer */
        get: operations["ReportDelivery_emailsOfReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stream the report's signed evidence pack (zip: workbook, a CSV per sheet, manifest.json, signature) */
        get: operations["Reports_evidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report's download links with their uses (URLs are not shown again) */
        get: operations["ReportDelivery_listLinks"];
        put?: never;
        /** Make a signed, expiring link to this report file for someone without an API key (the URL is shown once) */
        post: operations["ReportDelivery_createLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/software": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search distinct software titles (with the catalog products they match) */
        get: operations["Software_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/software/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One title with its device count per version */
        get: operations["Software_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sources with their health: last run and last successful sync */
        get: operations["Sources_list"];
        put?: never;
        /** Add an Intune or Jamf source; its secret is stored encrypted and never returned */
        post: operations["Sources_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One source with its health */
        get: operations["Sources_get"];
        put?: never;
        post?: never;
        /** Delete a source with its devices and installations (exposures only they reported go with them) */
        delete: operations["Sources_remove"];
        options?: never;
        head?: never;
        /** Change a source (only the fields given); sources declared in config are read-only */
        patch: operations["Sources_update"];
        trace?: never;
    };
    "/api/v1/sources/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sync runs of a source, newest first (page with `before`) */
        get: operations["Sources_listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now: queue a sync (coalesces with one already queued); a worker runs it */
        post: operations["Sources_sync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test connection: authenticate and make one cheap call to the MDM */
        post: operations["Sources_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sync-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent sync runs of every source, newest first */
        get: operations["SyncRuns_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sync-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sync run with its counts and error */
        get: operations["SyncRuns_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue one dead (or delivered) delivery again, due now */
        post: operations["WebhookDeliveries_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints (no secrets, header names only) */
        get: operations["Webhooks_list"];
        put?: never;
        /** Create an endpoint; its signing secret is in this response only */
        post: operations["Webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One endpoint */
        get: operations["Webhooks_get"];
        put?: never;
        post?: never;
        /** Remove an endpoint and its delivery log */
        delete: operations["Webhooks_remove"];
        options?: never;
        head?: never;
        /** Change an endpoint (enabling it again clears its disabled reason) */
        patch: operations["Webhooks_update"];
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery log, newest first, with each delivery’s latest attempts */
        get: operations["Webhooks_deliveriesOf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/redeliver-dead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue every dead delivery of this endpoint again */
        post: operations["Webhooks_redeliverDead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New signing secret (shown once); the old one keeps signing during the grace period */
        post: operations["Webhooks_rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a webhook.test event for this endpoint only */
        post: operations["Webhooks_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/event-schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** JSON Schemas (2020-12) of the native envelope and of every event payload, versioned */
        get: operations["Webhooks_eventSchemas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/d/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the report file a signed link points at (no API key; the link is the key) */
        get: operations["SharedDownload_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Health_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Metrics_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["Health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKeyResponse: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description Public part of the key, shown in lists
             * @example k3v7q2ab9x
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: "viewer" | "analyst" | "admin";
            /** @enum {string} */
            status: "active" | "expired" | "revoked";
        };
        AuditLogPageResponse: {
            items: components["schemas"]["AuditLogResponse"][];
            nextCursor: string | null;
        };
        AuditLogResponse: {
            /** @example POST /api/v1/exceptions */
            action: string;
            actorId: string | null;
            actorName: string;
            actorType: string;
            after: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            at: string;
            /** @description State before the change, as the route recorded it */
            before: {
                [key: string]: unknown;
            } | null;
            id: string;
            ip: string | null;
            requestId: string | null;
            targetId: string | null;
            targetType: string | null;
        };
        CatalogFileInput: {
            /** @example kaspersky.yaml */
            path: string;
            /** @description YAML text of the file */
            text: string;
        };
        CatalogSummaryResponse: {
            /** @description Rules that bind this organisation */
            bindingRules: number;
            files: string[];
            products: number;
            /** @description Rules shown for review */
            reviewRules: number;
            rules: number;
            vendors: number;
            /** @description Content hash of the catalog files */
            version: string;
        };
        CatalogValidationResponse: {
            /** @description Every problem with file, line and field */
            problems: string[];
            products?: number;
            rules?: number;
            valid: boolean;
            /** @description Content hash the files would have */
            version?: string;
        };
        CoverageGapPageResponse: {
            items: components["schemas"]["CoverageGapResponse"][];
            nextCursor: string | null;
        };
        CoverageGapResponse: {
            deviceId: string;
            /** Format: date-time */
            lastCheckInAt: string | null;
            name: string | null;
            platform: string;
            reasons: ("stale_check_in" | "never_checked_in" | "apps_not_reported")[];
            serialNumber: string | null;
            /** Format: uuid */
            sourceId: string;
            userPrincipalName: string | null;
        };
        CoverageResponse: {
            /** Format: date-time */
            asOf: string;
            bySource: components["schemas"]["CoverageRow"][];
            /** @description Physical devices with a record that checked in within exposure.staleAfterDays and reported its apps (a device two sources report counts once) */
            coveredDevices: number;
            devices: number;
            neverReportedDevices: number;
            staleAfterDays: number;
            staleDevices: number;
        };
        CoverageRow: {
            /** @description Physical devices with a record that checked in within exposure.staleAfterDays and reported its apps (a device two sources report counts once) */
            coveredDevices: number;
            devices: number;
            neverReportedDevices: number;
            platform: string;
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
            staleDevices: number;
        };
        CoverageTotals: {
            /** @description Physical devices with a record that checked in within exposure.staleAfterDays and reported its apps (a device two sources report counts once) */
            coveredDevices: number;
            devices: number;
            neverReportedDevices: number;
            staleDevices: number;
        };
        CreateApiKeyRequest: {
            /**
             * @description ISO 8601 time after which the key stops working
             * @example 2027-01-01T00:00:00Z
             */
            expiresAt?: string;
            /**
             * @description Who or what the key is for
             * @example splunk reader
             */
            name: string;
            /**
             * @example viewer
             * @enum {string}
             */
            role: "viewer" | "analyst" | "admin";
        };
        CreatedApiKeyResponse: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /**
             * @description The key itself. Shown once; only its hash is stored.
             * @example idk_k3v7q2ab9x_…
             */
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description Public part of the key, shown in lists
             * @example k3v7q2ab9x
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: "viewer" | "analyst" | "admin";
            /** @enum {string} */
            status: "active" | "expired" | "revoked";
        };
        CreateDownloadLinkRequest: {
            /** @description Default: email.linkTtlHours */
            expiresInHours?: number;
        };
        CreateExceptionRequest: {
            /** @example CISO Jane Doe */
            approvedBy: string;
            /**
             * Format: date-time
             * @example 2027-03-31T00:00:00Z
             */
            expiresAt: string;
            /** @description Catalog product id */
            productId?: string;
            /** @example Lab machine isolated from the network; replacement ordered */
            reason: string;
            /** @description Catalog rule id (give ruleId, productId or both) */
            ruleId?: string;
            /** @enum {string} */
            scopeType: "device" | "serial" | "group";
            /**
             * @description Device id, serial number, or group (device tag)
             * @example C02XYZ123
             */
            scopeValue: string;
        };
        CreateReportRequest: {
            /**
             * @description Also build a signed auditor evidence pack: the workbook, a CSV per sheet and a manifest (docs/evidence-pack.md)
             * @default false
             */
            evidence?: boolean;
            filters?: components["schemas"]["ReportFiltersRequest"];
            /**
             * @description csv holds the main table only
             * @default xlsx
             * @enum {string}
             */
            format?: "xlsx" | "csv";
            /**
             * @description exposure = the full workbook (Summary, Exposed devices, Software, Coverage, Exceptions); others = one sheet
             * @enum {string}
             */
            type: "exposure" | "exposed-devices" | "evidence" | "rules" | "software" | "coverage" | "exceptions";
        };
        CreateReportScheduleRequest: {
            /**
             * @description Five-field cron: minute hour day-of-month month day-of-week
             * @example 0 7 * * 1
             */
            cron: string;
            /** @description Mail each report to these people (needs email.smtp in the configuration); null = no mail */
            email?: components["schemas"]["ScheduleEmailRequest"] | null;
            /** @default true */
            enabled?: boolean;
            /**
             * @description Also build a signed auditor evidence pack: the workbook, a CSV per sheet and a manifest (docs/evidence-pack.md)
             * @default false
             */
            evidence?: boolean;
            filters?: components["schemas"]["ReportFiltersRequest"];
            /**
             * @default xlsx
             * @enum {string}
             */
            format?: "xlsx" | "csv";
            /** @description Files kept for this schedule; null = the global reports.keepCount */
            keepCount?: number | null;
            /** @description Days a file is kept; null = the global reports.retentionDays */
            keepDays?: number | null;
            /** @example Monday exposure for the CISO */
            name: string;
            /**
             * @description IANA time zone the cron is read in
             * @default UTC
             * @example Europe/Paris
             */
            timezone?: string;
            /** @enum {string} */
            type: "exposure" | "exposed-devices" | "evidence" | "rules" | "software" | "coverage" | "exceptions";
        };
        CreateSourceRequest: {
            /** @default true */
            enabled?: boolean;
            /** @enum {string} */
            kind: "intune" | "jamf";
            /** @example Contoso Intune */
            name: string;
            /**
             * @description Cron (UTC) for scheduled syncs; omit for manual only
             * @example 0 *\/6 * * *
             */
            schedule?: string;
            /** @description Client secret or private key; stored encrypted, never returned */
            secret?: string;
            /**
             * @description Connector settings (intune: tenantId, clientId, cloud…; jamf: baseUrl, clientId…). No secrets here.
             * @example {
             *       "tenantId": "contoso.onmicrosoft.com",
             *       "clientId": "00000000-0000-0000-0000-000000000000"
             *     }
             */
            settings: {
                [key: string]: unknown;
            };
        };
        CreateWebhookRequest: {
            /**
             * @description Digest mode: one message per this many seconds summarising the events (60–86400); null or 0 = one message per event
             * @example 300
             */
            digestWindowSeconds?: number | null;
            /** @default true */
            enabled?: boolean;
            /** @description Event types to send; empty = all */
            eventTypes?: ("exposure.detected" | "exposure.resolved" | "exposure.overdue" | "exposure.excepted" | "sync.failed" | "sync.completed" | "report.ready" | "webhook.test")[];
            /**
             * @description Body format the receiver ingests: json (CloudEvents), splunk_hec, ecs, cef (SIEMs); slack (incoming webhook, Block Kit) or teams (Workflows webhook, Adaptive Card 1.5) for people
             * @default json
             * @enum {string}
             */
            format?: "json" | "splunk_hec" | "ecs" | "cef" | "slack" | "teams";
            /**
             * @description Sent with every request; stored encrypted; only the names are ever shown again
             * @example {
             *       "Authorization": "Splunk 00000000-0000-0000-0000-000000000000"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /**
             * @description Requests in flight to this endpoint at once, across all workers
             * @default 4
             */
            maxConcurrency?: number;
            /** @example Splunk SOC */
            name: string;
            /**
             * @description Catalog product ids; empty = all
             * @example [
             *       "kaspersky"
             *     ]
             */
            productIds?: string[];
            /** @description Severities to send; empty = all */
            severities?: ("critical" | "high" | "medium" | "low" | "info")[];
            /** @default 10000 */
            timeoutMs?: number;
            /**
             * @description https in production; private addresses only when allowlisted (webhooks.allowlist)
             * @example https://splunk.example.com:8088/services/collector/event
             */
            url: string;
        };
        DataAge: {
            /** Format: date-time */
            lastSucceededAt: string | null;
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
        };
        DeviceDetailResponse: {
            appsReported: boolean;
            exposures: components["schemas"]["ExposureResponse"][];
            externalId: string;
            /** Format: date-time */
            firstSeenAt: string;
            id: string;
            installations: components["schemas"]["InstallationResponse"][];
            /** @description No MDM check-in within exposure.staleAfterDays */
            isStale: boolean;
            /** Format: date-time */
            lastCheckInAt: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            name: string | null;
            /** @description Open exposures of the physical device (any source) */
            openExposures: number;
            osVersion: string | null;
            /** @description Same value = same physical device across sources */
            physicalKey: string;
            platform: string;
            /** Format: date-time */
            removedAt: string | null;
            serialNumber: string | null;
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
            tags: string[];
            userPrincipalName: string | null;
        };
        DevicePageResponse: {
            items: components["schemas"]["DeviceResponse"][];
            nextCursor: string | null;
            /** @description Rows the filters select over all pages; only with total=true */
            total?: number;
        };
        DeviceResponse: {
            appsReported: boolean;
            externalId: string;
            /** Format: date-time */
            firstSeenAt: string;
            id: string;
            /** @description No MDM check-in within exposure.staleAfterDays */
            isStale: boolean;
            /** Format: date-time */
            lastCheckInAt: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            name: string | null;
            /** @description Open exposures of the physical device (any source) */
            openExposures: number;
            osVersion: string | null;
            /** @description Same value = same physical device across sources */
            physicalKey: string;
            platform: string;
            /** Format: date-time */
            removedAt: string | null;
            serialNumber: string | null;
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
            tags: string[];
            userPrincipalName: string | null;
        };
        DownloadLinkResponse: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: uuid */
            emailDeliveryId: string | null;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            /** Format: uuid */
            reportId: string;
            /** Format: date-time */
            revokedAt: string | null;
            revokedBy: string | null;
            /** @description Only in the answer that makes the link; it is not stored */
            url?: string;
            useCount: number;
        };
        ErrorBodyResponse: {
            error: components["schemas"]["ErrorDetail"];
        };
        ErrorDetail: {
            /** @example validation_failed */
            code: string;
            /**
             * @description Per-field problems for validation errors
             * @example [
             *       {
             *         "field": "name",
             *         "message": "unknown field"
             *       }
             *     ]
             */
            details: Record<string, never> | null;
            /** @example name */
            field: string | null;
            /** @example name: unknown field */
            message: string;
            /** @example 6f1c0e0a-7c5e-4c1b-9d55-0d1f0b5c2e11 */
            requestId: string;
        };
        EvidencePublicKeyResponse: {
            /** @enum {string} */
            algorithm: "Ed25519";
            /**
             * @description SHA-256 (hex) of the key in DER (SPKI) form; manifest.json names its key by this id
             * @example 3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29
             */
            keyId: string;
            /**
             * @example -----BEGIN PUBLIC KEY-----
             *     …
             *     -----END PUBLIC KEY-----
             */
            publicKeyPem: string;
        };
        EvidenceResponse: {
            bundleId: string | null;
            deviceId: string;
            /** @description Why the title matched */
            explanation: string | null;
            /** Format: date-time */
            firstSeenAt: string;
            /**
             * Format: date-time
             * @description No longer seen since
             */
            goneAt: string | null;
            installPath: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            /** @description Catalog matcher that fired */
            matcher: string;
            publisher: string | null;
            source: components["schemas"]["EvidenceSource"];
            title: string;
            version: string;
        };
        EvidenceSource: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "intune" | "jamf";
            name: string;
        };
        ExceptionResponse: {
            approvedBy: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /** @description Not revoked and not expired */
            isActive: boolean;
            productId: string | null;
            reason: string;
            /** Format: date-time */
            revokedAt: string | null;
            ruleId: string | null;
            /** @enum {string} */
            scopeType: "device" | "serial" | "group";
            scopeValue: string;
        };
        ExclusionResponse: {
            bundleId?: string[];
            bundleIdPrefix?: string[];
            displayName?: string;
            /** @description Titles it is written for (checked when the catalog loads) */
            examples?: (string | {
                bundleId?: string;
                installPath?: string;
                name: string;
                publisher?: string;
            })[];
            id: string;
            /** @description Absent: every platform */
            platforms?: ("windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other")[];
            publisher?: string;
            reason: string;
            /**
             * @description Where the exclusion is declared
             * @enum {string}
             */
            scope: "product" | "family" | "global";
            /** @description Does not veto a title whose publisher or bundle id is the product's vendor's */
            unlessVendor: boolean;
        };
        ExposureDetailResponse: {
            /** @description The source record shown for the device (the most recently seen) */
            deviceId: string;
            deviceName: string | null;
            /**
             * Format: date-time
             * @description null: review only
             */
            dueAt: string | null;
            evidence: components["schemas"]["EvidenceResponse"][];
            evidenceCount: number;
            /** Format: uuid */
            exceptionId: string | null;
            /** Format: date-time */
            firstDetectedAt: string;
            id: string;
            /** @description Open and past its due date */
            isOverdue: boolean;
            /** Format: date-time */
            lastDetectedAt: string;
            /** @description Same value = same physical device across sources */
            physicalKey: string;
            platform: string;
            productId: string;
            productName: string;
            /** Format: date-time */
            resolvedAt: string | null;
            /** @enum {string|null} */
            resolvedReason: "no_longer_seen" | "rule_not_applicable" | null;
            ruleIds: string[];
            rules: components["schemas"]["ExposureRuleResponse"][];
            serialNumber: string | null;
            /** @enum {string} */
            severity: "critical" | "high" | "medium" | "low" | "info";
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
            /** @description Sources that report it */
            sources: string[];
            /**
             * @description binding: a binding rule applies (due date); review: only review rules apply, never overdue
             * @enum {string}
             */
            standing: "binding" | "review";
            /** @enum {string} */
            status: "open" | "resolved" | "excepted";
            /** @description Titles behind the exposure (live ones while open) */
            titles: string[];
            userPrincipalName: string | null;
            vendor: string | null;
            versions: string[];
        };
        ExposurePageResponse: {
            items: components["schemas"]["ExposureResponse"][];
            /** @description Pass as `cursor` for the next page; null on the last */
            nextCursor: string | null;
            /** @description Rows the filters select over all pages; only with total=true */
            total?: number;
        };
        ExposureProductRow: {
            exceptedExposures: number;
            /** @description Physical devices, counted once even when seen by two sources */
            exposedDevices: number;
            /** @description Open exposures (one per physical device) */
            exposures: number;
            /** Format: date-time */
            nextDueAt: string | null;
            overdueExposures: number;
            productId: string;
            productName: string;
            /** @description Open under review rules only: no due date */
            reviewExposures: number;
            /** @description The rules that apply to the product, binding first */
            rules: components["schemas"]["RuleStanding"][];
            /** @description Highest severity among the rules that apply */
            severity: string;
            vendor: string | null;
        };
        ExposureResponse: {
            /** @description The source record shown for the device (the most recently seen) */
            deviceId: string;
            deviceName: string | null;
            /**
             * Format: date-time
             * @description null: review only
             */
            dueAt: string | null;
            evidenceCount: number;
            /** Format: uuid */
            exceptionId: string | null;
            /** Format: date-time */
            firstDetectedAt: string;
            id: string;
            /** @description Open and past its due date */
            isOverdue: boolean;
            /** Format: date-time */
            lastDetectedAt: string;
            /** @description Same value = same physical device across sources */
            physicalKey: string;
            platform: string;
            productId: string;
            productName: string;
            /** Format: date-time */
            resolvedAt: string | null;
            /** @enum {string|null} */
            resolvedReason: "no_longer_seen" | "rule_not_applicable" | null;
            ruleIds: string[];
            rules: components["schemas"]["ExposureRuleResponse"][];
            serialNumber: string | null;
            /** @enum {string} */
            severity: "critical" | "high" | "medium" | "low" | "info";
            /** Format: uuid */
            sourceId: string;
            sourceName: string;
            /** @description Sources that report it */
            sources: string[];
            /**
             * @description binding: a binding rule applies (due date); review: only review rules apply, never overdue
             * @enum {string}
             */
            standing: "binding" | "review";
            /** @enum {string} */
            status: "open" | "resolved" | "excepted";
            /** @description Titles behind the exposure (live ones while open) */
            titles: string[];
            userPrincipalName: string | null;
            vendor: string | null;
            versions: string[];
        };
        ExposureRuleResponse: {
            citation: string | null;
            /**
             * Format: date-time
             * @description Due under this rule
             */
            dueAt: string | null;
            /** @description An exception lifts this rule for the device */
            excepted: boolean;
            id: string;
            jurisdiction: string | null;
            /** @enum {string|null} */
            kind: "binding" | "advisory" | "review" | null;
            source: string | null;
            /**
             * @description How the rule stands for this organisation
             * @enum {string}
             */
            standing: "binding" | "review" | "off";
            /** @description The rule's phase today (restricted, prohibited…) */
            status: string | null;
            title: string | null;
            /** @description Why it stands so */
            why: string | null;
        };
        ExposureRuleRow: {
            citation: string | null;
            exceptedExposures: number;
            exposedDevices: number;
            /** @description Open exposures the rule applies to */
            exposures: number;
            kind: string | null;
            overdueExposures: number;
            ruleId: string;
            /** @enum {string} */
            standing: "binding" | "review" | "off";
            title: string | null;
        };
        ExposureSummaryResponse: {
            /**
             * Format: date-time
             * @description When these numbers were computed
             */
            asOf: string;
            byProduct: components["schemas"]["ExposureProductRow"][];
            /** @description The per-rule view */
            byRule: components["schemas"]["ExposureRuleRow"][];
            catalogVersion: string;
            coverage: components["schemas"]["CoverageTotals"];
            dataAsOf: components["schemas"]["DataAge"][];
            exceptedExposures: number;
            /** @description Physical devices with an open exposure (binding or review) */
            exposedDevices: number;
            /** @description Open exposures: one per physical device and product */
            exposures: number;
            overdueDevices: number;
            overdueExposures: number;
            /** @description The organisation profile the rules were applied under */
            profileVersion: string;
            /** @description Open exposures under review rules only (no due date, never overdue) */
            reviewExposures: number;
        };
        ExposureTrendResponse: {
            days: number;
            points: components["schemas"]["TrendPointResponse"][];
        };
        InstallationResponse: {
            bundleId: string | null;
            /** Format: date-time */
            firstSeenAt: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** @description Catalog products this title matches */
            matchedProducts: string[];
            name: string;
            publisher: string | null;
            softwareId: string;
            version: string;
        };
        MailLogEntryResponse: {
            /** Format: date-time */
            at: string;
            error: string | null;
            /**
             * @description interrupted: the worker stopped mid-send; the mail was sent again with the same Message-ID
             * @enum {string}
             */
            outcome: "sent" | "retry" | "dead" | "interrupted";
            /** @example 250 OK: message queued */
            smtpResponse: string | null;
        };
        MailResponse: {
            /** @description Sends so far */
            attempts: number;
            cc: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            log: components["schemas"]["MailLogEntryResponse"][];
            /**
             * @description The same on every send of this mail
             * @example <report-0b6f…@corp.example>
             */
            messageId: string;
            /**
             * Format: date-time
             * @description Next try while pending
             */
            nextAttemptAt: string | null;
            rejected: components["schemas"]["RejectedRecipientResponse"][];
            /** Format: uuid */
            reportId: string;
            /** Format: uuid */
            scheduleId: string | null;
            /** Format: date-time */
            sentAt: string | null;
            /** @enum {string} */
            status: "pending" | "sending" | "sent" | "dead";
            subject: string;
            to: string[];
        };
        MatcherResponse: {
            bundleId?: string[];
            bundleIdPrefix?: string[];
            /** @description Case-insensitive regular expression anchored with ^ */
            displayName?: string;
            /** @description Titles it is written for (checked when the catalog loads) */
            examples?: (string | {
                bundleId?: string;
                installPath?: string;
                name: string;
                publisher?: string;
            })[];
            id: string;
            /** @description Case-insensitive regular expression anchored with ^ */
            installPath?: string;
            /** @description Literal product names */
            names?: string[];
            note?: string;
            platforms: ("windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other")[];
            productId: string;
            /** @description Case-insensitive regular expression anchored with ^ */
            publisher?: string;
            /** @description Apple Team ID */
            teamId?: string;
            /**
             * @description The title's publisher must be one of the vendor's
             * @enum {boolean}
             */
            vendorPublisher?: true;
            /** @description Versions the installation must be in */
            versions?: components["schemas"]["MatcherVersionsResponse"];
        };
        MatcherVersionsResponse: {
            /** @example 21.16 */
            below?: string;
            /** @example 21.3 */
            from?: string;
        };
        MatchTitleRequest: {
            /** @example com.zhiliaoapp.musically */
            bundleId?: string;
            /** @example /Applications/TikTok.app */
            installPath?: string;
            /** @example TikTok - Videos, Music & LIVE */
            name: string;
            /** @enum {string} */
            platform: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
            /** @example TikTok Pte. Ltd. */
            publisher?: string;
        };
        PolicyPreviewRequest: {
            /** @description Rules never applied */
            disableRules?: string[];
            /** @description Rules applied whatever the profile says */
            enableRules?: string[];
            /**
             * @description ISO 3166 codes or US states
             * @example [
             *       "US-TX"
             *     ]
             */
            jurisdictions?: string[];
            /**
             * @example [
             *       "federal-contractor"
             *     ]
             */
            sectors?: string[];
        };
        PolicyPreviewResponse: {
            /** @description Exposures that would open; devices that would become exposed */
            added: components["schemas"]["PreviewMove"];
            /** Format: date-time */
            asOf: string;
            /** @description Products whose counts change */
            byProduct: components["schemas"]["PreviewProduct"][];
            current: components["schemas"]["PreviewSide"];
            durationMs: number;
            proposed: components["schemas"]["PreviewSide"];
            /** @description Exposures that would close; devices no longer exposed */
            removed: components["schemas"]["PreviewMove"];
            /** @description Rules whose standing changes */
            rules: components["schemas"]["PreviewRule"][];
        };
        PolicyResponse: {
            profile: components["schemas"]["Profile"];
            rules: components["schemas"]["RuleStandingResponse"][];
            /** @description Content hash of the profile */
            version: string;
        };
        PreviewCounts: {
            exposedDevices: number;
            exposures: number;
            overdueExposures: number;
            reviewExposures: number;
        };
        PreviewMove: {
            devices: number;
            exposures: number;
        };
        PreviewProduct: {
            after: components["schemas"]["PreviewCounts"];
            before: components["schemas"]["PreviewCounts"];
            productId: string;
            productName: string;
        };
        PreviewRule: {
            /** @enum {string} */
            after: "binding" | "review" | "off";
            /** @enum {string} */
            before: "binding" | "review" | "off";
            reason: string;
            ruleId: string;
        };
        PreviewSide: {
            exposedDevices: number;
            exposures: number;
            overdueExposures: number;
            profile: components["schemas"]["Profile"];
            reviewExposures: number;
        };
        ProductResponse: {
            aliases: string[];
            /** @enum {string} */
            confidence: "V" | "S" | "C" | "U";
            /** @description The product's own exclusions, then its family's, then the global ones */
            exclusions: components["schemas"]["ExclusionResponse"][];
            /** @description Catch-all: applies only when no specific product of the family matched */
            fallback: boolean;
            family: string;
            file: string;
            /** @example kaspersky-endpoint */
            id: string;
            /** @description Matchers per platform (why a title matches) */
            matchers: components["schemas"]["MatcherResponse"][];
            name: string;
            notes?: string;
            ruleIds: string[];
            /** @description Platforms the vendor ships it on; matchers cover each */
            ships: ("windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other")[];
            /** @description The vendor's name */
            vendor: string;
            vendorId: string;
        };
        Profile: {
            disableRules: string[];
            enableRules: string[];
            jurisdictions: string[];
            sectors: string[];
        };
        RedeliverDeadResponse: {
            requeued: number;
        };
        RedeliveryQueuedResponse: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "pending";
        };
        RejectedRecipientResponse: {
            address: string;
            /** @example 550 No such user here */
            response: string;
        };
        ReportFiltersRequest: {
            /**
             * @description Device groups (tags); any of these
             * @example [
             *       "finance"
             *     ]
             */
            group?: string[];
            /**
             * @description Device platforms; any of these
             * @example [
             *       "windows",
             *       "macos"
             *     ]
             */
            platform?: string[];
            /**
             * @description Catalog product ids; any of these
             * @example [
             *       "kaspersky-consumer"
             *     ]
             */
            product?: string[];
            /**
             * @description Catalog rule ids: exposures the rule applies to; any of these
             * @example [
             *       "US-BIS-FD"
             *     ]
             */
            rule?: string[];
            /**
             * @description Device name, serial, user or software title contains one of these (case-insensitive); any of these
             * @example [
             *       "C02XYZ"
             *     ]
             */
            search?: string[];
            /**
             * @description Exposure severities; any of these
             * @example [
             *       "critical"
             *     ]
             */
            severity?: string[];
            /**
             * @description Source ids or names; any of these
             * @example [
             *       "Contoso Intune"
             *     ]
             */
            source?: string[];
            /** @description Exposure statuses for the Exposed devices and Evidence rows (default open); overdue = open and past due; review = open under review rules only */
            status?: ("open" | "overdue" | "review" | "excepted" | "resolved")[];
        };
        ReportPageResponse: {
            items: components["schemas"]["ReportResponse"][];
            nextCursor: string | null;
        };
        ReportProgressResponse: {
            /**
             * Format: date-time
             * @description When this progress was recorded
             */
            at: string;
            /** @description Rows written so far, all sheets */
            rows: number;
            /**
             * @description The sheet being written (a CSV: its one table)
             * @example Evidence
             */
            sheet: string;
        };
        ReportResponse: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When retention removed the file
             */
            deletedAt: string | null;
            error: string | null;
            /** @description An auditor evidence pack was asked for (docs/evidence-pack.md) */
            evidence: boolean;
            /** @description SHA-256 (hex) of the stored evidence pack */
            evidenceSha256: string | null;
            /** @description Size of the stored evidence pack; null while there is none (not asked for, not ready, removed) */
            evidenceSizeBytes: number | null;
            /** @example Example-Corp_exposure_2026-11-28_0700Z.xlsx */
            fileName: string | null;
            filters: components["schemas"]["ReportFiltersRequest"];
            /** Format: date-time */
            finishedAt: string | null;
            /** @enum {string} */
            format: "xlsx" | "csv";
            /** Format: uuid */
            id: string;
            /** @description While the report is running: the sheet being written and rows so far; null otherwise */
            progress: components["schemas"]["ReportProgressResponse"] | null;
            /** @example analyst-key */
            requestedBy: string;
            /** @description Rows of the main table */
            rowCount: number | null;
            /** Format: uuid */
            scheduleId: string | null;
            sizeBytes: number | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            /** @enum {string} */
            type: "exposure" | "exposed-devices" | "evidence" | "rules" | "software" | "coverage" | "exceptions";
        };
        ReportScheduleResponse: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /** @example 0 7 * * 1 */
            cron: string;
            /** @description Who gets each report by email; null = not mailed */
            email: components["schemas"]["ScheduleEmailResponse"] | null;
            enabled: boolean;
            /** @description Each report it queues also gets an evidence pack */
            evidence: boolean;
            filters: components["schemas"]["ReportFiltersRequest"];
            /** @enum {string} */
            format: "xlsx" | "csv";
            /** Format: uuid */
            id: string;
            keepCount: number | null;
            keepDays: number | null;
            /** @description Its latest mail; null before the first */
            lastMail: components["schemas"]["ScheduleMailStatusResponse"] | null;
            /** Format: date-time */
            lastRunAt: string | null;
            name: string;
            /** Format: date-time */
            nextRunAt: string | null;
            /** @example Europe/Paris */
            timezone: string;
            /** @enum {string} */
            type: "exposure" | "exposed-devices" | "evidence" | "rules" | "software" | "coverage" | "exceptions";
            /** Format: date-time */
            updatedAt: string;
        };
        RotateSecretRequest: {
            /** @description Hours the old secret keeps signing (default webhooks.rotationGraceHours) */
            graceHours?: number;
        };
        RulePhaseResponse: {
            /**
             * Format: date
             * @example 2024-09-29
             */
            date: string;
            /** @description This phase starts the remediation clock (default: the last phase) */
            startsRemediation?: boolean;
            /** @enum {string} */
            status: "restricted" | "prohibited" | "advisory" | "review";
            summary: string;
        };
        RuleResponse: {
            /** @description Whom it advises (review, never overdue) */
            advises: components["schemas"]["RuleScopeResponse"][];
            appliesTo: string;
            /** @description Whom the rule binds */
            binds: components["schemas"]["RuleScopeResponse"][];
            citation: string;
            /** @enum {string} */
            confidence: "V" | "S" | "C" | "U";
            /** Format: date-time */
            effectiveFrom: string;
            /** @description Catalog file the rule comes from */
            file: string;
            /** @example US-BIS-FD-KASPERSKY */
            id: string;
            /** @example US */
            jurisdiction: string;
            /** @enum {string} */
            kind: "binding" | "advisory" | "review";
            notes?: string;
            /** @description Applies only when listed in policy.enableRules */
            optIn: boolean;
            phases: components["schemas"]["RulePhaseResponse"][];
            remediationDays: number;
            /** Format: date-time */
            remediationFrom: string;
            /** @enum {string} */
            severity: "critical" | "high" | "medium" | "low" | "info";
            /** Format: uri */
            source: string;
            /**
             * @description How the rule stands for this organisation (its profile)
             * @enum {string}
             */
            standing: "binding" | "review" | "off";
            title: string;
            /** @description Why it stands so */
            why: string;
        };
        RuleScopeResponse: {
            /** @example US */
            jurisdiction: string;
            /** @description Absent: everyone in the jurisdiction */
            sectors?: string[];
        };
        RuleStanding: {
            id: string;
            /** @enum {string} */
            standing: "binding" | "review" | "off";
        };
        RuleStandingResponse: {
            citation: string;
            /** @enum {string} */
            kind: "binding" | "advisory" | "review";
            ruleId: string;
            /** @enum {string} */
            standing: "binding" | "review" | "off";
            title: string;
            /** @description Why it stands so */
            why: string;
        };
        ScheduleEmailRequest: {
            /** @description Copy recipients; at most 50 with to */
            cc?: string[];
            /**
             * @description Subject template; placeholders {org} {schedule} {type} {date} {exposedDevices} {overdue} {new} {resolved}
             * @example {org}: {schedule} — {exposedDevices} exposed devices, {overdue} overdue ({date})
             */
            subject?: string;
            /**
             * @description Recipients, "a@b.example" or "Name <a@b.example>"; 1 to 50
             * @example [
             *       "ciso@corp.example",
             *       "IT Audit <audit@corp.example>"
             *     ]
             */
            to: string[];
        };
        ScheduleEmailResponse: {
            cc: string[];
            /** @description Subject template */
            subject: string;
            to: string[];
        };
        ScheduleMailStatusResponse: {
            /**
             * Format: date-time
             * @description When it was sent, or queued
             */
            at: string;
            /** @example SMTP server smtp.corp.example is unreachable: connect ECONNREFUSED 10.0.0.25:587 */
            error: string | null;
            /** Format: uuid */
            reportId: string;
            /**
             * @description pending: waiting for its next try
             * @enum {string}
             */
            status: "pending" | "sending" | "sent" | "dead";
        };
        SendTestEmailRequest: {
            /**
             * @description One address, "a@b.example" or "Name <a@b.example>"
             * @example you@corp.example
             */
            to: string;
        };
        SoftwareDetailResponse: {
            bundleId: string | null;
            /** @description Devices with an active installation of this title */
            devices: number;
            /** Format: date-time */
            firstSeenAt: string;
            id: string;
            matches: components["schemas"]["SoftwareMatchResponse"][];
            name: string;
            platform: string;
            publisher: string | null;
            versions: {
                devices?: number;
                version?: string;
            }[];
        };
        SoftwareMatchResponse: {
            explanation: string;
            matcherId: string;
            productId: string;
        };
        SoftwarePageResponse: {
            items: components["schemas"]["SoftwareResponse"][];
            nextCursor: string | null;
            /** @description Rows the filters select over all pages; only with total=true */
            total?: number;
        };
        SoftwareResponse: {
            bundleId: string | null;
            /** Format: date-time */
            firstSeenAt: string;
            id: string;
            matches: components["schemas"]["SoftwareMatchResponse"][];
            name: string;
            platform: string;
            publisher: string | null;
        };
        SourceDeletedResponse: {
            deleted: boolean;
            /** Format: uuid */
            id: string;
        };
        SourceResponse: {
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            declaredIn: "api" | "config";
            enabled: boolean;
            /** @description A secret is stored (it is never returned) */
            hasSecret: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "intune" | "jamf";
            lastRun: components["schemas"]["SyncRunResponse"] | null;
            /** Format: date-time */
            lastSucceededAt: string | null;
            name: string;
            scheduleCron: string | null;
            settings: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            updatedAt: string;
        };
        SourceTestResponse: {
            latencyMs: number | null;
            /** @description Secret-free summary, e.g. "authenticated; Jamf Pro 11.30.1" */
            message: string;
            ok: boolean;
        };
        SyncProgressResponse: {
            /**
             * Format: date-time
             * @description When this progress was recorded
             */
            at: string;
            /** @description Devices read so far */
            devices: number;
            /** @description Installations read so far */
            installations: number;
            /**
             * @description walking: reading the MDM; applying: writing the diff
             * @enum {string}
             */
            phase: "walking" | "applying";
            /** @description Requests made to the MDM so far */
            requests: number;
        };
        SyncQueuedResponse: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The queued job (the same id when it coalesced with one already queued)
             */
            jobId: string;
            /** @enum {string} */
            status: "queued";
        };
        SyncRunResponse: {
            devicesNew: number;
            devicesRemoved: number;
            devicesSeen: number;
            errorCode: string | null;
            errorMessage: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            installationsNew: number;
            installationsRemoved: number;
            installationsSeen: number;
            /** @description While the run is running: its phase and counts so far; null once it ended */
            progress: components["schemas"]["SyncProgressResponse"] | null;
            requests: number;
            /** Format: uuid */
            sourceId: string;
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed" | "partial";
            /** @example manual */
            trigger: string;
        };
        TestEmailResponse: {
            accepted: string[];
            rejected: string[];
            /** @example 250 2.0.0 Ok: queued as 4Xk2 */
            response: string;
        };
        TitleDecisionResponse: {
            exclusions: components["schemas"]["TitleVetoResponse"][];
            matches: components["schemas"]["TitleMatchResponse"][];
        };
        TitleMatchResponse: {
            /** @description Why the title is the product */
            explanation: string;
            matcherId: string;
            productId: string;
        };
        TitleVetoResponse: {
            exclusionId: string;
            productId: string;
            reason: string;
        };
        TrendPointResponse: {
            /** @example 2026-11-27 */
            day: string;
            /** @description Physical devices with a record that checked in within exposure.staleAfterDays and reported its apps (a device two sources report counts once) */
            devicesCovered: number;
            exceptedExposures: number;
            exposedDevices: number;
            /** @description Open exposures that day */
            exposures: number;
            newExposures: number;
            overdueExposures: number;
            resolvedExposures: number;
        };
        UpdateExceptionRequest: {
            /** @example CISO Jane Doe */
            approvedBy?: string;
            /**
             * Format: date-time
             * @example 2027-06-30T00:00:00Z
             */
            expiresAt?: string;
            /** @example Replacement delayed; isolated until the new date */
            reason?: string;
        };
        UpdateReportScheduleRequest: {
            /**
             * @description Five-field cron: minute hour day-of-month month day-of-week
             * @example 0 7 * * 1
             */
            cron?: string;
            /** @description Mail each report to these people (needs email.smtp in the configuration); null = no mail */
            email?: components["schemas"]["ScheduleEmailRequest"] | null;
            /** @default true */
            enabled?: boolean;
            /**
             * @description Also build a signed auditor evidence pack: the workbook, a CSV per sheet and a manifest (docs/evidence-pack.md)
             * @default false
             */
            evidence?: boolean;
            filters?: components["schemas"]["ReportFiltersRequest"];
            /**
             * @default xlsx
             * @enum {string}
             */
            format?: "xlsx" | "csv";
            /** @description Files kept for this schedule; null = the global reports.keepCount */
            keepCount?: number | null;
            /** @description Days a file is kept; null = the global reports.retentionDays */
            keepDays?: number | null;
            /** @example Monday exposure for the CISO */
            name?: string;
            /**
             * @description IANA time zone the cron is read in
             * @default UTC
             * @example Europe/Paris
             */
            timezone?: string;
            /** @enum {string} */
            type?: "exposure" | "exposed-devices" | "evidence" | "rules" | "software" | "coverage" | "exceptions";
        };
        UpdateSourceRequest: {
            enabled?: boolean;
            name?: string;
            /** @description Cron (UTC); null = manual only */
            schedule?: string | null;
            /** @description New secret; null removes it */
            secret?: string | null;
            settings?: {
                [key: string]: unknown;
            };
        };
        UpdateWebhookRequest: {
            /**
             * @description Digest mode: one message per this many seconds summarising the events (60–86400); null or 0 = one message per event
             * @example 300
             */
            digestWindowSeconds?: number | null;
            /** @default true */
            enabled?: boolean;
            /** @description Event types to send; empty = all */
            eventTypes?: ("exposure.detected" | "exposure.resolved" | "exposure.overdue" | "exposure.excepted" | "sync.failed" | "sync.completed" | "report.ready" | "webhook.test")[];
            /**
             * @description Body format the receiver ingests: json (CloudEvents), splunk_hec, ecs, cef (SIEMs); slack (incoming webhook, Block Kit) or teams (Workflows webhook, Adaptive Card 1.5) for people
             * @default json
             * @enum {string}
             */
            format?: "json" | "splunk_hec" | "ecs" | "cef" | "slack" | "teams";
            /**
             * @description Sent with every request; stored encrypted; only the names are ever shown again
             * @example {
             *       "Authorization": "Splunk 00000000-0000-0000-0000-000000000000"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /**
             * @description Requests in flight to this endpoint at once, across all workers
             * @default 4
             */
            maxConcurrency?: number;
            name?: string;
            /**
             * @description Catalog product ids; empty = all
             * @example [
             *       "kaspersky"
             *     ]
             */
            productIds?: string[];
            /** @description Severities to send; empty = all */
            severities?: ("critical" | "high" | "medium" | "low" | "info")[];
            /** @default 10000 */
            timeoutMs?: number;
            url?: string;
        };
        ValidateCatalogRequest: {
            files: components["schemas"]["CatalogFileInput"][];
        };
        VendorResponse: {
            bundleIdPrefixes: string[];
            file: string;
            id: string;
            name: string;
            notes?: string;
            /** @description Publisher patterns: legal names in every script and form */
            publishers: string[];
            teamIds: string[];
        };
        WebhookAttemptResponse: {
            /** Format: date-time */
            attemptedAt: string;
            error: string | null;
            latencyMs: number | null;
            /** @description Start of the response body (capped) */
            responseExcerpt: string | null;
            statusCode: number | null;
        };
        WebhookDeliveryPageResponse: {
            items: components["schemas"]["WebhookDeliveryResponse"][];
            nextCursor: string | null;
        };
        WebhookDeliveryResponse: {
            /** @description Latest attempts first (up to 10) */
            attemptLog: components["schemas"]["WebhookAttemptResponse"][];
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /**
             * Format: uuid
             * @description The webhook-id header
             */
            eventId: string;
            eventType: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "delivering" | "delivered" | "dead";
        };
        WebhookResponse: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            /**
             * @description Seconds per digest message; null = one message per event
             * @example 300
             */
            digestWindowSeconds: number | null;
            /** @example the receiver answered 410 Gone */
            disabledReason: string | null;
            enabled: boolean;
            eventTypes: string[];
            /** @enum {string} */
            format: "json" | "splunk_hec" | "ecs" | "cef" | "slack" | "teams";
            /** @description Names of the custom headers (values are never shown) */
            headerNames: string[];
            /** Format: uuid */
            id: string;
            maxConcurrency: number;
            name: string;
            /**
             * Format: date-time
             * @description Old secret signs until then
             */
            previousSecretExpiresAt: string | null;
            productIds: string[];
            severities: string[];
            timeoutMs: number;
            /** Format: date-time */
            updatedAt: string;
            /** @description Query-string values are masked */
            url: string;
        };
        WebhookTestResponse: {
            /** Format: uuid */
            deliveryId: string;
            /** Format: uuid */
            eventId: string;
        };
        WebhookWithSecretResponse: {
            endpoint: components["schemas"]["WebhookResponse"];
            /**
             * @description Verify `webhook-signature` with it (Standard Webhooks). Shown once; stored encrypted.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        WhoAmIResponse: {
            id: string | null;
            name: string;
            /** @enum {string} */
            role: "viewer" | "analyst" | "admin";
            /** @enum {string} */
            type: "api_key" | "oidc" | "system";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ApiKeys_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"][];
                };
            };
        };
    };
    ApiKeys_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyResponse"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ApiKeys_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"];
                };
            };
        };
    };
    ApiKeys_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked key */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"];
                };
            };
        };
    };
    AuditLog_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                limit?: number;
                targetId?: string;
                targetType?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPageResponse"];
                };
            };
        };
    };
    WhoAmI_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoAmIResponse"];
                };
            };
        };
    };
    Catalog_summary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogSummaryResponse"];
                };
            };
        };
    };
    Catalog_match: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MatchTitleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TitleDecisionResponse"];
                };
            };
        };
    };
    Catalog_products: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductResponse"][];
                };
            };
        };
    };
    Catalog_product: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductResponse"];
                };
            };
        };
    };
    Catalog_rules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleResponse"][];
                };
            };
        };
    };
    Catalog_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleResponse"];
                };
            };
        };
    };
    Catalog_validate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ValidateCatalogRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogValidationResponse"];
                };
            };
        };
    };
    Catalog_vendors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VendorResponse"][];
                };
            };
        };
    };
    Devices_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                /** @description true: its physical device has an open exposure (any source); false: it has none */
                exposed?: boolean;
                /** @description Include devices removed from their MDM */
                includeRemoved?: boolean;
                limit?: number;
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                /** @description Search name, serial or user (contains, case-insensitive) */
                q?: string;
                /** @description Serial number (exact, case-insensitive) */
                serial?: string;
                /** @description id, by name, or by last MDM check-in ("-" = descending; devices that never checked in count as oldest) */
                sort?: "id" | "name" | "-name" | "lastCheckInAt" | "-lastCheckInAt";
                source?: string;
                /** @description true: no MDM check-in within exposure.staleAfterDays (or never); false: fresh */
                stale?: boolean;
                /** @description true: the answer also has `total`, the number of rows the filters select over all pages */
                total?: boolean;
                /** @description User principal name (case-insensitive, exact or prefix with a trailing *) */
                user?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePageResponse"];
                };
            };
        };
    };
    Devices_detail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceDetailResponse"];
                };
            };
        };
    };
    ReportDelivery_revokeLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadLinkResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportDelivery_testEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendTestEmailRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestEmailResponse"];
                };
            };
            /** @description Not a valid address */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The SMTP server refused or could not be reached */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description No SMTP server is configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Evidence_publicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvidencePublicKeyResponse"];
                };
            };
            /** @description No signing key is configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Exceptions_list: {
        parameters: {
            query?: {
                /** @description Only active (not revoked, not expired) exceptions */
                active?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"][];
                };
            };
        };
    };
    Exceptions_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateExceptionRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"];
                };
            };
        };
    };
    Exceptions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"];
                };
            };
        };
    };
    Exceptions_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked exception */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"];
                };
            };
        };
    };
    Exceptions_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateExceptionRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"];
                };
            };
        };
    };
    Exceptions_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked exception */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionResponse"];
                };
            };
        };
    };
    Exposure_coverage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CoverageResponse"];
                };
            };
        };
    };
    Exposure_coverageDevices: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                limit?: number;
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                source?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CoverageGapPageResponse"];
                };
            };
        };
    };
    Exposure_summary: {
        parameters: {
            query?: {
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                /** @description Catalog product id */
                product?: string;
                /** @description Catalog rule id */
                rule?: string;
                /** @description Only devices this source sees */
                source?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposureSummaryResponse"];
                };
            };
        };
    };
    Exposure_trend: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposureTrendResponse"];
                };
            };
        };
    };
    Exposures_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                /** @description Device id: the exposures of its physical device, from any source */
                device?: string;
                limit?: number;
                /** @description true: open and past due; false: everything else */
                overdue?: boolean;
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                /** @description Catalog product id */
                product?: string;
                /** @description Search device name, serial, user or software title (case-insensitive, contains) */
                q?: string;
                /** @description Catalog rule id: exposures this rule applies to */
                rule?: string;
                severity?: "critical" | "high" | "medium" | "low" | "info";
                /** @description "-" = descending; -id = newest first; exposures without a due date (review) sort last */
                sort?: "-id" | "id" | "dueAt" | "-dueAt" | "firstDetectedAt" | "-firstDetectedAt";
                /** @description Only physical devices this source sees */
                source?: string;
                /** @description binding: a rule that binds the organisation applies (due date); review: only review rules apply */
                standing?: "binding" | "review";
                status?: "open" | "resolved" | "excepted";
                /** @description true: the answer also has `total`, the number of rows the filters select over all pages */
                total?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposurePageResponse"];
                };
            };
        };
    };
    Exposures_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposureDetailResponse"];
                };
            };
        };
    };
    Exposures_findings: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                /** @description Device id: the exposures of its physical device, from any source */
                device?: string;
                limit?: number;
                /** @description true: open and past due; false: everything else */
                overdue?: boolean;
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                /** @description Catalog product id */
                product?: string;
                /** @description Search device name, serial, user or software title (case-insensitive, contains) */
                q?: string;
                /** @description Catalog rule id: exposures this rule applies to */
                rule?: string;
                severity?: "critical" | "high" | "medium" | "low" | "info";
                /** @description "-" = descending; -id = newest first; exposures without a due date (review) sort last */
                sort?: "-id" | "id" | "dueAt" | "-dueAt" | "firstDetectedAt" | "-firstDetectedAt";
                /** @description Only physical devices this source sees */
                source?: string;
                /** @description binding: a rule that binds the organisation applies (due date); review: only review rules apply */
                standing?: "binding" | "review";
                status?: "open" | "resolved" | "excepted";
                /** @description true: the answer also has `total`, the number of rows the filters select over all pages */
                total?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposurePageResponse"];
                };
            };
        };
    };
    Policy_policy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyResponse"];
                };
            };
        };
    };
    Policy_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyPreviewRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyPreviewResponse"];
                };
            };
        };
    };
    ReportDelivery_resend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MailResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The mail is not dead */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportSchedules_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportScheduleResponse"][];
                };
            };
        };
    };
    ReportSchedules_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReportScheduleRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportScheduleResponse"];
                };
            };
            /** @description Bad cron, time zone, type, format or filter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportSchedules_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportScheduleResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportSchedules_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportSchedules_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateReportScheduleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportScheduleResponse"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportDelivery_emailsOfSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MailResponse"][];
                };
            };
        };
    };
    Reports_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                limit?: number;
                /** @description Only reports of this schedule */
                scheduleId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportPageResponse"];
                };
            };
        };
    };
    Reports_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReportRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportResponse"];
                };
            };
            /** @description Unknown field, type, format or filter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Reports_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Reports_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fileName: string;
                        /** Format: uri */
                        url: string;
                    };
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "text/csv": string;
                };
            };
            /** @description Redirect to a presigned URL on the report bucket (redirect mode) */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such report, or retention removed its file */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The report is not finished (or failed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportDelivery_emailsOfReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MailResponse"][];
                };
            };
        };
    };
    Reports_evidence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description No such report, it was not asked for a pack, or retention removed it */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The report is not finished (or failed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    ReportDelivery_listLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadLinkResponse"][];
                };
            };
        };
    };
    ReportDelivery_createLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDownloadLinkRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadLinkResponse"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The report has no file (not finished, or removed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Software_search: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                limit?: number;
                /** @description true: only titles the catalog matches (banned or watched) */
                matched?: boolean;
                platform?: "windows" | "macos" | "ios" | "ipados" | "android" | "linux" | "other";
                /** @description Title, publisher or bundle id contains (case-insensitive) */
                q?: string;
                /** @description id, or by name ("-" = Z to A) */
                sort?: "id" | "name" | "-name";
                /** @description true: the answer also has `total`, the number of rows the filters select over all pages */
                total?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SoftwarePageResponse"];
                };
            };
        };
    };
    Software_detail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SoftwareDetailResponse"];
                };
            };
        };
    };
    Sources_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceResponse"][];
                };
            };
        };
    };
    Sources_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSourceRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceResponse"];
                };
            };
        };
    };
    Sources_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceResponse"];
                };
            };
        };
    };
    Sources_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceDeletedResponse"];
                };
            };
        };
    };
    Sources_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSourceRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceResponse"];
                };
            };
        };
    };
    Sources_listRuns: {
        parameters: {
            query?: {
                /** @description Runs started before this time (the last startedAt of the previous page) */
                before?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRunResponse"][];
                };
            };
        };
    };
    Sources_sync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncQueuedResponse"];
                };
            };
        };
    };
    Sources_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceTestResponse"];
                };
            };
        };
    };
    SyncRuns_list: {
        parameters: {
            query?: {
                /** @description Runs started before this time (the last startedAt of the previous page) */
                before?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRunResponse"][];
                };
            };
        };
    };
    SyncRuns_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRunResponse"];
                };
            };
        };
    };
    WebhookDeliveries_redeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedeliveryQueuedResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description Still pending or in flight */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Webhooks_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResponse"][];
                };
            };
        };
    };
    Webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecretResponse"];
                };
            };
            /** @description Bad field, or a URL the outbound policy refuses */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Webhooks_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Webhooks_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Webhooks_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResponse"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Webhooks_deliveriesOf: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page (same filters and sort) */
                cursor?: string;
                limit?: number;
                status?: "pending" | "delivering" | "delivered" | "dead";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPageResponse"];
                };
            };
        };
    };
    Webhooks_redeliverDead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedeliverDeadResponse"];
                };
            };
        };
    };
    Webhooks_rotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateSecretRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecretResponse"];
                };
            };
        };
    };
    Webhooks_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookTestResponse"];
                };
            };
        };
    };
    Webhooks_eventSchemas: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    SharedDownload_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "text/csv": string;
                };
            };
            /** @description Not a valid link, or the file was removed */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["ErrorBodyResponse"];
                    "text/csv": components["schemas"]["ErrorBodyResponse"];
                };
            };
            /** @description The link expired or was revoked */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["ErrorBodyResponse"];
                    "text/csv": components["schemas"]["ErrorBodyResponse"];
                };
            };
        };
    };
    Health_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Metrics_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
