// OpenSSL's libcrypto, for one thing: the SHA-256 of what went out (ChannelRecord.hash), so
// anyone can check a committed output against the records with `sha256sum`. libcurl links
// libcrypto already; this names it for Swift.
#include <openssl/evp.h>
