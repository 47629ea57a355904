package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import "time"

// ParseTime parses an RFC 3339 UTC time such as "2015-08-30T12:36:00Z" the
// way every sigv4kit binding does: a fraction of a second is dropped, and
// offsets other than Z or +00:00 are refused rather than converted.
func ParseTime(text string) (time.Time, error) {
	var secs C.int64_t
	var e *C.sigv4kit_error
	p, n := cstr(text)
	if err := check(C.sigv4kit_time_parse_rfc3339(p, n, &secs, &e), e); err != nil {
		return time.Time{}, err
	}
	return time.Unix(int64(secs), 0).UTC(), nil
}
