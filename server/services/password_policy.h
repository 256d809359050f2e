#pragma once
// The password rules of registration, password change and reset (issue 11): length in code
// points (not UTF-16 units), no control or format characters (zero-width spaces, NUL, tab),
// not only whitespace, not one or two characters repeated, no code point more than 70 % of it,
// not the account's e-mail address (repeated or nearly alone) nor mostly its local part, not a
// run along a keyboard row or the digit row (wrapping, either way, with at most two characters
// around it), and not on the list of common passwords shipped in the server's resources
// (:/lemm/security/common-passwords.txt; also compared with whitespace removed). Pure apart
// from reading that list once; thread-safe.

#include <QString>

#include <optional>

namespace lemm::server {

inline constexpr int kMinPasswordCodePoints = 12;
inline constexpr int kMaxPasswordCodePoints = 1024;

// Why `password` is refused (a message for the "password" field), or nullopt when it is
// acceptable. `email` (may be empty) is the account's address.
std::optional<QString> passwordProblem(const QString &password, const QString &email = {});

// Whether `password` is on the shipped list (case-insensitive, also with whitespace removed);
// for tests and diagnostics.
bool isCommonPassword(const QString &password);

} // namespace lemm::server
