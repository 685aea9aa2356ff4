// Case folding for every comparison the trigger makes "ignoring case": A-Z to a-z, nothing else.
// String.prototype.toLowerCase folds far more (U+212A KELVIN SIGN becomes "k", U+0130 becomes
// "i̇"), so an asserted "\u212Aim@gmail.com" would query and match the account kim@gmail.com.
// Cognito's own case-insensitive comparisons are not documented beyond ASCII; provider names are
// refused by the validator unless their lower-case form is their ASCII lower-casing, so folding
// them here agrees with the compiled set's keys.

const UPPER = /[A-Z]/;
const NON_ASCII = /[^\x00-\x7f]/;

export function asciiLowerCase(text: string): string {
  // Fast paths, same result: most names and emails are lower case already, and for an all-ASCII
  // string toLowerCase folds exactly A-Z.
  if (!UPPER.test(text)) return text;
  return NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text.toLowerCase();
}
