//! Route keys as API Gateway writes them: `GET /pets/{id}`, `ANY /{proxy+}`.

/// One segment of a route path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `{name}`: exactly one non-empty segment.
    Param,
    /// `{name+}`: one or more segments, the rest of the path.
    Greedy,
}

/// A parsed route key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// `None` for `ANY`.
    method: Option<String>,
    segments: Vec<Segment>,
    key: String,
}

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

impl Route {
    /// Parses `METHOD /path`.
    pub fn parse(key: &str) -> Result<Route, String> {
        let (method, path) = key
            .split_once(' ')
            .ok_or("expected \"METHOD /path\", such as \"ANY /{proxy+}\"")?;
        let method = match method {
            "ANY" => None,
            m if METHODS.contains(&m) => Some(m.to_string()),
            _ => {
                return Err(format!(
                    "method must be ANY or one of {}",
                    METHODS.join(", ")
                ))
            }
        };
        if !path.starts_with('/') {
            return Err("path must start with '/'".into());
        }
        let mut segments = Vec::new();
        let parts: Vec<&str> = path[1..].split('/').filter(|s| !s.is_empty()).collect();
        for (i, part) in parts.iter().enumerate() {
            let seg = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if name.ends_with('+') => {
                    if i + 1 != parts.len() {
                        return Err("a greedy {name+} segment must come last".into());
                    }
                    Segment::Greedy
                }
                Some(_) => Segment::Param,
                None if part.contains(['{', '}']) => {
                    return Err("a {name} segment must be the whole segment".into())
                }
                None => Segment::Literal(part.to_string()),
            };
            segments.push(seg);
        }
        Ok(Route {
            method,
            segments,
            key: key.to_string(),
        })
    }

    /// The key as written in the config.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether a request (method, resource path after the stage, decoded)
    /// takes this route.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if self.method.as_deref().is_some_and(|m| m != method) {
            return false;
        }
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let parts: &[&str] = if parts == [""] { &[] } else { &parts };
        let mut i = 0;
        for seg in &self.segments {
            match seg {
                Segment::Greedy => {
                    return i < parts.len() && parts[i..].iter().any(|p| !p.is_empty())
                }
                Segment::Param => {
                    if parts.get(i).map_or(true, |p| p.is_empty()) {
                        return false;
                    }
                }
                Segment::Literal(lit) => {
                    if parts.get(i) != Some(&lit.as_str()) {
                        return false;
                    }
                }
            }
            i += 1;
        }
        i == parts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_keys_match_like_api_gateway() {
        let any = Route::parse("ANY /{proxy+}").unwrap();
        assert!(any.matches("GET", "/hello"));
        assert!(any.matches("DELETE", "/a/b/c"));
        assert!(!any.matches("GET", "/"));
        let root = Route::parse("ANY /").unwrap();
        assert!(root.matches("POST", "/"));
        assert!(!root.matches("POST", "/x"));
        let pet = Route::parse("GET /pets/{id}").unwrap();
        assert!(pet.matches("GET", "/pets/7"));
        assert!(!pet.matches("POST", "/pets/7"));
        assert!(!pet.matches("GET", "/pets"));
        assert!(!pet.matches("GET", "/pets/7/toys"));
        assert!(!pet.matches("GET", "/pets/"));
    }

    #[test]
    fn bad_route_keys_are_explained() {
        assert!(Route::parse("/pets").unwrap_err().contains("METHOD /path"));
        assert!(Route::parse("FETCH /pets").unwrap_err().contains("method"));
        assert!(Route::parse("GET pets").unwrap_err().contains("'/'"));
        assert!(Route::parse("GET /{a+}/b").unwrap_err().contains("last"));
        assert!(Route::parse("GET /a{b}").unwrap_err().contains("whole"));
    }
}
