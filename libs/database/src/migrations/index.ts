import { InitialSchema1764300000000 } from './1764300000000-InitialSchema';
import { WebhookDeliveryOrdering1764340000000 } from './1764340000000-WebhookDeliveryOrdering';
import { SoftwareMatchVersionRange1764320000000 } from './1764320000000-SoftwareMatchVersionRange';
import { SoftwareMatchStampHot1764320000001 } from './1764320000001-SoftwareMatchStampHot';
import { FindingHistoryIndex1764320000002 } from './1764320000002-FindingHistoryIndex';
import { SyncFingerprint1764360000000 } from './1764360000000-SyncFingerprint';
import { ActiveSoftwareIndex1764380000000 } from './1764380000000-ActiveSoftwareIndex';
import { InstallationBucket1764380000001 } from './1764380000001-InstallationBucket';
import { ExposureUnit1764400000000 } from './1764400000000-ExposureUnit';
import { LiveProgress1764420000000 } from './1764420000000-LiveProgress';
import { WebhookDigest1764440000000 } from './1764440000000-WebhookDigest';
import { EvidencePack1764440000100 } from './1764440000100-EvidencePack';
import { EmailDelivery1764440000200 } from './1764440000200-EmailDelivery';

/** Every migration in order; add new ones at the end. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  WebhookDeliveryOrdering1764340000000,
  SoftwareMatchVersionRange1764320000000,
  SoftwareMatchStampHot1764320000001,
  FindingHistoryIndex1764320000002,
  SyncFingerprint1764360000000,
  ActiveSoftwareIndex1764380000000,
  InstallationBucket1764380000001,
  ExposureUnit1764400000000,
  LiveProgress1764420000000,
  WebhookDigest1764440000000,
  EvidencePack1764440000100,
  EmailDelivery1764440000200,
];
