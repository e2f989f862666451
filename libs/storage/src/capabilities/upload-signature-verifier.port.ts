import { SignatureCheck, UploadGrant } from '../local/upload-signature';

/**
 * Self-hosted storage only: checks the signature of an upload URL the storage handed out (the same secret signs
 * and verifies). Provided by StorageModule in local mode; absent with S3, which checks its own signatures.
 */
export const UPLOAD_SIGNATURE_VERIFIER = Symbol('UploadSignatureVerifier');

export interface UploadSignatureVerifier {
  checkUploadSignature(grant: UploadGrant, signature: string): SignatureCheck;
}
