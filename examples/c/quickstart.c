/* Signs one request with the C API and prints the headers to add. */
#include <stdio.h>
#include <string.h>

#include <sigv4kit.h>

#define STR(s) s, strlen(s)

int main(void) {
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = NULL;
  sigv4kit_signed *out = NULL;
  sigv4kit_error *err = NULL; /* receives the detail of a failure */
  sigv4kit_header host = {{STR("Host")}, {STR("example.amazonaws.com")}};
  sigv4kit_request req = {{STR("GET")}, {STR("/")}, &host, 1};
  sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0}; /* no body */
  int64_t now = 1440938160; /* fixed for the example; use sigv4kit_time_now() */
  sigv4kit_result rc = sigv4kit_signer_new(STR("us-east-1"), STR("service"), &signer, &err);
  if (rc == SIGV4KIT_OK) {
    rc = sigv4kit_credentials_new(STR("AKIDEXAMPLE"), STR("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1,
                                  &creds, &err);
  }
  if (rc == SIGV4KIT_OK) rc = sigv4kit_sign(signer, creds, &req, &body, now, &out, &err);
  if (rc == SIGV4KIT_OK) {
    size_t i;
    for (i = 0; i < sigv4kit_signed_added_headers_len(out); i++) {
      sigv4kit_header h;
      sigv4kit_signed_added_header(out, i, &h); /* views owned by `out` */
      printf("%.*s: %.*s\n", (int)h.name.len, h.name.data, (int)h.value.len, h.value.data);
    }
  } else {
    char msg[256];
    size_t n;
    sigv4kit_error_message(err, msg, sizeof msg, &n); /* names the field at fault */
    fprintf(stderr, "%s: %s\n", sigv4kit_result_code(rc), msg);
  }
  sigv4kit_error_free(err); /* every _free accepts NULL */
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  return rc == SIGV4KIT_OK ? 0 : 1;
}
