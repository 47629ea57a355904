/* See json.h. Recursive descent over a byte buffer. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *p;
  const char *end;
  int depth;
} parser;

static int parse_value(parser *ps, json_value *out);

static void skip_ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
    ps->p++;
  }
}

static int literal(parser *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
    return -1;
  }
  ps->p += n;
  return 0;
}

static int hex4(parser *ps, unsigned *out) {
  unsigned v = 0;
  int i;
  if (ps->end - ps->p < 4) {
    return -1;
  }
  for (i = 0; i < 4; i++) {
    char c = *ps->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= (unsigned)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= (unsigned)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= (unsigned)(c - 'A' + 10);
    } else {
      return -1;
    }
  }
  *out = v;
  return 0;
}

static size_t put_utf8(char *dst, unsigned cp) {
  if (cp < 0x80) {
    dst[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    dst[0] = (char)(0xC0 | (cp >> 6));
    dst[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    dst[0] = (char)(0xE0 | (cp >> 12));
    dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  dst[0] = (char)(0xF0 | (cp >> 18));
  dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  dst[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Parses a string after its opening quote; the result is NUL-terminated too. */
static int parse_string(parser *ps, char **out, size_t *out_len) {
  /* Escapes only shrink, so the remaining input bounds the output. */
  char *buf = malloc((size_t)(ps->end - ps->p) + 1);
  size_t n = 0;
  if (buf == NULL) {
    return -1;
  }
  while (ps->p < ps->end) {
    unsigned char c = (unsigned char)*ps->p++;
    if (c == '"') {
      buf[n] = '\0';
      *out = buf;
      *out_len = n;
      return 0;
    }
    if (c < 0x20) {
      break;
    }
    if (c != '\\') {
      buf[n++] = (char)c;
      continue;
    }
    if (ps->p >= ps->end) {
      break;
    }
    c = (unsigned char)*ps->p++;
    switch (c) {
      case '"': buf[n++] = '"'; break;
      case '\\': buf[n++] = '\\'; break;
      case '/': buf[n++] = '/'; break;
      case 'b': buf[n++] = '\b'; break;
      case 'f': buf[n++] = '\f'; break;
      case 'n': buf[n++] = '\n'; break;
      case 'r': buf[n++] = '\r'; break;
      case 't': buf[n++] = '\t'; break;
      case 'u': {
        unsigned cp, low;
        if (hex4(ps, &cp) != 0) {
          goto fail;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
            goto fail;
          }
          ps->p += 2;
          if (hex4(ps, &low) != 0 || low < 0xDC00 || low > 0xDFFF) {
            goto fail;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          goto fail;
        }
        n += put_utf8(buf + n, cp);
        break;
      }
      default: goto fail;
    }
  }
fail:
  free(buf);
  return -1;
}

static int parse_number(parser *ps, json_value *out) {
  char tmp[64];
  size_t n = 0;
  char *endp;
  while (ps->p < ps->end && n < sizeof tmp - 1 && strchr("+-0123456789.eE", *ps->p) != NULL) {
    tmp[n++] = *ps->p++;
  }
  tmp[n] = '\0';
  if (n == 0) {
    return -1;
  }
  out->number = strtod(tmp, &endp);
  if (*endp != '\0') {
    return -1;
  }
  out->type = JSON_NUMBER;
  return 0;
}

static int push(json_value *v, size_t *cap) {
  if (v->len == *cap) {
    size_t next = *cap ? *cap * 2 : 4;
    json_value *items = realloc(v->items, next * sizeof *items);
    if (items == NULL) {
      return -1;
    }
    v->items = items;
    if (v->type == JSON_OBJECT) {
      char **keys = realloc(v->keys, next * sizeof *keys);
      if (keys == NULL) {
        return -1;
      }
      v->keys = keys;
    }
    *cap = next;
  }
  return 0;
}

