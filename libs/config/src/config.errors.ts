/** A configuration value that cannot be used; the message is one line naming the key and where it came from. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
