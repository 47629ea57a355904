/* Resolves the default credential chain once with the C library and prints
 * the outcome as one JSON line, for the cross-binding credential matrix
 * (scripts/credential-matrix/). The C API never hands out the secret, so the
 * runner signs a fixed request and prints the string to sign and signature:
 * the matrix recomputes that signature from botocore's secret with Python's
 * hmac.
 *
 *   chain_runner builtin    the library's built-in plain HTTP client
 *   chain_runner callback   a transport callback (POSIX sockets, below) that
 *                           refuses every host but 127.0.0.1 and redirects
 *                           169.254.170.2 to $TEST_CONTAINER_REDIRECT
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <sigv4kit.h>

#define STR(s) s, strlen(s)

static void json_string(const char *s, size_t n) {
  size_t i;
  putchar('"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      printf("\\%c", c);
    } else if (c < 0x20) {
      printf("\\u%04x", c);
    } else {
      putchar(c);
    }
  }
  putchar('"');
}

/* http://HOST:PORT/PATH -> host, port, path; 0 on success. */
static int split_url(const char *url, size_t n, char *host, size_t host_cap, int *port, const char **path,
                     size_t *path_len) {
  const char *p, *end = url + n, *colon, *slash;
  if (n < 7 || strncmp(url, "http://", 7) != 0) return -1;
  p = url + 7;
  slash = memchr(p, '/', (size_t)(end - p));
  if (!slash) slash = end;
  colon = memchr(p, ':', (size_t)(slash - p));
  if (colon) {
    *port = atoi(colon + 1);
  } else {
    *port = 80;
    colon = slash;
  }
  if ((size_t)(colon - p) + 1 > host_cap) return -1;
  memcpy(host, p, (size_t)(colon - p));
  host[colon - p] = '\0';
  *path = slash == end ? "/" : slash;
  *path_len = slash == end ? 1 : (size_t)(end - slash);
  return 0;
}

