/** The one error type of provisioning: `reason` lets callers react (offer a retry, a rebuild), the message says what to do. */
export type ProvisionErrorReason =
  | 'unsupported_platform'
  | 'no_lock'
  | 'bad_base'
  | 'offline'
  | 'cancelled'
  | 'busy'
  | 'failed';

export class ProvisionError extends Error {
  constructor(
    readonly reason: ProvisionErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}
