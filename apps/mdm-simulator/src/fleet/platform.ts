/** The platforms a simulated device can have. */
export type SimPlatform = 'windows' | 'macOS' | 'iOS' | 'android';

export const PLATFORMS: readonly SimPlatform[] = ['windows', 'macOS', 'iOS', 'android'];

export function platformCode(platform: SimPlatform): number {
  return PLATFORMS.indexOf(platform);
}

export function isDesktop(platform: SimPlatform): boolean {
  return platform === 'windows' || platform === 'macOS';
}