static int parse_container(parser *ps, json_value *out, char close) {
  size_t cap = 0;
  out->type = close == ']' ? JSON_ARRAY : JSON_OBJECT;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == close) {
    ps->p++;
    return 0;
  }
  for (;;) {
    json_value *slot;
    if (push(out, &cap) != 0) {
      return -1;
    }
    slot = &out->items[out->len];
    memset(slot, 0, sizeof *slot);
    if (out->type == JSON_OBJECT) {
      size_t key_len;
      char *key;
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != '"') {
        return -1;
      }
      ps->p++;
      if (parse_string(ps, &key, &key_len) != 0) {
        return -1;
      }
      out->keys[out->len] = key;
      out->len++; /* counted now so that json_free releases the key */
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p++ != ':') {
        return -1;
      }
      if (parse_value(ps, slot) != 0) {
        return -1;
      }
    } else {
      out->len++;
      if (parse_value(ps, slot) != 0) {
        return -1;
      }
    }
    skip_ws(ps);
    if (ps->p >= ps->end) {
      return -1;
    }
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return 0;
    }
    return -1;
  }
}

static int parse_value(parser *ps, json_value *out) {
  memset(out, 0, sizeof *out);
  skip_ws(ps);
  if (ps->p >= ps->end || ++ps->depth > 64) {
    return -1;
  }
  switch (*ps->p) {
    case '{': ps->p++; return parse_container(ps, out, '}') == 0 ? (ps->depth--, 0) : -1;
    case '[': ps->p++; return parse_container(ps, out, ']') == 0 ? (ps->depth--, 0) : -1;
    case '"':
      ps->p++;
      out->type = JSON_STRING;
      ps->depth--;
      return parse_string(ps, &out->str, &out->str_len);
    case 't': out->type = JSON_BOOL; out->boolean = 1; ps->depth--; return literal(ps, "true");
    case 'f': out->type = JSON_BOOL; ps->depth--; return literal(ps, "false");
    case 'n': out->type = JSON_NULL; ps->depth--; return literal(ps, "null");
    default: ps->depth--; return parse_number(ps, out);
  }
}

int json_parse(const char *text, size_t len, json_value *out) {
  parser ps;
  ps.p = text;
  ps.end = text + len;
  ps.depth = 0;
  if (parse_value(&ps, out) != 0) {
    json_free(out);
    return -1;
  }
  skip_ws(&ps);
  if (ps.p != ps.end) {
    json_free(out);
    return -1;
  }
  return 0;
}

void json_free(json_value *value) {
  size_t i;
  if (value == NULL) {
    return;
  }
  for (i = 0; i < value->len; i++) {
    json_free(&value->items[i]);
    if (value->keys != NULL) {
      free(value->keys[i]);
    }
  }
  free(value->items);
  free(value->keys);
  free(value->str);
  memset(value, 0, sizeof *value);
}

const json_value *json_get(const json_value *obj, const char *key) {
  size_t i;
  if (obj == NULL || obj->type != JSON_OBJECT) {
    return NULL;
  }
  for (i = 0; i < obj->len; i++) {
    if (strcmp(obj->keys[i], key) == 0) {
      return &obj->items[i];
    }
  }
  return NULL;
}

void json_write_string(FILE *out, const char *data, size_t len) {
  size_t i;
  fputc('"', out);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)data[i];
    switch (c) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          fprintf(out, "\\u%04x", c);
        } else {
          fputc(c, out);
        }
    }
  }
  fputc('"', out);
}

void json_write_value(FILE *out, const json_value *value) {
  size_t i;
  switch (value->type) {
    case JSON_NULL: fputs("null", out); break;
    case JSON_BOOL: fputs(value->boolean ? "true" : "false", out); break;
    case JSON_NUMBER: fprintf(out, "%.17g", value->number); break;
    case JSON_STRING: json_write_string(out, value->str, value->str_len); break;
    case JSON_ARRAY:
    case JSON_OBJECT:
      fputc(value->type == JSON_ARRAY ? '[' : '{', out);
      for (i = 0; i < value->len; i++) {
        if (i > 0) {
          fputc(',', out);
        }
        if (value->type == JSON_OBJECT) {
          json_write_string(out, value->keys[i], strlen(value->keys[i]));
          fputc(':', out);
        }
        json_write_value(out, &value->items[i]);
      }
      fputc(value->type == JSON_ARRAY ? ']' : '}', out);
      break;
  }
}
