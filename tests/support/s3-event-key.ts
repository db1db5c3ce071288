// Keys as S3 writes them into event notifications: the local runtime's encoder is the one
// reference implementation (form encoding, `/` kept), shared here so tests and npm start agree.
export { encodeS3EventKey as encodeEventKey } from '../../local/s3-event';
