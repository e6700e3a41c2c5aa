import { DashboardPortError } from '../errors.js'

/** A listen failure as one line the user can act on: which port, and the flag that changes it. */
export function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE')
    return new DashboardPortError(
      `port ${port} on ${host} is already in use (another dashboard?); pick another with --port, e.g. --port ${port === 65535 ? 4881 : port + 1}, or --port 0 for any free one`,
      { cause: err },
    )
  if (err.code === 'EACCES')
    return new DashboardPortError(`not allowed to listen on port ${port} on ${host}; pick a port above 1023 with --port`, { cause: err })
  if (err.code === 'EADDRNOTAVAIL')
    return new DashboardPortError(`${host} is not an address of this machine; change --host`, { cause: err })
  return err
}
