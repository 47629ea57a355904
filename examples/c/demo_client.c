/*
 * The C demo client: signs calls to the local IAM gateway with libsigv4kit
 * and sends them with a plain HTTP/1.1 socket client (the gateway speaks
 * http on 127.0.0.1). Prints one line per call: CALL<TAB>STATUS<TAB>message.
 *
 * Environment: SIGV4KIT_ENDPOINT (http://127.0.0.1:PORT), AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_REGION, DEMO_ROLE_ARN.
 */
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sigv4kit.h>

#define STR(s) s, strlen(s)
#define MAX_HEADERS 16

static sigv4kit_str view(const char *s) {
  sigv4kit_str v;
  v.data = s;
  v.len = strlen(s);
  return v;
}

static char host[256];      /* "127.0.0.1:PORT", the Host header */
static char port[16];
static char address[256];

/* Parses http://HOST:PORT; the demo gateway never uses https. */
static int parse_endpoint(const char *endpoint) {
  const char *rest, *colon;
  if (endpoint == NULL || strncmp(endpoint, "http://", 7) != 0) return -1;
  rest = endpoint + 7;
  snprintf(host, sizeof host, "%.*s", (int)strcspn(rest, "/"), rest);
  colon = strrchr(host, ':');
  if (colon == NULL) return -1;
  snprintf(address, sizeof address, "%.*s", (int)(colon - host), host);
  snprintf(port, sizeof port, "%s", colon + 1);
  return 0;
}

/* A response: the status and the first part of the body's message. */
typedef struct {
  int status;
  char *body; /* NUL-terminated, malloc'd */
} response;

/* Decodes a chunked body in place. */
static void dechunk(char *body) {
  char *in = body, *out = body;
  for (;;) {
    char *end;
    long size = strtol(in, &end, 16);
    char *line_end = strstr(in, "\r\n");
    if (size <= 0 || line_end == NULL) break;
    in = line_end + 2;
    memmove(out, in, (size_t)size);
    out += size;
    in += size + 2;
  }
  *out = '\0';
}

/* Sends one request and reads the whole response (the connection closes). */
static int http_send(const char *method, const char *target, const sigv4kit_header *headers, size_t n,
                     const char *body, response *res) {
  struct addrinfo hints, *ai = NULL;
  size_t cap = 1 << 16, len = 0, i;
  char *buf, *head_end;
  int fd;
  FILE *w;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(address, port, &hints, &ai) != 0) return -1;
  fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
  if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    freeaddrinfo(ai);
    if (fd >= 0) close(fd);
    return -1;
  }
  freeaddrinfo(ai);
  /* The request exactly as signed: same target, same header values. */
  w = fdopen(dup(fd), "w");
  fprintf(w, "%s %s HTTP/1.1\r\n", method, target);
  for (i = 0; i < n; i++) {
    fprintf(w, "%.*s: %.*s\r\n", (int)headers[i].name.len, headers[i].name.data, (int)headers[i].value.len,
            headers[i].value.data);
  }
  fprintf(w, "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
  fclose(w);
  buf = malloc(cap);
  for (;;) {
    ssize_t got;
    if (len + 1 == cap) buf = realloc(buf, cap *= 2);
    got = read(fd, buf + len, cap - len - 1);
    if (got <= 0) break;
    len += (size_t)got;
  }
  close(fd);
  buf[len] = '\0';
  head_end = strstr(buf, "\r\n\r\n");
  if (head_end == NULL || sscanf(buf, "HTTP/1.%*d %d", &res->status) != 1) {
    free(buf);
    return -1;
  }
  *head_end = '\0';
  res->body = strdup(head_end + 4);
  if (strstr(buf, "chunked") != NULL) dechunk(res->body);
  free(buf);
  return 0;
}

/* Signs (or presigns, when expires > 0) a request, then sends it; `send_target`
   lets the tampered call send another target than the one signed. */
