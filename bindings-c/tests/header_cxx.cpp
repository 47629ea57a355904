// The public header compiled as C++: it must declare everything with C
// linkage and typed enums, so a C++ program links and signs.
#include <cstring>
#include <iostream>
#include <string>

#include "sigv4kit.h"

int main() {
  sigv4kit_signer *signer = nullptr;
  sigv4kit_credentials *creds = nullptr;
  const std::string region = "us-east-1", service = "service";
  const std::string akid = "AKIDEXAMPLE", secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  if (sigv4kit_signer_new(region.data(), region.size(), service.data(), service.size(), &signer, NULL) != SIGV4KIT_OK ||
      sigv4kit_credentials_new(akid.data(), akid.size(), secret.data(), secret.size(), nullptr, 0, -1, &creds, NULL) !=
          SIGV4KIT_OK) {
    return 1;
  }
  sigv4kit_header host = {{"Host", 4}, {"example.amazonaws.com", 21}};
  sigv4kit_request request = {{"GET", 3}, {"/", 1}, &host, 1};
  sigv4kit_payload payload = {SIGV4KIT_PAYLOAD_BYTES, nullptr, 0};
  sigv4kit_signed *out = nullptr;
  sigv4kit_result rc = sigv4kit_sign(signer, creds, &request, &payload, 1440938160, &out, NULL);
  sigv4kit_str sig = sigv4kit_signed_signature(out);
  // The official suite's get-vanilla signature.
  bool ok = rc == SIGV4KIT_OK && std::string(sig.data, sig.len) ==
                                     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  std::cout << "c++: " << (ok ? 1 : 0) << " passed, " << (ok ? 0 : 1) << " failed" << std::endl;
  return ok ? 0 : 1;
}
