/* Declarations of cgo_helpers.c, for the Go files' cgo preambles. */
#ifndef SIGV4KIT_CGO_HELPERS_H
#define SIGV4KIT_CGO_HELPERS_H

#include "sigv4kit.h"

/* At most: presigned target, 3 details, 4 added headers as name and value. */
#define SIGV4KITGO_MAX_PARTS 12

size_t sigv4kitgo_take(sigv4kit_signed *out, int details, char *buf, size_t cap, size_t *lens, size_t *nparts);
sigv4kit_result sigv4kitgo_sign(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, const char *blob,
                                const size_t *offs, size_t n_headers, uint32_t kind, const uint8_t *body,
                                size_t body_len, int64_t when, int presign, uint64_t expires_in, int details,
                                char *buf, size_t cap, size_t *lens, size_t *nparts, size_t *needed,
                                uint8_t *dropped, sigv4kit_signed **keep);
sigv4kit_result sigv4kitgo_parse(const char *blob, const size_t *offs, size_t n_headers, sigv4kit_presented **out);
sigv4kit_result sigv4kitgo_verify(const sigv4kit_presented *presented, const char *blob, const size_t *offs,
                                  size_t n_headers, const uint8_t *body, size_t body_len,
                                  const sigv4kit_credentials *creds, int64_t now,
                                  const sigv4kit_verify_settings *settings, sigv4kit_verified **verified,
                                  sigv4kit_mismatch **mismatch);

#endif