static int sign_and_send(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, const char *method,
                         const char *target, const char *send_target, const char *content_type,
                         const char *body, unsigned expires, response *res) {
  sigv4kit_header headers[MAX_HEADERS], to_send[MAX_HEADERS];
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_signed *out = NULL;
  sigv4kit_error *err = NULL;
  sigv4kit_signed_layout layout;
  sigv4kit_result rc;
  int64_t now;
  size_t n = 0, m = 0, i, copied = 0;
  char target_buf[4096], copy[8192];
  headers[n].name = view("Host");
  headers[n++].value = view(host);
  if (content_type != NULL) {
    headers[n].name = view("Content-Type");
    headers[n++].value = view(content_type);
  }
  req.method = view(method);
  req.target = view(target);
  req.headers = headers;
  req.headers_len = n;
  payload.kind = SIGV4KIT_PAYLOAD_BYTES; /* the SHA-256 of exactly the bytes sent */
  payload.data = (const uint8_t *)body;
  payload.len = strlen(body);
  rc = sigv4kit_time_now(&now);
  if (rc == SIGV4KIT_OK) {
    rc = expires ? sigv4kit_presign(signer, creds, &req, &payload, now, expires, &out, &err)
                 : sigv4kit_sign(signer, creds, &req, &payload, now, &out, &err);
  }
  /* One copy of everything to send, into our own buffer (size it with a
     first call of len 0 when it may not fit); `out` can go at once. */
  if (rc == SIGV4KIT_OK) rc = sigv4kit_signed_copy(out, 0, copy, sizeof copy, &layout, &copied);
  sigv4kit_signed_free(out);
  if (rc != SIGV4KIT_OK) {
    char msg[256];
    size_t len;
    if (err != NULL) {
      sigv4kit_error_message(err, msg, sizeof msg, &len); /* names the field, never a value */
    } else {
      sigv4kit_result_message(rc, msg, sizeof msg, &len);
    }
    fprintf(stderr, "signing failed: %s\n", msg);
    sigv4kit_error_free(err);
    return -1;
  }
  /* Send the request's own headers minus those the signature replaces,
     plus the added ones (X-Amz-Date, Authorization, ...). */
  for (i = 0; i < n; i++) {
    size_t r;
    int replaced = 0;
    for (r = 0; r < layout.replaced_len; r++) {
      if (layout.replaced[r].len == headers[i].name.len &&
          strncasecmp(copy + layout.replaced[r].offset, headers[i].name.data, headers[i].name.len) == 0) {
        replaced = 1;
      }
    }
    if (!replaced) to_send[m++] = headers[i];
  }
  for (i = 0; i < layout.headers_len && m < MAX_HEADERS; i++, m++) {
    to_send[m].name.data = copy + layout.headers[i].name.offset;
    to_send[m].name.len = layout.headers[i].name.len;
    to_send[m].value.data = copy + layout.headers[i].value.offset;
    to_send[m].value.len = layout.headers[i].value.len;
  }
  if (expires) {
    /* A presigned URL is used as a plain GET with no signing headers. */
    snprintf(target_buf, sizeof target_buf, "%.*s", (int)layout.target.len, copy + layout.target.offset);
    send_target = target_buf;
  }
  return http_send(method, send_target ? send_target : target, to_send, m, body, res);
}

/* Copies the text between <tag> and </tag> of an XML reply. */
static int xml_value(const char *xml, const char *tag, char *dst, size_t cap) {
  char open[64], close_tag[64];
  const char *start, *end;
  snprintf(open, sizeof open, "<%s>", tag);
  snprintf(close_tag, sizeof close_tag, "</%s>", tag);
  start = strstr(xml, open);
  if (start == NULL) return -1;
  start += strlen(open);
  end = strstr(start, close_tag);
  if (end == NULL || (size_t)(end - start) >= cap) return -1;
  snprintf(dst, cap, "%.*s", (int)(end - start), start);
  return 0;
}

/* Prints CALL, STATUS and the first 80 characters of the message. */
static void report(const char *call, const response *res) {
  const char *msg = res->body ? res->body : "";
  const char *key = strstr(msg, "\"message\":");
  char line[81];
  size_t i, n = 0;
  if (key != NULL) {
    msg = strchr(key + 10, '"');
    msg = msg ? msg + 1 : "";
  }
  for (i = 0; msg[i] != '\0' && n < 80; i++) {
    if (key != NULL && msg[i] == '"' && (i == 0 || msg[i - 1] != '\\')) break;
    line[n++] = (msg[i] == '\t' || msg[i] == '\n' || msg[i] == '\r') ? ' ' : msg[i];
  }
  line[n] = '\0';
  printf("%s\t%d\t%s\n", call, res->status, line);
  fflush(stdout);
}

