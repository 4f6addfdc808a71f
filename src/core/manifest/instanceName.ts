/**
 * The instance-name rule (SPEC ATP160), stated once: the validator, the JSON Schema generator, the test plan and the
 * New Manifest input all read it from here.
 */

/** The suffix the sensor API record appends to the instance name inside one DNS label. */
const SENSOR_API_SUFFIX = 'sensorapi';

/** Longest instance name: `<instance>sensorapi` must still fit in a 63-character DNS label. */
export const MAX_INSTANCE_LENGTH = 63 - SENSOR_API_SUFFIX.length;

/** A lower-case DNS label of at most MAX_INSTANCE_LENGTH characters (a-z, 0-9, "-", not first or last). */
export const INSTANCE_PATTERN = new RegExp(`^[a-z0-9](?:[a-z0-9-]{0,${MAX_INSTANCE_LENGTH - 2}}[a-z0-9])?$`);

/** Whether a value is a valid instance name: a DNS label that still fits in 63 characters with the `sensorapi` suffix. */
export function isValidInstance(value: unknown): value is string {
  return typeof value === 'string' && INSTANCE_PATTERN.test(value);
}
