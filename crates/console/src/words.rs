//! Splitting console text into words and tokens, as the shells the seeds' lines are written for
//! split them: a POSIX shell for `az` lines (quotes, backslash escapes, `\` line continuations,
//! `#` comments) and PowerShell for the cmdlets (variables, parameters, pipelines, script blocks,
//! member access, backtick continuations). Both accept the typographic quotes (“ ” ‘ ’) that
//! documentation pages put in copied lines: PowerShell reads them as quotes too.

use std::fmt;

/// Why text could not be split: what is wrong and the character offset where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordsError {
    /// What is wrong, in the shell's terms.
    pub message: String,
    /// Where (character offset in the text).
    pub at: usize,
}

impl fmt::Display for WordsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at + 1)
    }
}

fn error(message: impl Into<String>, at: usize) -> WordsError {
    WordsError { message: message.into(), at }
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}')
}

/// The commands of a POSIX-shell text (one per line, or several lines joined by a trailing `\`),
/// each as its words with quotes removed. Blank lines and `#` comments are skipped.
pub fn shell_commands(text: &str) -> Result<Vec<Vec<String>>, WordsError> {
    let chars: Vec<char> = text.chars().collect();
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word: Option<String> = None;
    let mut i = 0;
    let end_word = |word: &mut Option<String>, words: &mut Vec<String>| {
        if let Some(w) = word.take() {
            words.push(w);
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\\' if chars.get(i + 1) == Some(&'\r') && chars.get(i + 2) == Some(&'\n') => i += 3,
            '\\' => {
                let next = *chars.get(i + 1).ok_or_else(|| error("a backslash ends the text", i))?;
                word.get_or_insert_with(String::new).push(next);
                i += 2;
            }
            '\n' | ';' => {
                end_word(&mut word, &mut words);
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
                i += 1;
            }
            c if c.is_whitespace() => {
                end_word(&mut word, &mut words);
                i += 1;
            }
            '#' if word.is_none() => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if is_single_quote(c) => {
                let start = i;
                i += 1;
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.get(i) {
                        None => return Err(error("a quote (') is not closed", start)),
                        Some(&q) if is_single_quote(q) => break,
                        Some(&ch) => w.push(ch),
                    }
                    i += 1;
                }
                i += 1;
            }
            c if is_double_quote(c) => {
                let start = i;
                i += 1;
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.get(i) {
                        None => return Err(error("a quote (\") is not closed", start)),
                        Some(&q) if is_double_quote(q) => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            w.push(chars[i + 1]);
                            i += 1;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => i += 1,
                        Some(&ch) => w.push(ch),
                    }
                    i += 1;
                }
                i += 1;
            }
            c => {
                word.get_or_insert_with(String::new).push(c);
                i += 1;
            }
        }
    }
    end_word(&mut word, &mut words);
    if !words.is_empty() {
        commands.push(words);
    }
    Ok(commands)
}

/// A PowerShell token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A bare word: a command name, an argument, a number.
    Word(String),
    /// A quoted string: its text, and whether it was double-quoted (expandable).
    Str(String, bool),
    /// `$name` (`$_` included).
    Variable(String),
    /// `-Name` (a parameter or an operator such as `-match`, `-or`).
    Parameter(String),
    /// `.Name` right after a value (member access).
    Member(String),
    /// `(`
    Open,
    /// `@(`: an array sub-expression.
    ArrayOpen,
    /// `@{`: a hashtable literal.
    HashOpen,
    /// `[N]` right after a value: an index (negative from the end).
    Index(i64),
    /// `)`
    Close,
    /// `{`
    BlockOpen,
    /// `}`
    BlockClose,
    /// `|`
    Pipe,
    /// `=`
    Assign,
    /// `,`
    Comma,
    /// The end of a statement: a new line or `;`.
    End,
}

