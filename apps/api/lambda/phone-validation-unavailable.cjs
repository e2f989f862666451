// class-validator imports libphonenumber-js (225 KiB) at load time for @IsPhoneNumber, which this API never uses.
// Leaving it out shortens every cold start; a phone-number rule added later fails loudly instead of silently.
exports.parsePhoneNumber = () => {
  throw new Error(
    'libphonenumber-js is left out of the Lambda bundle: remove its alias in bundle-lambda.mjs to use @IsPhoneNumber',
  );
};