int main(void) {
  const char *akid = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
  const char *region = getenv("AWS_REGION"), *role = getenv("DEMO_ROLE_ARN");
  sigv4kit_signer *api = NULL, *sts = NULL;
  sigv4kit_credentials *creds = NULL, *temporary = NULL;
  sigv4kit_header host_only;
  response res = {0, NULL};
  char form[1024], key_id[256], temp_secret[256], token[2048];
  int failures = 0;

  if (parse_endpoint(getenv("SIGV4KIT_ENDPOINT")) != 0 || akid == NULL || secret == NULL || role == NULL) {
    fprintf(stderr, "set SIGV4KIT_ENDPOINT=http://127.0.0.1:PORT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, "
                    "DEMO_ROLE_ARN\n");
    return 2;
  }
  if (region == NULL) region = "us-east-1";
  /* One signer per service; credentials are kept and reused across calls. */
  if (sigv4kit_signer_new(STR(region), STR("execute-api"), &api, NULL) != SIGV4KIT_OK ||
      sigv4kit_signer_new(STR(region), STR("sts"), &sts, NULL) != SIGV4KIT_OK ||
      sigv4kit_credentials_new(STR(akid), STR(secret), NULL, 0, -1, &creds, NULL) != SIGV4KIT_OK) {
    fprintf(stderr, "bad configuration\n");
    return 2;
  }

#define CALL(name, expr)           \
  do {                             \
    res.status = 0;                \
    if ((expr) == 0) {             \
      report(name, &res);          \
    } else {                       \
      failures++;                  \
      fprintf(stderr, "%s: request failed\n", name); \
    }                              \
    free(res.body);                \
    res.body = NULL;               \
  } while (0)

  CALL("allowed", sign_and_send(api, creds, "GET", "/prod/hello?name=sigv4kit", NULL, NULL, "", 0, &res));
  host_only.name = view("Host");
  host_only.value = view(host);
  CALL("unsigned", http_send("GET", "/prod/hello", &host_only, 1, "", &res));
  CALL("tampered", sign_and_send(api, creds, "GET", "/prod/hello?name=a", "/prod/hello?name=b", NULL, "", 0, &res));
  CALL("denied", sign_and_send(api, creds, "GET", "/prod/denied", NULL, NULL, "", 0, &res));
  CALL("presigned", sign_and_send(api, creds, "GET", "/prod/hello", NULL, NULL, "", 300, &res));

  /* Profiles with role_arn + source_profile (AWS_CONFIG_FILE): the library's
     credential chain assumes the role itself (STS at AWS_ENDPOINT_URL_STS,
     reached by its built-in plain HTTP client because the gateway is on
     loopback; pass a transport callback for https), then the API judges the
     role's session. */
  {
    const char *profiles[2][2] = {{"profile-role", "DEMO_PROFILE_ROLE"}, {"profile-role-denied", "DEMO_PROFILE_DENIED"}};
    int i;
    for (i = 0; i < 2; i++) {
      const char *name = getenv(profiles[i][1]);
      sigv4kit_credentials *role_creds = NULL;
      sigv4kit_error *chain_err = NULL;
      if (name == NULL ||
          sigv4kit_credentials_from_chain(STR(name), 0, NULL, NULL, &role_creds, &chain_err) != SIGV4KIT_OK) {
        char msg[512];
        size_t len = 0;
        /* names the source and the setting, never a secret or token */
        if (sigv4kit_error_message(chain_err, msg, sizeof msg, &len) != SIGV4KIT_OK) len = 0;
        failures++;
        fprintf(stderr, "%s: no credentials from the chain: %.*s\n", profiles[i][0], (int)len, msg);
        sigv4kit_error_free(chain_err);
        continue;
      }
      CALL(profiles[i][0], sign_and_send(api, role_creds, "GET", "/prod/hello", NULL, NULL, "", 0, &res));
      sigv4kit_credentials_free(role_creds);
    }
  }

  /* AssumeRole: a signed form POST to STS, then the API with the temporary
     credentials it returns (key, secret and session token). */
  {
    char encoded_role[768];
    size_t n;
    if (sigv4kit_uri_encode(STR(role), encoded_role, sizeof encoded_role, &n) != SIGV4KIT_OK) return 2;
    snprintf(form, sizeof form, "Action=AssumeRole&Version=2011-06-15&RoleArn=%s&RoleSessionName=demo",
             encoded_role);
  }
  if (sign_and_send(sts, creds, "POST", "/", NULL, "application/x-www-form-urlencoded", form, 0, &res) != 0) {
    failures++;
  } else if (res.status != 200 || xml_value(res.body, "AccessKeyId", key_id, sizeof key_id) != 0 ||
             xml_value(res.body, "SecretAccessKey", temp_secret, sizeof temp_secret) != 0 ||
             xml_value(res.body, "SessionToken", token, sizeof token) != 0 ||
             sigv4kit_credentials_new(STR(key_id), STR(temp_secret), STR(token), -1, &temporary, NULL) != SIGV4KIT_OK) {
    report("assume-role", &res);
  } else {
    free(res.body);
    res.body = NULL;
    CALL("assume-role", sign_and_send(api, temporary, "GET", "/prod/hello", NULL, NULL, "", 0, &res));
  }
  free(res.body);

  sigv4kit_credentials_free(temporary);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(sts);
  sigv4kit_signer_free(api);
  return failures == 0 ? 0 : 1;
}