static bool transport(void *userdata, const sigv4kit_http_request *req, sigv4kit_http_response *resp) {
  char host[256], redirected[256];
  const char *path;
  size_t path_len, i, used = 0, cap = 1 << 16;
  int port, fd;
  struct sockaddr_in addr;
  struct timeval tv;
  char *buf;
  const char *body;
  int status;
  (void)userdata;
  if (split_url(req->url.data, req->url.len, host, sizeof host, &port, &path, &path_len) != 0) return false;
  if (strcmp(host, "169.254.170.2") == 0) {
    const char *to = getenv("TEST_CONTAINER_REDIRECT");
    const char *colon = to ? strchr(to, ':') : NULL;
    if (!colon || (size_t)(colon - to) >= sizeof redirected) return false;
    memcpy(redirected, to, (size_t)(colon - to));
    redirected[colon - to] = '\0';
    strcpy(host, redirected);
    port = atoi(colon + 1);
  }
  if (strcmp(host, "127.0.0.1") != 0) {
    fprintf(stderr, "test guard: refusing %.*s\n", (int)req->url.len, req->url.data);
    return false;
  }
  fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  tv.tv_sec = (time_t)(req->timeout_ms / 1000);
  tv.tv_usec = (suseconds_t)((req->timeout_ms % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return false;
  }
  buf = malloc(cap);
  if (!buf) {
    close(fd);
    return false;
  }
  used = (size_t)snprintf(buf, cap, "%.*s %.*s HTTP/1.1\r\n", (int)req->method.len, req->method.data,
                          (int)path_len, path);
  for (i = 0; i < req->headers_len; i++) {
    const sigv4kit_header *h = &req->headers[i];
    int is_host = h->name.len == 4 && strncasecmp(h->name.data, "host", 4) == 0;
    if (is_host) {
      used += (size_t)snprintf(buf + used, cap - used, "Host: %s:%d\r\n", host, port);
    } else {
      used += (size_t)snprintf(buf + used, cap - used, "%.*s: %.*s\r\n", (int)h->name.len, h->name.data,
                               (int)h->value.len, h->value.data);
    }
  }
  used += (size_t)snprintf(buf + used, cap - used, "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                           req->body.len);
  if (write(fd, buf, used) != (ssize_t)used ||
      (req->body.len && write(fd, req->body.data, req->body.len) != (ssize_t)req->body.len)) {
    free(buf);
    close(fd);
    return false;
  }
  used = 0;
  for (;;) {
    ssize_t got = read(fd, buf + used, cap - 1 - used);
    if (got <= 0) break;
    used += (size_t)got;
    if (used == cap - 1) break;
  }
  close(fd);
  buf[used] = '\0';
  body = strstr(buf, "\r\n\r\n");
  if (!body || sscanf(buf, "HTTP/1.1 %d", &status) != 1) {
    free(buf);
    return false;
  }
  body += 4;
  sigv4kit_http_response_set(resp, (uint16_t)status, (const uint8_t *)body, used - (size_t)(body - buf));
  free(buf);
  return true;
}

int main(int argc, char **argv) {
  sigv4kit_credentials *creds = NULL;
  sigv4kit_error *err = NULL;
  int callback = argc > 1 && strcmp(argv[1], "callback") == 0;
  sigv4kit_result rc = sigv4kit_credentials_from_chain(NULL, 0, 0, callback ? transport : NULL, NULL, &creds, &err);
  if (rc != SIGV4KIT_OK) {
    char msg[1024];
    size_t n = 0;
    sigv4kit_str source = sigv4kit_error_source(err), setting = sigv4kit_error_setting(err);
    if (err == NULL || sigv4kit_error_result(err) != rc ||
        sigv4kit_error_message(err, msg, sizeof msg, &n) != SIGV4KIT_OK) {
      fprintf(stderr, "%s: no error detail\n", sigv4kit_result_code(rc));
      sigv4kit_error_free(err);
      return 2;
    }
    printf("{\"outcome\": \"%s\", \"code\": \"%s\", \"message\": ", rc == SIGV4KIT_NOT_FOUND ? "none" : "error",
           sigv4kit_result_code(rc));
    json_string(msg, n);
    printf(", \"source\": ");
    json_string(source.data, source.len);
    printf(", \"setting\": ");
    json_string(setting.data, setting.len);
    printf("}\n");
    sigv4kit_error_free(err);
    return 0;
  }
  {
    sigv4kit_signer *signer = NULL;
    sigv4kit_signed *out = NULL;
    sigv4kit_header host = {{STR("Host")}, {STR("example.amazonaws.com")}};
    sigv4kit_request req = {{STR("GET")}, {STR("/")}, &host, 1};
    sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
    sigv4kit_str akid = sigv4kit_credentials_access_key_id(creds);
    int64_t exp = sigv4kit_credentials_expiration(creds);
    size_t i;
    rc = sigv4kit_signer_new(STR("us-east-1"), STR("service"), &signer, &err);
    if (rc == SIGV4KIT_OK) rc = sigv4kit_sign(signer, creds, &req, &body, 1440938160, &out, &err);
    if (rc != SIGV4KIT_OK) {
      char msg[512];
      size_t n = 0;
      if (sigv4kit_error_message(err, msg, sizeof msg, &n) != SIGV4KIT_OK) n = 0;
      fprintf(stderr, "%s: %.*s\n", sigv4kit_result_code(rc), (int)n, msg);
      sigv4kit_error_free(err);
      sigv4kit_signer_free(signer);
      sigv4kit_credentials_free(creds);
      return 2;
    }
    printf("{\"outcome\": \"ok\", \"akid\": ");
    json_string(akid.data, akid.len);
    if (exp < 0) {
      printf(", \"expiry\": null");
    } else {
      printf(", \"expiry\": %lld", (long long)exp);
    }
    printf(", \"token\": ");
    {
      int found = 0;
      for (i = 0; i < sigv4kit_signed_added_headers_len(out); i++) {
        sigv4kit_header h;
        sigv4kit_signed_added_header(out, i, &h);
        if (h.name.len == 20 && strncasecmp(h.name.data, "x-amz-security-token", 20) == 0) {
          json_string(h.value.data, h.value.len);
          found = 1;
        }
      }
      if (!found) printf("null");
    }
    printf(", \"string_to_sign\": ");
    json_string(sigv4kit_signed_string_to_sign(out).data, sigv4kit_signed_string_to_sign(out).len);
    printf(", \"signature\": ");
    json_string(sigv4kit_signed_signature(out).data, sigv4kit_signed_signature(out).len);
    printf("}\n");
    sigv4kit_signed_free(out);
    sigv4kit_signer_free(signer);
  }
  sigv4kit_credentials_free(creds);
  return 0;
}