/// The tokens of a PowerShell text. A backtick before a new line continues the line; a backtick
/// elsewhere escapes the next character; `#` starts a comment.
pub fn powershell_tokens(text: &str) -> Result<Vec<Token>, WordsError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    // Whether the previous token was a value a `.Member` can follow (no space in between).
    let value_before = |tokens: &[Token], i: usize, chars: &[char]| {
        i > 0
            && !chars[i - 1].is_whitespace()
            && matches!(
                tokens.last(),
                Some(Token::Variable(_) | Token::Close | Token::Member(_) | Token::Str(..) | Token::Index(_))
            )
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '`' if chars.get(i + 1) == Some(&'\r') && chars.get(i + 2) == Some(&'\n') => i += 3,
            '\n' | ';' => {
                if !matches!(tokens.last(), None | Some(Token::End)) {
                    tokens.push(Token::End);
                }
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if punctuation(c).is_some() => {
                tokens.extend(punctuation(c));
                i += 1;
            }
            '@' if matches!(chars.get(i + 1), Some('(' | '{')) => {
                tokens.push(if chars[i + 1] == '(' { Token::ArrayOpen } else { Token::HashOpen });
                i += 2;
            }
            '[' if value_before(&tokens, i, &chars) => {
                let end = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                let index: Option<i64> =
                    end.and_then(|end| chars[i + 1..end].iter().collect::<String>().trim().parse().ok());
                let (Some(end), Some(index)) = (end, index) else {
                    return Err(error("an index is a whole number in brackets, as `[0]`", i));
                };
                tokens.push(Token::Index(index));
                i = end + 1;
            }
            '.' if value_before(&tokens, i, &chars) => {
                let (name, next) = identifier(&chars, i + 1);
                if name.is_empty() {
                    return Err(error("a member name must follow `.`", i));
                }
                tokens.push(Token::Member(name));
                i = next;
            }
            '$' => {
                let (name, next) = identifier(&chars, i + 1);
                if name.is_empty() {
                    return Err(error("a variable name must follow `$`", i));
                }
                tokens.push(Token::Variable(name));
                i = next;
            }
            '-' if chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) => {
                let (name, next) = identifier(&chars, i + 1);
                tokens.push(Token::Parameter(name));
                i = next;
            }
            c if is_single_quote(c) => {
                let (text, next) = single_quoted(&chars, i)?;
                tokens.push(Token::Str(text, false));
                i = next;
            }
            c if is_double_quote(c) => {
                let (text, next) = double_quoted(&chars, i)?;
                tokens.push(Token::Str(text, true));
                i = next;
            }
            _ => {
                let (word, next) = bare_word(&chars, i)?;
                tokens.push(Token::Word(word));
                i = next;
            }
        }
    }
    if matches!(tokens.last(), Some(Token::End)) {
        tokens.pop();
    }
    Ok(tokens)
}

/// The token of a one-character punctuation mark.
fn punctuation(c: char) -> Option<Token> {
    Some(match c {
        '(' => Token::Open,
        ')' => Token::Close,
        '{' => Token::BlockOpen,
        '}' => Token::BlockClose,
        '|' => Token::Pipe,
        '=' => Token::Assign,
        ',' => Token::Comma,
        _ => return None,
    })
}

/// A single-quoted string from its opening quote at `start` (two quotes in a row are one quote
/// inside it; nothing is escaped), and where it ends.
fn single_quoted(chars: &[char], start: usize) -> Result<(String, usize), WordsError> {
    let mut s = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(error("a string (') is not closed", start)),
            Some(&q) if is_single_quote(q) && chars.get(i + 1).is_some_and(|n| is_single_quote(*n)) => {
                s.push(q);
                i += 1;
            }
            Some(&q) if is_single_quote(q) => return Ok((s, i + 1)),
            Some(&ch) => s.push(ch),
        }
        i += 1;
    }
}

/// A double-quoted string from its opening quote at `start` (a backtick escapes the next
/// character), and where it ends.
fn double_quoted(chars: &[char], start: usize) -> Result<(String, usize), WordsError> {
    let mut s = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(error("a string (\") is not closed", start)),
            Some('`') if i + 1 < chars.len() => {
                s.push(escaped(chars[i + 1]));
                i += 1;
            }
            Some(&q) if is_double_quote(q) => return Ok((s, i + 1)),
            Some(&ch) => s.push(ch),
        }
        i += 1;
    }
}

/// A bare word from `start` to the next space, punctuation mark or quote (a backtick escapes the
/// next character), and where it ends.
fn bare_word(chars: &[char], start: usize) -> Result<(String, usize), WordsError> {
    let mut w = String::new();
    let mut i = start;
    while let Some(&ch) = chars.get(i) {
        if ch.is_whitespace() || "(){}|=,;#".contains(ch) || is_double_quote(ch) || is_single_quote(ch) {
            break;
        }
        if ch == '`' {
            let next = *chars.get(i + 1).ok_or_else(|| error("a backtick ends the text", i))?;
            w.push(escaped(next));
            i += 2;
            continue;
        }
        w.push(ch);
        i += 1;
    }
    Ok((w, i))
}

/// A name of letters, digits, `_`, `:` and `?` from `start`, and where it ends.
fn identifier(chars: &[char], start: usize) -> (String, usize) {
    let mut end = start;
    while chars.get(end).is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '?')) {
        end += 1;
    }
    (chars[start..end].iter().collect(), end)
}

