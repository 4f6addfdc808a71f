// What the Machine view computes, loaded on first use (a chunk of its own): reading the registry or a .reg export,
// the sensor's SensorConfiguration.json, and the rows comparing them with a manifest. None of it is needed at
// activation; the view asks for its rows after activate() returns.
export { describeCodecError } from '../../core/wininet/codecError';
export { parseRegFile } from '../../core/wininet/regParse';
export { machineFromRegFile, readMachine } from '../../core/machine/snapshot';
export { sensorStateOf, windowsPathToFileUri } from '../../core/machine/sensorSource';
export { comparisonTexts } from '../../core/machine/compare';
export { machineNodes } from './machineNodes';
