export { OutboundError, type OutboundErrorCode } from './outbound.errors';
export {
  embeddedIpv4s,
  ipv6Groups,
  OutboundPolicy,
  outboundPolicyFromConfig,
  type OutboundPolicyOptions,
  type PinnedAddress,
} from './outbound-policy';