/// PowerShell's backtick escapes.
fn escaped(c: char) -> char {
    match c {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Token::*;
    use super::*;

    fn words(line: &str) -> Vec<String> {
        let mut commands = shell_commands(line).unwrap();
        assert_eq!(commands.len(), 1, "{commands:?}");
        commands.remove(0)
    }

    #[test]
    fn az_lines_as_the_seed_writes_them() {
        assert_eq!(
            words(
                r#"az dataprotection resource-guard create --location "Location" --tags key1="val1" --resource-group "RgName""#
            ),
            [
                "az",
                "dataprotection",
                "resource-guard",
                "create",
                "--location",
                "Location",
                "--tags",
                "key1=val1",
                "--resource-group",
                "RgName"
            ]
        );
        assert_eq!(
            words("az x update --critical-operation-exclusion-list deleteProtection getSecurityPIN updatePolicy   "),
            [
                "az",
                "x",
                "update",
                "--critical-operation-exclusion-list",
                "deleteProtection",
                "getSecurityPIN",
                "updatePolicy"
            ]
        );
        assert_eq!(words(r#"echo 'a "b"' "c \"d\" \$e" f\ g"#), ["echo", r#"a "b""#, r#"c "d" $e"#, "f g"]);
        assert_eq!(words("az a “quoted” ‘too’"), ["az", "a", "quoted", "too"]);
    }

    #[test]
    fn a_block_splits_into_commands_with_continuations_and_comments() {
        let block = "# enable MUA\naz backup vault resource-guard-mapping update \\\n  --name v1 \\\n  --resource-guard-id /x\n\naz account set --subscription s1 # the guard's\n";
        assert_eq!(
            shell_commands(block).unwrap(),
            vec![
                vec![
                    "az",
                    "backup",
                    "vault",
                    "resource-guard-mapping",
                    "update",
                    "--name",
                    "v1",
                    "--resource-guard-id",
                    "/x"
                ],
                vec!["az", "account", "set", "--subscription", "s1"],
            ]
        );
        assert_eq!(shell_commands("a; b").unwrap(), vec![vec!["a"], vec!["b"]]);
        assert_eq!(shell_commands("  \n# only a comment\n").unwrap(), Vec::<Vec<String>>::new());
    }

    #[test]
    fn unclosed_quotes_say_where() {
        assert_eq!(shell_commands("az x --name 'v1").unwrap_err(), error("a quote (') is not closed", 12));
        assert_eq!(shell_commands("az \"x").unwrap_err().to_string(), "a quote (\") is not closed (at character 4)");
        assert!(powershell_tokens("Get-X -Name \"v").is_err());
        assert!(powershell_tokens("$").is_err());
    }

    #[test]
    fn the_seeds_powershell_lines() {
        let s = |t: &str| Str(t.to_owned(), true);
        let w = |t: &str| Word(t.to_owned());
        let p = |t: &str| Parameter(t.to_owned());
        let v = |t: &str| Variable(t.to_owned());
        let m = |t: &str| Member(t.to_owned());
        assert_eq!(
            powershell_tokens("New-AzDataProtectionResourceGuard -Location “Location” -Name “ResourceGuardName”")
                .unwrap(),
            [w("New-AzDataProtectionResourceGuard"), p("Location"), s("Location"), p("Name"), s("ResourceGuardName")]
        );
        assert_eq!(
            powershell_tokens("$criticalOperations = $resourceGuard.ResourceGuardOperation.VaultCriticalOperation")
                .unwrap(),
            [
                v("criticalOperations"),
                Assign,
                v("resourceGuard"),
                m("ResourceGuardOperation"),
                m("VaultCriticalOperation")
            ]
        );
        assert_eq!(
            powershell_tokens(r#"$ops = $c | Where-Object { $_ -match "backupSecurityPIN/action" -or $_ -match "backupInstances/delete" }"#)
                .unwrap(),
            [
                v("ops"),
                Assign,
                v("c"),
                Pipe,
                w("Where-Object"),
                BlockOpen,
                v("_"),
                p("match"),
                s("backupSecurityPIN/action"),
                p("or"),
                v("_"),
                p("match"),
                s("backupInstances/delete"),
                BlockClose
            ]
        );
        assert_eq!(
            powershell_tokens(
                "$token = (Get-AzAccessToken -TenantId \"t\").Token\nSet-X -VaultId “v” `\n  -Token $token"
            )
            .unwrap(),
            [
                v("token"),
                Assign,
                Open,
                w("Get-AzAccessToken"),
                p("TenantId"),
                s("t"),
                Close,
                m("Token"),
                End,
                w("Set-X"),
                p("VaultId"),
                s("v"),
                p("Token"),
                v("token")
            ]
        );
        // A dot after a space is a word (a path), not member access; '' is a quote in a '…' string.
        assert_eq!(
            powershell_tokens("cd .\\dir; 'it''s'").unwrap(),
            [w("cd"), w(".\\dir"), End, Str("it's".to_owned(), false)]
        );
    }
}
