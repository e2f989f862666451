import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'publicRoute';

/** A route anyone may call without an API key: the health check, the demo page, and the upload PUT (its URL is signed). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
