/*
 * A small JSON reader and writer for the conformance runner: enough for one
 * case per line (objects, arrays, strings with escapes, numbers, booleans,
 * null). Not part of the library.
 */
#ifndef SIGV4KIT_TEST_JSON_H
#define SIGV4KIT_TEST_JSON_H

#include <stddef.h>
#include <stdio.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
  json_type type;
  int boolean;
  double number;
  char *str; /* JSON_STRING: bytes (UTF-8, may hold NUL), str_len of them */
  size_t str_len;
  struct json_value *items; /* JSON_ARRAY and JSON_OBJECT values */
  char **keys;              /* JSON_OBJECT keys, NUL-terminated */
  size_t len;
} json_value;

/* Parses text (len bytes) into *out; returns 0, or -1 for malformed JSON. */
int json_parse(const char *text, size_t len, json_value *out);
void json_free(json_value *value);
/* The member `key` of an object, or NULL (also when obj is not an object). */
const json_value *json_get(const json_value *obj, const char *key);

/* Writes `len` bytes as a JSON string literal. */
void json_write_string(FILE *out, const char *data, size_t len);
/* Writes a parsed value back as JSON (for echoing an id). */
void json_write_value(FILE *out, const json_value *value);

#endif
