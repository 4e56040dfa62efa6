// Every page of the dashboard, in menu order, with the least role that may open it (the API's own rule).
import type { FunctionComponent } from 'preact';
import type { Route } from '../state/route';
import type { Role } from '../ui/core';
import { AuditPage } from './audit';
import { CatalogPage } from './catalog';
import { DevicesPage } from './devices';
import { ExceptionsPage } from './exceptions';
import { ExposuresPage } from './exposures';
import { KeysPage } from './keys';
import { OverviewPage } from './overview';
import { PolicyPage } from './policy';
import { ReportsPage } from './reports';
import { SoftwarePage } from './software';
import { SourcesPage } from './sources';
import { WebhooksPage } from './webhooks';

export interface PageDef {
  id: string;
  title: string;
  role: Role;
  view: FunctionComponent<{ route: Route }>;
}

export const PAGES: PageDef[] = [
  { id: 'overview', title: 'Overview', role: 'viewer', view: OverviewPage },
  { id: 'exposures', title: 'Exposures', role: 'viewer', view: ExposuresPage },
  { id: 'devices', title: 'Devices', role: 'viewer', view: DevicesPage },
  { id: 'software', title: 'Software', role: 'viewer', view: SoftwarePage },
  { id: 'sources', title: 'Sources', role: 'viewer', view: SourcesPage },
  { id: 'reports', title: 'Reports', role: 'viewer', view: ReportsPage },
  { id: 'exceptions', title: 'Exceptions', role: 'viewer', view: ExceptionsPage },
  { id: 'catalog', title: 'Catalog', role: 'viewer', view: CatalogPage },
  { id: 'policy', title: 'Policy', role: 'viewer', view: PolicyPage },
  { id: 'webhooks', title: 'Webhooks', role: 'analyst', view: WebhooksPage },
  { id: 'keys', title: 'API keys', role: 'admin', view: KeysPage },
  { id: 'audit', title: 'Audit log', role: 'admin', view: AuditPage },
];
