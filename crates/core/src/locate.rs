//! Where in a scenario file's text a problem is: the reader names a place as a path
//! (`step 4 field \`vault\``, `world.tenants[0].name`, `version`), and [`locate`] finds its line
//! and column in the text by walking the JSON to it — the key of a field that is there, else the
//! object or list that lacks it. serde_json's `Value` keeps no positions, and a second parser that
//! does would double what the page downloads to read a file; this walks the text once, only as
//! far as the path goes. A leaf module: it imports nothing of the crate.

/// A 1-based line and column (in characters) of a file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Where the reader's place `at` is in `text`, when `at` names a place in the file.
pub fn locate(text: &str, at: &str) -> Option<Position> {
    if let Some(position) = line_column(at) {
        return Some(position);
    }
    let path = path_of(at)?;
    let mut walk = Walk { s: text.as_bytes(), i: 0 };
    walk.ws();
    let offset = walk.find(&path);
    Some(position_of(text, offset))
}

/// `line 3 column 7` (serde_json's syntax errors).
fn line_column(at: &str) -> Option<Position> {
    let rest = at.strip_prefix("line ")?;
    let (line, column) = rest.split_once(" column ")?;
    Some(Position { line: line.parse().ok()?, column: column.parse().ok()? })
}

/// The path a place names: `step N field \`f\``, `step N`, `the file`, or a dotted path with
/// indexes (`world.principals[2].owners`).
fn path_of(at: &str) -> Option<Vec<Seg>> {
    if at == "the file" {
        return Some(Vec::new());
    }
    if let Some(rest) = at.strip_prefix("step ") {
        let (n, field) = match rest.split_once(" field `") {
            Some((n, field)) => (n, field.strip_suffix('`')),
            None => (rest, None),
        };
        let n: usize = n.parse().ok()?;
        let mut path = vec![Seg::Key("steps".to_owned()), Seg::Index(n.checked_sub(1)?)];
        // A field inside one (`assert.soft_delete`): each key in turn.
        path.extend(field.into_iter().flat_map(|f| f.split('.')).map(|k| Seg::Key(k.to_owned())));
        return Some(path);
    }
    let mut path = Vec::new();
    for part in at.split('.') {
        let (name, mut indexes) = part.split_once('[').map_or((part, ""), |(n, i)| (n, i));
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        path.push(Seg::Key(name.to_owned()));
        while !indexes.is_empty() {
            let (index, rest) = indexes.split_once(']')?;
            path.push(Seg::Index(index.parse().ok()?));
            indexes = rest.strip_prefix('[').unwrap_or(rest);
        }
    }
    Some(path)
}

/// The line and column of a byte offset.
fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
}

/// A walk over JSON text (already checked by serde_json: a malformed text only ends the walk).
struct Walk<'t> {
    s: &'t [u8],
    i: usize,
}

impl Walk<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let here = self.s.get(self.i) == Some(&b);
        self.i += usize::from(here);
        here
    }

    /// The offset of what `path` names in the value here: a field's key, a list's element, or the
    /// deepest object or list on the way that lacks the next step.
    fn find(&mut self, path: &[Seg]) -> usize {
        self.ws();
        let start = self.i;
        let Some(first) = path.first() else { return start };
        match (self.s.get(self.i), first) {
            (Some(b'{'), Seg::Key(want)) => {
                self.i += 1;
                while !self.eat(b'}') {
                    self.ws();
                    let key_at = self.i;
                    let key = self.string();
                    self.eat(b':');
                    if key.as_deref() == Some(want.as_str()) {
                        return if path.len() == 1 { key_at } else { self.find(&path[1..]) };
                    }
                    if !self.skip_value() {
                        break;
                    }
                    self.eat(b',');
                }
                start
            }
            (Some(b'['), Seg::Index(want)) => {
                self.i += 1;
                let mut k = 0;
                while !self.eat(b']') {
                    if k == *want {
                        return self.find(&path[1..]);
                    }
                    if !self.skip_value() {
                        break;
                    }
                    self.eat(b',');
                    k += 1;
                }
                start
            }
            _ => start,
        }
    }

    /// A string's text (escapes other than `\"` and `\\` kept as written: keys are plain).
    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    out.extend(self.s.get(self.i));
                    self.i += 1;
                }
                _ => out.push(b),
            }
        }
        None
    }

    /// Steps over one value; false at the end of the text.
    fn skip_value(&mut self) -> bool {
        self.ws();
        let mut depth = 0usize;
        while let Some(&b) = self.s.get(self.i) {
            match b {
                b'"' => {
                    self.string();
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' if depth == 0 => return true,
                b'}' | b']' => {
                    depth -= 1;
                    self.i += 1;
                }
                b',' if depth == 0 => return true,
                _ => self.i += 1,
            }
            if depth == 0 && matches!(b, b'"' | b'}' | b']') {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "{\n  \"version\": 1,\n  \"world\": {\n    \"tenants\": [\n      {\"id\": \"contoso\", \"name\": \"C\"},\n      {\"id\": \"f\\\"x\", \"nmae\": \"F\"}\n    ]\n  },\n  \"steps\": [\n    {\"advance\": \"PT1H\"},\n    {\"as\": \"bob\", \"do\": \"enable_mua\", \"vault\": [1, {\"a\": 2}], \"guard\": \"g\"}\n  ]\n}";

    fn at(place: &str) -> Option<(usize, usize)> {
        locate(FILE, place).map(|p| (p.line, p.column))
    }

    #[test]
    fn places_the_reader_names_are_found_in_the_text() {
        for (place, expected) in [
            ("version", Some((2, 3))),
            ("world.tenants[0].name", Some((5, 25))),
            // The key of a field that is there, after a string with an escaped quote.
            ("world.tenants[1].nmae", Some((6, 22))),
            // A missing field: the object that lacks it.
            ("world.tenants[1].domain", Some((6, 7))),
            ("world.tenants[5]", Some((4, 16))),
            ("step 2 field `guard`", Some((11, 63))),
            ("step 2 field `vault`", Some((11, 39))),
            ("step 1", Some((10, 5))),
            ("step 3", Some((9, 12))),
            ("title", Some((1, 1))),
            ("the file", Some((1, 1))),
            ("line 7 column 3", Some((7, 3))),
            ("history[2]", Some((1, 1))),
            ("step x", None),
            ("some words", None),
        ] {
            assert_eq!(at(place), expected, "{place}");
        }
    }
}
